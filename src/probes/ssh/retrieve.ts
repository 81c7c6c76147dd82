/**
 * The SSH retriever: the only code here that touches the network. Two TCP connections
 * to the one address the target names, one after the other, both inside the target's
 * deadline:
 *
 * 1. Clear text only: send our identification, read the server's identification and its
 *    KEXINIT (every algorithm it offers), close. At most `MAX_HELLO_BYTES` are read.
 * 2. With `ssh2`: key exchange, the host key (RSA preferred, since only its size
 *    varies), and one `none` authentication request for an unlikely user name, whose
 *    failure lists the methods the server allows. No credential is ever sent.
 *
 * A failure of step 1 fails the target; a failure of step 2 keeps the snapshot and is
 * reported as a problem (the algorithm checks still run).
 */
import type { Socket } from 'node:net';
import type { ConnectConfig } from 'ssh2';
import { TOOL_NAME, TOOL_VERSION } from '../../reporters/tool.ts';
import type { ProbeBounds, Retrieved } from '../probe.ts';
import type { ProbeTarget } from '../target.ts';
import { connectFirst, connectTcp, describeNetError, remaining, resolveHost, seconds } from '../net.ts';
import { describeHostKeyBlob, MAX_PACKET_LENGTH, MAX_PREAMBLE_BYTES, quoteBytes, readServerHello, writeIdent } from './packet.ts';
import type { ServerHello } from './packet.ts';
import type { SshHostKey, SshSnapshot } from './snapshot.ts';

/** Bytes read on the clear-text connection before giving up. */
export const MAX_HELLO_BYTES = MAX_PREAMBLE_BYTES + 2 * MAX_PACKET_LENGTH;
/** The user name of the `none` attempt: one no real host has, so no account is touched. */
export const PROBE_USER = 'bulwark-probe';

const SOFTWARE = `${TOOL_NAME}_${TOOL_VERSION}`;

export async function retrieveSsh(target: ProbeTarget, bounds: ProbeBounds): Promise<Retrieved<SshSnapshot>> {
  const addresses = await resolveHost(target.host, bounds);
  // ssh2 loads, and the second connection is opened (sshd forks per connection), while
  // the first one is still reading the server's hello: the two steps overlap.
  const ssh2 = loadSsh2();
  ssh2.catch(() => {});
  const { hello, second } = await readHello(addresses, target.port, bounds);
  const k = hello.kexinit;
  const problems: string[] = [];
  const auth = await learnAuth(second, ssh2, hello, bounds);
  if (auth.error !== undefined) problems.push(`authentication methods not checked: ${auth.error}`);
  const snapshot: SshSnapshot = {
    target: target.display,
    ident: hello.ident,
    ...(hello.preamble.length > 0 ? { preamble: hello.preamble.slice(0, 8).map((l) => l.slice(0, 200)) } : {}),
    kex: k.kex,
    hostKeyAlgorithms: k.hostKeyAlgorithms,
    ciphers: { clientToServer: k.ciphersClientToServer, serverToClient: k.ciphersServerToClient },
    macs: { clientToServer: k.macsClientToServer, serverToClient: k.macsServerToClient },
    compression: { clientToServer: k.compressionClientToServer, serverToClient: k.compressionServerToClient },
    ...(auth.hostKey ? { hostKey: auth.hostKey } : {}),
    ...(auth.noneAccepted ? { authMethods: ['none'], noneAuthAccepted: true } : auth.methods ? { authMethods: auth.methods } : {}),
    notes: auth.notes,
  };
  return { snapshot, problems };
}

