import { defineCheck } from '../../core/check.ts';
import type { ComposeProject } from '../../inputs/compose/model.ts';
import { isInternalNetwork } from './_lib/networks.ts';
import { classifyService, DATA_TIER_ROLES, describeService } from './_lib/roles.ts';

export default defineCheck<ComposeProject>({
  id: 'compose/require-internal-network',
  title: 'Data stores and workers sit on an internal network',
  severity: 'low',
  checklist: ['N3'],
  rationale:
    'A Compose network marked `internal: true` has no route to the outside world: a compromised database, cache or ' +
    'background worker on it cannot download a payload, reach a command-and-control server or exfiltrate data ' +
    'directly. Services that only talk to other containers lose nothing by being on one.',
  remediation:
    'Declare a backend network with `internal: true` and attach the service to it. Workers that must call external ' +
    'APIs can stay on a second, non-internal network, but say so in a comment:\n' +
    '```yaml\nnetworks:\n  backend:\n    internal: true\nservices:\n  db:\n    networks: [backend]\n```',
  references: ['https://docs.docker.com/reference/compose-file/networks/#internal'],
  fixable: false,
  run({ model, settings, report }) {
    for (const service of model.services) {
      // `network_mode` (none, host, service:x) replaces Compose networks: other checks judge it.
      if (service.networkMode) continue;
      const cls = classifyService(service, settings);
      if (!DATA_TIER_ROLES.has(cls.role) && cls.role !== 'worker') continue;
      const names = service.networks.map((n) => n.name);
      if (names.some((n) => isInternalNetwork(model, n))) continue;
      const on = names.length === 0 ? 'no network' : names.map((n) => `"${n}"`).join(', ');
      report({
        at: service,
        subject: service.name,
        message: `${describeService(service, cls.role)} is not on any \`internal: true\` network (it is on ${on}), ` +
          'so it can open connections to the internet.',
      });
    }
  },
});
