import { defineCheck } from '../../core/check.ts';
import type { ComposeProject } from '../../inputs/compose/model.ts';
import { asBoolean, scalarText } from './_lib/hardening.ts';
import { describeService } from './_lib/roles.ts';

export default defineCheck<ComposeProject>({
  id: 'compose/require-read-only-rootfs',
  title: 'Containers run with a read-only root filesystem',
  severity: 'low',
  checklist: ['D3'],
  rationale:
    'A writable root filesystem lets an attacker who gets code execution in the container persist: drop a web ' +
    'shell next to the application, replace a binary or a library the service loads, add a cron entry or tools ' +
    'for the next step. With `read_only: true` the image stays exactly as built and only the paths the service ' +
    'really writes to (volumes, tmpfs) can change, which also makes tampering easy to spot. Severity is low ' +
    'because it limits what happens after a compromise rather than preventing one, and some images need ' +
    'work to run read-only.',
  remediation:
    'Make the root filesystem read-only and give the service tmpfs mounts for scratch paths and volumes for data:\n' +
    '```yaml\n' +
    'services:\n' +
    '  web:\n' +
    '    read_only: true\n' +
    '    tmpfs:\n' +
    '      - /tmp\n' +
    '      - /run\n' +
    '    volumes:\n' +
    '      - uploads:/app/uploads\n' +
    '```\n' +
    'Run the container once and use `docker diff <container>` to see which paths it writes.',
  references: [
    'CIS Docker Benchmark 5.12 (Ensure that the container\'s root filesystem is mounted as read only)',
    'https://docs.docker.com/reference/compose-file/services/#read_only',
    'https://docs.docker.com/reference/compose-file/services/#tmpfs',
  ],
  fixable: false,
  run({ model, report }) {
    for (const service of model.services) {
      const who = describeService(service);
      const readOnly = asBoolean(service.readOnly);
      if (readOnly === true) continue;
      if (!service.readOnly) {
        report({ at: service, subject: service.name, message: `${who} has a writable root filesystem: it sets no \`read_only: true\`.` });
      } else {
        const shown = readOnly === false ? 'false' : `"${scalarText(service.readOnly)}"`;
        report({ at: service.readOnly, subject: service.name, message: `${who} sets \`read_only\` to ${shown}, so its root filesystem is writable.` });
      }
    }
  },
});
