/**
 * The TLS retriever: the only code of the `tls` kind that touches the network. Every
 * connection goes to the one host and port the target names, inside its deadline, at
 * most `MAX_PARALLEL` at a time and `MAX_CONNECTIONS` in all, all questions asked at once:
 *
 * - TLS 1.0–1.3: one real handshake per version with node:tls (`minVersion` =
 *   `maxVersion`; `@SECLEVEL=0` so local OpenSSL policy does not hide what the server
 *   accepts); the newest one that succeeds gives the certificate chain.
 * - SSLv2, SSLv3 and legacy cipher suites: our own ClientHello (client-hello.ts), read up
 *   to the ServerHello and closed: Node's OpenSSL cannot offer them.
 * - Trust and hostname are judged here from the chain with node:crypto (issuer links and
 *   signatures up to the system CAs or `--ca-file`), not from OpenSSL's single error
 *   code, so an expired certificate is still told apart from an untrusted one.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates } from 'node:tls';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { describeX509 } from '../../inputs/tls-files/x509.ts';
import { connectFirst, connectTcp, describeNetError, remaining, resolveHost, seconds } from '../net.ts';
import type { ProbeBounds, ProbeSettings, Retrieved } from '../probe.ts';
import type { ProbeTarget } from '../target.ts';
import { COMMON_SUITES, hexCode, suitesOf, WEAK_CATEGORIES, WEAK_SUITES, weakSuite } from './cipher-suites.ts';
import { encodeClientHello, encodeSsl2ClientHello, MAX_HELLO_RESPONSE_BYTES, readServerHello, readSsl2ServerHello, versionName } from './client-hello.ts';
import type { HelloVersion } from './client-hello.ts';
import type { AcceptedWeakSuite, ProbedCertificate, TlsProtocol, TlsSnapshot } from './snapshot.ts';

/** Connections open at once against one target. */
export const MAX_PARALLEL = 8;
/** Connections in all against one target (handshakes and hellos). */
export const MAX_CONNECTIONS = 80;

const NODE_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
type NodeVersion = (typeof NODE_VERSIONS)[number];

export async function retrieveTls(target: ProbeTarget, bounds: ProbeBounds, settings: ProbeSettings = {}): Promise<Retrieved<TlsSnapshot>> {
  const takenAt = new Date().toISOString();
  const addresses = await resolveHost(target.host, bounds);
  // With several addresses (localhost: ::1 and 127.0.0.1) one plain connect picks the one that answers; every later connection reuses it.
  let address = addresses[0]!;
  if (addresses.length > 1) {
    const first = await connectFirst(addresses, target.port, bounds);
    first.socket.destroy();
    address = first.address;
  }
  const gate = new ConnectionGate(MAX_PARALLEL, MAX_CONNECTIONS);
  const link: Link = { address, port: target.port, host: target.host, bounds, gate };
  const extraCa = settings.caFile !== undefined ? readCaFile(settings.caFile) : [];

  const problems: string[] = [];
  const notes: string[] = [];
  const protocols: TlsSnapshot['protocols'] = {};

  // Everything starts at once: a TLS 1.2 hello also finds the legacy suites of a server that
  // stops at TLS 1.0 or 1.1 (it answers at its own highest version), so the cipher scan need
  // not wait for the version handshakes. Only an SSLv3-only server needs a second scan.
  const handshakes = Promise.all(NODE_VERSIONS.map((v) => handshake(link, v)));
  const ssl = Promise.all([askSsl2(link), askSsl3(link)]);
  const weakAtTls12 = scanWeakSuites(link, 'TLSv1.2');
  const results = await handshakes;
  NODE_VERSIONS.forEach((v, i) => {
    const r = results[i]!;
    if (r.outcome === 'accepted') protocols[v] = true;
    else if (r.outcome === 'refused') protocols[v] = false;
    else problems.push(`${v} not tested: ${r.reason}`);
  });
  const [ssl2, ssl3] = await ssl;
  for (const [name, r] of [['SSLv2', ssl2], ['SSLv3', ssl3]] as const) {
    if (r.outcome === 'unknown') problems.push(`${name} not tested: ${r.reason}`);
    else protocols[name] = r.outcome === 'accepted';
  }

  const newest = [...results].reverse().find((r): r is Accepted => r.outcome === 'accepted');
  if (!newest && !Object.values(protocols).some(Boolean)) {
    await weakAtTls12;
    const reasons = [...results, ssl3].map((r) => (r.outcome === 'unknown' ? r.reason : undefined)).filter((r): r is string => r !== undefined);
    // Our own hello saw the raw answer: "it answered in plain HTTP" says more than a refused handshake.
    reasons.sort((a, b) => Number(b.startsWith('not a TLS service')) - Number(a.startsWith('not a TLS service')));
    throw new Error(reasons[0] ?? 'the server completed no TLS handshake (not a TLS service, or it accepts no version this probe offers)');
  }

  const speaksLegacyTls = protocols.TLSv1 || protocols['TLSv1.1'] || protocols['TLSv1.2'];
  let weak = await weakAtTls12;
  if (!speaksLegacyTls) weak = protocols.SSLv3 ? await scanWeakSuites(link, 'SSLv3') : { accepted: [], complete: true };
  if (!weak.complete) problems.push('cipher suites not fully tested (connection limit, errors or time ran out): a weak suite may have been missed');

  const snapshot: TlsSnapshot = {
    target: target.display,
    host: target.host,
    port: target.port,
    takenAt,
    protocols,
    weakCiphers: weak.accepted,
    cipherScanComplete: weak.complete,
    notes,
  };
  if (newest) {
    snapshot.negotiated = { protocol: newest.protocol, cipher: newest.cipher };
    const chain = newest.chain;
    if (chain.length > 0) {
      const verdict = judgeTrust(chain, extraCa, newest.opensslError);
      snapshot.certificate = {
        chain: chain.map(probedCertificate),
        trusted: verdict.trusted,
        ...(verdict.trusted ? {} : { trustError: verdict.reason }),
        hostnameMatches: matchesHost(chain[0]!, target.host),
      };
      if (newest.opensslError) notes.push(`OpenSSL verification said: ${newest.opensslError}`);
    } else {
      problems.push('the server sent no certificate');
    }
  }
  if (settings.caFile !== undefined) notes.push(`trusted CAs: the system's and ${settings.caFile}`);
  return { snapshot, problems };
}

