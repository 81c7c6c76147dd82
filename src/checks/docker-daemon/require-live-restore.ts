import { defineCheck } from '../../core/check.ts';
import type { DaemonConfig } from '../../inputs/docker-daemon/load.ts';
import { judgeSetting, shown } from './_setting.ts';

export default defineCheck<DaemonConfig>({
  id: 'docker-daemon/require-live-restore',
  title: 'Containers keep running while dockerd restarts (live-restore)',
  severity: 'low',
  checklist: ['D10'],
  rationale:
    'Without `live-restore`, every dockerd restart (a Docker security update, a config change) stops all containers. ' +
    'Operators then postpone daemon updates to avoid downtime; with it, updates can be applied promptly.',
  remediation:
    'Add to /etc/docker/daemon.json and reload dockerd (`systemctl reload docker`); not available in Swarm mode:\n' +
    '```json\n{ "live-restore": true }\n```',
  references: [
    'CIS Docker Benchmark v1.6/v1.7 2.15 (2.14 in v1.2): ensure live restore is enabled',
    'docker-bench-security check_2_15; Lynis: no equivalent test',
    'https://docs.docker.com/engine/daemon/live-restore/',
  ],
  fixable: false,
  run({ model, report }) {
    judgeSetting(model, report, 'live-restore', (v) => v === true, {
      unset: 'a daemon restart stops every container',
      bad: (v) => `"live-restore" is ${shown(v)}: a daemon restart stops every container`,
    });
  },
});
