import { defineCheck } from '../../core/check.ts';
import type { DaemonConfig } from '../../inputs/dockerd/load.ts';
import { judgeSetting } from './_setting.ts';

export default defineCheck<DaemonConfig>({
  id: 'dockerd/require-userns-remap',
  title: 'Container root is mapped to an unprivileged host user (userns-remap)',
  severity: 'low',
  checklist: ['D10', 'D5'],
  rationale:
    'Without user-namespace remapping, uid 0 in a container is uid 0 on the host: a container escape, or a writable ' +
    'host mount, acts as root. `userns-remap` maps container root to a range of unprivileged host uids.',
  remediation:
    'Add `"userns-remap": "default"` to /etc/docker/daemon.json (Docker creates the `dockremap` user) and restart ' +
    'dockerd; existing images and volumes are re-created under the new mapping, so plan the switch.',
  references: ['CIS Docker Benchmark 2.8 (2.10 in v1.6)', 'https://docs.docker.com/engine/security/userns-remap/'],
  fixable: false,
  run({ model, report }) {
    judgeSetting(model, report, 'userns-remap', (v) => typeof v === 'string' && v.trim() !== '', {
      unset: 'root in a container is root on the host',
      bad: (v) => `"userns-remap" is ${JSON.stringify(v)}: root in a container is root on the host`,
    });
  },
});
