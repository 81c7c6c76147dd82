import { defineCheck } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import { headerValue } from '../../probes/http/snapshot.ts';
import type { HttpResponseFacts, HttpSnapshot } from '../../probes/http/snapshot.ts';
import { judgedPage } from './_lib.ts';

const REQUIRED = ['x-frame-options', 'x-content-type-options', 'content-security-policy', 'referrer-policy'] as const;

/** Why a required header does not protect, or undefined when it does (or stands in: CSP frame-ancestors for X-Frame-Options). */
function problemWith(page: HttpResponseFacts, name: (typeof REQUIRED)[number]): string | undefined {
  const value = headerValue(page, name);
  if (name === 'x-frame-options') {
    if (/frame-ancestors/i.test(headerValue(page, 'content-security-policy') ?? '')) return undefined;
    if (value === undefined) return 'missing (and no CSP frame-ancestors): the page can be framed for clickjacking';
    return /^\s*(?:deny|sameorigin)\s*$/i.test(value) ? undefined : `"${value}" is not DENY or SAMEORIGIN`;
  }
  if (name === 'x-content-type-options') {
    if (value === undefined) return 'missing: browsers may sniff uploads into scripts';
    return /^\s*nosniff\s*$/i.test(value) ? undefined : `"${value}" is not nosniff`;
  }
  if (name === 'content-security-policy') {
    if (value === undefined) return 'missing: nothing limits what an injected script can load or send';
    return undefined;
  }
  if (value === undefined) return 'missing: full URLs (with tokens in them) leak to other sites in Referer';
  return /(^|,)\s*unsafe-url\s*$/i.test(value) ? '"unsafe-url" sends full URLs to every site' : undefined;
}

export default defineCheck<HttpSnapshot>({
  id: 'http/require-security-headers',
  title: 'Pages send X-Frame-Options, X-Content-Type-Options, Content-Security-Policy and Referrer-Policy',
  severity: 'medium',
  checklist: ['A10'],
  rationale:
    'These headers are the browser-side defences a site can switch on for every page: X-Frame-Options (or CSP ' +
    'frame-ancestors) stops clickjacking, X-Content-Type-Options stops MIME sniffing, Content-Security-Policy limits ' +
    'what an XSS can load, and Referrer-Policy keeps tokens in URLs from leaking to other sites. The probe judges the ' +
    'headers actually served, which catches nginx\'s `add_header` inheritance trap (a location with its own `add_header` ' +
    'drops the server\'s) and headers lost on the way through other proxies.',
  remediation:
    'At the proxy, on every location (repeat them, or include one file, wherever a location has its own add_header):\n\n' +
    '    add_header X-Frame-Options "DENY" always;\n' +
    '    add_header X-Content-Type-Options "nosniff" always;\n' +
    '    add_header Content-Security-Policy "default-src \'self\'; frame-ancestors \'none\'" always;\n' +
    '    add_header Referrer-Policy "strict-origin-when-cross-origin" always;',
  references: ['https://owasp.org/www-project-secure-headers/', 'https://developer.mozilla.org/en-US/observatory', 'https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header'],
  fixable: false,
  run({ model, report }) {
    const page = judgedPage(model);
    if (!page) return;
    for (const name of REQUIRED) {
      const problem = problemWith(page, name);
      if (problem === undefined) continue;
      report({ at: targetLocation(model.target), key: name, subject: name, message: `${name} on ${page.path} (status ${page.status}): ${problem}.` });
    }
  },
});