interface Link {
  address: string;
  port: number;
  host: string;
  bounds: ProbeBounds;
  gate: ConnectionGate;
}

/** At most `parallel` connections open at once and `total` in all; later asks get `undefined`. */
class ConnectionGate {
  private active = 0;
  private used = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(
    private readonly parallel: number,
    private readonly total: number,
  ) {}

  async run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    if (this.used >= this.total) return undefined;
    this.used++;
    if (this.active >= this.parallel) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

function readCaFile(path: string): X509Certificate[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read --ca-file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error(`--ca-file ${path} holds no PEM certificate`);
  return blocks.map((b) => new X509Certificate(b));
}

type Accepted = { outcome: 'accepted'; protocol: string; cipher: string; chain: X509Certificate[]; opensslError?: string };
type HandshakeResult = Accepted | { outcome: 'refused' } | { outcome: 'unknown'; reason: string };

/** Error codes that mean our own OpenSSL cannot try this version: nothing learned about the server. */
const LOCAL_LIMITS = new Set(['ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'ERR_SSL_NO_CIPHERS_AVAILABLE', 'ERR_SSL_NO_CIPHER_MATCH']);

async function handshake(link: Link, version: NodeVersion): Promise<HandshakeResult> {
  const result = await link.gate.run(
    () =>
      new Promise<HandshakeResult>((resolve) => {
        let settled = false;
        const finish = (r: HandshakeResult): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          socket.destroy();
          resolve(r);
        };
        const socket: TLSSocket = tlsConnect({
          host: link.address,
          port: link.port,
          ...(isIP(link.host) === 0 ? { servername: link.host } : {}),
          minVersion: version,
          maxVersion: version,
          // Ask with everything local OpenSSL has, at the lowest security level: the question is what the server accepts.
          ciphers: 'ALL:COMPLEMENTOFALL:@SECLEVEL=0',
          rejectUnauthorized: false,
        });
        const timer = setTimeout(
          () => finish({ outcome: 'unknown', reason: `no answer within ${seconds(link.bounds.timeoutMs)} (${version} handshake)` }),
          remaining(link.bounds),
        );
        socket.once('secureConnect', () => {
          const cipher = socket.getCipher();
          const accepted: Accepted = {
            outcome: 'accepted',
            protocol: socket.getProtocol() ?? version,
            cipher: cipher.standardName ?? cipher.name,
            chain: peerChain(socket),
          };
          if (socket.authorizationError) accepted.opensslError = String(socket.authorizationError);
          finish(accepted);
        });
        socket.once('error', (err: NodeJS.ErrnoException) => {
          const code = err.code ?? '';
          if (LOCAL_LIMITS.has(code)) finish({ outcome: 'unknown', reason: `this machine's OpenSSL cannot offer ${version}` });
          else if (code.startsWith('ERR_SSL_') || code === 'ECONNRESET' || code === 'EPIPE') finish({ outcome: 'refused' });
          else finish({ outcome: 'unknown', reason: describeNetError(err, link.port) });
        });
        socket.once('close', () => finish({ outcome: 'refused' }));
      }),
  );
  return result ?? { outcome: 'unknown', reason: 'connection limit reached' };
}

/** The chain as sent, leaf first, each certificate once. */
function peerChain(socket: TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(new X509Certificate(cert.raw));
    cert = cert.issuerCertificate;
  }
  return chain;
}

type HelloOutcome = { outcome: 'accepted' } | { outcome: 'refused' } | { outcome: 'unknown'; reason: string };

async function askSsl2(link: Link): Promise<HelloOutcome> {
  const r = await exchange(link, encodeSsl2ClientHello(), (buf) => {
    const a = readSsl2ServerHello(buf);
    return a.kind === 'incomplete' ? undefined : a.accepted;
  });
  if (r.kind === 'answer') return { outcome: r.value ? 'accepted' : 'refused' };
  return r.kind === 'closed' ? { outcome: 'refused' } : { outcome: 'unknown', reason: r.reason };
}

async function askSsl3(link: Link): Promise<HelloOutcome> {
  const suites = [...COMMON_SUITES, ...WEAK_SUITES.map((s) => s.code)];
  const r = await askHello(link, 'SSLv3', suites);
  if (r.kind === 'chose') return { outcome: r.version === 0x0300 ? 'accepted' : 'refused' };
  return r.kind === 'unknown' ? { outcome: 'unknown', reason: r.reason } : { outcome: 'refused' };
}

type SuiteAnswer = { kind: 'chose'; version: number; suite: number } | { kind: 'refused' } | { kind: 'unknown'; reason: string };

async function askHello(link: Link, version: HelloVersion, suites: readonly number[]): Promise<SuiteAnswer> {
  const hello = encodeClientHello({ version, suites, host: link.host });
  const r = await exchange(link, hello, (buf) => {
    const a = readServerHello(buf);
    return a.kind === 'incomplete' ? undefined : a;
  });
  if (r.kind === 'closed') return { kind: 'refused' };
  if (r.kind === 'error') return { kind: 'unknown', reason: r.reason };
  const a = r.value;
  if (a.kind === 'server-hello') return { kind: 'chose', version: a.version, suite: a.suite };
  if (a.kind === 'alert') return { kind: 'refused' };
  return { kind: 'unknown', reason: a.kind === 'invalid' ? a.reason : 'no answer' };
}

type Exchange<T> = { kind: 'answer'; value: T } | { kind: 'closed' } | { kind: 'error'; reason: string };

/** Connect, send `hello`, read until `decide` returns a value, the server closes, or time runs out. */
async function exchange<T>(link: Link, hello: Buffer, decide: (buf: Buffer) => T | undefined): Promise<Exchange<T>> {
  const result = await link.gate.run(async (): Promise<Exchange<T>> => {
    let socket: Socket;
    try {
      socket = await connectTcp(link.address, link.port, link.bounds);
    } catch (err) {
      return { kind: 'error', reason: (err as Error).message };
    }
    return new Promise<Exchange<T>>((resolve) => {
      let buf = Buffer.alloc(0);
      let settled = false;
      const finish = (r: Exchange<T>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        resolve(r);
      };
      const timer = setTimeout(() => finish({ kind: 'error', reason: `no answer within ${seconds(link.bounds.timeoutMs)} (ClientHello)` }), remaining(link.bounds));
      socket.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        const value = decide(buf);
        if (value !== undefined) finish({ kind: 'answer', value });
        else if (buf.length > MAX_HELLO_RESPONSE_BYTES) finish({ kind: 'error', reason: 'no ServerHello in the first 64 KiB' });
      });
      // A server that drops the connection instead of alerting has refused the hello.
      socket.on('error', () => finish({ kind: 'closed' }));
      socket.on('close', () => finish({ kind: 'closed' }));
      socket.write(hello);
    });
  });
  return result ?? { kind: 'error', reason: 'connection limit reached' };
}

