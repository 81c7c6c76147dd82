/**
 * The slice of RESP (the Redis protocol) the probe needs: commands written as arrays of
 * bulk strings, and the first reply read back (simple string, error, integer, bulk
 * string). Pure functions over bytes; the socket side is retrieve.ts.
 */

/** `PING` → `*1\r\n$4\r\nPING\r\n`. */
export function encodeCommand(...args: string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const a of args) parts.push(`$${Buffer.byteLength(a)}\r\n${a}\r\n`);
  return Buffer.from(parts.join(''), 'utf8');
}

export type RespReply =
  | { kind: 'simple'; text: string }
  | { kind: 'error'; text: string }
  | { kind: 'integer'; value: number }
  | { kind: 'bulk'; text: string | null }
  | { kind: 'array'; length: number }
  /** Not enough bytes yet. */
  | { kind: 'incomplete' }
  /** Bytes that are not a RESP reply (another protocol answered). */
  | { kind: 'invalid'; reason: string };

/** Longest reply the probe accepts (an `INFO server` section is about 1 KB). */
export const MAX_REPLY_BYTES = 64 * 1024;

/** The first reply in `buf`, with the number of bytes it took. */
export function readReply(buf: Buffer): { reply: RespReply; used: number } {
  if (buf.length === 0) return { reply: { kind: 'incomplete' }, used: 0 };
  const eol = buf.indexOf('\r\n');
  const type = String.fromCharCode(buf[0]!);
  if (!'+-:$*'.includes(type)) return { reply: { kind: 'invalid', reason: `not a Redis reply (it begins with ${describeStart(buf)})` }, used: 0 };
  if (eol < 0) {
    return buf.length > 4096 ? { reply: { kind: 'invalid', reason: 'a reply line longer than 4 KB' }, used: 0 } : { reply: { kind: 'incomplete' }, used: 0 };
  }
  const line = buf.subarray(1, eol).toString('utf8');
  const used = eol + 2;
  switch (type) {
    case '+':
      return { reply: { kind: 'simple', text: line }, used };
    case '-':
      return { reply: { kind: 'error', text: line }, used };
    case ':':
      return /^-?\d+$/.test(line) ? { reply: { kind: 'integer', value: Number(line) }, used } : { reply: { kind: 'invalid', reason: 'a malformed integer reply' }, used: 0 };
    case '*':
      return /^-?\d+$/.test(line) ? { reply: { kind: 'array', length: Number(line) }, used } : { reply: { kind: 'invalid', reason: 'a malformed array reply' }, used: 0 };
    default: {
      if (!/^-?\d+$/.test(line)) return { reply: { kind: 'invalid', reason: 'a malformed bulk reply' }, used: 0 };
      const length = Number(line);
      if (length < 0) return { reply: { kind: 'bulk', text: null }, used };
      if (length > MAX_REPLY_BYTES) return { reply: { kind: 'invalid', reason: `a bulk reply of ${length} bytes` }, used: 0 };
      if (buf.length < used + length + 2) return { reply: { kind: 'incomplete' }, used: 0 };
      return { reply: { kind: 'bulk', text: buf.subarray(used, used + length).toString('utf8') }, used: used + length + 2 };
    }
  }
}

function describeStart(buf: Buffer): string {
  const head = buf.subarray(0, 16).toString('latin1');
  return /^[\x20-\x7e]+$/.test(head) ? `"${head}"` : `byte 0x${buf[0]!.toString(16).padStart(2, '0')}`;
}

/** `key:value` lines of an INFO section. */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) out[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return out;
}
