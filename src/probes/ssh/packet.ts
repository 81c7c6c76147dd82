/**
 * The clear-text start of an SSH connection, read and written without any crypto: the
 * identification exchange (RFC 4253 §4.2) and the first binary packets up to and
 * including the server's KEXINIT (§6, §7.1). Pure functions over bytes: they never
 * throw on any input; they say `incomplete` (read more), `ok`, or `error` with a reason
 * a user can act on.
 */
import type { SshIdent } from './snapshot.ts';
import type { ReadResult } from '../read-result.ts';

export type { ReadResult };

/** RFC 4253 §4.2: an identification line is at most 255 characters, CR LF included. */
export const MAX_IDENT_LINE = 255;
/** Lines a server may send before its identification; OpenSSH is more tolerant, but a server needing more is not an SSH server we can audit. */
export const MAX_PREAMBLE_LINES = 32;
/** Bytes of preamble plus identification we read before giving up. */
export const MAX_PREAMBLE_BYTES = 8192;
/** RFC 4253 §6.1: implementations must handle packets of 35000 bytes; nothing clear-text is larger. */
export const MAX_PACKET_LENGTH = 35000;
/** Packets (IGNORE, DEBUG) tolerated before the KEXINIT. */
export const MAX_PACKETS_BEFORE_KEXINIT = 8;

export const MSG_DISCONNECT = 1;
export const MSG_IGNORE = 2;
export const MSG_UNIMPLEMENTED = 3;
export const MSG_DEBUG = 4;
export const MSG_KEXINIT = 20;

export interface IdentExchange {
  ident: SshIdent;
  /** The identification line as sent, without CR LF. */
  line: string;
  /** Lines before it. */
  preamble: string[];
}

export interface KexInit {
  cookie: Uint8Array;
  kex: string[];
  hostKeyAlgorithms: string[];
  ciphersClientToServer: string[];
  ciphersServerToClient: string[];
  macsClientToServer: string[];
  macsServerToClient: string[];
  compressionClientToServer: string[];
  compressionServerToClient: string[];
  languagesClientToServer: string[];
  languagesServerToClient: string[];
  firstKexPacketFollows: boolean;
}

export interface ServerHello extends IdentExchange {
  kexinit: KexInit;
}

/** Printable, single-line, bounded: safe to put in an error message. */
export function quoteBytes(bytes: Uint8Array, max = 60): string {
  let text = '';
  for (const b of bytes.subarray(0, max)) text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b === 0x0a ? '\\n' : b === 0x0d ? '\\r' : `\\x${b.toString(16).padStart(2, '0')}`;
  return `"${text}${bytes.length > max ? '…' : ''}"`;
}

/**
 * The identification line, after any preamble lines. Accepts LF as well as CR LF (some
 * servers send only LF, and OpenSSH accepts them).
 */
export function readIdent(buf: Uint8Array): ReadResult<IdentExchange> {
  const preamble: string[] = [];
  let start = 0;
  for (;;) {
    const nl = buf.indexOf(0x0a, start);
    const isIdent = startsWithSsh(buf, start);
    if (nl < 0) {
      const pending = buf.length - start;
      if (isIdent === false) {
        if (buf.subarray(start).includes(0)) return notSsh(buf, preamble, 'binary data before any SSH identification line');
        if (buf.length >= MAX_PREAMBLE_BYTES) return notSsh(buf, preamble, `no SSH identification line in the first ${MAX_PREAMBLE_BYTES} bytes`);
      } else if (pending > MAX_IDENT_LINE) {
        return { status: 'error', reason: `SSH identification line longer than ${MAX_IDENT_LINE} bytes` };
      }
      return { status: 'incomplete' };
    }
    const end = nl > start && buf[nl - 1] === 0x0d ? nl - 1 : nl;
    const lineBytes = buf.subarray(start, end);
    if (isIdent) {
      if (nl + 1 - start > MAX_IDENT_LINE) return { status: 'error', reason: `SSH identification line longer than ${MAX_IDENT_LINE} bytes` };
      const line = latin1(lineBytes);
      const ident = parseIdentLine(line);
      if ('error' in ident) return { status: 'error', reason: ident.error };
      return { status: 'ok', value: { ident, line, preamble }, consumed: nl + 1 };
    }
    if (lineBytes.includes(0)) return notSsh(buf, preamble, 'binary data before any SSH identification line');
    preamble.push(latin1(lineBytes));
    start = nl + 1;
    if (preamble.length > MAX_PREAMBLE_LINES) return notSsh(buf, preamble, `more than ${MAX_PREAMBLE_LINES} lines without an SSH identification line`);
    if (start >= MAX_PREAMBLE_BYTES) return notSsh(buf, preamble, `no SSH identification line in the first ${MAX_PREAMBLE_BYTES} bytes`);
  }
}

