/**
 * The few messages of the PostgreSQL frontend/backend protocol 3.0 the probe needs
 * (https://www.postgresql.org/docs/current/protocol-message-formats.html): SSLRequest
 * and its one-byte answer, StartupMessage, Terminate, and the backend messages that can
 * follow a startup (Authentication, ErrorResponse, NoticeResponse, ParameterStatus,
 * BackendKeyData, ReadyForQuery, NegotiateProtocolVersion). Pure functions over bytes:
 * they never throw on any input; they say `incomplete` (read more), `ok`, or `error` with
 * a reason a user can act on. Nothing here can carry a password or a query.
 */

import type { ReadResult } from '../read-result.ts';

export type { ReadResult };

/** `80877103`: the SSLRequest code (1234 << 16 | 5679). */
export const SSL_REQUEST_CODE = 80877103;
/** Protocol 3.0 (3 << 16). */
export const PROTOCOL_3_0 = 196608;
/**
 * Largest backend message the probe accepts. Everything that can precede ReadyForQuery
 * is small (PostgreSQL caps startup-time ErrorResponse text and ParameterStatus values);
 * a larger length means the bytes are not PostgreSQL.
 */
export const MAX_MESSAGE_LENGTH = 8192;

/** Backend message types that may follow a StartupMessage, before any query. */
const STARTUP_ANSWERS = new Set(['R', 'E', 'N', 'v', 'S', 'K', 'Z']);
/** Types a server may send first, before authentication. */
const FIRST_ANSWERS = new Set(['R', 'E', 'N', 'v']);

/** Printable, single-line, bounded: safe to put in an error message. */
export function quoteBytes(bytes: Uint8Array, max = 60): string {
  let text = '';
  for (const b of bytes.subarray(0, max)) text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b === 0x0a ? '\\n' : b === 0x0d ? '\\r' : `\\x${b.toString(16).padStart(2, '0')}`;
  return `"${text}${bytes.length > max ? '…' : ''}"`;
}

export function encodeSslRequest(): Buffer {
  const b = Buffer.alloc(8);
  b.writeInt32BE(8, 0);
  b.writeInt32BE(SSL_REQUEST_CODE, 4);
  return b;
}

/**
 * A StartupMessage for protocol 3.0. Parameter names and values must not contain NUL
 * (they are C strings); offending characters are dropped rather than let through.
 */
export function encodeStartup(params: Readonly<Record<string, string>>): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(params)) parts.push(cString(k), cString(v));
  parts.push(Buffer.from([0]));
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(PROTOCOL_3_0, 4);
  return Buffer.concat([head, body]);
}

/** Terminate ('X'): the polite end of an established session. */
export function encodeTerminate(): Buffer {
  return Buffer.from([0x58, 0, 0, 0, 4]);
}

function cString(s: string): Buffer {
  return Buffer.concat([Buffer.from(s.replace(/\0/g, ''), 'utf8'), Buffer.from([0])]);
}

/** The server's answer to SSLRequest. */
export type SslAnswer =
  | { kind: 'S' }
  | { kind: 'N' }
  /** Servers too old to know SSLRequest answer with an error and close. */
  | { kind: 'E'; error: ErrorFields };

/**
 * One byte, 'S' or 'N'. Anything after that byte, before we speak again, is not
 * PostgreSQL (libpq refuses it too: CVE-2021-23222), and neither is any other first
 * byte, except 'E' followed by a well-formed ErrorResponse.
 */
export function readSslAnswer(buf: Uint8Array): ReadResult<SslAnswer> {
  if (buf.length === 0) return { status: 'incomplete' };
  const first = buf[0]!;
  if (first === 0x53 /* S */ || first === 0x4e /* N */) {
    if (buf.length > 1) return notPostgres(buf, 'it sent more than the one-byte answer to SSLRequest');
    return { status: 'ok', value: { kind: first === 0x53 ? 'S' : 'N' }, consumed: 1 };
  }
  if (first === 0x45 /* E */) {
    const m = readMessage(buf);
    if (m.status === 'incomplete') return m;
    if (m.status === 'error') return notPostgres(buf, 'it answered SSLRequest with neither "S" nor "N"');
    const fields = parseErrorFields(m.value.body);
    if (fields === undefined) return notPostgres(buf, 'it answered SSLRequest with neither "S" nor "N"');
    return { status: 'ok', value: { kind: 'E', error: fields }, consumed: m.consumed };
  }
  return notPostgres(buf, 'it answered SSLRequest with neither "S" nor "N"');
}

