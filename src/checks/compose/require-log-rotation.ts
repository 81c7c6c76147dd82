import { defineCheck } from '../../core/check.ts';
import type { ComposeProject } from '../../inputs/compose/model.ts';
import { attributeKey, entryOf, mapOf, scalarOf, scalarText } from './_lib/hardening.ts';
import { describeService } from './_lib/roles.ts';

/**
 * Drivers that write to the host's disk without a size cap unless told one. `local`
 * is absent on purpose: it rotates by default (20 MB x 5 files).
 */
const UNBOUNDED_BY_DEFAULT = new Set(['json-file', '']);

export default defineCheck<ComposeProject>({
  id: 'compose/require-log-rotation',
  title: 'Container logs are rotated',
  severity: 'low',
  checklist: ['D7'],
  rationale:
    'Docker\'s default `json-file` log driver keeps every line a container ever printed, in one file under ' +
    '/var/lib/docker/containers, with no size limit. A chatty service, a crash loop or an attacker flooding a ' +
    'logged endpoint fills the disk, and then the databases on that host stop writing: a denial of service ' +
    'that also destroys the logs needed to investigate. Rotation is set either once for the host in the daemon\'s ' +
    'daemon.json (`log-opts` `max-size`/`max-file`, which this check honours when daemon.json is scanned) or per ' +
    'service with `logging.options.max-size`. The `local` driver rotates by default, and drivers that ship logs ' +
    'elsewhere (syslog, journald, fluentd, gelf, awslogs, none, …) do not grow a file on the Docker host.',
  remediation:
    'Cap the log size per service (an anchor keeps it in one place), or set it host-wide in /etc/docker/daemon.json:\n' +
    '```yaml\n' +
    'x-logging: &logging\n' +
    '  driver: json-file\n' +
    '  options:\n' +
    '    max-size: "10m"\n' +
    '    max-file: "3"\n' +
    'services:\n' +
    '  web:\n' +
    '    logging: *logging\n' +
    '```\n' +
    '```json\n' +
    '{ "log-driver": "json-file", "log-opts": { "max-size": "10m", "max-file": "3" } }\n' +
    '```',
  references: [
    'https://docs.docker.com/engine/logging/drivers/json-file/',
    'https://docs.docker.com/engine/logging/drivers/local/',
    'https://docs.docker.com/reference/compose-file/services/#logging',
  ],
  fixable: false,
  run({ model, facts, report }) {
    if (facts.daemonLogRotation === true) return;
    for (const service of model.services) {
      const who = describeService(service);
      const logging = service.logging;
      if (!logging) {
        report({
          at: service,
          subject: service.name,
          message: `${who} sets no \`logging\` and no scanned daemon.json rotates logs: Docker's default json-file log grows without limit.`,
        });
        continue;
      }
      const driver = scalarText(scalarOf(logging, 'driver')).toLowerCase();
      if (!UNBOUNDED_BY_DEFAULT.has(driver)) continue;
      const options = mapOf(entryOf(logging, 'options')?.value);
      const maxSize = scalarText(scalarOf(options, 'max-size'));
      if (maxSize !== '' && maxSize !== '-1') continue;
      const shown = driver === '' ? 'the default json-file driver' : `the ${driver} driver`;
      report({
        at: attributeKey(service, 'logging') ?? logging,
        subject: service.name,
        message: `${who} logs with ${shown} without \`max-size\`${maxSize === '-1' ? ' (it is -1, unlimited)' : ''}: the log file grows without limit.`,
      });
    }
  },
});
