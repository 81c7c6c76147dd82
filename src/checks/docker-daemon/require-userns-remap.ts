import { defineCheck } from '../../core/check.ts';
import type { DaemonConfig } from '../../inputs/docker-daemon/load.ts';
import { judgeSetting, shown } from './_setting.ts';

export default defineCheck<DaemonConfig>({
  id: 'docker-daemon/require-userns-remap',
  title: 'Container root is mapped to an unprivileged host user (userns-remap)',
  severity: 'low',
  checklist: ['D10', 'D5'],
  rationale:
    'Without user-namespace remapping, uid 0 in a container is uid 0 on the host: a container escape, or a writable ' +
    'host mount, acts as root. `userns-remap` maps container root to a range of unprivileged host uids.',
  remediation:
    'Add to /etc/docker/daemon.json (Docker creates the `dockremap` user) and restart dockerd; images and volumes ' +
    'are kept per mapping, so plan the switch, and give `userns_mode: host` to the few containers that need host uids:\n' +
    '```json\n{ "userns-remap": "default" }\n```',
  references: [
    'CIS Docker Benchmark v1.6/v1.7 2.9 (2.8 in v1.2): enable user namespace support (Level 2)',
    'docker-bench-security check_2_9; Lynis: no equivalent test',
    'https://docs.docker.com/engine/security/userns-remap/',
  ],
  fixable: false,
  run({ model, report }) {
    judgeSetting(model, report, 'userns-remap', (v) => typeof v === 'string' && v.trim() !== '', {
      unset: 'root in a container is root on the host',
      bad: (v) => `"userns-remap" is ${shown(v)}: root in a container is root on the host`,
    });
  },
});
