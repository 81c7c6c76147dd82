/**
 * The Redis retriever: the only code of the `redis` kind that touches the network. One
 * TCP (or, for `rediss://`, TLS) connection to the address the target names, inside its
 * deadline: an unauthenticated `PING`, and only when that is obeyed, `INFO server` (read
 * only, for the version). No password is ever sent, no key is read or written, no other
 * command runs. At most `MAX_REPLY_BYTES` are read per reply.
 */
import { isIP } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { connectFirst, describeNetError, remaining, resolveHost, seconds } from '../net.ts';
import type { ProbeBounds, Retrieved } from '../probe.ts';
import type { ProbeTarget } from '../target.ts';
import { encodeCommand, MAX_REPLY_BYTES, parseInfo, readReply } from './resp.ts';
import type { RespReply } from './resp.ts';
import type { RedisSnapshot } from './snapshot.ts';

export async function retrieveRedis(target: ProbeTarget, bounds: ProbeBounds): Promise<Retrieved<RedisSnapshot>> {
  const takenAt = new Date().toISOString();
  const addresses = await resolveHost(target.host, bounds);
  const { socket: plain } = await connectFirst(addresses, target.port, bounds);
  const tls = target.scheme === 'rediss';
  const socket = tls ? await upgrade(plain, target, bounds) : plain;
  const conversation = new Conversation(socket, target, bounds);
  try {
    const ping = await conversation.ask('PING');
    const snapshot: RedisSnapshot = { target: target.display, host: target.host, port: target.port, takenAt, tls, ping: judgePing(ping), notes: [] };
    if (snapshot.ping.reply === 'pong') {
      const info = await conversation.ask('INFO', 'server');
      if (info.kind === 'bulk' && info.text !== null) {
        const fields = parseInfo(info.text);
        snapshot.server = {
          ...(fields.redis_version ? { version: fields.redis_version } : {}),
          ...(fields.redis_mode ? { mode: fields.redis_mode } : {}),
          ...(fields.os ? { os: fields.os.slice(0, 80) } : {}),
        };
      }
    }
    return { snapshot, problems: [] };
  } finally {
    socket.destroy();
  }
}

function judgePing(reply: RespReply): RedisSnapshot['ping'] {
  if (reply.kind === 'simple' && /^PONG$/i.test(reply.text)) return { reply: 'pong' };
  if (reply.kind === 'error') {
    const text = reply.text.slice(0, 200);
    if (/^NOAUTH\b/.test(text)) return { reply: 'noauth', message: text };
    if (/^DENIED\b/.test(text)) return { reply: 'denied', message: text.slice(0, 120) };
    return { reply: 'error', message: text };
  }
  throw new Error(`not a Redis server: it answered PING with ${describeReply(reply)}`);
}

function describeReply(reply: RespReply): string {
  switch (reply.kind) {
    case 'simple':
      return `"${reply.text.slice(0, 40)}"`;
    case 'bulk':
      return 'a bulk string';
    case 'integer':
      return 'an integer';
    case 'array':
      return 'an array';
    default:
      return 'something else';
  }
}

function upgrade(socket: Socket, target: ProbeTarget, bounds: ProbeBounds): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({ socket, rejectUnauthorized: false, ...(isIP(target.host) === 0 ? { servername: target.host } : {}) });
    const timer = setTimeout(() => {
      secure.destroy();
      reject(new Error(`no answer within ${seconds(bounds.timeoutMs)} (TLS handshake)`));
    }, remaining(bounds));
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      secure.removeAllListeners('error');
      resolve(secure);
    });
    secure.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      secure.destroy();
      reject(new Error(`TLS handshake failed (${err.code ?? err.message}): is this a rediss:// port?`));
    });
  });
}

/** Commands one at a time on one connection, each answer read within the deadline. */
class Conversation {
  private buf = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly socket: Socket,
    target: ProbeTarget,
    private readonly bounds: ProbeBounds,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      this.waiting?.();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => this.fail(new Error(describeNetError(err, target.port))));
    socket.on('close', () => this.fail(new Error(this.buf.length === 0 ? 'the server closed the connection without answering (not a Redis server?)' : 'the server closed the connection mid-reply')));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.waiting?.();
  }

  async ask(...command: string[]): Promise<RespReply> {
    this.socket.write(encodeCommand(...command));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${seconds(this.bounds.timeoutMs)} (${command[0]})`)), remaining(this.bounds));
    });
    try {
      return await Promise.race([this.nextReply(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async nextReply(): Promise<RespReply> {
    for (;;) {
      const { reply, used } = readReply(this.buf);
      if (reply.kind === 'invalid') throw new Error(`not a Redis server: ${reply.reason}`);
      if (reply.kind !== 'incomplete') {
        this.buf = this.buf.subarray(used);
        return reply;
      }
      if (this.failure) throw this.failure;
      if (this.buf.length > MAX_REPLY_BYTES) throw new Error(`no complete reply in the first ${MAX_REPLY_BYTES} bytes`);
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = undefined;
    }
  }
}
