import { defineCheck } from '../../core/check.ts';
import type { ComposeProject } from '../../inputs/compose/model.ts';
import { attributeKey, capabilityName } from './_lib/hardening.ts';
import { describeService } from './_lib/roles.ts';

export default defineCheck<ComposeProject>({
  id: 'compose/require-cap-drop-all',
  title: 'Containers drop all Linux capabilities',
  severity: 'medium',
  checklist: ['D1'],
  rationale:
    'Docker gives every container a default set of 14 capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, ' +
    'NET_RAW, NET_BIND_SERVICE, SYS_CHROOT, MKNOD, AUDIT_WRITE, …) whether the process needs them or not. ' +
    'After a compromise they let the attacker read and write any file in the container regardless of permissions, ' +
    'forge packets on the network (NET_RAW: ARP/DNS spoofing of neighbour containers), create device nodes and ' +
    'switch users, and every one of them widens the kernel attack surface of a container escape. Most services ' +
    'need none of them; the few that do (a proxy binding port 80, an entrypoint that chowns its data directory) ' +
    'can add back exactly those after dropping ALL.',
  remediation:
    'Drop every capability and add back only what the service needs:\n' +
    '```yaml\n' +
    'services:\n' +
    '  web:\n' +
    '    cap_drop: [ALL]\n' +
    '    cap_add: [NET_BIND_SERVICE]   # only if it binds a port below 1024\n' +
    '```\n' +
    'Images whose entrypoint switches users (postgres, redis, …) typically need CHOWN, SETUID, SETGID and ' +
    'DAC_OVERRIDE back, or better a `user:` so they never start as root.',
  references: [
    'CIS Docker Benchmark 5.3 (Ensure that Linux kernel capabilities are restricted within containers)',
    'https://docs.docker.com/reference/compose-file/services/#cap_drop',
    'https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities',
  ],
  fixable: false,
  run({ model, report }) {
    for (const service of model.services) {
      if (service.capDrop.some((c) => capabilityName(c) === 'ALL')) continue;
      const who = describeService(service);
      if (service.capDrop.length === 0) {
        report({ at: service, subject: service.name, message: `${who} keeps Docker's default capabilities: it sets no \`cap_drop: [ALL]\`.` });
      } else {
        const dropped = service.capDrop.map(capabilityName).join(', ');
        report({
          at: attributeKey(service, 'cap_drop') ?? service,
          subject: service.name,
          message: `${who} drops only ${dropped} and keeps the rest of Docker's default capabilities; drop ALL and add back what it needs.`,
        });
      }
    }
  },
});
