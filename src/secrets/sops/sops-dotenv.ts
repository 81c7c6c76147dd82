/**
 * SOPS-compatible encryption of dotenv files with age recipients: files sops writes
 * decrypt here, and files written here decrypt with sops. The steps follow sops
 * (sops.go Encrypt/Decrypt): walk the items in order, feed every value to the MAC,
 * encrypt what the rule says with AAD `KEY:` (comments with `:`), encrypt the MAC with
 * the timestamp as AAD, wrap the data key once per age recipient.
 */
import { randomBytes } from 'node:crypto';
import { checkRecipient, unwrapDataKey, wrapDataKey } from '../age/age-keys.ts';
import { SecretsError } from '../errors.ts';
import { hasSopsMetadata, METADATA_PREFIX, parseDotenv, serializeDotenv, splitMetadata } from './dotenv-codec.ts';
import type { DotenvItem } from './dotenv-codec.ts';
import { MacBuilder, macEquals } from './mac.ts';
import { metadataItems, normalizeTimestamp, readMetadata, SOPS_FORMAT_VERSION, timestampNow } from './metadata.ts';
import type { SopsMetadata } from './metadata.ts';
import { DEFAULT_RULE, RuleWalker } from './rules.ts';
import type { EncryptionRule } from './rules.ts';
import { decryptValue, encryptValue, looksEncrypted, ValueDecryptError } from './value-cipher.ts';

export interface EncryptOptions {
  /** age recipients (`age1…`); each gets its own wrapped copy of the data key. */
  recipients: readonly string[];
  rule?: EncryptionRule;
  macOnlyEncrypted?: boolean;
  /** For tests: the timestamp to write. */
  now?: Date;
}

/**
 * Ciphertext of values as they were before an edit, keyed by AAD and plaintext: an
 * unchanged value is written back with its old ciphertext, as sops does with its IV stash,
 * so diffs of an edited file show only what changed.
 */
export type CiphertextStash = Map<string, string>;

const stashKey = (aad: string, type: string, plaintext: string): string => `${aad}\u0000${type}\u0000${plaintext}`;

/** A decrypted file: the plaintext items, and what is needed to write it back. */
export interface DecryptedDotenv {
  items: DotenvItem[];
  metadata: SopsMetadata;
  dataKey: Uint8Array;
  stash: CiphertextStash;
  /** Index in `metadata.age` of the entry our identities unwrapped. */
  unwrappedBy: number;
}

/** Plaintext dotenv text → sops-encrypted text. */
export async function encryptDotenv(plaintext: string, options: EncryptOptions): Promise<string> {
  const items = parseDotenv(plaintext);
  const reserved = items.find((i) => i.kind === 'pair' && i.key.startsWith(METADATA_PREFIX));
  if (reserved && reserved.kind === 'pair') {
    throw new SecretsError(`the file has the key ${reserved.key}, which starts with the reserved prefix sops_ (is it already encrypted?)`);
  }
  if (options.recipients.length === 0) throw new SecretsError('no age recipients to encrypt for');
  for (const r of options.recipients) await checkRecipient(r);
  const dataKey = randomBytes(32);
  const age = [];
  for (const recipient of dedupe(options.recipients)) age.push({ recipient, enc: await wrapDataKey(dataKey, recipient) });
  const metadata: SopsMetadata = {
    age,
    lastModified: '',
    mac: '',
    version: SOPS_FORMAT_VERSION,
    rule: options.rule ?? DEFAULT_RULE,
    macOnlyEncrypted: options.macOnlyEncrypted === true,
    otherEntries: new Map(),
  };
  return sealDotenv(items, metadata, dataKey, new Map(), options.now);
}

/**
 * Write plaintext items under an existing data key and metadata (after an edit or a
 * rotation): recipients and other key sources stay as they are, the MAC and timestamp
 * are new, unchanged values keep their ciphertext.
 */
