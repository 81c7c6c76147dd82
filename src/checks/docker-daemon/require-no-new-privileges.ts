import { defineCheck } from '../../core/check.ts';
import type { DaemonConfig } from '../../inputs/docker-daemon/load.ts';
import { judgeSetting, shown } from './_setting.ts';

export default defineCheck<DaemonConfig>({
  id: 'docker-daemon/require-no-new-privileges',
  title: 'The Docker daemon starts every container with no-new-privileges',
  severity: 'medium',
  checklist: ['D10', 'D2'],
  rationale:
    'With `no-new-privileges` a process in a container can never gain privileges through setuid binaries or file ' +
    'capabilities, which blocks a common escalation path after an application compromise. Setting it daemon-wide covers ' +
    'every container, including ones started by hand or by tools that do not set `security_opt`.',
  remediation:
    'Add to /etc/docker/daemon.json and restart dockerd (`systemctl restart docker`); a container that really needs ' +
    'setuid binaries can opt out with `security_opt: ["no-new-privileges=false"]`:\n' +
    '```json\n{ "no-new-privileges": true }\n```',
  references: [
    'CIS Docker Benchmark v1.6/v1.7 2.14 (2.18 in v1.2): ensure containers are restricted from acquiring new privileges',
    'docker-bench-security check_2_14; Lynis: no equivalent test',
    'https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file',
  ],
  fixable: false,
  run({ model, report }) {
    judgeSetting(model, report, 'no-new-privileges', (v) => v === true, {
      unset: 'containers may gain privileges through setuid binaries unless each one sets it',
      bad: (v) => `"no-new-privileges" is ${shown(v)}: containers may gain privileges through setuid binaries`,
    });
  },
});
