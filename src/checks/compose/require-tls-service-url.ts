import { defineCheck } from '../../core/check.ts';
import type { ComposeProject } from '../../inputs/compose/model.ts';
import { messageAvoiding, referenceDefaults } from './_lib/credentials.ts';
import { envHasValue } from './_lib/env.ts';
import { lowRiskNote } from './_lib/networks.ts';
import { describeService } from './_lib/roles.ts';
import { findUrls } from './_lib/urls.ts';
import { cleartextServiceUrl } from '../_shared/service-urls.ts';

export default defineCheck<ComposeProject>({
  id: 'compose/require-tls-service-url',
  title: 'Service connections (Redis, AMQP, NATS, HTTP) use TLS and credentials',
  severity: 'medium',
  checklist: ['E6', 'E4'],
  rationale:
    '`redis://`, `amqp://`, `mqtt://` and `http://` send passwords, session data and task payloads in cleartext; ' +
    'a `redis://` URL with no password also means the server accepts anyone. Inside one Compose project on an ' +
    '`internal: true` network the traffic never leaves the host, but connections to other stacks, other hosts ' +
    'or the default bridge cross networks other containers (and possibly other machines) can see.',
  remediation:
    'Use the TLS scheme and a password from a reference: `rediss://:${REDIS_PASSWORD:?}@redis:6380/0`, ' +
    '`amqps://…`, `tls://` or `nats://` with credentials for NATS, `https://` for HTTP APIs. When both ends are in ' +
    'this project, put them on an `internal: true` network at least.',
  references: ['https://redis.io/docs/latest/operate/oss_and_stack/management/security/encryption/', 'https://www.rabbitmq.com/docs/ssl'],
  fixable: false,
  run({ model, report }) {
    for (const service of model.services) {
      const who = describeService(service);
      for (const env of service.environment) {
        const value = env.value;
        if (!value) continue;
        // The value as written tells whether a password is wired in even when the
        // variable is unset here (`redis://:${REDIS_PASSWORD:?}@redis`).
        const written = findUrls(env.raw ?? value);
        findUrls(value).forEach((url, i) => {
          const verdict = cleartextServiceUrl(env.name, url, written[i], (n) => envHasValue(service, n));
          if (!verdict) return;
          const { problem, severity, secure } = verdict;
          const host = url.hosts[0] ?? '';
          const lowRisk = lowRiskNote(model, service, host);
          const secrets = [...(url.password ? [url.password] : []), ...referenceDefaults(written[i]?.password ?? '')];
          report({
            at: env,
            key: `${env.name}:${url.index}`,
            subject: service.name,
            secrets,
            severity: severity ?? (lowRisk ? 'low' : 'medium'),
            message: messageAvoiding(secrets,
              `${who}: ${env.name} ${problem}${lowRisk ? `; ${lowRisk}` : ''}${secure ? `; use ${secure}` : ''}.`,
              `${env.name} connects over cleartext${lowRisk ? ' (both ends share an internal network of this project)' : ''}; use the TLS scheme.`),
          });
        });
      }
    }
  },
});