export function sealDotenv(
  items: readonly DotenvItem[],
  metadata: SopsMetadata,
  dataKey: Uint8Array,
  stash: CiphertextStash,
  now?: Date,
): string {
  const reserved = items.find((i) => i.kind === 'pair' && i.key.startsWith(METADATA_PREFIX));
  if (reserved && reserved.kind === 'pair') throw new SecretsError(`the key ${reserved.key} starts with the reserved prefix sops_`);
  const walker = new RuleWalker(metadata.rule);
  const mac = new MacBuilder(metadata.macOnlyEncrypted);
  const seal = (plaintext: string, aad: string, type: 'str' | 'comment'): string =>
    stash.get(stashKey(aad, type, plaintext)) ?? encryptValue(plaintext, dataKey, aad, type);
  const out: DotenvItem[] = items.map((item) => {
    if (item.kind === 'comment') {
      return walker.comment(item.text) ? { kind: 'comment', text: seal(item.text, ':', 'comment') } : item;
    }
    const encrypted = walker.value(item.key);
    mac.addValue(item.value, encrypted);
    return encrypted ? { kind: 'pair', key: item.key, value: seal(item.value, `${item.key}:`, 'str') } : item;
  });
  const lastModified = timestampNow(now);
  const sealed: SopsMetadata = {
    ...metadata,
    lastModified,
    mac: encryptValue(mac.digest(), dataKey, lastModified, 'str'),
    version: SOPS_FORMAT_VERSION,
  };
  return serializeDotenv([...out, ...metadataItems(sealed)]);
}

/** Parse an encrypted file's text into data items and metadata, without decrypting. */
export function readSopsDotenv(text: string): { data: DotenvItem[]; metadata: SopsMetadata } {
  const items = parseDotenv(text);
  if (!hasSopsMetadata(items)) throw new SecretsError('not a sops-encrypted file (it has no sops_ metadata lines)');
  const { data, metadata } = splitMetadata(items);
  return { data, metadata: readMetadata(metadata) };
}

export interface DecryptOptions {
  /** age identities (`AGE-SECRET-KEY-1…`) to try. */
  identities: readonly string[];
  /** Where the identities came from, for the error when none fits. */
  identitySources?: readonly string[];
}

/** Encrypted text → plaintext items, after checking every value and the MAC. */
export async function decryptDotenv(text: string, options: DecryptOptions): Promise<DecryptedDotenv> {
  const { data, metadata } = readSopsDotenv(text);
  const { dataKey, index } = await recoverDataKey(metadata, options);
  return { ...decryptWithKey(data, metadata, dataKey), metadata, dataKey, unwrappedBy: index };
}

