import { defineCheck } from '../../core/check.ts';
import type { EnvUnit } from '../../inputs/env/settings.ts';
import { messageAvoiding, referenceDefaults } from '../_shared/credentials.ts';
import { cleartextServiceUrl } from '../_shared/service-urls.ts';
import { findUrls } from '../_shared/urls.ts';
import { inService, valueOf } from './_lib.ts';

export default defineCheck<EnvUnit>({
  id: 'env/require-tls-service-urls',
  title: 'Service URLs in env files use TLS (https, rediss, amqps) and credentials',
  severity: 'medium',
  checklist: ['E4', 'E6', 'A2'],
  rationale:
    '`http://`, `ws://`, `redis://`, `amqp://` and `mqtt://` carry API tokens, passwords, session data and task ' +
    'payloads in cleartext to anyone on the network path; a `redis://` URL with no password also means the Redis ' +
    'server accepts anyone. Between services on one host the path is a Docker bridge other containers share; ' +
    'between hosts it is a network you do not control.\n\n' +
    'Every variable whose value holds a URL is read (`DATABASE_URL`, `REDIS_URL`, `CELERY_BROKER_URL`, ' +
    '`API_URL`, `QDRANT_URL`, …), with the same rules as compose/require-tls-service-url: hosts that are this ' +
    'machine (`localhost`, `127.0.0.1`, `host.docker.internal`) are skipped, and so are `http://` values of ' +
    'variables holding browser-facing addresses (`*ORIGIN*`, `*CORS*`, `*ALLOWED*`, `*REDIRECT*`, `*CALLBACK*`, ' +
    '`*PUBLIC*`, `*SITE*`, `*FRONTEND*`, `*DOMAIN*`, `*PROXY*`, …). A Redis URL without password is medium ' +
    'whatever the network. In a Compose file, compose/require-tls-service-url owns the line and this check stays ' +
    'silent there; development, test and template files are not judged.',
  remediation:
    'Use the TLS scheme and a password:\n' +
    '```dotenv\nREDIS_URL=rediss://:${REDIS_PASSWORD}@redis:6380/0\nCELERY_BROKER_URL=amqps://app:${BROKER_PASSWORD}@rabbitmq:5671//\nQDRANT_URL=https://qdrant:6333\n```',
  references: ['https://redis.io/docs/latest/operate/oss_and_stack/management/security/encryption/', 'https://www.rabbitmq.com/docs/ssl'],
  fixable: false,
  run({ model, report }) {
    if (model.example || model.production === 'no') return;
    for (const setting of model.settings) {
      // Scheme and host are judged even when a `${VAR}` in the URL (the password) is unset here.
      const value = setting.value;
      if (!value) continue;
      const written = findUrls(setting.raw ?? value);
      findUrls(value).forEach((url, i) => {
        const verdict = cleartextServiceUrl(setting.name, url, written[i], (n) => [n, `${n}_FILE`].some((m) => (valueOf(model, m) ?? '').trim() !== ''));
        if (!verdict) return;
        const secrets = [...(url.password ? [url.password] : []), ...referenceDefaults(written[i]?.password ?? '')];
        report({
          at: setting,
          key: `${setting.name}:${url.index}`,
          secrets,
          ...(verdict.severity ? { severity: verdict.severity } : {}),
          message: messageAvoiding(secrets,
            `${setting.name}${inService(model)} ${verdict.problem}${verdict.secure ? `; use ${verdict.secure}` : ''}.`,
            `${setting.name} connects over cleartext; use the TLS scheme.`),
        });
      });
    }
  },
});