/**
 * For each weakness class, offer all its suites; while the server picks one, record it and
 * offer the rest again. The classes run side by side, each a short sequence.
 */
async function scanWeakSuites(link: Link, version: HelloVersion): Promise<{ accepted: AcceptedWeakSuite[]; complete: boolean }> {
  let complete = true;
  const perCategory = await Promise.all(
    WEAK_CATEGORIES.map(async (category) => {
      const found: AcceptedWeakSuite[] = [];
      let left = suitesOf(category).map((s) => s.code);
      while (left.length > 0) {
        const answer = await askHello(link, version, left);
        if (answer.kind === 'refused') break;
        if (answer.kind === 'unknown') {
          complete = false;
          break;
        }
        const chosen = weakSuite(answer.suite);
        // A server must pick from the offer; one that does not is broken, and we stop asking it.
        if (!chosen || !left.includes(answer.suite)) {
          complete = false;
          break;
        }
        found.push({ code: hexCode(chosen.code), name: chosen.name, category, protocol: versionName(answer.version) });
        left = left.filter((c) => c !== answer.suite);
      }
      return found;
    }),
  );
  return { accepted: perCategory.flat(), complete };
}

function probedCertificate(x: X509Certificate): ProbedCertificate {
  const facts = describeX509(x);
  return {
    ...facts,
    notBefore: facts.notBefore.toISOString(),
    notAfter: facts.notAfter.toISOString(),
    fingerprint256: x.fingerprint256,
  };
}

