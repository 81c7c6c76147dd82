import { defineCheck } from '../../core/check.ts';
import type { NginxConfig, NginxScope } from '../../inputs/nginx/model.ts';
import { describeScope, droppedFrom, hasUnfollowedInclude, header, headerOwner, publicListens, scopeAt, servingScopes } from './_lib.ts';

const REQUIRED = ['X-Frame-Options', 'X-Content-Type-Options', 'Content-Security-Policy', 'Referrer-Policy'] as const;

/** Required headers missing at a level; CSP `frame-ancestors` stands in for X-Frame-Options. */
function missingAt(scope: NginxScope): string[] {
  const csp = header(scope, 'Content-Security-Policy');
  return REQUIRED.filter((name) => {
    if (header(scope, name)) return false;
    if (name === 'X-Frame-Options' && csp && /frame-ancestors/i.test(csp.value)) return false;
    return true;
  });
}

export default defineCheck<NginxConfig>({
  id: 'nginx/require-security-headers',
  title: 'Responses send X-Frame-Options, X-Content-Type-Options, Content-Security-Policy and Referrer-Policy',
  severity: 'medium',
  checklist: ['A10'],
  rationale:
    'These headers are the browser-side defences the reverse proxy can add for every application behind it: ' +
    'X-Frame-Options (or CSP frame-ancestors) stops clickjacking, X-Content-Type-Options stops MIME sniffing of uploads ' +
    'into scripts, Content-Security-Policy limits what an XSS can load, and Referrer-Policy keeps tokens in URLs from ' +
    'leaking to other sites. nginx drops every header inherited from the server as soon as a location has one ' +
    '`add_header` of its own, so they must be checked per location, as here.',
  remediation:
    'At the server level (or in an include file repeated in every location that has its own add_header):\n\n' +
    '    add_header X-Frame-Options "DENY" always;\n' +
    '    add_header X-Content-Type-Options "nosniff" always;\n' +
    '    add_header Content-Security-Policy "default-src \'self\'; frame-ancestors \'none\'" always;\n' +
    '    add_header Referrer-Policy "strict-origin-when-cross-origin" always;',
  references: ['https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header', 'https://owasp.org/www-project-secure-headers/', 'https://developer.mozilla.org/en-US/observatory'],
  fixable: false,
  run({ model, report }) {
    for (const server of model.servers) {
      if (publicListens(server).length === 0) continue;
      const owners = new Set<NginxScope>();
      for (const scope of servingScopes(server)) owners.add(headerOwner(scope, server));
      for (const owner of owners) {
        const missing = missingAt(owner);
        if (missing.length === 0) continue;
        const dropped = missing.map((name) => droppedFrom(owner, name)).filter((h) => h !== undefined);
        const notSet = hasUnfollowedInclude(model) ? [] : missing.filter((name) => !dropped.some((h) => h.name.toLowerCase() === name.toLowerCase()));
        if (dropped.length === 0 && notSet.length === 0) continue;
        const parts: string[] = [];
        if (dropped.length > 0) {
          parts.push(`this ${describeScope(owner)}'s add_header drops ${dropped.map((h) => `${h.name} (line ${h.directive.loc.line})`).join(', ')} set on the ${describeScope(dropped[0]!.scope)}`);
        }
        if (notSet.length > 0) parts.push(`${dropped.length > 0 ? 'and ' : `responses of ${describeScope(owner)} `}lack ${notSet.join(', ')}`);
        report({ at: scopeAt(owner), message: parts.join('; ') });
      }
    }
  },
});
