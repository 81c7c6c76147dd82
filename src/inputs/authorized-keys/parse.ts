/**
 * An `authorized_keys` reader following sshd(8), "AUTHORIZED_KEYS FILE FORMAT": each line
 * is `[options] keytype base64-key [comment]`; options are comma-separated, values in
 * double quotes may hold commas and blanks (`\"` escapes a quote); `#` lines and blank
 * lines are skipped. The key blob is decoded (SSH wire format, RFC 4253 §6.6, RFC 5656,
 * PROTOCOL.certkeys, PROTOCOL.u2f) so the real type and size are judged, not what the line
 * or its comment claims. Never throws; a malformed line is a positioned error whose
 * message never repeats the key material.
 */
import { createHash } from 'node:crypto';
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';

export interface AuthorizedKeyOption {
  /** Lower-cased option name (`from`, `command`, `restrict`, `no-pty`, …). */
  name: string;
  /** Where the option is on the line (its value is not kept: `command=` may hold anything). */
  loc: Location;
}

export interface AuthorizedKey {
  /** Key type named on the line, e.g. `ssh-ed25519`; always equal to the type inside the key data. */
  type: string;
  /** The type without its certificate suffix (`ssh-rsa` for `ssh-rsa-cert-v01@openssh.com`). */
  baseType: string;
  /** An OpenSSH certificate rather than a plain key. */
  certificate: boolean;
  /** A FIDO/U2F security-key type (`sk-…@openssh.com`): the private half never leaves the token. */
  securityKey: boolean;
  /** RSA modulus or DSA prime size in bits; 256 for Ed25519; the curve size for ECDSA (as `ssh-keygen -l`). */
  bits: number;
  /** ECDSA curve name (`nistp256`, `nistp384`, `nistp521`). */
  curve?: string;
  /** `SHA256:…` of the key data, as `ssh-keygen -l` prints it: stable whatever line the key is on. */
  fingerprint: string;
  /** Options before the key type, in order. */
  options: AuthorizedKeyOption[];
  comment: string;
  /** The whole line (without leading blanks). */
  loc: Location;
  /** Stable address for fingerprints of findings: the key's own fingerprint. */
  keyPath: string;
}

export interface AuthorizedKeysFile {
  path: string;
  keys: AuthorizedKey[];
}

const CERT_SUFFIX = '-cert-v01@openssh.com';

/** Plain key types OpenSSH knows (ssh-xmss is experimental and off by default, Ed448 is not OpenSSH's: both read as unknown, as sshd does). */
const BASE_TYPES = new Set([
  'ssh-rsa',
  'ssh-dss',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ecdsa-sha2-nistp256@openssh.com',
  'sk-ssh-ed25519@openssh.com',
]);

/** `ssh-rsa-cert-v01@openssh.com` → `ssh-rsa`; `sk-ssh-ed25519-cert-v01@openssh.com` → `sk-ssh-ed25519@openssh.com`. */
export function baseTypeOf(type: string): string | undefined {
  if (BASE_TYPES.has(type)) return type;
  if (!type.endsWith(CERT_SUFFIX)) return undefined;
  const stem = type.slice(0, -CERT_SUFFIX.length);
  const base = stem.startsWith('sk-') ? `${stem}@openssh.com` : stem;
  return BASE_TYPES.has(base) ? base : undefined;
}

export function parseAuthorizedKeys(text: string, path: string): { file: AuthorizedKeysFile; errors: ScanError[] } {
  const keys: AuthorizedKey[] = [];
  const errors: ScanError[] = [];
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i]!.replace(/\r$/, '');
    const start = raw.length - raw.replace(/^[ \t]+/, '').length;
    const body = raw.slice(start).replace(/[ \t]+$/, '');
    if (body === '' || body.startsWith('#')) continue;
    const line = i + 1;
    const parsed = parseLine(body, path, line, start + 1);
    if (!parsed.ok) {
      errors.push({ path, line, column: start + 1 + parsed.offset, reason: parsed.reason });
      continue;
    }
    keys.push(parsed.key);
  }
  return { file: { path, keys }, errors };
}

type LineResult = { ok: true; key: AuthorizedKey } | { ok: false; reason: string; /** 0-based offset in the line body */ offset: number };

