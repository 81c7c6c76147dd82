import { defineCheck } from '../../core/check.ts';
import type { ComposeProject } from '../../inputs/compose/model.ts';

export default defineCheck<ComposeProject>({
  id: 'compose/no-privileged',
  title: 'Containers do not run privileged',
  severity: 'critical',
  checklist: ['D6'],
  rationale:
    'A privileged container gets every capability, all host devices and no seccomp or AppArmor confinement: ' +
    'a compromise of the process is a compromise of the host.',
  remediation:
    'Remove `privileged: true`. Grant only the capability the service needs with `cap_add` ' +
    '(after `cap_drop: [ALL]`) or pass the single device with `devices:`.',
  references: ['CIS Docker Benchmark 5.4', 'https://docs.docker.com/reference/compose-file/services/#privileged'],
  fixable: false,
  run({ model, report }) {
    for (const service of model.services) {
      if (service.privileged?.value === true) {
        report({ at: service.privileged, subject: service.name, message: `Service "${service.name}" runs privileged.` });
      }
    }
  },
});
