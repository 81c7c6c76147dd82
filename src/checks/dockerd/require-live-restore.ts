import { defineCheck } from '../../core/check.ts';
import type { DaemonConfig } from '../../inputs/dockerd/load.ts';
import { judgeSetting } from './_setting.ts';

export default defineCheck<DaemonConfig>({
  id: 'dockerd/require-live-restore',
  title: 'Containers keep running while dockerd restarts (live-restore)',
  severity: 'low',
  checklist: ['D10'],
  rationale:
    'Without `live-restore`, every dockerd restart (a Docker security update, a config change) stops all containers. ' +
    'Operators then postpone daemon updates to avoid downtime; with it, updates can be applied promptly.',
  remediation: 'Add `"live-restore": true` to /etc/docker/daemon.json and reload dockerd (`systemctl reload docker`). Not supported with Swarm mode.',
  references: ['CIS Docker Benchmark 2.14', 'https://docs.docker.com/engine/daemon/live-restore/'],
  fixable: false,
  run({ model, report }) {
    judgeSetting(model, report, 'live-restore', (v) => v === true, {
      unset: 'a daemon restart stops every container',
      bad: (v) => `"live-restore" is ${JSON.stringify(v)}: a daemon restart stops every container`,
    });
  },
});
