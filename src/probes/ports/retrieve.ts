/**
 * The port-exposure retriever: the only code of the `ports` kind that touches the network.
 * One TCP connect per catalogue port to the one address the host resolves to, at most
 * `PORT_CONCURRENCY` at a time, each bounded by `CONNECT_BOUND_MS` and the target's
 * deadline. Nothing is ever sent: an open port is given `BANNER_WAIT_MS` to volunteer a
 * banner (SSH, MySQL, FTP do), of which the first `BANNER_CHARS` printable characters are
 * kept, then the connection is closed.
 */
import { Socket } from 'node:net';
import type { ProbeBounds, Retrieved } from '../probe.ts';
import { forEachBounded, remaining, resolveHost, seconds } from '../net.ts';
import type { ProbeTarget } from '../target.ts';
import { PORT_CATALOGUE } from './catalogue.ts';
import type { PortEntry } from './catalogue.ts';
import type { PortObservation, PortsSnapshot, PortState } from './snapshot.ts';

/** Connects in flight at once. */
export const PORT_CONCURRENCY = 16;
/** Longest wait for one connect: a silent port past this is `filtered`. */
export const CONNECT_BOUND_MS = 1_500;
/** Longest wait for an open port to speak first. */
export const BANNER_WAIT_MS = 300;
/** Printable characters of a banner kept. */
export const BANNER_CHARS = 120;
/** Bytes read from an open port at most; the connection closes once this many came. */
const BANNER_READ_BYTES = 512;

export async function retrievePorts(target: ProbeTarget, bounds: ProbeBounds): Promise<Retrieved<PortsSnapshot>> {
  return retrievePortsFrom(target, bounds, PORT_CATALOGUE);
}

/**
 * The probe over any catalogue: the live tests map ports they opened themselves to
 * service entries, so they never depend on which well-known ports are free.
 */
export async function retrievePortsFrom(target: ProbeTarget, bounds: ProbeBounds, catalogue: readonly PortEntry[]): Promise<Retrieved<PortsSnapshot>> {
  const takenAt = new Date().toISOString();
  const [address] = await resolveHost(target.host, bounds);
  if (address === undefined) throw new Error(`host name "${target.host}" has no address`);
  const entries = uniqueByPort(catalogue);
  const seen = new Map<number, Seen>();
  await forEachBounded(entries, PORT_CONCURRENCY, async (entry) => {
    seen.set(entry.port, await tryPort(address, entry.port, bounds));
  });

  const observations: PortObservation[] = entries
    .map((entry) => {
      const s = seen.get(entry.port) ?? { state: 'untested' as const };
      return { port: entry.port, service: entry.service, name: entry.name, role: entry.role, state: s.state, ...(s.banner ? { banner: s.banner } : {}) };
    })
    .sort((a, b) => a.port - b.port);
  const all = [...seen.values()];
  if (all.length > 0 && all.every((s) => s.unreachable)) throw new Error(`host unreachable (${address}): no route to it from here`);

  const notes: string[] = [`${entries.length} ports tried on ${address}, ${PORT_CONCURRENCY} at a time, each within ${seconds(CONNECT_BOUND_MS)}`];
  const problems: string[] = [];
  const untested = observations.filter((o) => o.state === 'untested');
  if (untested.length > 0) problems.push(`${untested.length} of ${entries.length} ports not tried within ${seconds(bounds.timeoutMs)} (raise --timeout): ${untested.map((o) => o.port).join(', ')}`);
  const cut = all.filter((s) => s.cutShort).length;
  if (cut > 0) notes.push(`${cut} connects were cut short by the deadline and count as filtered`);
  if (observations.every((o) => o.state === 'filtered' || o.state === 'untested')) {
    notes.push('no port answered at all: the host is down, or a firewall drops everything from here');
  }
  return { snapshot: { target: target.display, host: target.host, address, takenAt, ports: observations, notes }, problems };
}

interface Seen {
  state: PortState;
  banner?: string;
  /** An ICMP unreachable rather than a silent drop. */
  unreachable?: boolean;
  /** Timed out before `CONNECT_BOUND_MS` because the target's deadline came first. */
  cutShort?: boolean;
}

function uniqueByPort(catalogue: readonly PortEntry[]): PortEntry[] {
  const byPort = new Map<number, PortEntry>();
  for (const entry of catalogue) if (!byPort.has(entry.port)) byPort.set(entry.port, entry);
  return [...byPort.values()];
}

/** One connect, and on success a short wait for a banner; never writes. */
function tryPort(address: string, port: number, bounds: ProbeBounds): Promise<Seen> {
  const bound = Math.min(remaining(bounds), CONNECT_BOUND_MS);
  if (bound <= 0) return Promise.resolve({ state: 'untested' });
  return new Promise((resolve) => {
    const socket = new Socket();
    let received = Buffer.alloc(0);
    let settled = false;
    let connected = false;
    const finish = (seen: Seen): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(seen);
    };
    let timer = setTimeout(() => finish({ state: 'filtered', ...(bound < CONNECT_BOUND_MS ? { cutShort: true } : {}) }), bound);
    const opened = (): Seen => ({ state: 'open', ...(received.length > 0 ? { banner: printable(received) } : {}) });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      finish(connected ? opened() : connectFailure(err));
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]).subarray(0, BANNER_READ_BYTES);
      if (received.length >= BANNER_READ_BYTES || printable(received).length >= BANNER_CHARS) finish(opened());
    });
    // The server closing (or resetting) an open connection ends the banner wait early.
    socket.once('close', () => finish(connected ? opened() : { state: 'closed' }));
    socket.connect({ host: address, port }, () => {
      connected = true;
      clearTimeout(timer);
      timer = setTimeout(() => finish(opened()), Math.min(BANNER_WAIT_MS, remaining(bounds)));
    });
  });
}

function connectFailure(err: NodeJS.ErrnoException): Seen {
  switch (err.code) {
    case 'ECONNREFUSED':
    case 'ECONNRESET':
      return { state: 'closed' };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { state: 'filtered', unreachable: true };
    default:
      // ETIMEDOUT, EHOSTDOWN and the like: nothing answered.
      return { state: 'filtered' };
  }
}

/** Runs of anything but printable ASCII become one space; at most `BANNER_CHARS` kept. */
export function printable(bytes: Buffer): string {
  return bytes
    .toString('latin1')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, BANNER_CHARS);
}
