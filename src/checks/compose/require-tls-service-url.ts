import { defineCheck } from '../../core/check.ts';
import type { Severity } from '../../core/severity.ts';
import type { ComposeProject } from '../../inputs/compose/model.ts';
import { messageAvoiding, referenceDefaults } from './_lib/credentials.ts';
import { envHasValue } from './_lib/env.ts';
import { lowRiskNote } from './_lib/networks.ts';
import { describeService } from './_lib/roles.ts';
import { findUrls, isLocalHost } from './_lib/urls.ts';

// Variables holding browser-facing addresses (CORS origins, redirect targets, public
// links) or proxies: their http:// is not service-to-service traffic.
const NOT_A_SERVICE_CALL = /ORIGIN|CORS|ALLOWED|REDIRECT|CALLBACK|PUBLIC|SITE|HOMEPAGE|WEBSITE|FRONTEND|EXTERNAL|DOMAIN|PROXY|SCHEMA|NAMESPACE|XMLNS/i;

// Hosts that are the Docker host itself, not a network path anyone else can see.
const HOST_GATEWAY = new Set(['host.docker.internal', 'gateway.docker.internal']);

const SECURE_SCHEME: Record<string, string> = {
  redis: 'rediss://',
  amqp: 'amqps://',
  mqtt: 'mqtts://',
  http: 'https://',
  ws: 'wss://',
};

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
          const host = url.hosts[0] ?? '';
          if (isLocalHost(host) || HOST_GATEWAY.has(host)) return;
          let problem: string | undefined;
          let severity: Severity | undefined;
          switch (url.scheme) {
            case 'redis':
            case 'redis+sentinel':
              if (!url.password && !written[i]?.password) {
                problem = `connects to Redis at "${host}" without a password and without TLS`;
                severity = 'medium';
              } else problem = `connects to Redis at "${host}" without TLS`;
              break;
            case 'amqp':
            case 'mqtt':
              problem = `connects to the broker at "${host}" over cleartext ${url.scheme}://`;
              break;
            case 'nats': {
              const creds = url.user || url.password || written[i]?.user ||
                ['NATS_CREDS', 'NATS_NKEY', 'NATS_TOKEN', 'NATS_PASSWORD', 'NATS_USER_CREDENTIALS'].some((n) => envHasValue(service, n));
              if (!creds) problem = `connects to NATS at "${host}" without credentials, and the URL does not require TLS`;
              break;
            }
            case 'http':
            case 'ws':
              if (!NOT_A_SERVICE_CALL.test(env.name)) problem = `calls "${host}" over cleartext ${url.scheme}://`;
              break;
          }
          if (!problem) return;
          const lowRisk = lowRiskNote(model, service, host);
          const secure = SECURE_SCHEME[url.scheme];
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
