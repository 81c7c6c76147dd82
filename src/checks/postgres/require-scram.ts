import { defineCheck } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import type { PostgresSnapshot } from '../../probes/postgres/snapshot.ts';
import { attemptsByUser, transports } from './_lib.ts';

export default defineCheck<PostgresSnapshot>({
  id: 'postgres/require-scram',
  title: 'PostgreSQL authenticates with SCRAM-SHA-256, not MD5',
  severity: 'medium',
  checklist: ['A3'],
  rationale:
    'With MD5 authentication the stored hash `md5(password || username)` is itself enough to log in (pass-the-hash): ' +
    'whoever reads pg_authid, a backup or a replica logs in as that role without knowing the password, and a captured ' +
    'challenge-response is cheap to brute-force offline. SCRAM-SHA-256 (PostgreSQL 10+) stores a salted, iterated ' +
    'verifier that does not let anyone log in, and proves both sides know the secret. The server asks for MD5 when ' +
    'pg_hba.conf says `md5` and the role\'s password is stored as MD5 (or, for an unknown role, when ' +
    '`password_encryption = md5`). MD5 passwords are deprecated and will be removed from PostgreSQL.',
  remediation:
    'In postgresql.conf set\n\n    password_encryption = scram-sha-256\n\n' +
    'reset every role\'s password so it is stored as SCRAM (`\\password role` in psql; find MD5 ones with ' +
    '`SELECT rolname FROM pg_authid WHERE rolpassword LIKE \'md5%\';`), then change `md5` to `scram-sha-256` in ' +
    'pg_hba.conf, e.g. `host all all 0.0.0.0/0 scram-sha-256`, and reload.',
  references: [
    'https://www.postgresql.org/docs/current/auth-password.html',
    'https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-PASSWORD-ENCRYPTION',
  ],
  fixable: false,
  run({ model, report }) {
    for (const [user, attempts] of attemptsByUser(model, (a) => a.outcome === 'md5')) {
      report({
        at: targetLocation(model.target),
        key: user,
        subject: user,
        message: `The server asked user "${user}" for an MD5 password ${transports(attempts)}: the stored MD5 hash is as good as the password (pass-the-hash).`,
      });
    }
  },
});
