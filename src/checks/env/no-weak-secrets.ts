import { defineCheck } from '../../core/check.ts';
import type { Severity } from '../../core/severity.ts';
import type { EnvUnit } from '../../inputs/env/settings.ts';
import { isWeakPassword, messageAvoiding } from '../_shared/credentials.ts';
import { judgeSecret, STRONG_BITS } from '../../secrets/strength.ts';
import type { SecretStrength } from '../../secrets/strength.ts';
import { findUrls, hasReference, isLocalHost } from '../_shared/urls.ts';
import { inService, isDataStoreScheme, secretKind, userFor, valueWrittenHere } from './_lib.ts';

const SEVERITY: Record<Exclude<SecretStrength['verdict'], 'strong'>, Severity> = {
  placeholder: 'high',
  dictionary: 'high',
  weak: 'medium',
  short: 'low',
};

function problem(s: SecretStrength): string {
  switch (s.verdict) {
    case 'placeholder': return 'is a placeholder or a well-known default';
    case 'dictionary': return 'is made of dictionary words';
    case 'weak': return `has about ${s.bits} bits of entropy, far below the ${STRONG_BITS} of 32 random bytes`;
    default: return `has about ${s.bits} bits of entropy, below the ${STRONG_BITS} of 32 random bytes`;
  }
}

export default defineCheck<EnvUnit>({
  id: 'env/no-weak-secrets',
  title: 'Secret keys, API keys and data-store passwords are long random values',
  severity: 'high',
  checklist: ['A1', 'A2'],
  rationale:
    'Whoever knows the signing key of a web framework can forge sessions, password-reset links and JWTs for any ' +
    'user; whoever guesses a database or Redis password reads and changes every record. Placeholders ' +
    '(`changeme`, `secret`, `dev-secret-key`, `your-key-here`, `django-insecure-…`) are public, words and ' +
    'short values fall to offline guessing. The checklist asks for 32+ random bytes (256 bits).\n\n' +
    'Names read (exact, or ending in `_<name>`): signing keys `SECRET_KEY` (Django, Flask, FastAPI, Starlette), ' +
    '`SECRET_KEY_BASE` (Rails), `APP_KEY` (Laravel), `APP_SECRET` (Symfony), `JWT_SECRET`, `JWT_SECRET_KEY` ' +
    '(flask-jwt-extended), `JWT_SIGNING_KEY`, `JWT_KEY`, `SESSION_SECRET` (express-session), `SESSION_KEY`, ' +
    '`COOKIE_SECRET`, `AUTH_SECRET`/`NEXTAUTH_SECRET` (Auth.js), `ENCRYPTION_KEY`, `SIGNING_KEY`, `HMAC_SECRET`, ' +
    '`HMAC_KEY`, `CSRF_SECRET`, `TOKEN_SECRET`, `WEBHOOK_SECRET`; API keys clients must present: `API_KEY`, ' +
    '`API_KEYS`, `API_TOKEN`, `MASTER_KEY` (Meilisearch `MEILI_MASTER_KEY`), `ADMIN_TOKEN`, `QDRANT__SERVICE__API_KEY`; ' +
    'passwords of data stores: a password-named variable with a data-store word (`POSTGRES_PASSWORD`, ' +
    '`DB_PASSWORD`, `MYSQL_ROOT_PASSWORD`, `MONGO_INITDB_ROOT_PASSWORD`, `REDIS_PASSWORD`, `RABBITMQ_DEFAULT_PASS`, ' +
    '`PGPASSWORD`, `REDISCLI_AUTH`, …) and the password of a `postgres://`, `mysql://`, `mongodb://`, `redis://`, ' +
    '`amqp://` URL. Keys a provider issues (`OPENAI_API_KEY`, `STRIPE_SECRET_KEY`, `AWS_*`, …) are not judged: ' +
    'their strength is not yours to choose, and a leaked one is the secrets scan\'s business.\n\n' +
    'Placeholders and dictionary values are high, under 128 bits medium, 128 to 255 bits low. Templates ' +
    '(`.env.example`, `.env.sample`, …) and development or test files (`.env.development`, `NODE_ENV=test`) are ' +
    'not judged. A value a Compose file takes from the project `.env` is reported on its `.env` line; well-known ' +
    'defaults that compose/no-weak-default-credentials reports on the same line are left to it.',
  remediation:
    'Generate each secret, store it outside the repository (an encrypted `.env`, Compose `secrets:`), and restart ' +
    'what reads it:\n```sh\nopenssl rand -base64 32      # or: bulwark secrets gen\n```\n' +
    '```dotenv\nSECRET_KEY=<the 44 characters openssl printed; never a value copied from docs>\n```\n' +
    'Rotating a signing key logs every user out; rotating a password needs the server and every client changed together.',
  references: [
    'https://docs.djangoproject.com/en/stable/ref/settings/#secret-key',
    'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html',
  ],
  fixable: false,
  run({ model, report }) {
    if (model.example || model.production === 'no') return;
    for (const setting of model.settings) {
      const value = valueWrittenHere(setting);
      if (value === undefined) continue;
      const kind = secretKind(setting.name);
      if (kind) {
        const strength = judgeSecret(value, kind === 'password' ? userFor(model, setting.name) : undefined);
        if (strength.verdict === 'strong') continue;
        report({
          at: setting,
          key: setting.name,
          secrets: [value],
          severity: SEVERITY[strength.verdict],
          message: messageAvoiding([value],
            `${setting.name}${inService(model)} ${problem(strength)}; generate 32 random bytes (openssl rand -base64 32).`,
            `${setting.name} ${problem(strength)}; generate 32 random bytes (openssl rand -base64 32).`),
        });
        continue;
      }
      const written = setting.raw !== undefined ? findUrls(setting.raw) : undefined;
      findUrls(value).forEach((url, i) => {
        const password = url.password;
        // A database only this machine reaches is a developer's; env/no-default-credentials-in-urls skips it too.
        if (!password || !isDataStoreScheme(url.scheme) || isLocalHost(url.hosts[0] ?? '')) return;
        if (written && hasReference(written[i]?.password ?? '')) return;
        // Well-known pairs (guest:guest, user = password) are env/no-default-credentials-in-urls'.
        if (isWeakPassword(password, url.user)) return;
        const strength = judgeSecret(password, url.user);
        if (strength.verdict === 'strong') return;
        report({
          at: setting,
          key: `${setting.name}:url:${url.index}`,
          secrets: [password],
          severity: SEVERITY[strength.verdict],
          message: messageAvoiding([password],
            `The password of the ${url.scheme}:// URL in ${setting.name}${inService(model)} ${problem(strength)}.`,
            `The password of the URL in ${setting.name} ${problem(strength)}.`),
        });
      });
    }
  },
});
