/**
 * Strong random secrets from node:crypto. Two ways to size one: `length` characters drawn
 * uniformly from the encoding's alphabet (rejection sampling, no modulo bias), or `bytes`
 * random bytes encoded (for keys an application decodes, e.g. base64 of 32 bytes).
 */
import { randomBytes } from 'node:crypto';
import { SecretsError } from './errors.ts';

export const SECRET_ENCODINGS = ['base64url', 'base64', 'hex', 'alnum'] as const;
export type SecretEncoding = (typeof SECRET_ENCODINGS)[number];

export const ALPHABETS: Record<SecretEncoding, string> = {
  hex: '0123456789abcdef',
  base64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
};

export const DEFAULT_BYTES = 32;
export const MAX_LENGTH = 4096;
/** Below this many bits of entropy a secret is called weak. */
export const WEAK_BITS = 128;

export interface SecretSpec {
  encoding: SecretEncoding;
  /** Characters of output. */
  length?: number;
  /** Random bytes to encode (ignored when `length` is set). */
  bytes?: number;
}

export function generateSecret(spec: SecretSpec): string {
  if (spec.length !== undefined) {
    checkSize(spec.length, 'length');
    return randomString(ALPHABETS[spec.encoding], spec.length);
  }
  const n = spec.bytes ?? DEFAULT_BYTES;
  checkSize(n, 'bytes');
  const raw = randomBytes(n);
  switch (spec.encoding) {
    case 'hex':
      return raw.toString('hex');
    case 'base64':
      return raw.toString('base64');
    case 'base64url':
      return raw.toString('base64url');
    case 'alnum':
      // No byte encoding for this alphabet: draw as many characters as carry n bytes.
      return randomString(ALPHABETS.alnum, Math.ceil((n * 8) / Math.log2(62)));
  }
}

/** Bits of entropy of a secret made by `spec`. */
export function entropyBits(spec: SecretSpec): number {
  if (spec.length !== undefined) return spec.length * Math.log2(ALPHABETS[spec.encoding].length);
  const n = spec.bytes ?? DEFAULT_BYTES;
  return spec.encoding === 'alnum' ? Math.ceil((n * 8) / Math.log2(62)) * Math.log2(62) : n * 8;
}

/** Uniform characters from an alphabet of at most 256 symbols. */
export function randomString(alphabet: string, length: number): string {
  const size = alphabet.length;
  // The largest multiple of `size` that fits in a byte: bytes at or above it are rejected.
  const limit = 256 - (256 % size);
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(Math.max(16, Math.ceil((length - out.length) * 1.3)))) {
      if (b >= limit) continue;
      out += alphabet[b % size];
      if (out.length === length) break;
    }
  }
  return out;
}

/**
 * A spec that makes values shaped like `old`, so a rotated secret still fits what reads
 * it: hex stays hex, base64 of n bytes stays base64 of n bytes, alphanumeric stays
 * alphanumeric. The length is kept when it gives at least 128 bits, raised otherwise.
 */
export function specLike(old: string): SecretSpec {
  const keepOrRaise = (encoding: SecretEncoding): SecretSpec => {
    const bitsPerChar = Math.log2(ALPHABETS[encoding].length);
    const length = old.length * bitsPerChar >= WEAK_BITS ? old.length : Math.ceil((DEFAULT_BYTES * 8) / bitsPerChar);
    return { encoding, length };
  };
  if (old !== '' && /^[0-9a-f]+$/.test(old)) return keepOrRaise('hex');
  if (old !== '' && /^[A-Za-z0-9]+$/.test(old)) return keepOrRaise('alnum');
  if (old !== '' && /^[A-Za-z0-9_-]+$/.test(old)) return keepOrRaise('base64url');
  if (/^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(old) && /[+/=]/.test(old)) {
    const n = Buffer.from(old, 'base64').length;
    return { encoding: 'base64', bytes: Math.max(n, WEAK_BITS / 8) };
  }
  return { encoding: 'base64url', bytes: DEFAULT_BYTES };
}

export function describeSpec(spec: SecretSpec): string {
  const bits = Math.floor(entropyBits(spec));
  return spec.length !== undefined
    ? `${spec.encoding}, ${spec.length} characters, ${bits} bits`
    : `${spec.encoding} of ${spec.bytes ?? DEFAULT_BYTES} random bytes, ${bits} bits`;
}

function checkSize(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_LENGTH) throw new SecretsError(`--${what} must be a whole number from 1 to ${MAX_LENGTH}`);
}
