/**
 * What names and values of credentials look like, whatever the file: variable names
 * that hold secrets and well-known default passwords. A neutral module: the Compose and
 * env checks (through checks/_shared/credentials.ts) and the secret-scan rules share it.
 */

// Name suffixes that describe a credential without being one (`TOKEN_EXPIRE_MINUTES`,
// `POSTGRES_PASSWORD_FILE`, `AWS_ACCESS_KEY_ID`, `PASSWORD_MIN_LENGTH`).
const NOT_A_VALUE = new Set([
  'FILE', 'PATH', 'DIR', 'EXPIRE', 'EXPIRES', 'EXPIRY', 'EXPIRATION', 'MINUTES', 'SECONDS', 'HOURS', 'DAYS',
  'TTL', 'LIFETIME', 'AGE', 'TIMEOUT', 'ALGORITHM', 'ALG', 'ALGO', 'LENGTH', 'LEN', 'HEADER', 'NAME', 'USER',
  'USERNAME', 'ENABLED', 'ENABLE', 'DISABLED', 'DISABLE', 'REQUIRED', 'MODE', 'TYPE', 'ID', 'URL', 'URI', 'HOST',
  'PORT', 'COUNT', 'LIMIT', 'SIZE', 'ROTATION', 'POLICY', 'METHOD', 'PROVIDER', 'PREFIX', 'ISSUER', 'AUDIENCE',
  'ENDPOINT', 'HASH', 'HASHED', 'RESET', 'COMPLEXITY', 'STRENGTH', 'VERSION', 'FORMAT', 'LOCATION', 'STORE',
]);

const SECRET_WORDS = new Set([
  'PASSWORD', 'PASSWD', 'PASS', 'PW', 'PWD', 'PASSPHRASE', 'SECRET', 'TOKEN', 'CREDENTIALS', 'CREDENTIAL',
  'APIKEY', 'SECRETKEY', 'ACCESSKEY', 'PRIVATEKEY', 'AUTHTOKEN', 'REQUIREPASS', 'MASTERAUTH', 'PGPASSWORD',
  'BASICAUTH', 'MASTERKEY',
]);

const PASSWORD_WORDS = new Set([
  'PASSWORD', 'PASSWD', 'PASS', 'PW', 'PWD', 'PASSPHRASE', 'REQUIREPASS', 'MASTERAUTH', 'PGPASSWORD', 'BASICAUTH',
]);

// `<X>_KEY` is usually secret (`STRIPE_KEY`, `MEILI_MASTER_KEY`) unless the name says it is
// public (`NEXT_PUBLIC_STRIPE_KEY`) or not a key to anything (`CACHE_KEY`).
const PUBLIC_KEY_QUALIFIERS = new Set(['PUBLIC', 'PUB', 'PUBLISHABLE', 'CACHE', 'ROUTING', 'PRIMARY', 'SORT', 'PARTITION', 'SITE', 'FOREIGN', 'IDEMPOTENCY', 'LICENSE']);

function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

function classifyName(name: string): 'password' | 'secret' | undefined {
  const parts = nameParts(name);
  if (parts.length === 0) return undefined;
  if (parts.length === 1 && (parts[0] === 'PWD' || parts[0] === 'PASS')) return undefined; // the shell's cwd, `pass` the tool
  const last = parts[parts.length - 1]!;
  if (NOT_A_VALUE.has(last)) return undefined;
  if (parts[0] === 'NO') return undefined; // `--no-password`
  if (parts.some((p) => PASSWORD_WORDS.has(p) || p.endsWith('PASSWORD'))) return 'password';
  for (let i = 0; i + 1 < parts.length; i++) {
    if (parts[i] === 'BASIC' && parts[i + 1] === 'AUTH') return 'password';
  }
  if (parts.some((p) => SECRET_WORDS.has(p) || p.endsWith('SECRET') || p.endsWith('TOKEN'))) return 'secret';
  if (last === 'KEY' && parts.length > 1 && !parts.some((p) => PUBLIC_KEY_QUALIFIERS.has(p))) return 'secret';
  return undefined;
}

/** True when a variable or flag name says it holds a password, secret, token or key. */
export function isCredentialName(name: string): boolean {
  return classifyName(name) !== undefined;
}

/** True when the name says password specifically (not an API token or signing key). */
export function isPasswordName(name: string): boolean {
  return classifyName(name) === 'password';
}

// Default passwords of official images and common tutorials, and the placeholders that
// end up in production because nobody replaced them.
export const WEAK_PASSWORDS = new Set([
  'password', 'passw0rd', 'p@ssw0rd', 'password1', 'password123', 'pass', 'pass123', 'changeme', 'change_me',
  'change-me', 'changeit', 'secret', 'secret123', 'admin', 'admin123', 'administrator', 'root', 'toor', 'guest',
  'test', 'test123', 'testing', 'example', 'default', 'demo', 'letmein', 'qwerty', '123456', '1234567',
  '12345678', '123456789', '1234', '12345', 'postgres', 'mysql', 'mariadb', 'redis', 'mongo', 'mongodb',
  'rabbitmq', 'minioadmin', 'minio123', 'elastic', 'kibana', 'grafana', 'pgadmin', 'devpass', 'dev', 'development',
  'local', 'user', 'foobar', 'xxx', 'xxxx', 'xxxxxx', 'your-password', 'yourpassword', 'your_password', 'mypassword',
  'supersecret', 'super-secret', 'topsecret',
]);

export function isWeakPassword(value: string, user?: string): boolean {
  const v = value.trim().toLowerCase();
  if (!v) return false;
  if (WEAK_PASSWORDS.has(v)) return true;
  return user !== undefined && user.trim() !== '' && v === user.trim().toLowerCase();
}
