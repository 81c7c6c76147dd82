import { defineCheck } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import type { PostgresSnapshot } from '../../probes/postgres/snapshot.ts';
import { attemptsByUser } from './_lib.ts';

export default defineCheck<PostgresSnapshot>({
  id: 'postgres/no-cleartext-password',
  title: 'PostgreSQL never asks for a cleartext password over an unencrypted connection',
  severity: 'high',
  checklist: ['A3'],
  rationale:
    'The `password` method in pg_hba.conf makes the server send AuthenticationCleartextPassword, and the client answers ' +
    'with the password itself. Over a connection without TLS anyone on the network path (a shared VLAN, a compromised ' +
    'container on the same bridge, a cloud provider\'s network) reads it and can log in. The probe asks the question ' +
    'without TLS and hangs up when the server asks for the password, so nothing is sent. The same request over TLS is ' +
    'not reported here (the password is encrypted in transit), though `scram-sha-256` is still better: the server never ' +
    'sees the password.',
  remediation:
    'Use SCRAM instead of `password` in pg_hba.conf, and require TLS for network clients:\n\n' +
    '    hostssl   all  all  0.0.0.0/0  scram-sha-256\n    hostnossl all  all  all        reject\n\n' +
    'with `ssl = on` and `password_encryption = scram-sha-256` in postgresql.conf; reset the passwords so they are ' +
    'stored as SCRAM (`\\password role` in psql), then reload.',
  references: [
    'https://www.postgresql.org/docs/current/auth-password.html',
    'https://www.postgresql.org/docs/current/auth-pg-hba-conf.html',
  ],
  fixable: false,
  run({ model, report }) {
    for (const [user] of attemptsByUser(model, (a) => a.outcome === 'password' && !a.overTls)) {
      report({
        at: targetLocation(model.target),
        key: user,
        subject: user,
        message: `The server asked user "${user}" for a cleartext password over a connection without TLS: anyone on the network path can read it.`,
      });
    }
  },
});
