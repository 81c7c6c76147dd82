/**
 * Recognising credentials in a Compose file: variable names that hold secrets, values
 * that are literals rather than references, well-known default passwords, and
 * password-bearing arguments inside `command`, `entrypoint` and healthcheck argv.
 */
import type { YNode, YScalar } from '../../../inputs/compose/model.ts';
import { findUrls, hasReference } from './urls.ts';

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

const NON_SECRET_VALUES = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'none', 'null', '0', '1', '~']);

/**
 * True when a credential's value as written is a literal secret: not empty, not a
 * reference, not a boolean switch, not a path to a file holding the secret, not a hash.
 */
export function isLiteralSecretValue(written: string): boolean {
  const v = written.trim();
  if (!v) return false;
  if (hasReference(v)) return false;
  if (NON_SECRET_VALUES.has(v.toLowerCase())) return false;
  if (/^(\/|\.\.?\/|~\/)/.test(v)) return false;
  if (/^[\w.\-/]+\.(pem|key|crt|cert|json|txt|p12|pfx|jks|asc|gpg)$/i.test(v)) return false;
  if (/^(sha1|sha256|sha512|argon2(id|i|d)?|pbkdf2[\w-]*|bcrypt|scrypt):/i.test(v)) return false;
  return true;
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

/** One word of a command line, with the scalar it was written in. */
export interface CommandWord {
  text: string;
  node: YScalar;
  /** True for `;`, `&&`, `||`, `|`: a new program starts after it. */
  separator?: boolean;
}

/**
 * The words of a command node as written (`raw`), so `${VAR}` stays visible. A string
 * command is split like a shell would; quoted scripts (`sh -c "…"`) are split again.
 */
export function commandWords(node: YNode | undefined): CommandWord[] {
  const out: CommandWord[] = [];
  const scalars: YScalar[] = !node ? [] : node.kind === 'scalar' ? [node] : node.kind === 'seq'
    ? node.items.filter((n): n is YScalar => n.kind === 'scalar')
    : [];
  for (const scalar of scalars) {
    const text = scalar.raw ?? (scalar.value === null ? '' : String(scalar.value));
    for (const w of shellWords(text, 0)) out.push({ text: w, node: scalar, ...(isSeparator(w) ? { separator: true } : {}) });
  }
  return out;
}

function isSeparator(w: string): boolean {
  return w === ';' || w === '&&' || w === '||' || w === '|' || w === '&';
}

function shellWords(text: string, depth: number): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let quotedSpace = false;
  let started = false;
  const flush = (): void => {
    if (!started) return;
    if (quotedSpace && depth < 3) words.push(...shellWords(cur, depth + 1));
    else words.push(cur);
    cur = '';
    started = false;
    quotedSpace = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else {
        if (/\s/.test(c)) quotedSpace = true;
        cur += c;
      }
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      started = true;
      continue;
    }
    if (/\s/.test(c)) {
      flush();
      continue;
    }
    if (c === ';' || c === '|' || c === '&') {
      flush();
      const two = text.slice(i, i + 2);
      if (two === '&&' || two === '||') {
        words.push(two);
        i++;
      } else words.push(c);
      continue;
    }
    cur += c;
    started = true;
  }
  flush();
  return words;
}

/** A credential passed as an argument. */
export interface CommandCredential {
  kind: 'assign' | 'flag' | 'short' | 'url';
  /** What carries it: `--requirepass`, `-a (redis-cli)`, `PGPASSWORD=`, `URL password`. */
  carrier: string;
  /** The credential as written (may be a reference). */
  value: string;
  /** The scalar to report at. */
  node: YScalar;
  /** True for passwords (as opposed to API tokens and keys). */
  password: boolean;
}

