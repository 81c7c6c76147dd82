import { defineCheck } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import type { PostgresSnapshot } from '../../probes/postgres/snapshot.ts';
import { attemptsByUser, transports } from './_lib.ts';

export default defineCheck<PostgresSnapshot>({
  id: 'postgres/no-trust-authentication',
  title: 'PostgreSQL asks every network client for a credential (no `trust`)',
  severity: 'critical',
  checklist: ['A3'],
  rationale:
    'The probe sends a StartupMessage and never a password. When the server answers AuthenticationOk, a pg_hba.conf ' +
    'line with the `trust` method matched: anyone who reaches the port is logged in as whatever role they name, the ' +
    'superuser `postgres` included, and can read, change or drop every database and (as superuser) run programs on the ' +
    'host with `COPY … FROM PROGRAM`. PostgreSQL sends AuthenticationOk before it looks the role up, so an answer for ' +
    'the made-up role `bulwark_probe` (followed by "role does not exist") proves the line trusts any user name. When ' +
    'the probe gets a session it closes it with Terminate at once, without a query.',
  remediation:
    'Replace every `trust` line for network connections in pg_hba.conf with a password method, e.g.\n\n' +
    '    host    all  all  0.0.0.0/0  scram-sha-256\n    hostssl all  all  ::/0       scram-sha-256\n\n' +
    'keep `trust` (or better `peer`) only for `local` Unix-socket lines, give every role a password after setting ' +
    '`password_encryption = scram-sha-256` in postgresql.conf, and reload (`SELECT pg_reload_conf();`). Check the ' +
    'effective rules with `SELECT * FROM pg_hba_file_rules;`.',
  references: [
    'https://www.postgresql.org/docs/current/auth-trust.html',
    'https://www.postgresql.org/docs/current/auth-pg-hba-conf.html',
    'CIS PostgreSQL Benchmark 5.2',
  ],
  fixable: false,
  run({ model, report }) {
    for (const [user, attempts] of attemptsByUser(model, (a) => a.outcome === 'ok')) {
      const missingRole = attempts.some((a) => a.sqlstate === '28000' && /does not exist/.test(a.message ?? ''));
      const detail = missingRole
        ? `the role does not exist, so pg_hba.conf trusts any user name: every real role, the superuser included, gets in the same way`
        : `a session was established without a credential (the probe closed it at once)`;
      report({
        at: targetLocation(model.target),
        key: user,
        subject: user,
        message: `The server sent AuthenticationOk for user "${user}" ${transports(attempts)} without asking for a password: ${detail}.`,
      });
    }
  },
});
