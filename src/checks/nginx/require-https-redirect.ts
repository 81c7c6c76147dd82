import { defineCheck } from '../../core/check.ts';
import type { NginxConfig, NginxLocation, NginxServer } from '../../inputs/nginx/model.ts';
import { allLocations } from '../../inputs/nginx/model.ts';
import { describeScope, isAcmeChallenge, isHttpsRedirect, isProtected, proxyOf, publicListens, serverShortCircuits } from './_lib.ts';

/** What a plain-HTTP server hands out instead of a redirect; undefined when it only redirects or refuses. */
function servedOverHttp(server: NginxServer): string | undefined {
  if (serverShortCircuits(server)) return undefined;
  if (server.ifs.some((i) => i.own('return').some(isHttpsRedirect))) return undefined;
  const locations = allLocations(server).filter((l) => l.modifier !== '@');
  if (locations.length === 0) return 'files from its root';
  const serving = locations.filter((l: NginxLocation) => {
    if (isAcmeChallenge(l)) return false;
    if (l.own('return').some(isHttpsRedirect) || l.own('rewrite').some(isHttpsRedirect)) return false;
    return !isProtected(l);
  });
  const first = serving[0];
  if (!first) return undefined;
  const proxy = proxyOf(first);
  return proxy ? `${describeScope(first)} → ${proxy.name} ${proxy.args[0]?.value ?? ''}` : describeScope(first);
}

export default defineCheck<NginxConfig>({
  id: 'nginx/require-https-redirect',
  title: 'Plain HTTP only redirects to HTTPS',
  severity: 'high',
  checklist: ['E1'],
  rationale:
    'A server block that answers on plain HTTP with the application sends sessions, passwords and API tokens in clear ' +
    'text to anyone on the path (public Wi-Fi, a compromised router) and lets them rewrite the pages. Port 80 should ' +
    'do nothing but redirect to HTTPS (and answer ACME challenges), so even a typed `http://` URL ends up encrypted.',
  remediation:
    'Serve the application only from a TLS server and make the port-80 server redirect everything:\n\n' +
    '    server {\n        listen 80;\n        listen [::]:80;\n        server_name app.example.com;\n' +
    '        location /.well-known/acme-challenge/ { root /var/www/certbot; }\n' +
    '        location / { return 301 https://$host$request_uri; }\n    }\n\n' +
    'and move the application locations into a `listen 443 ssl;` server with a certificate. When TLS really ends at a ' +
    'load balancer in front of this nginx (and nothing else can reach port 80), suppress the finding with that reason.',
  references: ['https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#return', 'https://ssl-config.mozilla.org/', 'OWASP ASVS 9.1.1'],
  fixable: false,
  run({ model, report }) {
    for (const server of model.servers) {
      const plain = publicListens(server).filter((l) => !l.ssl && !l.quic);
      if (plain.length === 0) continue;
      const what = servedOverHttp(server);
      if (!what) continue;
      const ports = [...new Set(plain.map((l) => l.port).filter((p) => p !== undefined))].join(', ');
      const at = plain[0]!.directive ?? server.block ?? server;
      report({
        at,
        message: `${describeScope(server)} listens on plain HTTP (port ${ports}) and serves ${what} instead of redirecting to HTTPS`,
      });
    }
  },
});
