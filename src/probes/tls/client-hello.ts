/**
 * A minimal TLS handshake on the wire, enough to ask "would you pick one of these suites
 * at this version?" without completing anything: write a ClientHello (RFC 5246 §7.4.1.2,
 * or an SSLv2 CLIENT-HELLO), read records until the ServerHello or an alert. No key
 * exchange happens, so nothing here needs the cipher to exist in local OpenSSL.
 *
 * Pure functions over bytes; the socket side lives in retrieve.ts.
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { SSL2_CIPHER_KINDS } from './cipher-suites.ts';

/** Record-layer and ClientHello versions: SSLv3 0x0300 … TLS 1.2 0x0303. */
export const VERSION = { SSLv3: 0x0300, TLSv1: 0x0301, 'TLSv1.1': 0x0302, 'TLSv1.2': 0x0303 } as const;
export type HelloVersion = keyof typeof VERSION;

const CONTENT_HANDSHAKE = 0x16;
const CONTENT_ALERT = 0x15;
const HANDSHAKE_CLIENT_HELLO = 0x01;
const HANDSHAKE_SERVER_HELLO = 0x02;
/** Servers answer a hello within a few records; anything past this is not a hello. */
export const MAX_HELLO_RESPONSE_BYTES = 64 * 1024;

export interface ClientHelloOptions {
  version: HelloVersion;
  suites: readonly number[];
  /** Sent as SNI when it is a host name (never for IP literals, RFC 6066 §3). */
  host: string;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function u24(n: number): Buffer {
  return Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
}

function vector16(body: Buffer): Buffer {
  return Buffer.concat([u16(body.length), body]);
}

function extension(type: number, body: Buffer): Buffer {
  return Buffer.concat([u16(type), vector16(body)]);
}

function listOf16(values: readonly number[]): Buffer {
  return vector16(Buffer.concat(values.map(u16)));
}

/** Groups for ECDHE suites: x25519, P-256, P-384, P-521, ffdhe2048. */
const GROUPS = [0x001d, 0x0017, 0x0018, 0x0019, 0x0100];
/** RSA and ECDSA with SHA-2 and SHA-1, RSA-PSS: whatever certificate the server has, it can sign. */
const SIGNATURE_ALGORITHMS = [0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0203, 0x0202];
/** TLS_EMPTY_RENEGOTIATION_INFO_SCSV: some servers refuse hellos without secure-renegotiation signalling. */
const RENEGOTIATION_SCSV = 0x00ff;

export function encodeClientHello(options: ClientHelloOptions): Buffer {
  const version = VERSION[options.version];
  const extensions: Buffer[] = [];
  // SSLv3 has no extensions; some SSLv3 stacks choke on them.
  if (options.version !== 'SSLv3') {
    if (isIP(options.host) === 0 && options.host !== '') {
      const name = Buffer.from(options.host, 'ascii');
      extensions.push(extension(0x0000, vector16(Buffer.concat([Buffer.from([0x00]), vector16(name)]))));
    }
    extensions.push(extension(0x000a, listOf16(GROUPS)));
    extensions.push(extension(0x000b, Buffer.from([0x01, 0x00])));
    if (options.version === 'TLSv1.2') extensions.push(extension(0x000d, listOf16(SIGNATURE_ALGORITHMS)));
  }
  const body = Buffer.concat([
    u16(version),
    randomBytes(32),
    Buffer.from([0x00]), // no session id
    listOf16([...options.suites, RENEGOTIATION_SCSV]),
    Buffer.from([0x01, 0x00]), // compression: null only
    ...(extensions.length > 0 ? [vector16(Buffer.concat(extensions))] : []),
  ]);
  const handshake = Buffer.concat([Buffer.from([HANDSHAKE_CLIENT_HELLO]), u24(body.length), body]);
  // The record version of a first hello is conventionally at most TLS 1.0 (RFC 5246 appendix E.1).
  const recordVersion = Math.min(version, VERSION.TLSv1);
  return Buffer.concat([Buffer.from([CONTENT_HANDSHAKE]), u16(recordVersion), vector16(handshake)]);
}

/** An SSLv2 CLIENT-HELLO (2-byte header form) offering every SSLv2 cipher kind. */
export function encodeSsl2ClientHello(): Buffer {
  const specs = Buffer.concat(SSL2_CIPHER_KINDS.map((k) => Buffer.from([(k >> 16) & 0xff, (k >> 8) & 0xff, k & 0xff])));
  const challenge = randomBytes(16);
  const body = Buffer.concat([Buffer.from([0x01]), u16(0x0002), u16(specs.length), u16(0), u16(challenge.length), specs, challenge]);
  return Buffer.concat([u16(0x8000 | body.length), body]);
}

export type HelloAnswer =
  /** The server chose a version and suite. */
  | { kind: 'server-hello'; version: number; suite: number }
  /** The server refused with a TLS alert (handshake_failure 40, protocol_version 70, …). */
  | { kind: 'alert'; level: number; description: number }
  /** Not enough bytes yet. */
  | { kind: 'incomplete' }
  /** Something that is not a TLS answer to our hello. */
  | { kind: 'invalid'; reason: string };

/** Read the server's answer to a TLS ClientHello from the bytes received so far. */
export function readServerHello(buf: Buffer): HelloAnswer {
  let at = 0;
  // Handshake messages may span records: collect the handshake bytes in order.
  let handshake = Buffer.alloc(0);
  while (at + 5 <= buf.length) {
    const type = buf[at]!;
    const length = buf.readUInt16BE(at + 3);
    if (type !== CONTENT_HANDSHAKE && type !== CONTENT_ALERT) {
      if (buf.subarray(at, at + 5).toString('latin1') === 'HTTP/') return { kind: 'invalid', reason: 'not a TLS service: it answered in plain HTTP' };
      return { kind: 'invalid', reason: `not a TLS service (it answered with bytes that are not a TLS record: type ${type})` };
    }
    if (buf[at + 1] !== 0x03 || length > 18_432) return { kind: 'invalid', reason: 'not a TLS record' };
    if (at + 5 + length > buf.length) break;
    const fragment = buf.subarray(at + 5, at + 5 + length);
    if (type === CONTENT_ALERT) {
      if (fragment.length < 2) return { kind: 'invalid', reason: 'truncated TLS alert' };
      return { kind: 'alert', level: fragment[0]!, description: fragment[1]! };
    }
    handshake = Buffer.concat([handshake, fragment]);
    if (handshake.length >= 4) {
      if (handshake[0] !== HANDSHAKE_SERVER_HELLO) return { kind: 'invalid', reason: `expected a ServerHello, got handshake type ${handshake[0]}` };
      const bodyLength = (handshake[1]! << 16) | (handshake[2]! << 8) | handshake[3]!;
      if (handshake.length >= 4 + bodyLength) return parseServerHelloBody(handshake.subarray(4, 4 + bodyLength));
    }
    at += 5 + length;
  }
  return { kind: 'incomplete' };
}

function parseServerHelloBody(body: Buffer): HelloAnswer {
  // version(2) random(32) session_id<0..32> cipher_suite(2) compression(1) [extensions]
  if (body.length < 38) return { kind: 'invalid', reason: 'truncated ServerHello' };
  let version = body.readUInt16BE(0);
  const sessionLength = body[34]!;
  const suiteAt = 35 + sessionLength;
  if (sessionLength > 32 || body.length < suiteAt + 3) return { kind: 'invalid', reason: 'malformed ServerHello' };
  const suite = body.readUInt16BE(suiteAt);
  // TLS 1.3 says 0x0303 in the legacy field and the real version in supported_versions.
  let at = suiteAt + 3;
  if (at + 2 <= body.length) {
    const end = Math.min(body.length, at + 2 + body.readUInt16BE(at));
    at += 2;
    while (at + 4 <= end) {
      const type = body.readUInt16BE(at);
      const length = body.readUInt16BE(at + 2);
      if (type === 0x002b && length === 2 && at + 6 <= end) version = body.readUInt16BE(at + 4);
      at += 4 + length;
    }
  }
  return { kind: 'server-hello', version, suite };
}

/** Read the answer to an SSLv2 CLIENT-HELLO: SERVER-HELLO (type 4) means the server speaks SSLv2. */
export function readSsl2ServerHello(buf: Buffer): { kind: 'ssl2'; accepted: boolean } | { kind: 'incomplete' } {
  if (buf.length < 3) return { kind: 'incomplete' };
  // A TLS alert or handshake record in answer: the server does not speak SSLv2.
  if (buf[0] === CONTENT_ALERT || buf[0] === CONTENT_HANDSHAKE) return { kind: 'ssl2', accepted: false };
  if ((buf[0]! & 0x80) === 0) return { kind: 'ssl2', accepted: false };
  return { kind: 'ssl2', accepted: buf[2] === 0x04 };
}

export function versionName(version: number): string {
  switch (version) {
    case 0x0300:
      return 'SSLv3';
    case 0x0301:
      return 'TLSv1';
    case 0x0302:
      return 'TLSv1.1';
    case 0x0303:
      return 'TLSv1.2';
    case 0x0304:
      return 'TLSv1.3';
    default:
      return `0x${version.toString(16).padStart(4, '0')}`;
  }
}
