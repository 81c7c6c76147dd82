/**
 * New values for named keys of a decrypted file. Each new value is shaped like the old
 * one (see `specLike`) unless a spec is given; every other item is left as it was, so
 * its ciphertext is kept when the file is sealed again.
 */
import { SecretsError } from './errors.ts';
import { describeSpec, generateSecret, specLike } from './generate.ts';
import type { SecretSpec } from './generate.ts';
import type { DotenvItem } from './sops/dotenv-codec.ts';
import { RuleWalker } from './sops/rules.ts';
import type { EncryptionRule } from './sops/rules.ts';

export interface RotatedKey {
  key: string;
  /** How the new value was made, e.g. `hex, 64 characters, 256 bits`. */
  made: string;
  /** How many lines set this key (a duplicated key gets the same new value everywhere). */
  lines: number;
}

// Names whose new value a database does not pick up by itself: it keeps the password it
// was initialized with, so the user must change it inside the database too.
const DATABASE_INIT_PASSWORD = /^(POSTGRES_PASSWORD|MYSQL_ROOT_PASSWORD|MYSQL_PASSWORD|MARIADB_ROOT_PASSWORD|MARIADB_PASSWORD|MONGO_INITDB_ROOT_PASSWORD|RABBITMQ_DEFAULT_PASS)$/;

export function rotateValues(
  items: readonly DotenvItem[],
  keys: readonly string[],
  rule: EncryptionRule,
  spec?: SecretSpec,
): { items: DotenvItem[]; rotated: RotatedKey[]; initOnly: string[] } {
  const wanted = [...new Set(keys)];
  const walker = new RuleWalker(rule);
  const encryptedKeys = new Set<string>();
  const present = new Set<string>();
  for (const item of items) {
    if (item.kind === 'comment') {
      walker.comment(item.text);
      continue;
    }
    present.add(item.key);
    if (walker.value(item.key)) encryptedKeys.add(item.key);
  }
  const missing = wanted.filter((k) => !present.has(k));
  if (missing.length > 0) throw new SecretsError(`no such key in the file: ${missing.join(', ')}`);
  const plain = wanted.filter((k) => !encryptedKeys.has(k));
  if (plain.length > 0) {
    throw new SecretsError(`${plain.join(', ')} ${plain.length === 1 ? 'is' : 'are'} stored unencrypted by the file's rule (${rule.kind}); a new secret there would be written in plain text`);
  }

  const fresh = new Map<string, { value: string; made: string }>();
  for (const key of wanted) {
    const old = items.find((i): i is Extract<DotenvItem, { kind: 'pair' }> => i.kind === 'pair' && i.key === key)!.value;
    const s = spec ?? specLike(old);
    fresh.set(key, { value: generateSecret(s), made: describeSpec(s) });
  }
  const lines = new Map<string, number>();
  const out = items.map((item): DotenvItem => {
    if (item.kind !== 'pair' || !fresh.has(item.key)) return item;
    lines.set(item.key, (lines.get(item.key) ?? 0) + 1);
    return { kind: 'pair', key: item.key, value: fresh.get(item.key)!.value };
  });
  return {
    items: out,
    rotated: wanted.map((key) => ({ key, made: fresh.get(key)!.made, lines: lines.get(key) ?? 0 })),
    initOnly: wanted.filter((k) => DATABASE_INIT_PASSWORD.test(k)),
  };
}
