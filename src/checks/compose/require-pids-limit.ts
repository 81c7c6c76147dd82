import { defineCheck } from '../../core/check.ts';
import type { ComposeProject } from '../../inputs/compose/model.ts';
import { scalarText } from './_lib/hardening.ts';
import { describeService } from './_lib/roles.ts';

export default defineCheck<ComposeProject>({
  id: 'compose/require-pids-limit',
  title: 'Containers have a PID limit',
  severity: 'low',
  checklist: ['D4'],
  rationale:
    'Processes share the host\'s PID space limit (kernel.pid_max) and the memory behind it. Without a per-container ' +
    'limit, a fork bomb, a runaway worker pool or an attacker spawning processes in one container exhausts PIDs for ' +
    'the whole host: every other container and sshd then fail to fork. A PID limit confines the damage to the ' +
    'container that misbehaves. Severity is low: it is an availability control. `-1` and `0` mean unlimited.',
  remediation:
    'Set a limit comfortably above what the service uses (check with `docker stats`, PIDS column):\n' +
    '```yaml\n' +
    'services:\n' +
    '  web:\n' +
    '    pids_limit: 256\n' +
    '    # or, Compose spec / swarm style:\n' +
    '    # deploy:\n' +
    '    #   resources:\n' +
    '    #     limits:\n' +
    '    #       pids: 256\n' +
    '```',
  references: [
    'CIS Docker Benchmark 5.28 (Ensure that the PIDs cgroup limit is used)',
    'https://docs.docker.com/reference/compose-file/services/#pids_limit',
    'https://docs.docker.com/reference/compose-file/deploy/#pids',
  ],
  fixable: false,
  run({ model, report }) {
    for (const service of model.services) {
      const who = describeService(service);
      const node = service.pidsLimit;
      if (!node) {
        report({ at: service, subject: service.name, message: `${who} has no PID limit (\`pids_limit\`).` });
        continue;
      }
      const text = scalarText(node);
      // A value we cannot read as a number (an unset variable aside) is left to Compose to reject.
      const limit = text === '' ? 0 : Number(text);
      if (Number.isFinite(limit) && limit <= 0) {
        report({ at: node, subject: service.name, message: `${who} sets its PID limit to ${text === '' ? 'an empty value' : text}, which means unlimited.` });
      }
    }
  },
});
