import { defineCheck } from '../../core/check.ts';
import type { NginxConfig, NginxLocation } from '../../inputs/nginx/model.ts';
import { allLocations } from '../../inputs/nginx/model.ts';
import { describeScope, isProtected, proxyOf, publicListens, serverShortCircuits } from './_lib.ts';

const STATUS_PATH = /(?:^|[/^(|])(?:metrics|prometheus|actuator|server-status|server-info|nginx_status|nginx-status|stub_status|basic_status|status\/format|debug\/pprof|debug\/vars|_debug|healthz\/verbose)(?:[/$)|]|\\\.|$)/i;

function isStatusLocation(l: NginxLocation): boolean {
  return STATUS_PATH.test(l.path) || l.own('stub_status').length > 0;
}

/** A location nginx would pick for `/metrics` that closes it. */
function blocksMetrics(locations: readonly NginxLocation[]): boolean {
  return locations.some((l) => {
    if (l.modifier === '@' || !isProtected(l)) return false;
    if (l.modifier === '~' || l.modifier === '~*') {
      try {
        return new RegExp(l.path, l.modifier === '~*' ? 'i' : '').test('/metrics');
      } catch {
        return /metrics/.test(l.path);
      }
    }
    return l.path === '/metrics' || l.path === '/metrics/' || ('/metrics'.startsWith(l.path) && l.path !== '/');
  });
}

export default defineCheck<NginxConfig>({
  id: 'nginx/no-public-status-endpoints',
  title: 'Metrics and status endpoints are not reachable through the public proxy',
  severity: 'medium',
  checklist: ['N9', 'N8'],
  rationale:
    '`/metrics`, Spring `/actuator`, Apache `/server-status` and nginx `stub_status` pages tell an attacker the ' +
    'software, versions, internal hostnames, request paths (often with tokens in them), queue sizes and error rates; ' +
    'actuator endpoints can dump the environment and heap. A reverse proxy that passes `location /` to the application ' +
    'also passes the application\'s own `/metrics`, unless a more specific location closes it.',
  remediation:
    'Close the paths at the proxy and scrape metrics on the internal network instead:\n\n' +
    '    location = /metrics { deny all; }\n' +
    '    location /actuator/ { deny all; }\n' +
    '    location = /nginx_status { stub_status; allow 127.0.0.1; deny all; }',
  references: ['https://nginx.org/en/docs/http/ngx_http_access_module.html', 'https://nginx.org/en/docs/http/ngx_http_stub_status_module.html', 'https://docs.spring.io/spring-boot/reference/actuator/endpoints.html'],
  fixable: false,
  run({ model, report }) {
    for (const server of model.servers) {
      if (publicListens(server).length === 0 || serverShortCircuits(server)) continue;
      const locations = allLocations(server);
      for (const l of locations) {
        if (l.modifier === '@' || !isStatusLocation(l) || isProtected(l)) continue;
        report({ at: l, message: `${describeScope(l)} is reachable by anyone: no deny, auth_basic or auth_request in force` });
      }
      const root = locations.find((l) => l.modifier === '' && l.path === '/' && proxyOf(l) && !isProtected(l));
      if (root && !locations.some((l) => isStatusLocation(l) && l.path.includes('metrics')) && !blocksMetrics(locations)) {
        const target = proxyOf(root)!.args[0]?.value ?? '';
        report({ at: root, key: 'metrics', message: `requests for /metrics reach ${target} through ${describeScope(root)}: nothing closes /metrics at the proxy` });
      }
    }
  },
});
