import { defineCheck } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import type { RedisSnapshot } from '../../probes/redis/snapshot.ts';

export default defineCheck<RedisSnapshot>({
  id: 'redis/require-authentication',
  title: 'Redis requires a password',
  severity: 'critical',
  checklist: ['A2'],
  rationale:
    'A Redis server that obeys commands without a password hands its whole dataset (sessions, queues, cached tokens) ' +
    'to anyone who can reach the port, and `CONFIG SET dir` + `SAVE` turns that into writing files on the host: ' +
    'unauthenticated Redis is one of the most exploited services on the internet. The probe sends one PING without ' +
    'credentials (and `INFO server` when that is obeyed, for the version); a `NOAUTH` error is the good answer. ' +
    'A `DENIED` answer means no password is set and only protected mode, which lets every loopback and any ' +
    '`bind`-listed client in, stands in the way (medium).',
  remediation:
    'Set a strong password and keep the port off public networks. redis.conf:\n\n' +
    '    requirepass <64 random characters: openssl rand -base64 48>\n' +
    '    bind 127.0.0.1 ::1        # or the internal network only\n' +
    '    protected-mode yes\n\n' +
    'Redis 6+: prefer ACL users (`user default off`, `user app on >secret ~app:* +@read +@write`). In Compose: ' +
    '`command: ["redis-server", "--requirepass", "${REDIS_PASSWORD:?}"]`, no `ports:` for the redis service, and ' +
    '`redis://:${REDIS_PASSWORD}@redis:6379` in clients.',
  references: ['https://redis.io/docs/latest/operate/oss_and_stack/management/security/', 'https://redis.io/docs/latest/operate/oss_and_stack/management/security/acl/'],
  fixable: false,
  run({ model, report }) {
    const at = targetLocation(model.target);
    const version = model.server?.version ? ` (Redis ${model.server.version})` : '';
    if (model.ping.reply === 'pong') {
      report({ at, key: 'no-password', subject: 'no-password', message: `The server answered PING without a password${version}: anyone who reaches ${model.host}:${model.port} can read, change and delete every key.` });
    } else if (model.ping.reply === 'denied') {
      report({
        at,
        key: 'protected-mode-only',
        subject: 'protected-mode-only',
        severity: 'medium',
        message: 'The server has no password: only protected mode turned this client away (it admits loopback and bound clients without one).',
      });
    }
  },
});
