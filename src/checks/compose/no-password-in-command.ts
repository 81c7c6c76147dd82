import { defineCheck } from '../../core/check.ts';
import type { ComposeProject } from '../../inputs/compose/model.ts';
import type { CommandCredential } from './_lib/credentials.ts';
import { commandCredentials, isLiteralSecretValue, messageAvoiding, referenceDefaults } from './_lib/credentials.ts';
import { describeService } from './_lib/roles.ts';

function hint(c: CommandCredential): string {
  if (/requirepass|masterauth/i.test(c.carrier)) return 'put `requirepass` in a redis.conf mounted from a secret';
  if (/redis-cli|valkey-cli|keydb-cli/.test(c.carrier)) return 'export REDISCLI_AUTH from a secret file instead of `-a`';
  if (/mysql|mariadb/.test(c.carrier)) return 'use MYSQL_PWD read from a secret file, or an option file';
  if (/mongo/.test(c.carrier)) return 'use a config file or the connection string from a secret file';
  if (/PGPASSWORD/i.test(c.carrier)) return 'use a .pgpass file or PGPASSFILE pointing at a secret';
  return 'read it from a file (a Compose secret) or the environment inside the container';
}

export default defineCheck<ComposeProject>({
  id: 'compose/no-password-in-command',
  title: 'Passwords are not passed on command lines',
  severity: 'medium',
  checklist: ['A2'],
  rationale:
    'Arguments are public inside a host: every local user can read them with `ps` or `/proc/<pid>/cmdline`, ' +
    '`docker inspect` and `docker compose config` print them, and they land in monitoring and crash reports. ' +
    'That holds even when the value comes from `${VAR}`: Compose substitutes it before the container starts, and ' +
    'a shell expands `$VAR` into the argv of the program it runs.',
  remediation:
    'Pass the password through a file or the environment the program reads itself: Redis `requirepass` in a ' +
    'config file mounted from a secret; `REDISCLI_AUTH` for `redis-cli` in healthchecks; `MYSQL_PWD` or an option ' +
    'file for MySQL tools; a `.pgpass` file for `psql`:\n' +
    '```yaml\nhealthcheck:\n  test: ["CMD-SHELL", "REDISCLI_AUTH=\\"$$(cat /run/secrets/redis_password)\\" redis-cli ping"]\n```',
  references: ['https://redis.io/docs/latest/develop/tools/cli/#host-port-password-and-database', 'https://dev.mysql.com/doc/refman/8.0/en/password-security-user.html'],
  fixable: false,
  run({ model, report }) {
    for (const service of model.services) {
      const who = describeService(service);
      const lines = [['command', service.command], ['entrypoint', service.entrypoint], ['healthcheck', service.healthcheckTest]] as const;
      for (const [label, node] of lines) {
        for (const c of commandCredentials(node)) {
          if (!c.password) continue;
          // `PGPASSWORD=$$PW psql` inside a shell script: the script text shows `$PW`, and the
          // value goes to the child's environment, not its argv.
          if (c.kind === 'assign' && c.value.startsWith('$$')) continue;
          const secrets = isLiteralSecretValue(c.value) ? [c.value] : referenceDefaults(c.value);
          report({
            at: c.node,
            key: `${label}:${c.carrier}`,
            subject: service.name,
            secrets,
            message: messageAvoiding(secrets,
              `${who}: the ${label} passes a password via ${c.carrier}, visible to \`ps\` and \`docker inspect\`; ${hint(c)}.`,
              `The ${label} passes a password on the command line, visible to \`ps\` and \`docker inspect\`; read it from a file or the environment inside the container.`),
          });
        }
      }
    }
  },
});