/** OpenSSL's verdicts that already say "no trusted issuer", whatever the dates. */
const UNTRUSTED_ISSUER = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);

/**
 * Trust without the cost of parsing every system root (about 30 ms) where OpenSSL's own
 * verdict (against the system CAs) settles it: verified means trusted; a chain that
 * reaches a `--ca-file` CA is trusted (only those few are parsed, and handshakes never
 * rebuild a context with the whole store); a self-signed leaf or a missing issuer means
 * untrusted. Only the rest (an expired or otherwise flawed chain) walks the chain against
 * every root here, dates aside.
 */
export function judgeTrust(chain: readonly X509Certificate[], extraCa: readonly X509Certificate[], opensslError: string | undefined): { trusted: true } | { trusted: false; reason: string } {
  if (opensslError === undefined) return { trusted: true };
  if (extraCa.length > 0 && walkChain(chain, extraCa).trusted) return { trusted: true };
  const leaf = chain[0]!;
  if (signedBy(leaf, leaf)) return { trusted: false, reason: 'self-signed certificate' };
  if (UNTRUSTED_ISSUER.has(opensslError)) return { trusted: false, reason: `no trusted issuer (${opensslError})` };
  return verifyChain(chain, extraCa);
}

let systemRoots: X509Certificate[] | undefined;

function trustStore(extra: readonly X509Certificate[]): X509Certificate[] {
  systemRoots ??= rootCertificates.map((pem) => new X509Certificate(pem));
  return [...systemRoots, ...extra];
}

/** Issuer links and signatures from the leaf up to the system's CAs or `extraCa`; validity dates are not looked at (expiry is its own check). */
export function verifyChain(chain: readonly X509Certificate[], extraCa: readonly X509Certificate[]): { trusted: true } | { trusted: false; reason: string } {
  return walkChain(chain, trustStore(extraCa));
}

/** Walk from the leaf through the certificates the server sent to one `store` holds (or one a `store` CA signed). */
function walkChain(chain: readonly X509Certificate[], store: readonly X509Certificate[]): { trusted: true } | { trusted: false; reason: string } {
  const trustedPrints = new Set(store.map((c) => c.fingerprint256));
  let current = chain[0]!;
  const used = new Set<string>();
  for (let depth = 0; depth < 10; depth++) {
    if (trustedPrints.has(current.fingerprint256)) return { trusted: true };
    used.add(current.fingerprint256);
    const anchor = store.find((ca) => signedBy(current, ca));
    if (anchor) return { trusted: true };
    const next = chain.find((c) => !used.has(c.fingerprint256) && signedBy(current, c));
    if (!next) {
      if (depth === 0 && signedBy(current, current)) return { trusted: false, reason: 'self-signed certificate' };
      if (signedBy(current, current)) return { trusted: false, reason: 'self-signed certificate in the chain' };
      return { trusted: false, reason: `no trusted issuer found for "${current.issuer.replace(/\n/g, ', ')}"` };
    }
    current = next;
  }
  return { trusted: false, reason: 'chain too long' };
}

function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function matchesHost(leaf: X509Certificate, host: string): boolean {
  return isIP(host) !== 0 ? leaf.checkIP(host) !== undefined : leaf.checkHost(host) !== undefined;
}
