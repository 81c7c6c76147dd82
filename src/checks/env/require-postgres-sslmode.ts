import { defineCheck } from '../../core/check.ts';
import type { EnvSetting, EnvUnit } from '../../inputs/env/settings.ts';
import { messageAvoiding, referenceDefaults } from '../_shared/credentials.ts';
import { sslModeOf, sslModeProblem } from '../_shared/service-urls.ts';
import { findUrls, isLocalHost, isPostgresScheme, parseDsn } from '../_shared/urls.ts';
import { inService, valueOf } from './_lib.ts';

export default defineCheck<EnvUnit>({
  id: 'env/require-postgres-sslmode',
  title: 'Postgres connection settings require TLS',
  severity: 'medium',
  checklist: ['E5'],
  rationale:
    'Without `sslmode`, libpq and the drivers built on it (psycopg, SQLAlchemy, Django, Rails pg, node-postgres ' +
    'with a connection string) use `prefer`: TLS if the server offers it, cleartext otherwise, and no certificate ' +
    'check either way, so anyone on the path reads queries and results or impersonates the database.\n\n' +
    'Read: every `postgres://`, `postgresql://`, `postgresql+asyncpg://`, `postgis://` … URL in any variable ' +
    '(`DATABASE_URL`, `SQLALCHEMY_DATABASE_URI`, `POSTGRES_URL`, …) with its `sslmode` (libpq) or `ssl` (asyncpg, ' +
    'JDBC) parameter; libpq key/value DSNs (`host=db dbname=app sslmode=…`); and `PGSSLMODE`, which also covers ' +
    'URLs without a mode in the same unit. `require`, `verify-ca` and `verify-full` pass. Hosts that are this ' +
    'machine or a Unix socket are skipped. In a Compose file compose/require-postgres-sslmode owns the line; ' +
    'development, test and template files are not judged.',
  remediation:
    'Require TLS and verify the server:\n' +
    '```dotenv\nDATABASE_URL=postgresql://app:${DB_PASSWORD}@db:5432/app?sslmode=verify-full&sslrootcert=/run/secrets/pg_ca\n# or, for every libpq client of this environment:\nPGSSLMODE=verify-full\n```',
  references: ['https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION'],
  fixable: false,
  run({ model, report }) {
    if (model.example || model.production === 'no') return;
    const envMode = valueOf(model, 'PGSSLMODE')?.toLowerCase();
    const judge = (setting: EnvSetting, host: string, mode: string | undefined, key: string, secrets: string[]): void => {
      if (isLocalHost(host)) return;
      const problem = sslModeProblem(mode);
      if (!problem) return;
      report({
        at: setting,
        key,
        secrets,
        message: messageAvoiding(secrets,
          `${setting.name}${inService(model)} (Postgres at "${host}") ${problem}.`,
          `${setting.name} ${problem}.`),
      });
    };
    for (const setting of model.settings) {
      // Scheme and host are judged even when a `${VAR}` in the URL (the password) is unset here.
      const value = setting.value;
      if (!value) continue;
      if (setting.name === 'PGSSLMODE') {
        judge(setting, valueOf(model, 'PGHOST') ?? 'the database', value.toLowerCase(), 'PGSSLMODE', []);
        continue;
      }
      const written = findUrls(setting.raw ?? value);
      for (const [i, url] of findUrls(value).entries()) {
        if (!isPostgresScheme(url.scheme)) continue;
        const mode = sslModeOf(url.params);
        if (mode === undefined && envMode !== undefined) continue;
        const host = url.hosts.find((h) => !isLocalHost(h)) ?? url.hosts[0] ?? '';
        const secrets = [...(url.password ? [url.password] : []), ...referenceDefaults(written[i]?.password ?? '')];
        judge(setting, host, mode, `${setting.name}:${url.index}`, secrets);
      }
      const dsn = parseDsn(value);
      if (dsn) {
        const mode = dsn.get('sslmode')?.toLowerCase();
        if (mode === undefined && envMode !== undefined) continue;
        const password = dsn.get('password');
        judge(setting, dsn.get('host') ?? '', mode, `${setting.name}:dsn`, password ? [password] : []);
      }
    }
  },
});