/** Decrypt the items with a known data key and verify the MAC. */
export function decryptWithKey(
  data: readonly DotenvItem[],
  metadata: SopsMetadata,
  dataKey: Uint8Array,
): { items: DotenvItem[]; stash: CiphertextStash } {
  const walker = new RuleWalker(metadata.rule);
  const mac = new MacBuilder(metadata.macOnlyEncrypted);
  const stash: CiphertextStash = new Map();
  const items: DotenvItem[] = data.map((item, index) => {
    if (item.kind === 'comment') {
      // sops keeps a comment that does not decrypt as plain text (files from old sops
      // versions); one in the ENC format that fails is tampering, and we say so.
      if (!walker.comment(item.text) || !looksEncrypted(item.text)) return item;
      const plaintext = open(item.text, ':', `comment #${ordinal(data, index)}`);
      stash.set(stashKey(':', 'comment', plaintext), item.text);
      return { kind: 'comment', text: plaintext };
    }
    const encrypted = walker.value(item.key);
    if (!encrypted) {
      mac.addValue(item.value, false);
      return item;
    }
    const aad = `${item.key}:`;
    if (item.value !== '' && !looksEncrypted(item.value)) {
      throw new SecretsError(`the value of ${item.key} is not encrypted, but the file's rule (${metadata.rule.kind}) says it must be; was it added by hand? Use \`bulwark secrets edit\``);
    }
    const plaintext = open(item.value, aad, `the value of ${item.key}`);
    mac.addValue(plaintext, true);
    if (item.value !== '') stash.set(stashKey(aad, 'str', plaintext), item.value);
    return { kind: 'pair', key: item.key, value: plaintext };
  });

  if (metadata.mac === '') throw new SecretsError('the file has no MAC (sops_mac is empty): its integrity cannot be checked');
  const aad = normalizeTimestamp(metadata.lastModified);
  let stored: string;
  try {
    stored = decryptValue(metadata.mac, dataKey, aad).plaintext;
  } catch (err) {
    throw new SecretsError(
      err instanceof ValueDecryptError && err.reason === 'auth'
        ? 'the MAC (sops_mac) does not decrypt: it or sops_lastmodified was tampered with'
        : `the MAC (sops_mac) is malformed: ${(err as Error).message}`,
    );
  }
  if (!macEquals(stored, mac.digest())) {
    throw new SecretsError('MAC mismatch: the values do not match the file\'s MAC; a value was changed, added, removed or reordered outside sops/bulwark');
  }

  function open(value: string, aad: string, what: string): string {
    try {
      return decryptValue(value, dataKey, aad).plaintext;
    } catch (err) {
      if (err instanceof ValueDecryptError && err.reason === 'auth') {
        throw new SecretsError(`${what} failed authentication: it was tampered with, renamed, or encrypted under another data key`);
      }
      throw new SecretsError(`${what} is malformed: ${(err as Error).message}`);
    }
  }
  return { items, stash };
}

/** Unwrap the data key with the first age entry any identity opens. */
export async function recoverDataKey(metadata: SopsMetadata, options: DecryptOptions): Promise<{ dataKey: Uint8Array; index: number }> {
  if (metadata.age.length === 0) {
    const kinds = [...new Set([...metadata.otherEntries.keys()].map((k) => k.split('__')[0]!))].join(', ');
    throw new SecretsError(`the data key is not wrapped for any age recipient${kinds ? ` (only: ${kinds})` : ''}; bulwark decrypts age-wrapped files only`);
  }
  if (options.identities.length === 0) {
    throw new SecretsError(
      'no age identity found: set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY, put your key in ~/.config/sops/age/keys.txt, or pass --identity (create one with `bulwark secrets keygen`)',
    );
  }
  const problems: string[] = [];
  for (let i = 0; i < metadata.age.length; i++) {
    const outcome = await unwrapDataKey(metadata.age[i]!.enc, options.identities);
    if (outcome.ok) return { dataKey: outcome.dataKey, index: i };
    if (outcome.reason !== 'no-match') problems.push(`age entry ${i} (${metadata.age[i]!.recipient}): ${outcome.detail ?? outcome.reason}`);
  }
  const from = options.identitySources && options.identitySources.length > 0 ? ` (from ${options.identitySources.join(', ')})` : '';
  const n = options.identities.length;
  throw new SecretsError(
    `wrong key: none of the ${n} age ${n === 1 ? 'identity' : 'identities'}${from} can decrypt this file; it is encrypted for ${metadata.age
      .map((a) => a.recipient)
      .join(', ')}${problems.length > 0 ? `. Also: ${problems.join('; ')}` : ''}`,
  );
}

/** Decrypted items → plaintext dotenv text (the way `sops decrypt` prints it). */
export function plaintextOf(items: readonly DotenvItem[]): string {
  return serializeDotenv(items);
}

function ordinal(data: readonly DotenvItem[], index: number): number {
  return data.slice(0, index + 1).filter((i) => i.kind === 'comment').length;
}

function dedupe(list: readonly string[]): string[] {
  return [...new Set(list.map((s) => s.trim()).filter(Boolean))];
}