const TOOL_SHORT_FLAGS: { tool: RegExp; flag: RegExp; attached: boolean }[] = [
  { tool: /^(redis-cli|valkey-cli|keydb-cli)$/, flag: /^-a$/, attached: false },
  { tool: /^(mysql|mysqladmin|mysqldump|mysqlcheck|mysqlshow|mariadb|mariadb-admin|mariadb-dump|mariadb-check)$/, flag: /^-p(.+)$/, attached: true },
  { tool: /^(mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport)$/, flag: /^-p$/, attached: false },
];

/** Credentials passed on a command line: flags, `NAME=value` assignments, URL passwords. */
export function commandCredentials(node: YNode | undefined): CommandCredential[] {
  const words = commandWords(node);
  const out: CommandCredential[] = [];
  let tool = '';
  let atProgramStart = true;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.separator) {
      tool = '';
      atProgramStart = true;
      continue;
    }
    const base = w.text.slice(w.text.lastIndexOf('/') + 1);
    if (atProgramStart && !/^\w+=/.test(w.text) && !['CMD', 'CMD-SHELL', 'sh', 'bash', '-c', 'exec', 'env'].includes(base)) {
      tool = base;
      atProgramStart = false;
    } else if (TOOL_SHORT_FLAGS.some((t) => t.tool.test(base))) {
      tool = base;
    }
    const next = words[i + 1];
    const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(w.text);
    const flagEq = /^--?([A-Za-z][\w.\-]*)=(.*)$/.exec(w.text);
    const flag = /^--([A-Za-z][\w.\-]*)$/.exec(w.text);
    if (assign && isCredentialName(assign[1]!) && assign[2]) {
      out.push({ kind: 'assign', carrier: `${assign[1]}=`, value: assign[2], node: w.node, password: isPasswordName(assign[1]!) });
    } else if (flagEq && isCredentialName(flagEq[1]!) && flagEq[2]) {
      out.push({ kind: 'flag', carrier: `--${flagEq[1]}`, value: flagEq[2], node: w.node, password: isPasswordName(flagEq[1]!) });
    } else if (flag && isCredentialName(flag[1]!) && next && !next.separator && !next.text.startsWith('-')) {
      out.push({ kind: 'flag', carrier: `--${flag[1]}`, value: next.text, node: next.node, password: isPasswordName(flag[1]!) });
      i++;
      continue;
    } else {
      for (const t of TOOL_SHORT_FLAGS) {
        if (!t.tool.test(tool)) continue;
        const m = t.flag.exec(w.text);
        if (!m) continue;
        if (t.attached) out.push({ kind: 'short', carrier: `${w.text.slice(0, 2)} (${tool})`, value: m[1]!, node: w.node, password: true });
        else if (next && !next.separator) {
          out.push({ kind: 'short', carrier: `${w.text} (${tool})`, value: next.text, node: next.node, password: true });
          i++;
        }
      }
    }
    for (const url of findUrls(w.text)) {
      if (url.password) out.push({ kind: 'url', carrier: `${url.scheme}:// URL`, value: url.password, node: w.node, password: true });
    }
  }
  return out;
}

/**
 * `preferred` unless it contains one of the secrets (a password equal to a service name
 * or a tool name is common: "postgres", "redis"), in which case the engine would mask
 * those words and leave a garbled message; then `fallback`, which names nothing.
 */
export function messageAvoiding(secrets: readonly string[], preferred: string, fallback: string): string {
  return secrets.some((s) => s.length >= 3 && preferred.includes(s)) ? fallback : preferred;
}

/**
 * Literal defaults of the `${VAR:-default}` / `${VAR-default}` references in a text:
 * they become the credential when the variable is unset, so they are masked too.
 */
export function referenceDefaults(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\$\{[A-Za-z_]\w*:?-([^}]*)\}/g)) {
    const d = m[1]!;
    if (d.trim() !== '' && !d.includes('$')) out.push(d);
  }
  return out;
}

/** Every credential a command node carries (literal values and reference defaults), for masking. */
export function commandSecrets(node: YNode | undefined): string[] {
  return commandCredentials(node).flatMap((c) => (isLiteralSecretValue(c.value) ? [c.value] : referenceDefaults(c.value)));
}