export interface BackendMessage {
  /** One ASCII letter. */
  type: string;
  body: Uint8Array;
}

/** One backend message (`type`, Int32 length including itself, body) at the start of `buf`. */
export function readMessage(buf: Uint8Array): ReadResult<BackendMessage> {
  if (buf.length < 5) return { status: 'incomplete' };
  const type = buf[0]!;
  if (type < 0x41 || type > 0x7a) return { status: 'error', reason: `invalid message type byte 0x${type.toString(16).padStart(2, '0')}` };
  const length = readInt32(buf, 1);
  if (length < 4 || length > MAX_MESSAGE_LENGTH) return { status: 'error', reason: `implausible message length ${length}` };
  if (buf.length < 1 + length) return { status: 'incomplete' };
  return { status: 'ok', value: { type: String.fromCharCode(type), body: buf.subarray(5, 1 + length) }, consumed: 1 + length };
}

/** The fields of an ErrorResponse or NoticeResponse that the probe keeps. */
export interface ErrorFields {
  /** `FATAL`, `ERROR` (field V, else S). */
  severity?: string;
  /** SQLSTATE, e.g. `28000` (field C). */
  code?: string;
  /** Primary message (field M). */
  message?: string;
}

/** Field-type byte, C string, …, terminated by a zero byte. Undefined when malformed. */
export function parseErrorFields(body: Uint8Array): ErrorFields | undefined {
  const out: ErrorFields = {};
  let off = 0;
  for (;;) {
    if (off >= body.length) return undefined;
    const type = body[off]!;
    if (type === 0) return off + 1 === body.length ? out : undefined;
    const end = body.indexOf(0, off + 1);
    if (end < 0) return undefined;
    const value = Buffer.from(body.subarray(off + 1, end)).toString('utf8');
    if (type === 0x56 /* V */ || (type === 0x53 /* S */ && out.severity === undefined)) out.severity = value;
    else if (type === 0x43 /* C */) out.code = value;
    else if (type === 0x4d /* M */) out.message = value;
    off = end + 1;
  }
}

/** What an Authentication ('R') message asks for. */
export type AuthRequest =
  | { method: 'ok' }
  | { method: 'kerberos' }
  | { method: 'password' }
  | { method: 'md5' }
  | { method: 'scm' }
  | { method: 'gss' }
  | { method: 'sspi' }
  | { method: 'sasl'; mechanisms: string[] }
  /** GSS continue, SASL continue and final: not a first request. */
  | { method: 'continue'; code: number }
  | { method: 'unknown'; code: number };

const AUTH_CODES: Record<number, AuthRequest['method']> = {
  0: 'ok',
  2: 'kerberos',
  3: 'password',
  5: 'md5',
  6: 'scm',
  7: 'gss',
  8: 'continue',
  9: 'sspi',
  11: 'continue',
  12: 'continue',
};

export function parseAuthRequest(body: Uint8Array): AuthRequest | undefined {
  if (body.length < 4) return undefined;
  const code = readInt32(body, 0);
  if (code === 10) {
    const mechanisms: string[] = [];
    let off = 4;
    for (;;) {
      if (off >= body.length) return undefined;
      const end = body.indexOf(0, off);
      if (end < 0) return undefined;
      if (end === off) break;
      mechanisms.push(Buffer.from(body.subarray(off, end)).toString('latin1'));
      off = end + 1;
    }
    return { method: 'sasl', mechanisms };
  }
  const method = AUTH_CODES[code];
  if (method === undefined) return { method: 'unknown', code };
  if (method === 'continue') return { method, code };
  return { method } as AuthRequest;
}

