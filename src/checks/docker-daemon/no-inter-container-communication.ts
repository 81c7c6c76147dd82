import { defineCheck } from '../../core/check.ts';
import type { DaemonConfig } from '../../inputs/docker-daemon/load.ts';
import { judgeSetting, shown } from './_setting.ts';

export default defineCheck<DaemonConfig>({
  id: 'docker-daemon/no-inter-container-communication',
  title: 'Containers on the default bridge cannot talk to each other (icc: false)',
  severity: 'low',
  checklist: ['D10', 'N3'],
  rationale:
    'On the default `docker0` bridge every container can reach every other one on any port. A compromised container ' +
    'then probes databases and admin ports it was never meant to see. With `icc: false`, containers on the default ' +
    'bridge talk only through published ports or explicit networks (Compose projects use their own networks anyway).',
  remediation:
    'Add to /etc/docker/daemon.json, then `systemctl restart docker`; services that must talk share a user-defined network:\n' +
    '```json\n{ "icc": false }\n```',
  references: [
    'CIS Docker Benchmark v1.6/v1.7 2.2 (2.1 in v1.2): restrict network traffic between containers on the default bridge',
    'docker-bench-security check_2_2 (check_2_1 before 1.6); Lynis: no equivalent test',
    'https://docs.docker.com/engine/network/drivers/bridge/',
  ],
  fixable: false,
  run({ model, report }) {
    judgeSetting(model, report, 'icc', (v) => v === false, {
      unset: 'containers on the default bridge reach each other on every port',
      bad: (v) => `"icc" is ${shown(v)}: containers on the default bridge reach each other on every port`,
    });
  },
});
