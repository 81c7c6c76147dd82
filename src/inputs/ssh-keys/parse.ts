/**
 * An `authorized_keys` reader following sshd(8), "AUTHORIZED_KEYS FILE FORMAT": each line
 * is `[options] keytype base64-key [comment]`; options are comma-separated, values in
 * double quotes may hold commas and spaces (`\"` escapes a quote); `#` lines and blank
 * lines are skipped. The key blob is decoded (SSH wire format) so the real type and size
 * are judged, not what the line claims. Never throws; a malformed line is a positioned
 * error whose message never repeats the key material.
 */
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';

export interface AuthorizedKey {
  /** Key type named on the line, e.g. `ssh-ed25519`. */
  declaredType: string;
  /** Type inside the decoded blob; equal to `declaredType` for a well-formed line. */
  type: string;
  /** RSA modulus or DSA prime size in bits; 256 for Ed25519; the curve size for ECDSA. */
  bits?: number;
  /** ECDSA curve name (`nistp256`, …). */
  curve?: string;
  /** Option names, lower-cased (`from`, `command`, `restrict`, `no-pty`, …). */
  options: string[];
  comment: string;
  /** The whole line. */
  loc: Location;
}

export interface AuthorizedKeysFile {
  path: string;
  keys: AuthorizedKey[];
}

const KEY_TYPES = new Set([
  'ssh-rsa',
  'ssh-dss',
  'ssh-ed25519',
  'ssh-ed448',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ecdsa-sha2-nistp256@openssh.com',
  'sk-ssh-ed25519@openssh.com',
]);

/** Certificate types carry the plain key type before `-cert-v01@openssh.com`. */
function isKeyType(token: string): boolean {
  return KEY_TYPES.has(token) || KEY_TYPES.has(token.replace(/-cert-v0[01]@openssh\.com$/, ''));
}

export function parseAuthorizedKeys(text: string, path: string): { file: AuthorizedKeysFile; errors: ScanError[] } {
  const keys: AuthorizedKey[] = [];
  const errors: ScanError[] = [];
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i]!.replace(/\r$/, '');
    const start = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body === '' || body.startsWith('#')) continue;
    const line = i + 1;
    const loc: Location = { path, line, column: start + 1, endLine: line, endColumn: start + body.length + 1 };
    const parsed = parseLine(body);
    if (!parsed.ok) {
      errors.push({ path, line, column: start + 1, reason: parsed.reason });
      continue;
    }
    keys.push({ ...parsed.key, loc });
  }
  return { file: { path, keys }, errors };
}

type LineResult = { ok: true; key: Omit<AuthorizedKey, 'loc'> } | { ok: false; reason: string };

function parseLine(body: string): LineResult {
  let rest = body;
  let options: string[] = [];
  const first = firstToken(rest);
  if (!isKeyType(first)) {
    const opts = readOptions(rest);
    if (!opts.ok) return opts;
    options = opts.names;
    rest = rest.slice(opts.length).trimStart();
  }
  const [declaredType, blob, ...comment] = rest.split(/[ \t]+/);
  if (!declaredType || !isKeyType(declaredType)) return { ok: false, reason: 'not an authorized key: no known key type after the options' };
  if (!blob) return { ok: false, reason: `${declaredType} key without its base64 data` };
  const decoded = decodeBlob(blob);
  if (!decoded.ok) return { ok: false, reason: `${declaredType} key: ${decoded.reason}` };
  // sshd skips a line whose key data is of another type than the line names.
  if (decoded.info.type !== declaredType) return { ok: false, reason: `the line names ${declaredType} but its key data is ${decoded.info.type}; sshd ignores this line` };
  return { ok: true, key: { declaredType, ...decoded.info, options, comment: comment.join(' ') } };
}

function firstToken(s: string): string {
  const m = /^[^ \t]+/.exec(s);
  return m ? m[0] : '';
}

/** The options field up to the first unquoted blank, as sshd's `sshkey_advance_past_options`. */
function readOptions(s: string): { ok: true; names: string[]; length: number } | { ok: false; reason: string } {
  let quoted = false;
  let i = 0;
  for (; i < s.length; i++) {
    const ch = s[i]!;
    if (!quoted && (ch === ' ' || ch === '\t')) break;
    if (ch === '\\' && s[i + 1] === '"') {
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
  }
  if (quoted) return { ok: false, reason: 'unterminated quoted option value' };
  const field = s.slice(0, i);
  const names: string[] = [];
  let depth = false;
  let current = '';
  for (let j = 0; j < field.length; j++) {
    const ch = field[j]!;
    if (ch === '\\' && field[j + 1] === '"') {
      current += '\\"';
      j++;
      continue;
    }
    if (ch === '"') depth = !depth;
    if (ch === ',' && !depth) {
      names.push(optionName(current));
      current = '';
      continue;
    }
    current += ch;
  }
  if (current !== '') names.push(optionName(current));
  return { ok: true, names, length: i };
}

function optionName(option: string): string {
  const eq = option.indexOf('=');
  return (eq === -1 ? option : option.slice(0, eq)).toLowerCase();
}

interface BlobInfo {
  type: string;
  bits?: number;
  curve?: string;
}

const CURVE_BITS: Record<string, number> = { nistp256: 256, nistp384: 384, nistp521: 521 };

/** Decode the SSH wire-format public key: string type, then the type's fields. */
export function decodeBlob(b64: string): { ok: true; info: BlobInfo } | { ok: false; reason: string } {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return { ok: false, reason: 'the key data is not base64' };
  const buf = Buffer.from(b64, 'base64');
  const reader = new WireReader(buf);
  const type = reader.string()?.toString('latin1');
  if (type === undefined) return { ok: false, reason: 'the key data is truncated' };
  const plain = type.replace(/-cert-v0[01]@openssh\.com$/, '');
  if (plain !== type) reader.string(); // certificates carry a nonce first
  switch (plain) {
    case 'ssh-rsa': {
      reader.string(); // e
      const n = reader.string();
      return n ? { ok: true, info: { type, bits: mpintBits(n) } } : { ok: false, reason: 'the RSA key data is truncated' };
    }
    case 'ssh-dss': {
      const p = reader.string();
      return p ? { ok: true, info: { type, bits: mpintBits(p) } } : { ok: false, reason: 'the DSA key data is truncated' };
    }
    case 'ssh-ed25519':
    case 'sk-ssh-ed25519@openssh.com':
      return reader.string()?.length === 32 ? { ok: true, info: { type, bits: 256 } } : { ok: false, reason: 'the Ed25519 key data is truncated' };
    case 'ssh-ed448':
      return reader.string()?.length === 57 ? { ok: true, info: { type, bits: 448 } } : { ok: false, reason: 'the Ed448 key data is truncated' };
    default: {
      const curve = reader.string()?.toString('latin1');
      const point = reader.string();
      if (plain.includes('ecdsa') && curve !== undefined && point !== undefined && point.length > 0) {
        return { ok: true, info: { type, curve, ...(CURVE_BITS[curve] ? { bits: CURVE_BITS[curve] } : {}) } };
      }
      return { ok: false, reason: plain.includes('ecdsa') ? 'the ECDSA key data is truncated' : 'unknown key type inside the key data' };
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

class WireReader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}

  string(): Buffer | undefined {
    if (this.offset + 4 > this.buf.length) return undefined;
    const length = this.buf.readUInt32BE(this.offset);
    if (this.offset + 4 + length > this.buf.length) return undefined;
    const out = this.buf.subarray(this.offset + 4, this.offset + 4 + length);
    this.offset += 4 + length;
    return out;
  }
}