/**
 * One line as sshd reads it (auth2-pubkeyfile.c): a key at the start, or else options
 * first. Either way the key data must decode to the type the line names.
 */
function parseLine(body: string, path: string, line: number, column: number): LineResult {
  let at = 0;
  let options: AuthorizedKeyOption[] = [];
  if (baseTypeOf(firstToken(body)) === undefined) {
    const opts = readOptions(body, path, line, column);
    if (!opts.ok) return opts;
    options = opts.options;
    at = opts.length;
    while (body[at] === ' ' || body[at] === '\t') at++;
  }
  const typeToken = firstToken(body.slice(at));
  if (baseTypeOf(typeToken) === undefined) {
    const anywhere = body.split(/[ \t]+/).some((token) => baseTypeOf(token) !== undefined);
    return anywhere
      ? { ok: false, offset: at, reason: 'not an authorized key: no known key type right after the options' }
      : { ok: false, offset: 0, reason: 'not an authorized key: no known key type on the line' };
  }
  at += typeToken.length;
  while (body[at] === ' ' || body[at] === '\t') at++;
  const blob = firstToken(body.slice(at));
  if (blob === '') return { ok: false, offset: at, reason: `${typeToken} key without its base64 key data` };
  const decoded = decodeKeyBlob(blob);
  if (!decoded.ok) return { ok: false, offset: at, reason: `${typeToken} key: ${decoded.reason}` };
  // sshd skips a line whose key data is of another type than the line names.
  if (decoded.info.type !== typeToken) {
    return { ok: false, offset: at, reason: `the line names ${typeToken} but its key data is ${decoded.info.type}; sshd ignores this line` };
  }
  const comment = body.slice(at + blob.length).trim();
  const loc: Location = { path, line, column, endLine: line, endColumn: column + body.length };
  return { ok: true, key: { ...decoded.info, options, comment, loc, keyPath: decoded.info.fingerprint } };
}

function firstToken(s: string): string {
  const m = /^[^ \t]+/.exec(s);
  return m ? m[0] : '';
}

/**
 * The options field up to the first unquoted blank, as sshd's `sshkey_advance_past_options`:
 * `\"` inside the field is skipped as a pair, `"` toggles quoting; an open quote at the end
 * of the line is an error. Options are then split at unquoted commas.
 */
function readOptions(
  s: string,
  path: string,
  line: number,
  column: number,
): { ok: true; options: AuthorizedKeyOption[]; length: number } | { ok: false; reason: string; offset: number } {
  let quoted = false;
  let quoteAt = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const ch = s[i]!;
    if (!quoted && (ch === ' ' || ch === '\t')) break;
    if (ch === '\\' && s[i + 1] === '"') {
      i++;
      continue;
    }
    if (ch === '"') {
      quoted = !quoted;
      quoteAt = i;
    }
  }
  if (quoted) return { ok: false, offset: quoteAt, reason: 'unterminated quoted option value' };
  const options: AuthorizedKeyOption[] = [];
  let begin = 0;
  let inQuotes = false;
  const push = (end: number): void => {
    const text = s.slice(begin, end);
    if (text !== '') {
      const eq = text.indexOf('=');
      options.push({
        name: (eq === -1 ? text : text.slice(0, eq)).toLowerCase(),
        loc: { path, line, column: column + begin, endLine: line, endColumn: column + end },
      });
    }
    begin = end + 1;
  };
  for (let j = 0; j < i; j++) {
    const ch = s[j]!;
    if (ch === '\\' && s[j + 1] === '"') {
      j++;
      continue;
    }
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === ',' && !inQuotes) push(j);
  }
  push(i);
  return { ok: true, options, length: i };
}

export interface KeyBlobInfo {
  type: string;
  baseType: string;
  certificate: boolean;
  securityKey: boolean;
  bits: number;
  curve?: string;
  fingerprint: string;
}

const CURVES: Record<string, { bits: number; pointBytes: number }> = {
  nistp256: { bits: 256, pointBytes: 65 },
  nistp384: { bits: 384, pointBytes: 97 },
  nistp521: { bits: 521, pointBytes: 133 },
};

