import { defineCheck } from '../../core/check.ts';
import type { NginxConfig, NginxLocation } from '../../inputs/nginx/model.ts';
import { allLocations } from '../../inputs/nginx/model.ts';
import { describeScope, isProtected, proxyOf, publicListens, serverShortCircuits, upstreamHosts } from './_lib.ts';

const AUTH_PATH = /(?:^|[/_.-])(?:login|logout|signin|sign-in|signup|sign-up|register|auth|oauth2?|token|password|passwd|reset|session|otp|2fa|mfa)(?:[/_.-]|s\b|$)/i;
const API_PATH = /(?:^|\/)(?:api|graphql|v\d+|rest|rpc)(?:[/_.-]|$)/i;
const API_UPSTREAM = /(?:^|[-_.])(?:api|backend)(?:[-_.]|$)|^(?:api|backend)/i;
/** Requests per second an authentication endpoint may take from one client: about 60 a minute at most. */
const AUTH_MAX_RPS = 1;

/** `rate=10r/s` / `rate=5r/m` in requests per second. */
function zoneRates(model: NginxConfig): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of model.http?.own('limit_req_zone') ?? []) {
    const args = d.args.map((a) => a.value);
    const zone = args.find((a) => a.startsWith('zone='))?.slice(5).split(':')[0];
    const rate = /^rate=(\d+)r\/([sm])$/.exec(args.find((a) => a.startsWith('rate=')) ?? '');
    if (zone && rate) out.set(zone, Number(rate[1]) / (rate[2] === 'm' ? 60 : 1));
  }
  return out;
}

function zonesOf(location: NginxLocation): string[] {
  return (location.effective('limit_req')?.directives ?? [])
    .map((d) => d.args.find((a) => a.value.startsWith('zone='))?.value.slice(5))
    .filter((z): z is string => z !== undefined);
}

export default defineCheck<NginxConfig>({
  id: 'nginx/require-rate-limit',
  title: 'API locations are rate-limited, authentication endpoints strictly',
  severity: 'medium',
  checklist: ['A9'],
  rationale:
    'Without `limit_req` one client can send as many requests as the application can take: password guessing and ' +
    'credential stuffing against login and token endpoints run at full speed, and scraping or an expensive endpoint ' +
    'takes the service down. The guides ask for about 10 r/s per client on the API and a much stricter limit ' +
    '(about 5 r/min) on authentication endpoints, enforced at the reverse proxy before requests reach the app.',
  remediation:
    'Define zones at the http level and apply them per location:\n\n' +
    '    limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;\n' +
    '    limit_req_zone $binary_remote_addr zone=auth:10m rate=5r/m;\n\n' +
    '    location /api/ { limit_req zone=api burst=20 nodelay; proxy_pass http://api:8000; }\n' +
    '    location /api/auth/ { limit_req zone=auth burst=5 nodelay; proxy_pass http://api:8000; }',
  references: ['https://nginx.org/en/docs/http/ngx_http_limit_req_module.html', 'OWASP API Security Top 10 API4:2023'],
  fixable: false,
  run({ model, report }) {
    const rates = zoneRates(model);
    for (const server of model.servers) {
      if (serverShortCircuits(server) || publicListens(server).length === 0) continue;
      const proxied = allLocations(server).filter((l) => l.modifier !== '@' && proxyOf(l) && !isProtected(l));
      const general = new Set(proxied.filter((l) => !AUTH_PATH.test(l.path)).flatMap(zonesOf));
      for (const l of proxied) {
        const zones = zonesOf(l);
        const target = proxyOf(l)!.args[0]?.value ?? '';
        const host = upstreamHosts(model, target)?.host ?? '';
        if (AUTH_PATH.test(l.path)) {
          if (zones.length === 0) {
            report({ at: l, message: `${describeScope(l)} is an authentication endpoint with no limit_req: passwords can be guessed at full speed` });
            continue;
          }
          const loose = zones.filter((z) => general.has(z) || (rates.get(z) ?? 0) > AUTH_MAX_RPS);
          if (loose.length === zones.length) {
            const rate = rates.get(loose[0]!);
            report({
              at: l,
              message: `${describeScope(l)} is an authentication endpoint limited only by zone ${loose[0]}${rate !== undefined ? ` (${rate} r/s)` : ''}, ` +
                `no stricter than the rest of the API: give it its own zone of a few requests per minute`,
            });
          }
        } else if ((API_PATH.test(l.path) || API_UPSTREAM.test(host)) && zones.length === 0) {
          report({ at: l, message: `${describeScope(l)} proxies an API (${target}) with no limit_req` });
        }
      }
    }
  },
});
