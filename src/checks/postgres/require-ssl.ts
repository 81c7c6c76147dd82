import { defineCheck } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import type { PostgresSnapshot } from '../../probes/postgres/snapshot.ts';
import { reachedAuthentication } from '../../probes/postgres/snapshot.ts';

/** Versions the server should not end up at with a client that offers up to TLS 1.3. */
const LEGACY_TLS = new Set(['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1']);

export default defineCheck<PostgresSnapshot>({
  id: 'postgres/require-ssl',
  title: 'PostgreSQL offers TLS and refuses unencrypted network connections',
  severity: 'medium',
  checklist: ['E5'],
  rationale:
    'Without TLS every query, result and (with `password` or `md5`) the authentication exchange crosses the network ' +
    'in clear text, open to reading and tampering. The probe sends an SSLRequest: the answer "N" means `ssl = off`. ' +
    'When the server offers TLS but still authenticates clients that did not ask for it (`host` lines in ' +
    'pg_hba.conf match both), a client with the default `sslmode=prefer` can be downgraded by anyone on the path, and ' +
    'a misconfigured one never encrypts: the server should reject plain connections. A server that rejects every ' +
    'plain StartupMessage (only `hostssl` lines, or `hostnossl … reject`) is what this check wants. The TLS version ' +
    'the probe negotiates is the newest the server allows; below TLS 1.2 it is reported too.',
  remediation:
    'In postgresql.conf:\n\n    ssl = on\n    ssl_cert_file = \'server.crt\'\n    ssl_key_file = \'server.key\'\n' +
    '    ssl_min_protocol_version = \'TLSv1.2\'\n\n' +
    'and in pg_hba.conf use `hostssl` for network clients and reject the rest:\n\n' +
    '    hostssl   all  all  0.0.0.0/0  scram-sha-256\n    hostnossl all  all  all        reject\n\n' +
    'Reload, and have clients connect with `sslmode=verify-full`.',
  references: [
    'https://www.postgresql.org/docs/current/ssl-tcp.html',
    'https://www.postgresql.org/docs/current/auth-pg-hba-conf.html',
    'https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION',
  ],
  fixable: false,
  run({ model, report }) {
    const at = targetLocation(model.target);
    if (!model.ssl.supported) {
      report({
        at,
        key: 'no-tls',
        subject: 'no-tls',
        message: 'The server answered "N" to SSLRequest: it offers no TLS (ssl = off), so every connection is unencrypted.',
      });
      return;
    }
    const plain = model.attempts.filter((a) => !a.overTls && reachedAuthentication(a));
    if (plain.length > 0) {
      const users = [...new Set(plain.map((a) => `"${a.user}" (${a.outcome === 'ok' ? 'no password' : a.outcome})`))];
      report({
        at,
        key: 'plaintext-allowed',
        subject: 'plaintext-allowed',
        message: `The server offers TLS but also authenticates clients without it (users ${users.join(', ')} over plain text): pg_hba.conf has \`host\` lines where \`hostssl\` belongs.`,
      });
    }
    const protocol = model.ssl.protocol;
    if (protocol !== undefined && LEGACY_TLS.has(protocol)) {
      report({
        at,
        key: protocol,
        subject: protocol,
        message: `The newest TLS version the server negotiates is ${protocol} (deprecated by RFC 8996): set ssl_min_protocol_version = 'TLSv1.2'.`,
      });
    }
  },
});
