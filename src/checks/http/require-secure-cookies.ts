import { defineCheck } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import type { Severity } from '../../core/severity.ts';
import type { HttpSnapshot, ProbedCookie } from '../../probes/http/snapshot.ts';

/** Names that carry a login: session, auth, token, JWT, CSRF, framework defaults. */
const SESSION_NAME = /sess|auth|token|jwt|sid$|^sid|login|remember|csrf|xsrf|connect\.sid|laravel_session|phpsessid|jsessionid|_identity/i;

function problems(cookie: ProbedCookie, https: boolean): Array<{ flag: string; severity: Severity; why: string }> {
  const out: Array<{ flag: string; severity: Severity; why: string }> = [];
  const session = SESSION_NAME.test(cookie.name);
  if (!cookie.secure) {
    out.push({ flag: 'Secure', severity: session ? 'high' : 'medium', why: https ? 'a plain-HTTP request (any link, any downgrade) sends it in clear text' : 'it is set over plain HTTP' });
  }
  if (!cookie.httpOnly && session) out.push({ flag: 'HttpOnly', severity: 'medium', why: 'any XSS can read it' });
  if (cookie.sameSite === undefined) out.push({ flag: 'SameSite', severity: 'low', why: 'cross-site requests carry it (CSRF) where the browser defaults differ' });
  else if (/^none$/i.test(cookie.sameSite) && !cookie.secure) out.push({ flag: 'SameSite', severity: 'medium', why: 'SameSite=None without Secure is rejected by browsers' });
  return out;
}

const ORDER: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export default defineCheck<HttpSnapshot>({
  id: 'http/require-secure-cookies',
  title: 'Cookies are set with Secure, HttpOnly and SameSite',
  severity: 'medium',
  checklist: ['A4'],
  rationale:
    'A cookie without `Secure` is sent over plain HTTP whenever the browser makes such a request, where anyone on the ' +
    'path can copy the session. Session cookies without `HttpOnly` are readable by any injected script, and without ' +
    '`SameSite` they ride along on cross-site requests (CSRF). The probe reads the flags of every cookie the page sets ' +
    '(never its value); HttpOnly is required only of cookies whose names carry a login (session, auth, token, csrf, …), ' +
    'since front-end code legitimately reads some cookies.',
  remediation:
    'Set the flags in the application (Django: `SESSION_COOKIE_SECURE = True`, `CSRF_COOKIE_SECURE = True`; Express: ' +
    '`cookie: { secure: true, httpOnly: true, sameSite: "lax" }`; Rails: `config.force_ssl = true`), or at the proxy ' +
    '(nginx 1.19.3+: `proxy_cookie_flags ~ secure httponly samesite=lax;`).',
  references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies#restrict_access_to_cookies', 'https://owasp.org/www-community/controls/SecureCookieAttribute'],
  fixable: false,
  run({ model, report }) {
    const seen = new Set<string>();
    for (const cookie of model.cookies) {
      if (seen.has(cookie.name)) continue;
      seen.add(cookie.name);
      const found = problems(cookie, model.scheme === 'https');
      if (found.length === 0) continue;
      const worst = found.reduce((a, b) => (ORDER.indexOf(b.severity) > ORDER.indexOf(a.severity) ? b : a));
      report({
        at: targetLocation(model.target),
        key: cookie.name,
        subject: cookie.name,
        severity: worst.severity,
        message: `Cookie "${cookie.name}" (set on ${cookie.setOn}) lacks ${found.map((p) => p.flag).join(', ')}: ${found.map((p) => `${p.flag}: ${p.why}`).join('; ')}.`,
      });
    }
  },
});
