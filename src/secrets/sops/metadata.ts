/**
 * The sops metadata of a dotenv file: the `sops_*` lines, a flattened map (`__map_<key>`
 * for nesting, `__list_<i>` for list items) written after the data, sorted bytewise.
 * We understand age key entries, the MAC, the timestamp and the encryption rule; entries
 * of other key sources (pgp, kms, …) are kept verbatim, because they stay valid as long
 * as the data key does. Shamir key groups are refused.
 */
import { SecretsError } from '../errors.ts';
import type { DotenvItem } from './dotenv-codec.ts';
import { METADATA_PREFIX } from './dotenv-codec.ts';
import { DEFAULT_RULE, RULE_KINDS } from './rules.ts';
import type { EncryptionRule, RuleKind } from './rules.ts';

/** The sops version we write: the format is the one of sops 3.13.2. */
export const SOPS_FORMAT_VERSION = '3.13.2';

export interface AgeKeyEntry {
  /** The age recipient (public key) the data key was wrapped for. */
  recipient: string;
  /** The armored age file holding the wrapped 32-byte data key. */
  enc: string;
}

export interface SopsMetadata {
  age: AgeKeyEntry[];
  /** RFC 3339 timestamp, also the AAD of the MAC. */
  lastModified: string;
  /** The encrypted MAC (`ENC[…]`), empty when missing. */
  mac: string;
  version: string;
  rule: EncryptionRule;
  macOnlyEncrypted: boolean;
  /** Flattened entries we do not interpret (other key sources), without the `sops_` prefix. */
  otherEntries: Map<string, string>;
}

const AGE_ENTRY = /^age__list_(\d+)__map_(.*)$/;

/** Read the flattened metadata map (prefix already removed). */
export function readMetadata(flat: Map<string, string>): SopsMetadata {
  if (flat.has('shamir_threshold') || [...flat.keys()].some((k) => k.startsWith('key_groups__'))) {
    throw new SecretsError('this file uses sops key groups (Shamir secret sharing), which bulwark does not support; use sops');
  }
  const age: Partial<AgeKeyEntry>[] = [];
  const otherEntries = new Map<string, string>();
  const rules: EncryptionRule[] = [];
  let lastModified = '';
  let mac = '';
  let version = '';
  let macOnlyEncrypted = false;
  for (const [key, value] of flat) {
    const m = AGE_ENTRY.exec(key);
    if (m) {
      const index = Number(m[1]);
      const field = m[2]!;
      if (String(index) !== m[1] || index > 1000) throw new SecretsError(`sops metadata: bad list index in sops_${key}`);
      if (field !== 'recipient' && field !== 'enc') throw new SecretsError(`sops metadata: unexpected field sops_${key}`);
      const entry = (age[index] ??= {});
      entry[field] = value;
      continue;
    }
    if ((RULE_KINDS as readonly string[]).includes(key)) {
      if (value !== '') rules.push({ kind: key as RuleKind, value });
      continue;
    }
    switch (key) {
      case 'lastmodified':
        lastModified = value;
        break;
      case 'mac':
        mac = value;
        break;
      case 'version':
        version = value;
        break;
      case 'mac_only_encrypted':
        macOnlyEncrypted = parseGoBool(value, key);
        break;
      default:
        otherEntries.set(key, value);
    }
  }
  for (let i = 0; i < age.length; i++) {
    const entry = age[i];
    if (entry === undefined) throw new SecretsError(`sops metadata: incomplete list (no sops_age__list_${i} entry)`);
    if (entry.enc === undefined || entry.recipient === undefined) {
      throw new SecretsError(`sops metadata: sops_age__list_${i} lacks its ${entry.enc === undefined ? 'enc' : 'recipient'} field`);
    }
  }
  if (rules.length > 1) {
    throw new SecretsError(`sops metadata: more than one encryption rule (${rules.map((r) => r.kind).join(', ')})`);
  }
  if (lastModified === '') throw new SecretsError('sops metadata: sops_lastmodified is missing');
  return {
    age: age as AgeKeyEntry[],
    lastModified,
    mac,
    version,
    rule: rules[0] ?? DEFAULT_RULE,
    macOnlyEncrypted,
    otherEntries,
  };
}

/** Metadata → the `sops_*` pairs, sorted bytewise by flattened key, as sops emits them. */
export function metadataItems(meta: SopsMetadata): DotenvItem[] {
  const flat = new Map<string, string>(meta.otherEntries);
  meta.age.forEach((entry, i) => {
    flat.set(`age__list_${i}__map_enc`, entry.enc);
    flat.set(`age__list_${i}__map_recipient`, entry.recipient);
  });
  flat.set('lastmodified', meta.lastModified);
  flat.set('mac', meta.mac);
  flat.set('version', meta.version);
  flat.set(meta.rule.kind, meta.rule.value);
  if (meta.macOnlyEncrypted) flat.set('mac_only_encrypted', 'true');
  return [...flat.keys()]
    .sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')))
    .map((key) => ({ kind: 'pair', key: `${METADATA_PREFIX}${key}`, value: flat.get(key)! }));
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The MAC's AAD: sops parses `lastmodified` and formats it again as Go's RFC 3339
 * (seconds, `Z` for a zero offset), so the AAD is that normal form, not the raw text.
 */
export function normalizeTimestamp(text: string): string {
  const m = RFC3339.exec(text);
  if (!m) throw new SecretsError('sops metadata: sops_lastmodified is not an RFC 3339 timestamp');
  const zone = m[3] === '+00:00' || m[3] === '-00:00' ? 'Z' : m[3]!;
  return `${m[1]}${zone}`;
}

/** Now, as sops writes it: UTC, whole seconds, literal `Z`. */
export function timestampNow(now: Date = new Date()): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

// Go's strconv.ParseBool.
function parseGoBool(value: string, key: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False', ''].includes(value)) return false;
  throw new SecretsError(`sops metadata: sops_${key} is not a boolean`);
}
