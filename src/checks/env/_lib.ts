/**
 * What the env checks share: which variable names they read (docs/env-settings.md lists
 * them per framework), how a unit is named in messages, and whether a unit serves HTTPS.
 */
import type { EnvSetting, EnvUnit } from '../../inputs/env/settings.ts';
import { knownValue, settingOf } from '../../inputs/env/settings.ts';
import { isPasswordName } from '../_shared/credentials.ts';
import { isTruthy } from '../_shared/booleans.ts';
import { findUrls, isLocalHost } from '../_shared/urls.ts';

export { isFalsy, isTruthy } from '../_shared/booleans.ts';

/** ` in service "api"` for a Compose service, nothing for a file (the finding's location names it). */
export function inService(unit: EnvUnit): string {
  return unit.service ? ` in service "${unit.service}"` : '';
}

/** The unit as a sentence subject: `Service "api"`, `This file`. */
export function unitName(unit: EnvUnit): string {
  return unit.service ? `Service "${unit.service}"` : 'This file';
}

/** A setting's value when it is known here; Compose entries without a value (taken from the shell) are not. */
export function valueOf(unit: EnvUnit, name: string): string | undefined {
  const s = settingOf(unit, name);
  return s ? knownValue(s) : undefined;
}

/** The first of `names` the unit sets, with its known value. */
export function firstSet(unit: EnvUnit, names: readonly string[]): { setting: EnvSetting; value: string } | undefined {
  for (const name of names) {
    const setting = settingOf(unit, name);
    const value = setting ? knownValue(setting) : undefined;
    if (setting && value !== undefined) return { setting, value };
  }
  return undefined;
}

/**
 * The value of a secret as it is written on this setting's line: known, and not taken
 * from the project's `.env` through `${VAR}` (the `.env` unit judges it where it is
 * written, so a weak value is reported once, at its source).
 */
export function valueWrittenHere(setting: EnvSetting): string | undefined {
  const value = knownValue(setting);
  if (value === undefined || value.trim() === '') return undefined;
  if ((setting.vars ?? []).some((v) => v.source === 'env' && !v.usedDefault)) return undefined;
  return value;
}

// ---- which secrets are the operator's to choose --------------------------------------

/**
 * Signing and encryption secrets by name ending: Django/Flask/FastAPI `SECRET_KEY`
 * (`DJANGO_SECRET_KEY`, `FLASK_SECRET_KEY`), Rails `SECRET_KEY_BASE`, Laravel `APP_KEY`,
 * Symfony `APP_SECRET`, flask-jwt-extended `JWT_SECRET_KEY`, Node `JWT_SECRET`,
 * express-session `SESSION_SECRET`, cookie-parser `COOKIE_SECRET`, NextAuth/Auth.js
 * `NEXTAUTH_SECRET` / `AUTH_SECRET`, and `ENCRYPTION_KEY`, `SIGNING_KEY`, `HMAC_SECRET`,
 * `CSRF_SECRET`, `TOKEN_SECRET`, `WEBHOOK_SECRET`.
 */
const SIGNING_SUFFIXES = [
  'SECRET_KEY', 'SECRET_KEY_BASE', 'APP_KEY', 'APP_SECRET', 'JWT_SECRET', 'JWT_SECRET_KEY', 'JWT_SIGNING_KEY', 'JWT_KEY',
  'SESSION_SECRET', 'SESSION_KEY', 'COOKIE_SECRET', 'AUTH_SECRET', 'ENCRYPTION_KEY', 'SIGNING_KEY', 'HMAC_SECRET', 'HMAC_KEY',
  'CSRF_SECRET', 'TOKEN_SECRET', 'WEBHOOK_SECRET',
];
/** API keys a client must present to this stack: `API_KEY`, `ADMIN_API_KEY`, Qdrant `QDRANT__SERVICE__API_KEY`, Meilisearch `MEILI_MASTER_KEY`, … */
const API_KEY_SUFFIXES = ['API_KEY', 'API_KEYS', 'API_TOKEN', 'MASTER_KEY', 'ADMIN_TOKEN'];
/** Data stores whose passwords the operator sets (`POSTGRES_PASSWORD`, `REDIS_PASSWORD`, `RABBITMQ_DEFAULT_PASS`, …). */
const DATA_STORE_WORDS = new Set([
  'POSTGRES', 'POSTGRESQL', 'PG', 'DB', 'DATABASE', 'MYSQL', 'MARIADB', 'MONGO', 'MONGODB', 'REDIS', 'REDISCLI', 'VALKEY', 'RABBITMQ',
  'AMQP', 'BROKER', 'CACHE', 'ELASTIC', 'ELASTICSEARCH', 'OPENSEARCH', 'MINIO', 'CLICKHOUSE', 'COUCHDB', 'INFLUXDB', 'NEO4J', 'NATS',
  'KAFKA', 'CASSANDRA', 'MEMCACHED', 'KEYDB', 'DRAGONFLY',
]);
/**
 * Keys a provider issues (`OPENAI_API_KEY`, `STRIPE_SECRET_KEY`, `AWS_SECRET_ACCESS_KEY`):
 * their strength is the provider's business; leaked ones are the secrets scan's.
 */
