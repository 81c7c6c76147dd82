/**
 * The PostgreSQL retriever: the only code of the `postgres` kind that touches the
 * network. It never logs in with a credential and never sends a query. At most
 * `MAX_CONNECTIONS` TCP connections to the one address the target names, all inside the
 * target's deadline, at most `MAX_READ_BYTES` read on each:
 *
 * 1. SSLRequest. On 'S' the same socket is upgraded with node:tls (any version from
 *    TLS 1.0, `@SECLEVEL=0`, nothing verified: the question is what the server does) and
 *    the negotiated protocol and cipher are kept. That connection then carries the
 *    first TLS StartupMessage; on 'N' it carries the first plain one.
 * 2. A StartupMessage (protocol 3.0, database `postgres`, application_name
 *    `bulwark-probe`) per user in `PROBE_USERS`, over plain text and, when the server
 *    offers TLS, over TLS: the first answer says which pg_hba.conf method applies. A
 *    password request is answered by hanging up; AuthenticationOk (`trust`) is read to
 *    ReadyForQuery or an ErrorResponse and closed with Terminate.
 *
 * A server that is not PostgreSQL, silent or refusing fails the target; a single attempt
 * that fails once another succeeded is reported as a problem and left out.
 */
import { isIP } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { describeX509 } from '../../inputs/tls-files/x509.ts';
import { connectFirst, connectTcp, describeNetError, remaining, resolveHost, seconds } from '../net.ts';
import type { ProbeBounds, Retrieved } from '../probe.ts';
import type { ProbeTarget } from '../target.ts';
import type { PostgresAttempt, PostgresOutcome, PostgresSnapshot, PostgresSsl } from './snapshot.ts';
import { encodeSslRequest, encodeStartup, encodeTerminate, quoteBytes, readSslAnswer, readStartupAnswer } from './wire.ts';
import type { ReadResult, StartupAnswer } from './wire.ts';

/**
 * User names each StartupMessage is sent as: one no real server has (what does
 * pg_hba.conf do with any name?) and the default superuser, where `trust` is the
 * classic hole.
 */
export const PROBE_USERS = ['bulwark_probe', 'postgres'] as const;
export const PROBE_DATABASE = 'postgres';
export const APPLICATION_NAME = 'bulwark-probe';
/** TCP connections per target: SSLRequest (reused), then one per user and transport. */
export const MAX_CONNECTIONS = 4;
/** Bytes read on one connection before giving up; a startup answer is a few hundred. */
export const MAX_READ_BYTES = 8192;
/** Longest server message text kept in a snapshot. */
const MAX_MESSAGE_CHARS = 200;

interface Link {
  address: string;
  port: number;
  host: string;
  bounds: ProbeBounds;
}

export async function retrievePostgres(target: ProbeTarget, bounds: ProbeBounds): Promise<Retrieved<PostgresSnapshot>> {
  const takenAt = new Date().toISOString();
  const addresses = await resolveHost(target.host, bounds);
  const first = await connectFirst(addresses, target.port, bounds);
  const link: Link = { address: first.address, port: target.port, host: target.host, bounds };
  const notes: string[] = [];
  const problems: string[] = [];

  // Step 1: SSLRequest on the first connection.
  const raw = new Channel(first.socket, link);
  raw.write(encodeSslRequest());
  const answer = await raw.read(readSslAnswer, 'waiting for the answer to SSLRequest').catch((err: unknown) => {
    raw.destroy();
    throw err;
  });
  const ssl: PostgresSsl = { supported: answer.kind === 'S' };
  /** The first connection, ready for a StartupMessage, and which transport it is. */
  let reusable: { channel: Channel; overTls: boolean } | undefined;
  if (answer.kind === 'E') {
    raw.destroy();
    notes.push(`the server answered SSLRequest with an error (${describeError(answer.error.code, answer.error.message)}): it predates SSL support`);
  } else if (answer.kind === 'N') {
    reusable = { channel: raw, overTls: false };
  } else {
    try {
      const secured = await upgrade(raw, link);
      Object.assign(ssl, secured.facts);
      reusable = { channel: secured.channel, overTls: true };
    } catch (err) {
      ssl.error = (err as Error).message;
      problems.push(`TLS could not be negotiated after the server accepted SSLRequest: ${ssl.error}; no attempt over TLS`);
    }
  }

  // Step 2: one StartupMessage per user and transport, all at once.
  const plans: Array<{ user: string; overTls: boolean }> = [];
  for (const user of PROBE_USERS) {
    plans.push({ user, overTls: false });
    if (ssl.protocol !== undefined) plans.push({ user, overTls: true });
  }
  const results = await Promise.all(
    plans.map(async (plan) => {
      let channel: Channel;
      if (reusable && reusable.overTls === plan.overTls) {
        channel = reusable.channel;
        reusable = undefined;
      } else {
        try {
          channel = await openChannel(link, plan.overTls);
        } catch (err) {
          return { plan, error: (err as Error).message };
        }
      }
      try {
        return { plan, ...(await startup(channel, plan.user, plan.overTls)) };
      } catch (err) {
        return { plan, error: (err as Error).message };
      }
    }),
  );
  reusable?.channel.destroy();

  const attempts: PostgresAttempt[] = [];
  let serverVersion: string | undefined;
  const failures: string[] = [];
  for (const r of results) {
    if ('error' in r && r.error !== undefined) {
      failures.push(r.error);
      problems.push(`user "${r.plan.user}" over ${r.plan.overTls ? 'TLS' : 'plain text'} not checked: ${r.error}`);
      continue;
    }
    const done = r as { attempt: PostgresAttempt; serverVersion?: string };
    attempts.push(done.attempt);
    serverVersion ??= done.serverVersion;
  }
  if (attempts.length === 0) {
    // Nothing learned: the target fails, with the reason that says most (not PostgreSQL beats a reset).
    failures.sort((a, b) => Number(b.startsWith('not a PostgreSQL server')) - Number(a.startsWith('not a PostgreSQL server')));
    throw new Error(failures[0] ?? 'no startup attempt could be made');
  }

  notes.push(
    `StartupMessage for users ${PROBE_USERS.map((u) => `"${u}"`).join(' and ')} (database "${PROBE_DATABASE}") over plain text` +
      `${ssl.protocol !== undefined ? ' and over TLS' : ''}; no password and no query sent`,
  );
  const snapshot: PostgresSnapshot = {
    target: target.display,
    host: target.host,
    port: target.port,
    takenAt,
    ssl,
    attempts,
    ...(serverVersion !== undefined ? { serverVersion } : {}),
    notes,
  };
  return { snapshot, problems };
}

