import { defineCheck } from '../../core/check.ts';
import type { EnvUnit } from '../../inputs/env/settings.ts';
import { knownValue } from '../../inputs/env/settings.ts';
import { isWeakPassword, messageAvoiding } from '../_shared/credentials.ts';
import { findUrls, hasReference, isLocalHost } from '../_shared/urls.ts';
import { inService } from './_lib.ts';

export default defineCheck<EnvUnit>({
  id: 'env/no-default-credentials-in-urls',
  title: 'Connection URLs do not use default credentials',
  severity: 'high',
  checklist: ['A2'],
  rationale:
    '`amqp://guest:guest@…`, `postgres://postgres:postgres@…`, `redis://:redis@…`, `mongodb://admin:admin@…` and ' +
    'passwords equal to the user name are the first pairs scanners and botnets try; a URL that uses them means ' +
    'the server on the other end accepts them too.\n\n' +
    'Read: the user and password of every URL in any variable (`DATABASE_URL`, `REDIS_URL`, `CELERY_BROKER_URL`, ' +
    '`AMQP_URL`, `MONGO_URL`, `SQLALCHEMY_DATABASE_URI`, …), judged against the same list of well-known ' +
    'defaults and placeholders as compose/no-weak-default-credentials (`guest`, `admin`, `postgres`, `root`, ' +
    '`changeme`, `password`, `minioadmin`, …, or the user name itself). Hosts that are this machine ' +
    '(`localhost`, `127.0.0.1`, sockets) are skipped: RabbitMQ\'s guest account, for one, only works there. In a ' +
    'Compose file compose/no-weak-default-credentials owns the line; development, test and template files are not judged.',
  remediation:
    'Create a dedicated user with a generated password on the server, and reference it in the URL:\n' +
    '```dotenv\nCELERY_BROKER_URL=amqps://app:${RABBITMQ_PASSWORD}@rabbitmq:5671//\n```\n' +
    'For RabbitMQ, delete the `guest` user (`rabbitmqctl delete_user guest`).',
  references: ['https://www.rabbitmq.com/docs/access-control#default-state', 'https://owasp.org/www-project-top-ten/2017/A2_2017-Broken_Authentication'],
  fixable: false,
  run({ model, report }) {
    if (model.example || model.production === 'no') return;
    for (const setting of model.settings) {
      const value = knownValue(setting);
      if (!value) continue;
      const written = setting.raw !== undefined ? findUrls(setting.raw) : undefined;
      findUrls(value).forEach((url, i) => {
        if (!url.password || isLocalHost(url.hosts[0] ?? '')) return;
        // A `${VAR}` password is judged where VAR is written; a `${VAR:-default}` one by its default.
        const asWritten = written?.[i]?.password ?? '';
        if (hasReference(asWritten) && !/\$\{[A-Za-z_]\w*:?-/.test(asWritten)) return;
        if (!isWeakPassword(url.password, url.user)) return;
        report({
          at: setting,
          key: `${setting.name}:${url.index}`,
          secrets: [url.password],
          // Default passwords are often the scheme or the user name ("postgres", "guest"): say less rather than a masked word.
          message: messageAvoiding([url.password],
            `${setting.name}${inService(model)} connects to ${url.scheme}:// with a well-known default or guessable password.`,
            `${setting.name}${inService(model)} uses a well-known or guessable login; create a dedicated user with a generated secret.`),
        });
      });
    }
  },
});
