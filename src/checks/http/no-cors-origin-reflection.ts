import { defineCheck } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import type { HttpSnapshot } from '../../probes/http/snapshot.ts';

export default defineCheck<HttpSnapshot>({
  id: 'http/no-cors-origin-reflection',
  title: 'CORS does not grant arbitrary origins access with credentials',
  severity: 'high',
  checklist: ['A6'],
  rationale:
    'When a server copies any request\'s `Origin` into `Access-Control-Allow-Origin` and also sends ' +
    '`Access-Control-Allow-Credentials: true`, every website a logged-in user visits can read that user\'s data from the ' +
    'API with their cookies. The probe sends the request with `Origin: https://bulwark-probe.invalid`, a name that can ' +
    'never be an allowed origin. Reflection without credentials is reported at low (only public data is readable); ' +
    '`*` with credentials at medium (browsers refuse it, and the usual "fix" is reflection).',
  remediation:
    'Allow a fixed list of origins. nginx:\n\n' +
    '    map $http_origin $cors_origin { default ""; "https://app.example.com" $http_origin; }\n' +
    '    add_header Access-Control-Allow-Origin $cors_origin always;\n\n' +
    'In applications: django-cors-headers `CORS_ALLOWED_ORIGINS`, Express `cors({ origin: ["https://app.example.com"] })`.',
  references: ['https://portswigger.net/web-security/cors', 'https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS'],
  fixable: false,
  run({ model, report }) {
    const cors = model.cors;
    if (!cors?.allowOrigin) return;
    const at = targetLocation(model.target);
    const allowed = cors.allowOrigin.trim();
    if (allowed === cors.origin) {
      report({
        at,
        key: 'reflected-origin',
        subject: 'reflected-origin',
        severity: cors.allowCredentials ? 'high' : 'low',
        message: cors.allowCredentials
          ? `The server reflects any Origin (${cors.origin}) in Access-Control-Allow-Origin with Access-Control-Allow-Credentials: true: every website can read responses with the user's cookies.`
          : `The server reflects any Origin (${cors.origin}) in Access-Control-Allow-Origin (without credentials): any website can read its public responses.`,
      });
    } else if (allowed === '*' && cors.allowCredentials) {
      report({ at, key: 'wildcard-with-credentials', subject: 'wildcard-with-credentials', severity: 'medium', message: 'Access-Control-Allow-Origin * together with Access-Control-Allow-Credentials: true: browsers reject it, and the usual "fix" (reflecting the origin) opens the API to every site.' });
    }
  },
});
