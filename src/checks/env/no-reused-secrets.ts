import { defineCheck } from '../../core/check.ts';
import type { EnvSetting, EnvUnit } from '../../inputs/env/settings.ts';
import { knownValue } from '../../inputs/env/settings.ts';
import { isPlaceholderValue } from '../../secrets/strength.ts';
import { findUrls } from '../_shared/urls.ts';
import { inService, isDataStoreScheme, secretKind } from './_lib.ts';

/** One secret value and the credential it is for. */
interface Use {
  unit: EnvUnit;
  setting: EnvSetting;
  value: string;
  /** The credential: a data-store family (`postgres`, `redis`, …) or the variable that holds it. */
  purpose: string;
  what: string;
}

// Words naming the same data store; `DB`/`DATABASE` may be any of the SQL or document stores.
const FAMILY: Record<string, string> = {
  POSTGRES: 'postgres', POSTGRESQL: 'postgres', PG: 'postgres', PGPASSWORD: 'postgres',
  MYSQL: 'mysql', MARIADB: 'mysql', MONGO: 'mongo', MONGODB: 'mongo',
  REDIS: 'redis', REDISCLI: 'redis', VALKEY: 'redis', KEYDB: 'redis', DRAGONFLY: 'redis', CACHE: 'redis',
  RABBITMQ: 'amqp', AMQP: 'amqp', BROKER: 'amqp', DB: 'database', DATABASE: 'database',
};
const SCHEME_FAMILY: [RegExp, string][] = [
  [/^(postgres|postgresql|pgsql|postgis|timescaledb)/, 'postgres'], [/^(mysql|mariadb)/, 'mysql'], [/^mongodb/, 'mongo'],
  [/^(redis|rediss|valkey)/, 'redis'], [/^amqps?/, 'amqp'],
];

function familyOfName(name: string): string | undefined {
  for (const word of name.toUpperCase().split(/_+/)) if (FAMILY[word]) return FAMILY[word];
  return undefined;
}

function samePurpose(a: string, b: string): boolean {
  if (a === b) return true;
  const dbs = ['postgres', 'mysql', 'mongo'];
  return (a === 'database' && dbs.includes(b)) || (b === 'database' && dbs.includes(a));
}

/** The secrets of a unit: operator-chosen secrets by name, and data-store URL passwords. */
function usesOf(unit: EnvUnit): Use[] {
  const out: Use[] = [];
  if (unit.example || unit.production === 'no') return out;
  for (const setting of unit.settings) {
    const value = knownValue(setting);
    if (!value) continue;
    const kind = secretKind(setting.name);
    if (kind) {
      if (value.length < 8 || isPlaceholderValue(value)) continue;
      // `QDRANT__SERVICE__API_KEY: ${QDRANT_API_KEY}` and `QDRANT_API_KEY` in the client are one credential, wired on purpose.
      const refs = setting.vars ?? [];
      const source = refs.length === 1 && !refs[0]!.usedDefault ? refs[0]!.name : setting.name;
      const purpose = kind === 'password' ? familyOfName(source) ?? familyOfName(setting.name) ?? source : source;
      out.push({ unit, setting, value, purpose, what: setting.name });
      continue;
    }
    for (const url of findUrls(value)) {
      if (!url.password || url.password.length < 8 || !isDataStoreScheme(url.scheme) || isPlaceholderValue(url.password)) continue;
      const family = SCHEME_FAMILY.find(([re]) => re.test(url.scheme))?.[1] ?? url.scheme;
      out.push({ unit, setting, value: url.password, purpose: family, what: `the password in ${setting.name}` });
    }
  }
  return out;
}

export default defineCheck<EnvUnit>({
  id: 'env/no-reused-secrets',
  title: 'Each secret is used for one purpose only',
  severity: 'medium',
  checklist: ['A1'],
  rationale:
    'A value that is both the session signing key and the JWT secret, or both the Postgres and the Redis password, ' +
    'turns one leak into two: the Redis password in a worker\'s environment now opens the database, a key leaked ' +
    'by a debug page now forges API tokens too. Rotating it means changing every place at once, so it is not done.\n\n' +
    'Compared: the secrets env/no-weak-secrets reads (signing keys, client API keys, data-store passwords, ' +
    'passwords in data-store URLs) within one env file, and across the services of one Compose project. ' +
    'Values for the same credential are not reuse: the same variable in two services (`SECRET_KEY` in `api` and ' +
    '`worker`), a client and its server (`POSTGRES_PASSWORD` of `db` and the password in `DATABASE_URL`, or ' +
    '`DB_PASSWORD`), and two variables wired to one `${VAR}` in the Compose file. Different env files (a ' +
    '`.env` and a `.env.production`) are not compared with each other. Placeholders are left to env/no-weak-secrets.',
  remediation:
    'Generate one value per purpose and update the variable that reused another:\n' +
    '```sh\nopenssl rand -base64 32   # once for SECRET_KEY, once more for JWT_SECRET\n```\n' +
    'When two services must share a credential, reference one variable from both (`${REDIS_PASSWORD}`) instead of copying the value.',
  references: ['https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html'],
  fixable: false,
  run({ model, report }) {
    const earlier: Use[] = [];
    for (const unit of model.peers) {
      const uses = usesOf(unit);
      for (const use of uses) {
        const first = earlier.find((e) => e.value === use.value && !samePurpose(e.purpose, use.purpose));
        earlier.push(use);
        if (!first || unit !== model) continue;
        const place = first.unit === model ? '' : inService(first.unit);
        report({
          at: use.setting,
          key: `${use.setting.name}:${use.purpose}`,
          secrets: [use.value],
          message: `${use.what}${inService(model)} has the same value as ${first.what}${place}; give each purpose its own secret.`,
        });
      }
    }
  },
});