/** True/false when the line at `start` does or does not begin with `SSH-`; undefined while too short to tell. */
function startsWithSsh(buf: Uint8Array, start: number): boolean | undefined {
  const prefix = [0x53, 0x53, 0x48, 0x2d]; // "SSH-"
  for (let i = 0; i < prefix.length; i++) {
    const b = buf[start + i];
    if (b === undefined) return undefined;
    if (b !== prefix[i]) return false;
  }
  return true;
}

function notSsh(buf: Uint8Array, preamble: string[], why: string): ReadResult<never> {
  const first = preamble[0] !== undefined ? quoteBytes(Buffer.from(preamble[0], 'latin1')) : quoteBytes(buf);
  return { status: 'error', reason: `not an SSH server: ${why} (it sent ${first})` };
}

/** `SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10` → its parts; SSH-1-only servers are refused. */
export function parseIdentLine(line: string): SshIdent | { error: string } {
  const m = /^SSH-([^-\s]+)-(\S*)(?: (.*))?$/.exec(line);
  if (!m) return { error: `malformed SSH identification line ${quoteBytes(Buffer.from(line, 'latin1'))}` };
  const [, protoVersion, software, comments] = m as unknown as [string, string, string, string | undefined];
  if (protoVersion !== '2.0' && protoVersion !== '1.99') {
    return { error: `server speaks SSH protocol ${protoVersion} only (SSH-1 is broken and not audited; ${quoteBytes(Buffer.from(line, 'latin1'))})` };
  }
  return comments === undefined || comments === '' ? { protoVersion, software } : { protoVersion, software, comments };
}

export interface Packet {
  type: number;
  payload: Uint8Array;
}

/** One unencrypted binary packet (no MAC yet) at the start of `buf`. */
export function readPacket(buf: Uint8Array): ReadResult<Packet> {
  if (buf.length < 5) return { status: 'incomplete' };
  const length = readUint32(buf, 0);
  if (length > MAX_PACKET_LENGTH) {
    return { status: 'error', reason: `oversized SSH packet (${length} bytes announced, limit ${MAX_PACKET_LENGTH}): not a clear-text SSH packet` };
  }
  const padding = buf[4]!;
  if (length < 2 || padding + 1 >= length) {
    return { status: 'error', reason: `malformed SSH packet (length ${length}, padding ${padding})` };
  }
  if (buf.length < 4 + length) return { status: 'incomplete' };
  const payload = buf.subarray(5, 4 + length - padding);
  return { status: 'ok', value: { type: payload[0]!, payload }, consumed: 4 + length };
}

const NAME = /^[\x21-\x2b\x2d-\x7e]+$/; // printable US-ASCII without comma (RFC 4251 §5)

/** The KEXINIT payload (message byte included). */
export function parseKexinit(payload: Uint8Array): ReadResult<KexInit> {
  if (payload[0] !== MSG_KEXINIT) return { status: 'error', reason: `expected KEXINIT (20), got message type ${payload[0] ?? 'none'}` };
  if (payload.length < 17) return { status: 'error', reason: 'truncated KEXINIT (no cookie)' };
  const cookie = payload.slice(1, 17);
  let off = 17;
  const lists: string[][] = [];
  for (let i = 0; i < 10; i++) {
    if (off + 4 > payload.length) return { status: 'error', reason: `truncated KEXINIT (name-list ${i + 1} of 10 missing)` };
    const len = readUint32(payload, off);
    off += 4;
    if (off + len > payload.length) return { status: 'error', reason: `truncated KEXINIT (name-list ${i + 1} claims ${len} bytes)` };
    const text = latin1(payload.subarray(off, off + len));
    off += len;
    const names = text === '' ? [] : text.split(',');
    if (names.some((n) => !NAME.test(n))) return { status: 'error', reason: `invalid name in KEXINIT name-list ${i + 1}` };
    lists.push(names);
  }
  if (off + 5 > payload.length) return { status: 'error', reason: 'truncated KEXINIT (no first_kex_packet_follows / reserved field)' };
  const [kex, hostKeys, encCs, encSc, macCs, macSc, compCs, compSc, langCs, langSc] = lists as [
    string[], string[], string[], string[], string[], string[], string[], string[], string[], string[],
  ];
  return {
    status: 'ok',
    consumed: off + 5,
    value: {
      cookie,
      kex,
      hostKeyAlgorithms: hostKeys,
      ciphersClientToServer: encCs,
      ciphersServerToClient: encSc,
      macsClientToServer: macCs,
      macsServerToClient: macSc,
      compressionClientToServer: compCs,
      compressionServerToClient: compSc,
      languagesClientToServer: langCs,
      languagesServerToClient: langSc,
      firstKexPacketFollows: payload[off] !== 0,
    },
  };
}

/**
 * Everything a server sends in clear before key exchange: identification, then packets
 * up to its KEXINIT (IGNORE and DEBUG are skipped, DISCONNECT becomes the error).
 */
