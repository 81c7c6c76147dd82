import { defineCheck } from '../../core/check.ts';
import type { NginxConfig, NginxScope } from '../../inputs/nginx/model.ts';
import { describeScope, droppedFrom, hasUnfollowedInclude, header, headerOwner, isTlsServer, scopeAt, servingScopes } from './_lib.ts';

const HSTS = 'Strict-Transport-Security';
/** Six months: what browsers' preload lists and most scanners ask for as a minimum. */
const MIN_MAX_AGE = 15_552_000;

export default defineCheck<NginxConfig>({
  id: 'nginx/require-hsts',
  title: 'HTTPS responses send a long-lived HSTS header, always',
  severity: 'medium',
  checklist: ['E3'],
  rationale:
    'Without Strict-Transport-Security a browser still tries `http://` first when a user types the address or follows an ' +
    'old link, and an attacker on the path can answer that request (SSL stripping) before the redirect happens. HSTS ' +
    'makes the browser go to HTTPS by itself for `max-age` seconds. nginx\'s `add_header` is dropped on error responses ' +
    'unless `always` is given, and a location with any `add_header` of its own drops every header set on the server, ' +
    'which silently removes HSTS from exactly the locations that customise headers.',
  remediation:
    'In every HTTPS server (and repeated in each location that has its own add_header, or via an include file):\n\n' +
    '    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;\n\n' +
    'Keep `max-age` at least 15552000 (180 days); add `preload` only once every subdomain serves HTTPS.',
  references: ['https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header', 'https://www.rfc-editor.org/rfc/rfc6797', 'https://hstspreload.org/'],
  fixable: false,
  run({ model, report }) {
    for (const server of model.servers) {
      if (!isTlsServer(server)) continue;
      const owners = new Map<NginxScope, true>();
      for (const scope of servingScopes(server)) owners.set(headerOwner(scope, server), true);
      for (const owner of owners.keys()) {
        const h = header(owner, HSTS);
        if (!h) {
          const dropped = droppedFrom(owner, HSTS);
          if (!dropped && hasUnfollowedInclude(model)) continue;
          report({
            at: scopeAt(owner),
            key: 'missing',
            message: dropped
              ? `this ${describeScope(owner)}'s add_header drops the ${describeScope(dropped.scope)}'s Strict-Transport-Security (line ${dropped.directive.loc.line}): nginx inherits add_header only when a level sets none`
              : `${describeScope(owner)} sends no Strict-Transport-Security header`,
          });
          continue;
        }
        const age = /max-age\s*=\s*"?(\d+)/i.exec(h.value)?.[1];
        if (age === undefined || Number(age) < MIN_MAX_AGE) {
          report({
            at: h.directive,
            key: 'max-age',
            message: age === undefined ? 'Strict-Transport-Security has no max-age, browsers ignore it' : `Strict-Transport-Security max-age=${age} is shorter than 180 days (${MIN_MAX_AGE})`,
          });
        } else if (!h.always) {
          report({ at: h.directive, key: 'always', severity: 'low', message: 'Strict-Transport-Security without `always` is not sent on error responses (4xx/5xx)' });
        }
      }
    }
  },
});