/** A fresh connection, upgraded to TLS when asked (SSLRequest first, as libpq does). */
async function openChannel(link: Link, overTls: boolean): Promise<Channel> {
  const channel = new Channel(await connectTcp(link.address, link.port, link.bounds), link);
  if (!overTls) return channel;
  channel.write(encodeSslRequest());
  try {
    const answer = await channel.read(readSslAnswer, 'waiting for the answer to SSLRequest');
    if (answer.kind !== 'S') throw new Error(`the server answered SSLRequest with "${answer.kind}" this time`);
    return (await upgrade(channel, link)).channel;
  } catch (err) {
    channel.destroy();
    throw err;
  }
}

/** The TLS handshake on a socket that just got 'S'; nothing is verified, the facts are recorded. */
async function upgrade(plain: Channel, link: Link): Promise<{ channel: Channel; facts: Omit<PostgresSsl, 'supported'> }> {
  const socket = plain.release();
  return new Promise((resolvePromise, reject) => {
    let settled = false;
    const tls: TLSSocket = tlsConnect({
      socket,
      ...(isIP(link.host) === 0 ? { servername: link.host } : {}),
      rejectUnauthorized: false,
      minVersion: 'TLSv1',
      // Offer everything local OpenSSL has: the question is what the server picks.
      ciphers: 'ALL:@SECLEVEL=0',
    });
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      tls.destroy();
      socket.destroy();
      reject(new Error(why));
    };
    const timer = setTimeout(() => fail(`no answer within ${seconds(link.bounds.timeoutMs)} (TLS handshake)`), remaining(link.bounds));
    tls.once('error', (err: NodeJS.ErrnoException) => fail(describeTlsError(err, link.port)));
    tls.once('close', () => fail('the server closed the connection during the TLS handshake'));
    tls.once('secureConnect', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      tls.removeAllListeners('error');
      tls.removeAllListeners('close');
      const cipher = tls.getCipher();
      const facts: Omit<PostgresSsl, 'supported'> = { protocol: tls.getProtocol() ?? 'unknown', cipher: cipher.standardName ?? cipher.name };
      try {
        const x509 = tls.getPeerX509Certificate();
        if (x509) {
          const described = describeX509(x509);
          facts.certificate = { names: described.names, notAfter: described.notAfter.toISOString() };
        }
      } catch {
        // A certificate Node cannot parse says nothing the auth checks need.
      }
      resolvePromise({ channel: new Channel(tls, link), facts });
    });
  });
}

function describeTlsError(err: NodeJS.ErrnoException, port: number): string {
  if (err.code === 'ECONNRESET' || err.code === 'ECONNREFUSED') return describeNetError(err, port);
  const detail = err.message.replace(/\s+/g, ' ').slice(0, 160);
  return `the TLS handshake failed (${detail})`;
}

