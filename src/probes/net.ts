/**
 * Network plumbing every retriever shares: one bounded DNS lookup, TCP connects inside
 * the target's deadline, and plain-language reasons for network errors.
 */
import { lookup } from 'node:dns/promises';
import { isIP, Socket } from 'node:net';
import type { ProbeBounds } from './probe.ts';

/**
 * One lookup: the first connection tries the addresses in order (as OpenSSH does, so
 * `localhost` works whether sshd listens on ::1 or 127.0.0.1), the second reuses the
 * one that answered, so both reach the same server even behind round-robin DNS.
 */
export async function resolveHost(host: string, bounds: ProbeBounds): Promise<string[]> {
  if (isIP(host) !== 0) return [host];
  try {
    const found = await withDeadline(lookup(host, { all: true }), bounds, 'looking up the host name');
    return found.map((a) => a.address).slice(0, 4);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'EAI_NONAME') throw new Error(`host name "${host}" not found`);
    if (code === 'EAI_AGAIN') throw new Error(`host name "${host}" could not be resolved (temporary DNS failure)`);
    throw err;
  }
}

export function remaining(bounds: ProbeBounds): number {
  return Math.max(0, bounds.deadline - Date.now());
}

export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

export async function withDeadline<T>(promise: Promise<T>, bounds: ProbeBounds, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${seconds(bounds.timeoutMs)} (${what})`)), remaining(bounds));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A connected socket, or a clear reason why not (refused, unreachable, timed out). */
export function connectTcp(address: string, port: number, bounds: ProbeBounds): Promise<Socket> {
  return new Promise((resolvePromise, reject) => {
    const socket = new Socket();
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${seconds(bounds.timeoutMs)} (TCP connect to port ${port})`));
    }, remaining(bounds));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new Error(describeNetError(err, port)));
    });
    socket.connect({ host: address, port }, () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolvePromise(socket);
    });
  });
}

export function describeNetError(err: NodeJS.ErrnoException, port: number): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `connection refused on port ${port} (nothing listens there, or a firewall rejects it)`;
    case 'ECONNRESET':
      return 'connection reset by the server';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'EADDRNOTAVAIL':
      return 'address not available';
    case 'EPROTO':
      return 'the TLS handshake failed: the port does not speak TLS, or accepts nothing this client offers';
    default:
      return err.code ? `network error ${err.code}` : err.message;
  }
}

/** The first address that accepts a connection; a refusal moves on to the next. */
export async function connectFirst(addresses: readonly string[], port: number, bounds: ProbeBounds): Promise<{ socket: Socket; address: string }> {
  let last: Error | undefined;
  for (const address of addresses) {
    try {
      return { socket: await connectTcp(address, port, bounds), address };
    } catch (err) {
      last = err as Error;
      if (remaining(bounds) === 0 || /^no answer/.test(last.message)) break;
    }
  }
  throw last ?? new Error('no address to connect to');
}

/** `fn` over every item, at most `limit` at a time. */
export async function forEachBounded<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