/**
 * Decode SSH wire-format public key data: the type string, then the type's fields
 * (`sshkey_from_blob`). Plain keys must end with their last field (sshd refuses trailing
 * data); certificates carry their signed fields after the key, which are not needed here.
 */
export function decodeKeyBlob(b64: string): { ok: true; info: KeyBlobInfo } | { ok: false; reason: string } {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 === 1) return { ok: false, reason: 'the key data is not base64' };
  const buf = Buffer.from(b64, 'base64');
  const reader = new WireReader(buf);
  const typeBytes = reader.string();
  if (typeBytes === undefined) return { ok: false, reason: 'the key data is truncated' };
  const type = typeBytes.toString('latin1');
  const baseType = baseTypeOf(type);
  if (baseType === undefined) return { ok: false, reason: 'the key data holds an unknown key type' };
  const certificate = type !== baseType;
  if (certificate && reader.string() === undefined) return { ok: false, reason: 'the certificate data is truncated' };
  const securityKey = baseType.startsWith('sk-');
  const fieldsStart = reader.position;
  const done = (bits: number, curve?: string): { ok: true; info: KeyBlobInfo } | { ok: false; reason: string } => {
    if (securityKey && reader.string() === undefined) return { ok: false, reason: 'the security-key data has no application string' };
    if (!certificate && !reader.atEnd()) return { ok: false, reason: 'unexpected data after the key; sshd refuses this key' };
    // As ssh-keygen -l: a certificate's fingerprint is that of the plain key inside it.
    const plain = certificate ? Buffer.concat([wireString(baseType), buf.subarray(fieldsStart, reader.position)]) : buf;
    const fingerprint = `SHA256:${createHash('sha256').update(plain).digest('base64').replace(/=+$/, '')}`;
    return { ok: true, info: { type, baseType, certificate, securityKey, bits, ...(curve ? { curve } : {}), fingerprint } };
  };
  switch (baseType) {
    case 'ssh-rsa': {
      // Plain keys: e, n. Certificates: nonce, e, n (nonce already read).
      const e = reader.string();
      const n = reader.string();
      if (!e || !n) return { ok: false, reason: 'the RSA key data is truncated' };
      return done(mpintBits(n));
    }
    case 'ssh-dss': {
      const p = reader.string();
      const fields = [reader.string(), reader.string(), reader.string()];
      if (!p || fields.some((f) => f === undefined)) return { ok: false, reason: 'the DSA key data is truncated' };
      return done(mpintBits(p));
    }
    case 'ssh-ed25519':
    case 'sk-ssh-ed25519@openssh.com':
      return reader.string()?.length === 32 ? done(256) : { ok: false, reason: 'the Ed25519 key data is truncated or malformed' };
    default: {
      // ecdsa-sha2-<curve> and sk-ecdsa-sha2-nistp256@openssh.com: curve name, then the point.
      const named = /^(?:sk-)?ecdsa-sha2-(nistp\d+)/.exec(baseType)![1]!;
      const curve = reader.string()?.toString('latin1');
      const point = reader.string();
      if (curve === undefined || point === undefined) return { ok: false, reason: 'the ECDSA key data is truncated' };
      if (curve !== named) return { ok: false, reason: `the key data is on another curve than ${named}; sshd refuses this key` };
      const spec = CURVES[curve]!;
      if (point.length !== spec.pointBytes || point[0] !== 0x04) return { ok: false, reason: 'the ECDSA point is malformed' };
      return done(spec.bits, curve);
    }
  }
}

/** Bit length of an SSH mpint (big-endian, a leading zero byte keeps it positive). */
function mpintBits(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

function wireString(text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}

class WireReader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}

  get position(): number {
    return this.offset;
  }

  string(): Buffer | undefined {
    if (this.offset + 4 > this.buf.length) return undefined;
    const length = this.buf.readUInt32BE(this.offset);
    if (this.offset + 4 + length > this.buf.length) return undefined;
    const out = this.buf.subarray(this.offset + 4, this.offset + 4 + length);
    this.offset += 4 + length;
    return out;
  }

  atEnd(): boolean {
    return this.offset === this.buf.length;
  }
}
