import { defineCheck } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import type { HttpSnapshot } from '../../probes/http/snapshot.ts';

/** Paths whose content is itself a secret store. */
const LEAKS_SECRETS = new Set(['/.env', '/.git/config', '/actuator/env']);

export default defineCheck<HttpSnapshot>({
  id: 'http/no-exposed-status-endpoints',
  title: 'Metrics, status and repository files are not served publicly',
  severity: 'medium',
  checklist: ['N9', 'N8'],
  rationale:
    'Prometheus `/metrics`, Spring `/actuator`, Apache `/server-status` and nginx `/nginx_status` reveal internal ' +
    'hosts, versions, traffic and sometimes request URLs with tokens; `/.env`, `/.git/config` and `/actuator/env` hand ' +
    'out credentials outright (critical). The probe requests each path once and reports it only when the body is what ' +
    'that endpoint really serves, so a single-page app that answers 200 to everything is not flagged.',
  remediation:
    'Deny them at the proxy and scrape metrics over the internal network. nginx:\n\n' +
    '    location ~ ^/(metrics|actuator|server-status|nginx_status) { deny all; }\n' +
    '    location ~ /\\.(?!well-known) { deny all; }',
  references: ['https://prometheus.io/docs/operating/security/', 'https://docs.spring.io/spring-boot/reference/actuator/endpoints.html#actuator.endpoints.security'],
  fixable: false,
  run({ model, report }) {
    for (const p of model.paths) {
      if (!p.exposed) continue;
      report({
        at: targetLocation(model.target),
        key: p.path,
        subject: p.path,
        severity: LEAKS_SECRETS.has(p.path) ? 'critical' : 'medium',
        message: `${p.path} answers 200 with ${p.evidence ?? 'its content'} to anyone.`,
      });
    }
  },
});