const PROVIDERS = new Set([
  'OPENAI', 'ANTHROPIC', 'AZURE', 'AWS', 'GCP', 'GOOGLE', 'GITHUB', 'GITLAB', 'BITBUCKET', 'SLACK', 'DISCORD', 'TELEGRAM', 'TWILIO',
  'SENDGRID', 'MAILGUN', 'MAILCHIMP', 'POSTMARK', 'RESEND', 'STRIPE', 'PAYPAL', 'BRAINTREE', 'ADYEN', 'SENTRY', 'DATADOG', 'NEWRELIC',
  'ALGOLIA', 'PUSHER', 'CLOUDINARY', 'FIREBASE', 'AUTH0', 'OKTA', 'CLERK', 'RECAPTCHA', 'HCAPTCHA', 'TURNSTILE', 'CLOUDFLARE',
  'DIGITALOCEAN', 'HEROKU', 'VERCEL', 'NETLIFY', 'SHOPIFY', 'MAPBOX', 'HUGGINGFACE', 'HF', 'COHERE', 'MISTRAL', 'GROQ', 'REPLICATE',
  'PINECONE', 'SUPABASE', 'NOTION', 'LINEAR', 'JIRA', 'ATLASSIAN', 'OPENROUTER', 'TOGETHER', 'DEEPSEEK', 'GEMINI', 'VOYAGE', 'SERPAPI',
]);

export type SecretKind = 'signing' | 'api-key' | 'password';

/** The kind of operator-chosen secret a variable holds, or undefined when it holds none of them (or a provider's key). */
export function secretKind(name: string): SecretKind | undefined {
  const upper = name.toUpperCase();
  if (/_(FILE|PATH|DIR|URL|URI|HOST|PORT|USER|USERNAME|NAME|ID|EXPIRES?|TTL|LIFETIME|MINUTES|SECONDS|HOURS|DAYS|ALGORITHM|HEADER|LOCATION)$/.test(upper)) return undefined;
  const words = upper.split(/_+/).filter(Boolean);
  if (words.length > 0 && PROVIDERS.has(words[0]!)) return undefined;
  if (SIGNING_SUFFIXES.some((s) => upper === s || upper.endsWith(`_${s}`))) return 'signing';
  if (API_KEY_SUFFIXES.some((s) => upper === s || upper.endsWith(`_${s}`))) return 'api-key';
  if (upper === 'PGPASSWORD' || upper === 'REDISCLI_AUTH') return 'password';
  if (isPasswordName(name) && words.some((w) => DATA_STORE_WORDS.has(w))) return 'password';
  return undefined;
}

/** The user a password belongs to in the same unit: `POSTGRES_PASSWORD` -> `POSTGRES_USER`. */
export function userFor(unit: EnvUnit, passwordName: string): string | undefined {
  const stem = passwordName.replace(/_?(PASSWORD|PASSWD|PASS|PWD)$/i, '');
  for (const suffix of ['_USER', '_USERNAME', 'USER', '_LOGIN']) {
    const v = valueOf(unit, `${stem}${suffix}`);
    if (v) return v;
  }
  return undefined;
}

/** Schemes whose URL password is a data-store password. */
export function isDataStoreScheme(scheme: string): boolean {
  return /^(postgres|postgresql|pgsql|postgis|timescaledb|mysql|mariadb|mongodb|mongodb\+srv|redis|rediss|redis\+sentinel|valkey|amqp|amqps|mqtt|mqtts|nats|tls|clickhouse|elasticsearch|neo4j|bolt)(\+[a-z0-9_]+)?$/.test(scheme);
}

// ---- HTTPS ----------------------------------------------------------------------------

/** Switches that make a framework redirect to or insist on HTTPS: Django `SECURE_SSL_REDIRECT`, `FORCE_HTTPS`, `FORCE_SSL`, Rails `RAILS_FORCE_SSL`, `HTTPS=true`. */
const HTTPS_SWITCHES = ['SECURE_SSL_REDIRECT', 'DJANGO_SECURE_SSL_REDIRECT', 'FORCE_HTTPS', 'FORCE_SSL', 'RAILS_FORCE_SSL', 'HTTPS', 'USE_HTTPS', 'SSL_REDIRECT'];

/**
 * Why the unit serves its users over HTTPS, or undefined when nothing says so: a
 * production unit, an HTTPS-forcing switch, or an `https://` address of this app for a
 * host that is not local (`BASE_URL`, `SITE_URL`, `ALLOWED_ORIGINS`, `CSRF_TRUSTED_ORIGINS`, …).
 */
export function httpsEvidence(unit: EnvUnit): string | undefined {
  if (unit.production === 'yes') return `production: ${unit.productionReason ?? 'by its settings'}`;
  const forced = HTTPS_SWITCHES.find((n) => isTruthy(valueOf(unit, n)));
  if (forced) return `${forced} is on`;
  for (const s of unit.settings) {
    if (!/URL|URI|ORIGIN|HOST|DOMAIN|SITE|ADDRESS|ENDPOINT/i.test(s.name)) continue;
    const v = knownValue(s);
    if (!v) continue;
    const https = findUrls(v).find((u) => u.scheme === 'https' && !isLocalHost(u.hosts[0] ?? ''));
    if (https && /PUBLIC|BASE|SITE|APP|FRONTEND|ORIGIN|DOMAIN|CALLBACK|REDIRECT|EXTERNAL|NEXTAUTH|TRUSTED/i.test(s.name)) return `${s.name} is an https:// address`;
  }
  return undefined;
}
