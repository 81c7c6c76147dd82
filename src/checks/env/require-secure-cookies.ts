import { defineCheck } from '../../core/check.ts';
import type { EnvUnit } from '../../inputs/env/settings.ts';
import { settingOf } from '../../inputs/env/settings.ts';
import { firstSet, httpsEvidence, inService, unitName, isFalsy } from './_lib.ts';

/**
 * Cookie families: the `Secure` switch, and the sibling settings that show the unit
 * configures that cookie (so a missing switch means the framework default, `False`).
 */
const FAMILIES: { secure: string[]; siblings: RegExp; what: string }[] = [
  // Django, Flask (SESSION_COOKIE_*), django-environ prefixes
  { secure: ['SESSION_COOKIE_SECURE', 'DJANGO_SESSION_COOKIE_SECURE'], siblings: /^(DJANGO_)?SESSION_COOKIE_(SAMESITE|HTTPONLY|NAME|DOMAIN|AGE|PATH)$/, what: 'the session cookie' },
  // Django CSRF cookie
  { secure: ['CSRF_COOKIE_SECURE', 'DJANGO_CSRF_COOKIE_SECURE'], siblings: /^(DJANGO_)?CSRF_COOKIE_(SAMESITE|HTTPONLY|NAME|DOMAIN|AGE|PATH)$/, what: 'the CSRF cookie' },
  // flask-jwt-extended: JWT_COOKIE_SECURE defaults to False once tokens travel in cookies
  { secure: ['JWT_COOKIE_SECURE'], siblings: /^JWT_(COOKIE_(SAMESITE|DOMAIN|CSRF_PROTECT)|ACCESS_COOKIE_NAME|TOKEN_LOCATION)$/, what: 'JWT cookies' },
  // Flask-Login remember-me cookie
  { secure: ['REMEMBER_COOKIE_SECURE'], siblings: /^REMEMBER_COOKIE_(SAMESITE|HTTPONLY|NAME|DOMAIN|DURATION)$/, what: 'the remember-me cookie' },
  // Laravel
  { secure: ['SESSION_SECURE_COOKIE'], siblings: /^SESSION_(DRIVER|SAME_SITE|HTTP_ONLY)$/, what: 'the session cookie' },
  // generic Node / Go apps
  { secure: ['COOKIE_SECURE', 'SECURE_COOKIES', 'COOKIES_SECURE', 'AUTH_COOKIE_SECURE', 'SESSION_SECURE'], siblings: /^(COOKIE|AUTH_COOKIE)_(SAMESITE|SAME_SITE|HTTPONLY|HTTP_ONLY|DOMAIN|NAME)$/, what: 'cookies' },
];

export default defineCheck<EnvUnit>({
  id: 'env/require-secure-cookies',
  title: 'Session, CSRF and JWT cookies are marked Secure where HTTPS is used',
  severity: 'medium',
  checklist: ['A4'],
  rationale:
    'A cookie without the `Secure` attribute is also sent over plain HTTP: one request to `http://` (a typed URL, ' +
    'an old link, an attacker on the network who injects one) hands the session or JWT cookie to anyone on the ' +
    'path, even though the site itself redirects to HTTPS. Django, Flask, flask-jwt-extended and Flask-Login ' +
    'default to not Secure.\n\n' +
    'Names read: `SESSION_COOKIE_SECURE` (Django, Flask), `CSRF_COOKIE_SECURE` (Django), `JWT_COOKIE_SECURE` ' +
    '(flask-jwt-extended), `REMEMBER_COOKIE_SECURE` (Flask-Login), `SESSION_SECURE_COOKIE` (Laravel), ' +
    '`COOKIE_SECURE`, `SECURE_COOKIES`, `COOKIES_SECURE`, `AUTH_COOKIE_SECURE`, `SESSION_SECURE` (Node, Go), with ' +
    '`DJANGO_` prefixes. Reported when one is false, or missing while the unit configures the same cookie ' +
    '(`SESSION_COOKIE_SAMESITE`, `CSRF_COOKIE_HTTPONLY`, `JWT_TOKEN_LOCATION`, `SESSION_DRIVER`, …), and the unit ' +
    'serves HTTPS: it is production, forces HTTPS (`SECURE_SSL_REDIRECT`, `FORCE_HTTPS`, `RAILS_FORCE_SSL`), or ' +
    'names its own address with `https://` (`BASE_URL`, `SITE_URL`, `CSRF_TRUSTED_ORIGINS`, …). Development files stay silent: ' +
    'local HTTP needs the flag off.',
  remediation:
    'Mark the cookies Secure in every deployed environment:\n' +
    '```dotenv\nSESSION_COOKIE_SECURE=true\nCSRF_COOKIE_SECURE=true\nJWT_COOKIE_SECURE=true\n```',
  references: ['https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure', 'https://flask-jwt-extended.readthedocs.io/en/stable/options.html#JWT_COOKIE_SECURE', 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies#restrict_access_to_cookies'],
  fixable: false,
  run({ model, report }) {
    if (model.example || model.production === 'no') return;
    const https = httpsEvidence(model);
    if (!https) return;
    for (const family of FAMILIES) {
      const set = firstSet(model, family.secure);
      if (set) {
        if (!isFalsy(set.value)) continue;
        report({
          at: set.setting,
          key: set.setting.name,
          message: `${set.setting.name}=${set.value.trim()}${inService(model)} while HTTPS is used (${https}): without Secure, ${family.what} can leak over plain HTTP; set it to true.`,
        });
        continue;
      }
      if (family.secure.some((n) => settingOf(model, n))) continue; // set, but from the shell
      const sibling = model.settings.find((s) => family.siblings.test(s.name));
      if (!sibling) continue;
      // flask-jwt-extended sends tokens in cookies only when JWT_TOKEN_LOCATION names them.
      if (sibling.name === 'JWT_TOKEN_LOCATION' && !/cookies/i.test(sibling.value ?? '')) continue;
      report({
        at: sibling,
        key: `missing:${family.secure[0]}`,
        message: `${unitName(model)} configures ${family.what} (${sibling.name}) but not ${family.secure[0]}, which defaults to false, while HTTPS is used (${https}): set ${family.secure[0]}=true.`,
      });
    }
  },
});
