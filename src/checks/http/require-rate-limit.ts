import { defineCheck } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import type { HttpSnapshot } from '../../probes/http/snapshot.ts';

export default defineCheck<HttpSnapshot>({
  id: 'http/require-rate-limit',
  title: 'The path named by --rate-limit-path is rate-limited',
  severity: 'medium',
  checklist: ['A9'],
  rationale:
    'Without a rate limit, a login or API endpoint can be hammered for password guessing, token brute force or plain ' +
    'denial of service. With `--rate-limit-path`, the probe sends a bounded burst (at most 60 GETs within 10 s, 6 at a ' +
    'time) to that path and reports when no 429 or 503 came back. Only the path the user names is burst.',
  remediation:
    'Limit at the proxy (about 10 r/s for an API, a few per minute for login). nginx:\n\n' +
    '    limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;\n' +
    '    limit_req_zone $binary_remote_addr zone=login:10m rate=5r/m;\n' +
    '    location /api/ { limit_req zone=api burst=20 nodelay; limit_req_status 429; proxy_pass http://api; }\n' +
    '    location = /api/login { limit_req zone=login burst=5; limit_req_status 429; proxy_pass http://api; }',
  references: ['https://nginx.org/en/docs/http/ngx_http_limit_req_module.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#login-throttling'],
  fixable: false,
  run({ model, report }) {
    const burst = model.rateLimit;
    if (!burst || burst.limited) return;
    const statuses = Object.entries(burst.statuses).map(([code, n]) => `${n}× ${code}`).join(', ');
    // Too few answers to tell (errors, time ran out) is not evidence of a missing limit.
    const answered = burst.sent - (burst.statuses.error ?? 0);
    if (answered < 20) return;
    report({
      at: targetLocation(model.target),
      key: burst.path,
      subject: burst.path,
      message: `${burst.sent} GETs to ${burst.path} in ${(burst.durationMs / 1000).toFixed(1)} s got no 429 or 503 (${statuses}): the path is not rate-limited.`,
    });
  },
});