/** One StartupMessage and the first answer; the connection is closed before returning. */
async function startup(channel: Channel, user: string, overTls: boolean): Promise<{ attempt: PostgresAttempt; serverVersion?: string }> {
  channel.write(encodeStartup({ user, database: PROBE_DATABASE, application_name: APPLICATION_NAME }));
  let answer: StartupAnswer;
  try {
    answer = await channel.read(readStartupAnswer, 'waiting for the answer to a StartupMessage');
  } catch (err) {
    channel.destroy();
    throw err;
  }
  // A session that reached ReadyForQuery is ended politely; a password request is answered by hanging up (the server logs nothing).
  channel.close(answer.ready ? encodeTerminate() : undefined);
  const attempt: PostgresAttempt = { user, overTls, outcome: outcomeOf(answer) };
  if (answer.auth?.method === 'sasl') attempt.mechanisms = answer.auth.mechanisms;
  if (answer.error) {
    if (answer.error.code !== undefined) attempt.sqlstate = answer.error.code;
    if (answer.error.message !== undefined) attempt.message = shorten(answer.error.message);
  } else if (attempt.outcome === 'error' && answer.auth) {
    attempt.message = `authentication request the probe does not know (${answer.auth.method}${'code' in answer.auth ? ` ${answer.auth.code}` : ''})`;
  }
  const serverVersion = answer.parameters.server_version;
  return serverVersion !== undefined ? { attempt, serverVersion: shorten(serverVersion) } : { attempt };
}

function outcomeOf(answer: StartupAnswer): PostgresOutcome {
  switch (answer.auth?.method) {
    case 'ok':
    case 'password':
    case 'md5':
    case 'sasl':
    case 'gss':
    case 'sspi':
      return answer.auth.method;
    default:
      return 'error';
  }
}

function shorten(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return clean.length > MAX_MESSAGE_CHARS ? `${clean.slice(0, MAX_MESSAGE_CHARS)}…` : clean;
}

function describeError(code: string | undefined, message: string | undefined): string {
  return [code, message !== undefined ? shorten(message) : undefined].filter(Boolean).join(' ') || 'no message';
}

/**
 * A socket (plain or TLS) with a read buffer: `read` waits until a parser is satisfied,
 * within the deadline and `MAX_READ_BYTES`, and turns close, reset and silence into
 * plain-language errors.
 */
class Channel {
  private buf = Buffer.alloc(0);
  private received = 0;
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly onData = (chunk: Buffer): void => {
    this.received += chunk.length;
    this.buf = Buffer.concat([this.buf, chunk]);
    this.wake?.();
  };
  private readonly onEnd = (): void => {
    this.ended = true;
    this.wake?.();
  };
  private readonly onError = (err: NodeJS.ErrnoException): void => {
    this.failure ??= new Error(describeNetError(err, this.link.port));
    this.wake?.();
  };

  constructor(
    private readonly socket: Socket | TLSSocket,
    private readonly link: Link,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Resolves with the parsed value (and drops its bytes), or rejects with a reason a user can act on. */
  read<T>(parse: (buf: Uint8Array) => ReadResult<T>, what: string): Promise<T> {
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => finish(new Error(`no answer within ${seconds(this.link.bounds.timeoutMs)} (${this.buf.length === 0 ? `connected, but the server sent nothing; ${what}` : what})`)), remaining(this.link.bounds));
      const finish = (err: Error | undefined, value?: T): void => {
        clearTimeout(timer);
        this.wake = undefined;
        if (err) reject(err);
        else resolvePromise(value as T);
      };
      const check = (): void => {
        const r = parse(this.buf);
        if (r.status === 'ok') {
          this.buf = this.buf.subarray(r.consumed);
          return finish(undefined, r.value);
        }
        if (r.status === 'error') return finish(new Error(r.reason));
        if (this.received > MAX_READ_BYTES) return finish(new Error(`no complete answer in the first ${MAX_READ_BYTES} bytes (${what})`));
        if (this.failure) return finish(this.failure);
        if (this.ended) return finish(new Error(this.closedEarly(what)));
      };
      this.wake = check;
      check();
    });
  }

  private closedEarly(what: string): string {
    if (this.buf.length === 0) return `the server closed the connection without answering (${what}): not a PostgreSQL server, or it turns this client away`;
    return `the server closed the connection in the middle of a message (it sent ${quoteBytes(this.buf)})`;
  }

  /** Hands the socket over (to node:tls); unread bytes would be a protocol error, and `readSslAnswer` already refused them. */
  release(): Socket {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
    return this.socket as Socket;
  }

  /** Half-close (after `last`), and make sure the socket goes away even if the server lingers. */
  close(last?: Buffer): void {
    this.socket.on('error', () => {});
    if (last) this.socket.end(last);
    else this.socket.end();
    setTimeout(() => this.socket.destroy(), 1_000).unref();
  }

  destroy(): void {
    this.socket.on('error', () => {});
    this.socket.destroy();
  }
}