/** Step 1: identification and KEXINIT in clear text. */
async function readHello(
  addresses: readonly string[],
  port: number,
  bounds: ProbeBounds,
): Promise<{ address: string; hello: ServerHello; second: Promise<Socket> }> {
  const { socket, address } = await connectFirst(addresses, port, bounds);
  // Opened now for step 2; an unread socket buffers the server's ident until ssh2 attaches.
  const second = connectTcp(address, port, bounds);
  second.catch(() => {});
  const hello = await new Promise<ServerHello>((resolvePromise, reject) => {
    let buf = Buffer.alloc(0);
    let settled = false;
    const finish = (err: Error | undefined, hello?: ServerHello): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolvePromise(hello!);
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${seconds(bounds.timeoutMs)} (${waitingFor(buf)})`)), remaining(bounds));
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const r = readServerHello(buf);
      if (r.status === 'ok') finish(undefined, r.value);
      else if (r.status === 'error') finish(new Error(r.reason));
      else if (buf.length > MAX_HELLO_BYTES) finish(new Error(`no KEXINIT in the first ${MAX_HELLO_BYTES} bytes`));
    });
    socket.on('error', (err: NodeJS.ErrnoException) => finish(new Error(describeNetError(err, port))));
    socket.on('close', () => finish(new Error(closedEarly(buf))));
    socket.write(writeIdent(SOFTWARE));
  }).catch(async (err: unknown) => {
    (await second.catch(() => undefined))?.destroy();
    throw err;
  });
  return { address, hello, second };
}

function waitingFor(buf: Buffer): string {
  if (buf.length === 0) return 'connected, but the server sent nothing';
  return buf.includes('SSH-') ? "waiting for the server's KEXINIT" : 'waiting for an SSH identification line';
}

function closedEarly(buf: Buffer): string {
  if (buf.length === 0) return 'the server closed the connection without sending anything (not an SSH server, or it turns this client away)';
  if (!buf.includes('SSH-')) return `not an SSH server: it closed the connection without an SSH identification line (it sent ${quoteBytes(buf)})`;
  return "the server closed the connection before sending its KEXINIT";
}

interface AuthLearned {
  methods?: string[];
  noneAccepted?: boolean;
  hostKey?: SshHostKey;
  notes: string[];
  /** Why the step stopped short; what was learned before stays. */
  error?: string;
}

const RSA_SIGNATURES = ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

/** ssh2 is CommonJS: bundled into ESM its exports may sit on `default`. */
async function loadSsh2(): Promise<typeof import('ssh2')> {
  const mod = (await import('ssh2')) as typeof import('ssh2') & { default?: typeof import('ssh2') };
  return mod.Client ? mod : (mod.default ?? mod);
}

/** Step 2: a real key exchange with `ssh2`, then one `none` authentication attempt. Never rejects. */
async function learnAuth(
  connecting: Promise<Socket>,
  ssh2: Promise<typeof import('ssh2')>,
  hello: ServerHello,
  bounds: ProbeBounds,
): Promise<AuthLearned> {
  const notes = [`authentication probed with a "none" request for user "${PROBE_USER}"`];
  let Client: typeof import('ssh2').Client;
  let socket: Socket;
  try {
    socket = await connecting;
  } catch (err) {
    return { notes, error: (err as Error).message };
  }
  try {
    ({ Client } = await ssh2);
  } catch (err) {
    socket.destroy();
    return { notes, error: (err as Error).message };
  }
  const k = hello.kexinit;
  // Offer exactly what the server offers (ssh2 drops what it cannot do), so even a server
  // that only speaks legacy algorithms can be asked for its methods. RSA host keys first:
  // theirs is the one size worth measuring.
  const hostKeys = [...RSA_SIGNATURES.filter((a) => k.hostKeyAlgorithms.includes(a)), ...k.hostKeyAlgorithms];
  const only = (names: readonly string[]) => ({ remove: /.*/, append: [...new Set(names)].map(exact) });
  return new Promise((resolvePromise) => {
    const client = new Client();
    const learned: AuthLearned = { notes };
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.removeAllListeners();
      client.on('error', () => {}); // late errors after we are done are expected (we hang up)
      client.end();
      socket.destroy();
      if (err) learned.error = err.message;
      resolvePromise(learned);
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${seconds(bounds.timeoutMs)} (SSH handshake and authentication)`)), remaining(bounds));
    client.on('handshake', (n) => {
      learned.notes.push(`negotiated ${n.kex}, ${n.serverHostKey}, ${n.cs.cipher}${n.cs.mac && !/gcm|poly1305/.test(n.cs.cipher) ? `, ${n.cs.mac}` : ''}`);
    });
    client.on('ready', () => {
      learned.noneAccepted = true;
      finish();
    });
    client.on('error', (err: Error & { level?: string }) => {
      if (learned.methods) return finish();
      finish(new Error(describeSsh2Error(err)));
    });
    client.on('close', () => finish(learned.methods ? undefined : new Error('the server closed the connection during authentication')));
    const config = {
      sock: socket,
      username: PROBE_USER,
      ident: SOFTWARE,
      readyTimeout: Math.max(1, remaining(bounds)),
      algorithms: {
        kex: only(k.kex),
        serverHostKey: only(hostKeys),
        cipher: only(preferNative([...k.ciphersClientToServer, ...k.ciphersServerToClient])),
        hmac: only([...k.macsClientToServer, ...k.macsServerToClient]),
        compress: only(['none', ...k.compressionClientToServer]),
      },
      hostVerifier: (key: Buffer): boolean => {
        const described = describeHostKeyBlob(key);
        if (described) {
          learned.hostKey = described;
          if (k.hostKeyAlgorithms.some((a) => RSA_SIGNATURES.includes(a)) && !RSA_SIGNATURES.includes(described.type)) {
            learned.notes.push('the server offers RSA signatures but the probe could not negotiate them');
          }
        }
        return true; // we judge the key; we never trust it for anything
      },
      authHandler: (methodsLeft: string[] | null, _partial: boolean, next: (auth: unknown) => void): void => {
        if (methodsLeft === null || methodsLeft === undefined) {
          next({ type: 'none', username: PROBE_USER });
          return;
        }
        learned.methods = [...methodsLeft];
        next(false); // stop: the list is all we came for
      },
    };
    try {
      client.connect(config as unknown as ConnectConfig);
    } catch (err) {
      finish(new Error(`could not start the SSH handshake: ${(err as Error).message}`));
    }
  });
}

/** AES runs in OpenSSL; ssh2 does chacha20-poly1305 in JS/wasm. The cipher is not what we judge, so take the fast one. */
function preferNative(ciphers: readonly string[]): string[] {
  const rank = (c: string): number => (/^aes\d+-gcm/.test(c) ? 0 : /^aes\d+-ctr$/.test(c) ? 1 : 2);
  return [...ciphers].sort((a, b) => rank(a) - rank(b));
}

function exact(name: string): RegExp {
  return new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

function describeSsh2Error(err: Error & { level?: string }): string {
  const message = err.message.replace(/\s+/g, ' ').slice(0, 200);
  if (/Handshake failed|no matching/i.test(message)) return `no algorithm in common with the probe's SSH library (${message})`;
  if (err.level === 'client-timeout') return 'timed out during the SSH handshake';
  return message;
}