/** ParameterStatus: name and value. */
export function parseParameterStatus(body: Uint8Array): { name: string; value: string } | undefined {
  const a = body.indexOf(0);
  if (a < 0) return undefined;
  const b = body.indexOf(0, a + 1);
  if (b < 0 || b !== body.length - 1) return undefined;
  return { name: Buffer.from(body.subarray(0, a)).toString('utf8'), value: Buffer.from(body.subarray(a + 1, b)).toString('utf8') };
}

/** What the server said after a StartupMessage, up to where the probe stops listening. */
export interface StartupAnswer {
  /** The first Authentication request; absent when an error came first. */
  auth?: AuthRequest;
  /** An ErrorResponse (before or after authentication). */
  error?: ErrorFields;
  /** ParameterStatus values seen after AuthenticationOk. */
  parameters: Record<string, string>;
  /** ReadyForQuery arrived: a session is established and must be closed with Terminate. */
  ready: boolean;
}

/**
 * The backend's answer to a StartupMessage, read as far as the probe goes: to the first
 * authentication request other than AuthenticationOk (it never answers one), or after
 * AuthenticationOk to ReadyForQuery, or to an ErrorResponse. NoticeResponse and
 * NegotiateProtocolVersion are skipped. `incomplete` until one of those ends is in `buf`.
 */
export function readStartupAnswer(buf: Uint8Array): ReadResult<StartupAnswer> {
  const answer: StartupAnswer = { parameters: {}, ready: false };
  let off = 0;
  let first = true;
  for (;;) {
    const m = readMessage(buf.subarray(off));
    if (m.status === 'incomplete') {
      if (first && buf.length > 0 && !FIRST_ANSWERS.has(String.fromCharCode(buf[0]!))) return notPostgres(buf, 'its answer to a StartupMessage is not a PostgreSQL message');
      return m;
    }
    if (m.status === 'error') return notPostgres(buf, first ? `its answer to a StartupMessage is not a PostgreSQL message (${m.reason})` : m.reason);
    const { type, body } = m.value;
    if (first ? !FIRST_ANSWERS.has(type) : !STARTUP_ANSWERS.has(type)) {
      return notPostgres(buf, first ? 'its answer to a StartupMessage is not a PostgreSQL message' : `unexpected message "${type}" during startup`);
    }
    first = false;
    off += m.consumed;
    if (type === 'N' || type === 'v' || type === 'K') continue;
    if (type === 'E') {
      const error = parseErrorFields(body);
      if (error === undefined) return { status: 'error', reason: 'malformed ErrorResponse' };
      answer.error = error;
      return { status: 'ok', value: answer, consumed: off };
    }
    if (type === 'R') {
      const auth = parseAuthRequest(body);
      if (auth === undefined) return { status: 'error', reason: 'malformed Authentication message' };
      if (answer.auth !== undefined) return { status: 'error', reason: 'a second Authentication message after AuthenticationOk' };
      answer.auth = auth;
      if (auth.method !== 'ok') return { status: 'ok', value: answer, consumed: off };
      continue;
    }
    if (answer.auth?.method !== 'ok') return { status: 'error', reason: `message "${type}" before authentication` };
    if (type === 'S') {
      const p = parseParameterStatus(body);
      if (p === undefined) return { status: 'error', reason: 'malformed ParameterStatus' };
      // defineProperty, not assignment: a server may name a parameter `__proto__`, which `=` would swallow (or worse).
      if (Object.keys(answer.parameters).length < 64) Object.defineProperty(answer.parameters, p.name, { value: p.value, enumerable: true, writable: true, configurable: true });
      continue;
    }
    // 'Z' ReadyForQuery
    answer.ready = true;
    return { status: 'ok', value: answer, consumed: off };
  }
}

function notPostgres(buf: Uint8Array, why: string): ReadResult<never> {
  return { status: 'error', reason: `not a PostgreSQL server: ${why} (it sent ${quoteBytes(buf)})` };
}

function readInt32(buf: Uint8Array, off: number): number {
  return ((buf[off]! << 24) | (buf[off + 1]! << 16) | (buf[off + 2]! << 8) | buf[off + 3]!) | 0;
}
