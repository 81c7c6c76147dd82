import { defineCheck } from '../../core/check.ts';
import type { ComposeProject, EnvVar } from '../../inputs/compose/model.ts';
import { messageAvoiding, referenceDefaults } from './_lib/credentials.ts';
import { envValue } from './_lib/env.ts';
import { lowRiskNote } from './_lib/networks.ts';
import { describeService } from './_lib/roles.ts';
import { findUrls, isLocalHost, isPostgresScheme, parseDsn } from './_lib/urls.ts';
import { sslModeOf, sslModeProblem, STRONG_SSLMODES } from '../_shared/service-urls.ts';

export default defineCheck<ComposeProject>({
  id: 'compose/require-postgres-sslmode',
  title: 'Postgres connections require TLS',
  severity: 'medium',
  checklist: ['E5'],
  rationale:
    'Without `sslmode`, libpq and most drivers default to `prefer`: they use TLS only if the server offers it and ' +
    'silently fall back to cleartext otherwise, and they never check the certificate, so anyone on the path can ' +
    'read queries and results or impersonate the database. `disable` and `allow` are worse. Only `require` ' +
    'encrypts for sure, and only `verify-full` also proves the server is the right one.',
  remediation:
    'Add `sslmode=verify-full` (with `sslrootcert`) or at least `sslmode=require` to every connection URL, and turn ' +
    'on `ssl = on` in the server:\n' +
    '```yaml\nDATABASE_URL: postgresql://app:${DB_PASSWORD:?}@db:5432/app?sslmode=verify-full&sslrootcert=/run/secrets/pg_ca\n```\n' +
    'For asyncpg URLs use `?ssl=verify-full`. Setting `PGSSLMODE=verify-full` in the client\'s environment covers ' +
    'libpq-based clients that do not pass a mode.',
  references: ['https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION'],
  fixable: false,
  run({ model, report }) {
    for (const service of model.services) {
      const envMode = envValue(service, 'PGSSLMODE')?.toLowerCase();
      const who = describeService(service);
      const judge = (env: EnvVar, host: string, mode: string | undefined, key: string, secrets: string[], what: string): void => {
        if (isLocalHost(host)) return;
        const problem = sslModeProblem(mode);
        if (problem === undefined) return;
        const lowRisk = lowRiskNote(model, service, host);
        report({
          at: env,
          key,
          subject: service.name,
          secrets,
          severity: lowRisk ? 'low' : 'medium',
          message: messageAvoiding(secrets,
            `${who}: ${what} (Postgres at "${host}") ${problem}${lowRisk ? `; ${lowRisk}` : ''}.`,
            `${what} ${problem}${lowRisk ? '; both ends share an internal network of this project' : ''}.`),
        });
      };

      for (const env of service.environment) {
        const value = env.value;
        if (!value) continue;
        if (env.name === 'PGSSLMODE') {
          if (!STRONG_SSLMODES.has(value.toLowerCase())) {
            judge(env, envValue(service, 'PGHOST') ?? 'the database', value.toLowerCase(), 'PGSSLMODE', [], 'PGSSLMODE');
          }
          continue;
        }
        const written = findUrls(env.raw ?? value);
        for (const [i, url] of findUrls(value).entries()) {
          if (!isPostgresScheme(url.scheme)) continue;
          const host = url.hosts.find((h) => !isLocalHost(h)) ?? url.hosts[0] ?? '';
          const mode = sslModeOf(url.params);
          // With no mode in the URL, libpq-based clients take PGSSLMODE from the environment.
          if (mode === undefined && envMode !== undefined) continue;
          const secrets = [...(url.password ? [url.password] : []), ...referenceDefaults(written[i]?.password ?? '')];
          judge(env, host, mode, `${env.name}:${url.index}`, secrets, env.name);
        }
        const dsn = parseDsn(value);
        if (dsn) {
          const mode = dsn.get('sslmode')?.toLowerCase();
          if (mode === undefined && envMode !== undefined) continue;
          const password = dsn.get('password');
          judge(env, dsn.get('host') ?? '', mode, `${env.name}:dsn`, password ? [password] : [], env.name);
        }
      }
    }
  },
});