export function readServerHello(buf: Uint8Array): ReadResult<ServerHello> {
  const id = readIdent(buf);
  if (id.status !== 'ok') return id;
  let off = id.consumed;
  for (let n = 0; n < MAX_PACKETS_BEFORE_KEXINIT; n++) {
    const packet = readPacket(buf.subarray(off));
    if (packet.status !== 'ok') return packet;
    off += packet.consumed;
    const { type, payload } = packet.value;
    if (type === MSG_IGNORE || type === MSG_DEBUG || type === MSG_UNIMPLEMENTED) continue;
    if (type === MSG_DISCONNECT) return { status: 'error', reason: `server disconnected before key exchange: ${disconnectText(payload)}` };
    const kexinit = parseKexinit(payload);
    if (kexinit.status !== 'ok') return kexinit;
    return { status: 'ok', value: { ...id.value, kexinit: kexinit.value }, consumed: off };
  }
  return { status: 'error', reason: `no KEXINIT in the first ${MAX_PACKETS_BEFORE_KEXINIT} packets` };
}

function disconnectText(payload: Uint8Array): string {
  // byte 1, uint32 reason code, string description, string language
  if (payload.length < 9) return 'no reason given';
  const code = readUint32(payload, 1);
  const len = readUint32(payload, 5);
  const text = latin1(payload.subarray(9, 9 + Math.min(len, 200)));
  return `${text.replace(/[^\x20-\x7e]/g, '?') || 'no description'} (code ${code})`;
}

/** Our identification line: `SSH-2.0-<software>\r\n`. */
export function writeIdent(software: string, comments?: string): Buffer {
  const clean = software.replace(/[^\x21-\x2c\x2e-\x7e]/g, '_'); // no spaces or '-' in softwareversion
  return Buffer.from(`SSH-2.0-${clean}${comments ? ` ${comments}` : ''}\r\n`, 'latin1');
}

/** A clear-text KEXINIT packet (padding to an 8-byte block, RFC 4253 §6). */
export function writeKexinit(k: Omit<KexInit, 'cookie'> & { cookie?: Uint8Array }): Buffer {
  const lists = [
    k.kex, k.hostKeyAlgorithms, k.ciphersClientToServer, k.ciphersServerToClient, k.macsClientToServer,
    k.macsServerToClient, k.compressionClientToServer, k.compressionServerToClient, k.languagesClientToServer, k.languagesServerToClient,
  ];
  const parts: Buffer[] = [Buffer.from([MSG_KEXINIT]), Buffer.from(k.cookie ?? new Uint8Array(16))];
  for (const list of lists) {
    const text = Buffer.from(list.join(','), 'latin1');
    parts.push(uint32(text.length), text);
  }
  parts.push(Buffer.from([k.firstKexPacketFollows ? 1 : 0]), uint32(0));
  return writePacket(Buffer.concat(parts));
}

export function writePacket(payload: Uint8Array): Buffer {
  let padding = 8 - ((5 + payload.length) % 8);
  if (padding < 4) padding += 8;
  return Buffer.concat([uint32(1 + payload.length + padding), Buffer.from([padding]), Buffer.from(payload), Buffer.alloc(padding)]);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function readUint32(buf: Uint8Array, off: number): number {
  return ((buf[off]! << 24) >>> 0) + (buf[off + 1]! << 16) + (buf[off + 2]! << 8) + buf[off + 3]!;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** The type and size of a host key from its SSH wire blob (RFC 4253 §6.6, RFC 5656, RFC 8709). */
export function describeHostKeyBlob(blob: Uint8Array): { type: string; bits?: number } | undefined {
  const fields: Uint8Array[] = [];
  let off = 0;
  while (off + 4 <= blob.length && fields.length < 6) {
    const len = readUint32(blob, off);
    off += 4;
    if (off + len > blob.length) return fields.length > 0 ? { type: latin1(fields[0]!) } : undefined;
    fields.push(blob.subarray(off, off + len));
    off += len;
  }
  if (fields.length === 0) return undefined;
  const type = latin1(fields[0]!);
  if (!NAME.test(type)) return undefined;
  const mpintBits = (m: Uint8Array | undefined): number | undefined => {
    if (!m) return undefined;
    let i = 0;
    while (i < m.length && m[i] === 0) i++;
    if (i === m.length) return 0;
    return (m.length - i - 1) * 8 + (32 - Math.clz32(m[i]!));
  };
  let bits: number | undefined;
  if (type === 'ssh-rsa') bits = mpintBits(fields[2]); // e, n
  else if (type === 'ssh-dss') bits = mpintBits(fields[1]); // p, q, g, y
  else if (type.startsWith('ecdsa-sha2-nistp')) bits = Number(type.slice('ecdsa-sha2-nistp'.length)) || undefined;
  else if (type === 'ssh-ed25519') bits = 256;
  else if (type === 'ssh-ed448') bits = 456;
  return bits === undefined ? { type } : { type, bits };
}
