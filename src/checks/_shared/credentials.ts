/**
 * Recognising credentials in configuration, whatever the file: variable names that hold
 * secrets, values that are literals rather than references, well-known default passwords.
 * Shared by the Compose checks (environment, commands) and the env checks (`.env` files).
 * Name and default-password knowledge lives in secrets/names.ts (the secret scan uses it too).
 */
import { hasReference } from './urls.ts';

export { isCredentialName, isPasswordName, isWeakPassword, WEAK_PASSWORDS } from '../../secrets/names.ts';

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
