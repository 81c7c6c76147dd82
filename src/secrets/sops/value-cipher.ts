/**
 * One sops value: AES-256-GCM with a 32-byte random nonce and a 16-byte tag, serialized
 * as `ENC[AES256_GCM,data:<b64>,iv:<b64>,tag:<b64>,type:<type>]`. The additional
 * authenticated data is the value's path joined with `:` plus a trailing `:` (`KEY:` for a
 * dotenv value, `:` for a comment), so a value moved to another key no longer decrypts.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const NONCE_BYTES = 32;
const TAG_BYTES = 16;
// As sops parses it: anchored at the start only, greedy groups.
const ENCRYPTED = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/;
const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The types sops writes; dotenv values are always `str`, encrypted comments `comment`. */
export const VALUE_TYPES = ['str', 'int', 'int64', 'float', 'bool', 'bytes', 'comment'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

export interface EncryptedParts {
  data: Buffer;
  iv: Buffer;
  tag: Buffer;
  type: string;
}

/** Why a value could not be decrypted: `malformed` (not the ENC format) or `auth` (wrong key, AAD or tampered). */
export class ValueDecryptError extends Error {
  constructor(readonly reason: 'malformed' | 'auth', message: string) {
    super(message);
  }
}

export function looksEncrypted(value: string): boolean {
  return ENCRYPTED.test(value);
}

export function parseEncrypted(value: string): EncryptedParts {
  const m = ENCRYPTED.exec(value);
  if (!m) throw new ValueDecryptError('malformed', 'not in the ENC[AES256_GCM,…] format');
  const [, data, iv, tag, type] = m as unknown as [string, string, string, string, string];
  const decode = (b64: string, part: string): Buffer => {
    if (!STD_BASE64.test(b64)) throw new ValueDecryptError('malformed', `its ${part} is not valid base64`);
    return Buffer.from(b64, 'base64');
  };
  const parts = { data: decode(data, 'data'), iv: decode(iv, 'iv'), tag: decode(tag, 'tag'), type };
  if (parts.iv.length === 0) throw new ValueDecryptError('malformed', 'its iv is empty');
  if (parts.tag.length !== TAG_BYTES) throw new ValueDecryptError('malformed', `its tag is ${parts.tag.length} bytes, not ${TAG_BYTES}`);
  if (!(VALUE_TYPES as readonly string[]).includes(type)) throw new ValueDecryptError('malformed', `unknown value type "${type.slice(0, 20)}"`);
  return parts;
}

/**
 * Encrypt `plaintext` (UTF-8) under the data key. Empty text stays empty, as in sops.
 * `iv` is only for re-encrypting a value that did not change (same plaintext and AAD).
 */
export function encryptValue(plaintext: string, key: Uint8Array, aad: string, type: ValueType = 'str', iv?: Uint8Array): string {
  if (plaintext === '') return '';
  const nonce = iv ?? randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${Buffer.from(nonce).toString('base64')},tag:${tag.toString('base64')},type:${type}]`;
}

/** Decrypt one value; `""` decrypts to `""`. Throws ValueDecryptError, never with plaintext in it. */
export function decryptValue(value: string, key: Uint8Array, aad: string): { plaintext: string; type: string; iv: Buffer } {
  if (value === '') return { plaintext: '', type: 'str', iv: Buffer.alloc(0) };
  const parts = parseEncrypted(value);
  const decipher = createDecipheriv('aes-256-gcm', key, parts.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(parts.tag);
  let bytes: Buffer;
  try {
    bytes = Buffer.concat([decipher.update(parts.data), decipher.final()]);
  } catch {
    throw new ValueDecryptError('auth', 'authentication failed');
  }
  return { plaintext: bytes.toString('utf8'), type: parts.type, iv: parts.iv };
}
