import { defineCheck } from '../../core/check.ts';
import type { DaemonConfig } from '../../inputs/dockerd/load.ts';
import { judgeSetting } from './_setting.ts';

export default defineCheck<DaemonConfig>({
  id: 'dockerd/no-inter-container-communication',
  title: 'Containers on the default bridge cannot talk to each other (icc: false)',
  severity: 'low',
  checklist: ['D10', 'N3'],
  rationale:
    'On the default `docker0` bridge every container can reach every other one on any port. A compromised container ' +
    'then probes databases and admin ports it was never meant to see. With `icc: false`, containers on the default ' +
    'bridge talk only through published ports or explicit networks (Compose projects use their own networks anyway).',
  remediation: 'Add `"icc": false` to /etc/docker/daemon.json, restart dockerd, and connect services that must talk through user-defined networks.',
  references: ['CIS Docker Benchmark 2.1', 'https://docs.docker.com/engine/network/drivers/bridge/'],
  fixable: false,
  run({ model, report }) {
    judgeSetting(model, report, 'icc', (v) => v === false, {
      unset: 'containers on the default bridge reach each other on every port',
      bad: (v) => `"icc" is ${JSON.stringify(v)}: containers on the default bridge reach each other on every port`,
    });
  },
});
