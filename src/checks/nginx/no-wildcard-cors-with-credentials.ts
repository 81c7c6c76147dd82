import { defineCheck } from '../../core/check.ts';
import type { NginxConfig, NginxScope } from '../../inputs/nginx/model.ts';
import { allScopes } from '../../inputs/nginx/model.ts';
import { header } from './_lib.ts';

export default defineCheck<NginxConfig>({
  id: 'nginx/no-wildcard-cors-with-credentials',
  title: 'CORS never allows any origin together with credentials',
  severity: 'high',
  checklist: ['A6'],
  rationale:
    '`Access-Control-Allow-Origin` set to the request\'s own `$http_origin` together with ' +
    '`Access-Control-Allow-Credentials: true` lets every website a logged-in user visits call the API with the user\'s ' +
    'cookies and read the answers: account data, CSRF tokens, API keys. `*` with credentials is refused by browsers, ' +
    'which usually leads to someone "fixing" it by reflecting the origin.',
  remediation:
    'Allow named origins only, through a map, and send credentials only to them:\n\n' +
    '    map $http_origin $cors_origin {\n        default "";\n        "https://app.example.com" $http_origin;\n    }\n' +
    '    add_header Access-Control-Allow-Origin $cors_origin always;\n' +
    '    add_header Access-Control-Allow-Credentials true always;\n    add_header Vary Origin always;',
  references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS#credentialed_requests_and_wildcards', 'https://portswigger.net/web-security/cors'],
  fixable: false,
  run({ model, report }) {
    for (const server of model.servers) {
      const scopes: NginxScope[] = [server, ...allScopes(server)];
      for (const scope of scopes) {
        const origin = header(scope, 'Access-Control-Allow-Origin');
        const creds = header(scope, 'Access-Control-Allow-Credentials');
        if (!origin || !creds || creds.value.toLowerCase() !== 'true') continue;
        const v = origin.value.trim();
        if (v === '*') {
          report({ at: origin.directive, severity: 'medium', message: 'Access-Control-Allow-Origin * with Access-Control-Allow-Credentials true: browsers reject it, and the usual "fix" (reflecting the origin) opens the API to every site' });
        } else if (/^\$http_origin$/i.test(v)) {
          report({ at: origin.directive, message: 'Access-Control-Allow-Origin reflects any $http_origin with Access-Control-Allow-Credentials true: every website can read responses with the user\'s cookies' });
        }
      }
    }
  },
});
