import { defineCheck } from '../../core/check.ts';
import type { NginxConfig } from '../../inputs/nginx/model.ts';
import { allLocations } from '../../inputs/nginx/model.ts';
import { isLoopback, proxyOf, upstreamHosts } from './_lib.ts';

/** Another machine: an IP that is not loopback, or a dotted name; single-label names are Compose/Docker services on the same host. */
function remote(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h.startsWith('$') || h === 'localhost' || isLoopback(h) || h === '::1') return false;
  if (h.startsWith('unix:')) return false;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(h) || h.includes(':')) return true;
  return h.includes('.') && !/\.(?:localhost|internal|local)$/.test(h);
}

export default defineCheck<NginxConfig>({
  id: 'nginx/no-plain-http-upstream',
  title: 'Traffic to upstreams on other hosts is encrypted',
  severity: 'info',
  checklist: ['E4'],
  rationale:
    'TLS that ends at the proxy and continues as plain HTTP to another machine exposes cookies, tokens and request ' +
    'bodies on that network leg. On one Docker host (Compose service names) the leg stays inside the host; to other ' +
    'machines or cloud load balancers it crosses a network someone else may share.',
  remediation:
    'Use HTTPS to upstreams on other hosts and verify them:\n\n' +
    '    proxy_pass https://10.0.2.15:8443;\n    proxy_ssl_verify on;\n' +
    '    proxy_ssl_trusted_certificate /etc/nginx/internal-ca.pem;\n    proxy_ssl_server_name on;',
  references: ['https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_ssl_verify', 'https://docs.nginx.com/nginx/admin-guide/security-controls/securing-http-traffic-upstream/'],
  fixable: false,
  run({ model, report }) {
    for (const server of model.servers) {
      for (const l of allLocations(server)) {
        const proxy = proxyOf(l);
        if (!proxy || proxy.name !== 'proxy_pass') continue;
        const target = proxy.args[0]?.value ?? '';
        const up = upstreamHosts(model, target);
        if (!up || up.scheme !== 'http') continue;
        const far = up.hosts.filter(remote);
        if (far.length === 0) continue;
        report({ at: proxy, message: `proxy_pass ${target} sends requests unencrypted to ${far.join(', ')}, another host` });
      }
    }
  },
});
