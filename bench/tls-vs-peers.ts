/**
 * `bulwark probe https://` beside testssl.sh and sslscan (Debian) and the MDN HTTP
 * Observatory (npm, bench-local in bench/observatory/) against the same two local nginx
 * servers the live tests use (weak and hardened), in one run: a verdict table per server
 * (protocols, weak cipher categories, certificate problems, HSTS and the other headers)
 * and the wall-clock time ratio.
 *   node --import tsx bench/tls-vs-peers.ts     (needs: npm run build, nginx, openssl, testssl, sslscan)
 * RUNS=n runs testssl n times (default 3), FAST_RUNS=m every other command m times
 * (default 10); medians. Verdicts come from one run per tool (Bulwark's with
 * `--rate-limit-path`, its timed runs without). SKIP=testssl,… leaves peers out. The
 * Observatory is installed into bench/observatory on first use (`npm ci --ignore-scripts`,
 * conf/ stubs written here: everything stays offline). Writes bench/out/tls.md (and the
 * raw outputs beside it) and prints it. Exits 1 when an item Bulwark and a peer both
 * report disagrees, 2 when Bulwark could not run. bench/tls-vs-peers.md explains the
 * choices and every known difference.
 */
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startNginx } from '../test/support/nginx-servers.ts';
import type { NginxFlavour, RunningNginx } from '../test/support/nginx-servers.ts';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
const OBSERVATORY = join(ROOT, 'bench', 'observatory');
const OBSERVATORY_PKG = join(OBSERVATORY, 'node_modules', '@mdn', 'mdn-http-observatory');
const RUNS = Math.max(1, Number(process.env.RUNS ?? 3));
/** The tools that take well under a second are repeated more, for a steadier median. */
const FAST_RUNS = Math.max(RUNS, Number(process.env.FAST_RUNS ?? 10));
mkdirSync(OUT, { recursive: true });

type Tool = 'bulwark' | 'testssl' | 'sslscan' | 'observatory';
const PEERS = ['testssl', 'sslscan', 'observatory'] as const;
type Peer = (typeof PEERS)[number];

// ---------------------------------------------------------------- running and timing

interface Timed {
  ms: number[];
  first: SpawnSyncReturns<string>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Wall clock of a child process, start to exit, including its runtime's start-up. */
function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv, before?: () => void): { ms: number; result: SpawnSyncReturns<string> } {
  before?.();
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, ...env }, cwd: ROOT });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

function commandExists(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

// ---------------------------------------------------------------- the tools' commands

/**
 * The weak server's `caFile` is its own self-signed certificate: handing it to a tool as a
 * trust anchor would turn "self-signed, untrusted" into "trusted", which is not what a
 * client sees. So every tool trusts the test CA for the hardened server only.
 */
const trustAnchor = (s: RunningNginx): string | undefined => (s.flavour === 'hardened' ? s.caFile : undefined);

function bulwarkArgs(s: RunningNginx, target: string, extra: string[]): string[] {
  const ca = trustAnchor(s);
  return [join(ROOT, 'bin/bulwark.js'), 'probe', target, ...(ca ? ['--ca-file', ca] : []), ...extra, '--format', 'json', '--fail-on', 'none'];
}

/**
 * testssl's default run (everything but -E and -g) is the "full" one. Offline: `--nodns none`
 * skips rDNS and the CAA lookup; CRL and OCSP are only fetched with `--phone-out`, which
 * stays off. The JSON file must not exist beforehand or testssl refuses to write it.
 */
function testsslArgs(s: RunningNginx, jsonFile: string): string[] {
  const ca = trustAnchor(s);
  return ['--jsonfile-pretty', jsonFile, '--warnings', 'off', '--quiet', '--color', '0', '--nodns', 'none', ...(ca ? ['--add-ca', ca] : []), s.https];
}

const sslscanArgs = (s: RunningNginx): string[] => ['--xml=-', `127.0.0.1:${s.httpsPort}`];

/** See bench/observatory/scan.mjs for why the package's own bin is not used. */
const observatoryArgs = (s: RunningNginx): string[] => [join(OBSERVATORY, 'scan.mjs'), '127.0.0.1', String(s.httpsPort), String(s.httpPort)];
const observatoryEnv = (s: RunningNginx): NodeJS.ProcessEnv => {
  const ca = trustAnchor(s);
  return ca ? { NODE_EXTRA_CA_CERTS: ca } : {};
};

/**
 * Installs the pinned Observatory with its install scripts off (they download the HSTS
 * preload list and the IANA TLD list) and writes those two files as stubs: the CLI scan
 * reads only `conf/hsts-preload.json` (a `{ domain: { mode, includeSubDomains, … } }` map,
 * src/analyzer/hsts.js), the API alone reads `conf/tld-list.json` (an array of TLDs,
 * src/api/v2/utils.js). No local name is preloaded, so `{}` and `[]` are exact.
 */
function ensureObservatory(): string | undefined {
  if (!existsSync(OBSERVATORY_PKG)) {
    const install = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: OBSERVATORY, encoding: 'utf8' });
    if (install.status !== 0) return `npm ci failed: ${install.stderr.trim().split('\n').pop()}`;
  }
  for (const [file, stub] of [['hsts-preload.json', '{}'], ['tld-list.json', '[]']] as const) {
    const path = join(OBSERVATORY_PKG, 'conf', file);
    if (!existsSync(path)) writeFileSync(path, `${stub}\n`);
  }
  return undefined;
}

// ---------------------------------------------------------------- what each tool says

interface Finding {
  checkId: string;
  severity: string;
  subject?: string;
  message: string;
}

interface TestsslEntry {
  id: string;
  severity: string;
  finding: string;
}
/** testssl's pretty JSON, flattened to id -> entry (the first of a repeated id). */
type Testssl = Map<string, TestsslEntry>;

function parseTestssl(file: string): Testssl {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { scanResult: Record<string, unknown>[] };
  const entries = new Map<string, TestsslEntry>();
  for (const section of Object.values(doc.scanResult[0] ?? {})) {
    if (!Array.isArray(section)) continue;
    for (const e of section as TestsslEntry[]) if (!entries.has(e.id)) entries.set(e.id, e);
  }
  return entries;
}

interface SslscanCipher {
  name: string;
  protocol: string;
  bits: number;
  strength: string;
}
interface Sslscan {
  protocols: Map<string, boolean>;
  ciphers: SslscanCipher[];
  cert: Record<string, string>;
}

/** sslscan's XML (`--xml=-`) is flat and regular: attributes by regex, no XML parser needed. */
function parseSslscan(xml: string): Sslscan {
  const attrs = (tag: string): Record<string, string> => Object.fromEntries([...tag.matchAll(/(\w[\w-]*)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  const protocols = new Map<string, boolean>();
  for (const m of xml.matchAll(/<protocol [^>]*\/>/g)) {
    const a = attrs(m[0]);
    const name = a.type === 'ssl' ? `SSLv${a.version}` : a.version === '1.0' ? 'TLSv1' : `TLSv${a.version}`;
    protocols.set(name, a.enabled === '1');
  }
  const ciphers = [...xml.matchAll(/<cipher [^>]*\/>/g)].map((m) => {
    const a = attrs(m[0]);
    return { name: a.cipher ?? '', protocol: a.sslversion ?? '', bits: Number(a.bits), strength: a.strength ?? '' };
  });
  const cert: Record<string, string> = {};
  const block = /<certificate type="short">([\s\S]*?)<\/certificate>/.exec(xml)?.[1] ?? '';
  for (const m of block.matchAll(/<([\w-]+)>(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?<\/\1>/g)) cert[m[1]!] = m[2]!;
  const pk = /<pk [^>]*\/>/.exec(block);
  if (pk) for (const [k, v] of Object.entries(attrs(pk[0]))) cert[`pk-${k}`] = v;
  return { protocols, ciphers, cert };
}

interface ObservatoryTest {
  pass: boolean;
  result: string;
  data?: unknown;
}
interface Observatory {
  scan: { grade: string; score: number };
  tests: Record<string, ObservatoryTest>;
}

/** The Origin the Observatory sends with its CORS preflight (its config default). */
const OBSERVATORY_ORIGIN = 'https://http-observatory.security.mozilla.org';

interface Said {
  bulwark?: Finding[];
  /** The https target's findings are `bulwark`; this is the http:// target's, for the redirect item. */
  bulwarkHttp?: Finding[];
  testssl?: Testssl;
  sslscan?: Sslscan;
  observatory?: Observatory;
}

// ---------------------------------------------------------------- the verdict items

/** One tool's answer to an item's yes/no question; `yes` undefined means "does not report it" (shown as –). */
interface Cell {
  yes?: boolean;
  text?: string;
}
const YES: Cell = { yes: true };
const NO: Cell = { yes: false };
const yesNo = (yes: boolean, text?: string): Cell => ({ yes, text });

interface Item {
  group: string;
  /** A yes/no question: "yes" is the finding. */
  question: string;
  bulwark?: (f: Finding[], http: Finding[] | undefined) => Cell | undefined;
  testssl?: (t: Testssl) => Cell | undefined;
  sslscan?: (s: Sslscan) => Cell | undefined;
  observatory?: (o: Observatory) => Cell | undefined;
  /** Why Bulwark and a peer differ here, when known (bench/tls-vs-peers.md has the evidence). */
  why?: (server: NginxFlavour, peer: Peer) => string | undefined;
}

const has = (f: Finding[], checkId: string, subject?: string): boolean => f.some((x) => x.checkId === checkId && (subject === undefined || x.subject === subject));
const subjects = (f: Finding[], checkId: string): string[] => f.filter((x) => x.checkId === checkId).map((x) => x.subject ?? '?');
const bw = (checkId: string, subject?: string) => (f: Finding[]): Cell => {
  const hit = subject === undefined ? subjects(f, checkId) : has(f, checkId, subject) ? [subject] : [];
  return hit.length ? yesNo(true, subject === undefined ? hit.join(', ') : undefined) : NO;
};
const entry = (t: Testssl, id: string): TestsslEntry | undefined => t.get(id);
const short = (s: string, n = 48): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const PROTOCOLS: [name: string, testsslId: string, legacy: boolean][] = [
  ['SSLv2', 'SSLv2', true],
  ['SSLv3', 'SSLv3', true],
  ['TLSv1', 'TLS1', true],
  ['TLSv1.1', 'TLS1_1', true],
  ['TLSv1.2', 'TLS1_2', false],
  ['TLSv1.3', 'TLS1_3', false],
];

/** Bulwark's weak-cipher categories, as OpenSSL names them (sslscan reports OpenSSL names). */
const CIPHER_CATEGORIES: [category: string, testsslId: string, label: string, match: (c: SslscanCipher) => boolean][] = [
  ['NULL', 'cipherlist_NULL', 'NULL (no encryption)', (c) => c.strength === 'null' || /(^|-)NULL(-|$)/.test(c.name)],
  ['aNULL', 'cipherlist_aNULL', 'aNULL (anonymous)', (c) => c.strength === 'anonymous' || /^(ADH|AECDH)-|_anon_/.test(c.name)],
  ['EXPORT', 'cipherlist_EXPORT', 'EXPORT', (c) => /EXP/.test(c.name)],
  ['LOW', 'cipherlist_LOW', 'LOW (DES, RC4, RC2, 40/56-bit)', (c) => !/EXP/.test(c.name) && (/RC4|RC2|(^|-)DES-CBC-|^DES-/.test(c.name) || (c.bits > 0 && c.bits < 112 && !/DES-CBC3|IDEA/.test(c.name)))],
  ['3DES', 'cipherlist_3DES_IDEA', '3DES / IDEA', (c) => /DES-CBC3|3DES|IDEA/.test(c.name)],
];

/** testssl's header section ran (it always does on an HTTP service) and the header is absent. */
function testsslHeaderMissing(header: string) {
  return (t: Testssl): Cell | undefined => {
    if (!t.has('HTTP_status_code')) return undefined;
    const e = entry(t, header);
    return e ? yesNo(false, short(e.finding, 32)) : YES;
  };
}
function observatoryVerdict(test: string, missing: string[]) {
  return (o: Observatory): Cell | undefined => {
    const r = o.tests[test]?.result;
    return r === undefined ? undefined : yesNo(missing.includes(r), r);
  };
}
const date = (s: string | undefined): number => (s ? Date.parse(s.replace(/\s+/g, ' ')) : NaN);

const ITEMS: Item[] = [
  ...PROTOCOLS.map(([name, id, legacy]): Item => ({
    group: 'protocol',
    question: `${name} accepted`,
    bulwark: legacy ? bw('tls/no-legacy-protocols', name) : undefined,
    testssl: (t) => {
      const e = entry(t, id);
      return e && yesNo(!/^not offered/i.test(e.finding), /^(not )?offered$/.test(e.finding) ? undefined : short(e.finding));
    },
    sslscan: (s) => (s.protocols.has(name) ? yesNo(s.protocols.get(name)!) : undefined),
  })),
  ...CIPHER_CATEGORIES.map(([category, id, label, match]): Item => ({
    group: 'weak ciphers',
    question: `${label} offered`,
    bulwark: bw('tls/no-weak-ciphers', category),
    testssl: (t) => {
      const e = entry(t, id);
      return e && yesNo(!/^not offered/i.test(e.finding));
    },
    sslscan: (s) => {
      const hit = [...new Set(s.ciphers.filter(match).map((c) => c.name))];
      return yesNo(hit.length > 0, hit.length ? short(hit.join(' '), 40) : undefined);
    },
  })),
  {
    group: 'certificate',
    question: 'expired',
    bulwark: bw('tls/no-expired-certificate', 'expired'),
    testssl: (t) => {
      const e = entry(t, 'cert_expirationStatus');
      return e && yesNo(e.finding === 'expired');
    },
    sslscan: (s) => (s.cert.expired === undefined ? undefined : yesNo(s.cert.expired === 'true')),
  },
  {
    group: 'certificate',
    question: 'expires within 30 days',
    bulwark: bw('tls/no-expired-certificate', 'expiring'),
    testssl: (t) => {
      const e = entry(t, 'cert_expirationStatus');
      return e && yesNo(/expires < 30 days/.test(e.finding), e.finding);
    },
    why: (server, peer) =>
      server === 'hardened' && peer === 'testssl'
        ? 'the test CA passed with --ca-file is made with `-days 30` (test/support/nginx-servers.ts); testssl judges only the served leaf (365 days)'
        : undefined,
  },
  {
    group: 'certificate',
    question: 'not yet valid',
    bulwark: bw('tls/no-expired-certificate', 'not-yet-valid'),
    // testssl prints notBefore but "assume[s] that the certificate has no start time in the future"; sslscan has no verdict.
  },
  {
    group: 'certificate',
    question: 'self-signed',
    bulwark: bw('tls/require-trusted-certificate', 'self-signed'),
    testssl: (t) => {
      const e = entry(t, 'cert_chain_of_trust');
      return e && yesNo(/self signed/i.test(e.finding));
    },
    sslscan: (s) => (s.cert['self-signed'] === undefined ? undefined : yesNo(s.cert['self-signed'] === 'true')),
  },
  {
    group: 'certificate',
    question: 'chain not trusted (system CAs + test CA)',
    bulwark: bw('tls/require-trusted-certificate'),
    testssl: (t) => {
      const e = entry(t, 'cert_chain_of_trust');
      return e && yesNo(!/^passed/.test(e.finding), e.finding.replace(/\.$/, ''));
    },
  },
  {
    group: 'certificate',
    question: 'name does not match 127.0.0.1',
    bulwark: bw('tls/require-hostname-match'),
    testssl: (t) => {
      const e = entry(t, 'cert_trust');
      return e && yesNo(/does not match/i.test(e.finding), short(e.finding, 36));
    },
  },
  {
    group: 'certificate',
    question: 'weak key (RSA < 2048 bits)',
    bulwark: bw('tls/no-weak-certificate-key'),
    testssl: (t) => {
      const e = entry(t, 'cert_keySize');
      const m = e && /^(RSA|DSA|EC)\S* (\d+) bits/.exec(e.finding);
      return e && yesNo(!!m && m[1] !== 'EC' && Number(m[2]) < 2048, e.finding);
    },
    sslscan: (s) => (s.cert['pk-type'] ? yesNo(s.cert['pk-type'] !== 'EC' && Number(s.cert['pk-bits']) < 2048, `${s.cert['pk-type']} ${s.cert['pk-bits']}`) : undefined),
  },
  {
    group: 'certificate',
    question: 'SHA-1/MD5 signature',
    bulwark: bw('tls/no-weak-signature'),
    testssl: (t) => {
      const e = entry(t, 'cert_signatureAlgorithm');
      return e && yesNo(/SHA1|MD5/i.test(e.finding), e.finding);
    },
    sslscan: (s) => (s.cert['signature-algorithm'] ? yesNo(/sha1|md5/i.test(s.cert['signature-algorithm']), s.cert['signature-algorithm']) : undefined),
  },
  {
    group: 'http',
    question: 'HSTS missing or max-age too short',
    bulwark: bw('http/require-hsts'),
    testssl: (t) => {
      const none = entry(t, 'HSTS');
      if (none) return yesNo(true, none.finding);
      const time = entry(t, 'HSTS_time');
      return time && yesNo(time.severity !== 'OK', short(time.finding, 24));
    },
    observatory: (o) => {
      const r = o.tests['strict-transport-security']?.result;
      if (r === undefined) return undefined;
      // With an invalid certificate the Observatory fails HSTS without reading the header.
      if (r === 'hsts-invalid-cert') return { text: `${r} (header not judged)` };
      return yesNo(['hsts-not-implemented', 'hsts-header-invalid', 'hsts-implemented-max-age-less-than-six-months'].includes(r), r);
    },
  },
  ...(
    [
      ['X-Frame-Options', 'x-frame-options', ['x-frame-options-not-implemented', 'x-frame-options-header-invalid']],
      ['X-Content-Type-Options', 'x-content-type-options', ['x-content-type-options-not-implemented', 'x-content-type-options-header-invalid']],
      ['Content-Security-Policy', 'content-security-policy', ['csp-not-implemented', 'csp-header-invalid']],
      ['Referrer-Policy', 'referrer-policy', ['referrer-policy-not-implemented', 'referrer-policy-header-invalid']],
    ] as const
  ).map(
    ([header, test, missing]): Item => ({
      group: 'http',
      question: `${header} missing`,
      bulwark: bw('http/require-security-headers', header.toLowerCase()),
      testssl: testsslHeaderMissing(header),
      observatory: observatoryVerdict(test, [...missing]),
    }),
  ),
  {
    group: 'http',
    question: 'cookie without Secure or HttpOnly',
    // Bulwark also wants SameSite, which testssl does not check: only Secure and HttpOnly count here.
    bulwark: (f) => {
      const names = f
        .filter((x) => x.checkId === 'http/require-secure-cookies')
        .filter((x) => {
          const lacks = /lacks ([^:]+):/.exec(x.message)?.[1];
          return lacks === undefined || /\b(Secure|HttpOnly)\b/.test(lacks);
        })
        .map((x) => x.subject ?? '?');
      return names.length ? yesNo(true, names.join(', ')) : NO;
    },
    testssl: (t) => {
      const secure = entry(t, 'cookie_secure');
      const httpOnly = entry(t, 'cookie_httponly');
      if (!secure && !httpOnly) return t.has('cookie_count') ? NO : undefined;
      const partial = (e?: TestsslEntry): boolean => !!e && /^\d+\/\d+/.test(e.finding) && !/^(\d+)\/\1\b/.test(e.finding);
      return yesNo(partial(secure) || partial(httpOnly), [secure?.finding, httpOnly?.finding].filter(Boolean).map((s) => s!.replace(/ at '\/'/, '')).join('; '));
    },
    observatory: (o) => {
      const c = o.tests.cookies;
      return c && yesNo(!c.pass, c.result);
    },
  },
  {
    group: 'http',
    question: 'CORS reflects any Origin with credentials',
    bulwark: bw('http/no-cors-origin-reflection'),
    observatory: (o) => {
      const c = o.tests['cross-origin-resource-sharing'];
      if (!c) return undefined;
      if (c.result === 'cross-origin-resource-sharing-implemented-with-universal-access') return yesNo(true, c.result);
      // 1.4.8 compares the ACAO header with `response.request.headers.origin`, but axios hands
      // back Node's ClientRequest, which has no `headers`: the "universal access" branch is unreachable.
      if (c.data === OBSERVATORY_ORIGIN) return { text: 'restricted-access, but ACAO echoes its Origin: Observatory bug' };
      return yesNo(false, c.result);
    },
  },
  {
    group: 'http',
    question: 'Server header shows a version',
    bulwark: bw('http/no-version-banner', 'server'),
    testssl: (t) => {
      const e = entry(t, 'banner_server');
      return e && yesNo(/\d/.test(e.finding), e.finding);
    },
  },
  {
    group: 'http',
    question: 'X-Powered-By sent',
    bulwark: bw('http/no-version-banner', 'x-powered-by'),
    testssl: (t) => {
      const e = entry(t, 'banner_application');
      return e && yesNo(/x-powered-by/i.test(e.finding), short(e.finding, 32));
    },
  },
  {
    group: 'http',
    question: 'plain HTTP serves content instead of redirecting',
    bulwark: (_f, http) => (http ? bw('http/require-https-redirect')(http) : undefined),
    observatory: (o) => {
      const r = o.tests.redirection?.result;
      return r === undefined ? undefined : yesNo(['redirection-missing', 'redirection-not-to-https'].includes(r), r);
    },
  },
  { group: 'http', question: 'status endpoint exposed', bulwark: bw('http/no-exposed-status-endpoints') },
  { group: 'http', question: 'no rate limit on /api/', bulwark: bw('http/require-rate-limit') },
];

// ---------------------------------------------------------------- the run

interface ServerResult {
  server: NginxFlavour;
  said: Said;
  bulwarkError?: string;
  /** The `errors` of Bulwark's verdict run: a check it could not complete reads as "no" in the table. */
  bulwarkProblems: string[];
  peerErrors: Partial<Record<Peer, string>>;
  times: Partial<Record<Tool | 'bulwark tls', number[]>>;
}

/** A quick iteration without testssl, which takes a minute or more per server. */
const SKIP = new Set((process.env.SKIP ?? '').split(',').filter(Boolean));
const available: Record<Peer, string | undefined> = {
  testssl: SKIP.has('testssl') ? 'skipped (SKIP)' : commandExists('testssl') ? undefined : 'testssl not installed',
  sslscan: SKIP.has('sslscan') ? 'skipped (SKIP)' : commandExists('sslscan') ? undefined : 'sslscan not installed',
  observatory: SKIP.has('observatory') ? 'skipped (SKIP)' : ensureObservatory(),
};

function bulwarkError(r: SpawnSyncReturns<string>): string | undefined {
  if (r.error) return r.error.message;
  try {
    const doc = JSON.parse(r.stdout) as { findings?: unknown };
    if (!Array.isArray(doc.findings)) return 'no findings array in the JSON';
    return undefined;
  } catch {
    return (r.stderr.trim().split('\n').find((l) => l.trim()) ?? `exit ${r.status}, no JSON`).slice(0, 160);
  }
}

async function measure(s: RunningNginx): Promise<ServerResult> {
  const res: ServerResult = { server: s.flavour, said: {}, bulwarkProblems: [], peerErrors: { ...available }, times: {} };
  const keep = (tool: Tool | 'bulwark tls', ms: number): void => {
    (res.times[tool] ??= []).push(ms);
  };
  const bulwark = (target: string, extra: string[] = []): { ms: number; findings?: Finding[]; stdout: string; error?: string } => {
    const b = run(process.execPath, bulwarkArgs(s, target, extra));
    const error = bulwarkError(b.result);
    return { ms: b.ms, stdout: b.result.stdout, error, findings: error ? undefined : (JSON.parse(b.result.stdout) as { findings: Finding[] }).findings };
  };
  if (!existsSync(join(ROOT, 'bin/bulwark.js'))) res.bulwarkError = 'bin/bulwark.js missing';
  else {
    // Verdicts: the https:// target with the rate-limit burst, and the http:// target for the redirect row (both untimed).
    const verdicts = bulwark(s.https, ['--rate-limit-path', s.rateLimitPath]);
    res.bulwarkError = verdicts.error;
    if (verdicts.findings) {
      res.said.bulwark = verdicts.findings;
      res.bulwarkProblems = ((JSON.parse(verdicts.stdout) as { errors?: unknown[] }).errors ?? []).map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
      writeFileSync(join(OUT, `tls-${s.flavour}-bulwark.json`), verdicts.stdout);
      res.said.bulwarkHttp = bulwark(s.http).findings;
    }
  }
  for (let i = 0; i < FAST_RUNS; i++) {
    process.stderr.write(`[${s.flavour}] run ${i + 1}/${FAST_RUNS}:`);
    // Timed: the same work the peers do, without the burst no peer sends; tls:// is the TLS half alone, sslscan's job.
    if (!res.bulwarkError) {
      const https = bulwark(s.https);
      const tls = bulwark(`tls://127.0.0.1:${s.httpsPort}`);
      if (!https.error) keep('bulwark', https.ms);
      if (!tls.error) keep('bulwark tls', tls.ms);
      process.stderr.write(` bulwark ${https.error ? 'n/a' : `${https.ms.toFixed(0)} ms`} (tls:// ${tls.error ? 'n/a' : `${tls.ms.toFixed(0)} ms`})`);
    }
    if (!res.peerErrors.testssl && i < RUNS) {
      const file = join(OUT, `tls-${s.flavour}-testssl${i === 0 ? '' : `-${i}`}.json`);
      const t = run('testssl', testsslArgs(s, file), {}, () => rmSync(file, { force: true }));
      if (existsSync(file)) {
        keep('testssl', t.ms);
        if (i === 0) {
          res.said.testssl = parseTestssl(file);
          writeFileSync(join(OUT, `tls-${s.flavour}-testssl.txt`), t.result.stdout);
        } else rmSync(file, { force: true });
      } else res.peerErrors.testssl = `no JSON written (exit ${t.result.status}): ${t.result.stderr.trim().slice(0, 160)}`;
      process.stderr.write(` testssl ${(t.ms / 1000).toFixed(1)} s`);
    }
    if (!res.peerErrors.sslscan) {
      const x = run('sslscan', sslscanArgs(s));
      if (x.result.stdout.includes('<ssltest')) {
        keep('sslscan', x.ms);
        if (i === 0) {
          res.said.sslscan = parseSslscan(x.result.stdout);
          writeFileSync(join(OUT, `tls-${s.flavour}-sslscan.xml`), x.result.stdout);
        }
      } else res.peerErrors.sslscan = `no XML (exit ${x.result.status}): ${x.result.stderr.trim().slice(0, 160)}`;
      process.stderr.write(` sslscan ${x.ms.toFixed(0)} ms`);
    }
    if (!res.peerErrors.observatory) {
      const o = run(process.execPath, observatoryArgs(s), observatoryEnv(s));
      const doc = (() => {
        try {
          return JSON.parse(o.result.stdout) as Observatory & { error?: string };
        } catch {
          return { error: o.result.stderr.trim().slice(0, 160) } as Observatory & { error?: string };
        }
      })();
      if (!doc.error) {
        keep('observatory', o.ms);
        if (i === 0) {
          res.said.observatory = doc;
          writeFileSync(join(OUT, `tls-${s.flavour}-observatory.json`), o.result.stdout);
        }
      } else res.peerErrors.observatory = doc.error;
      process.stderr.write(` observatory ${o.ms.toFixed(0)} ms`);
    }
    process.stderr.write('\n');
  }
  return res;
}

// ---------------------------------------------------------------- the report

function show(c: Cell | undefined): string {
  if (!c) return '–';
  const v = c.yes === undefined ? '–' : c.yes ? '**yes**' : 'no';
  return c.text ? `${v} (${c.text.replace(/\|/g, '\\|')})` : v;
}

interface Disagreement {
  server: NginxFlavour;
  item: string;
  peer: Peer;
  bulwark: string;
  said: string;
  why?: string;
}

function table(r: ServerResult, disagreements: Disagreement[]): { lines: string[]; compared: number; agreeing: number } {
  const lines = ['| item | bulwark | testssl | sslscan | observatory | agree? |', '|---|---|---|---|---|---|'];
  let compared = 0;
  let agreeing = 0;
  for (const it of ITEMS) {
    const b = r.said.bulwark && it.bulwark ? it.bulwark(r.said.bulwark, r.said.bulwarkHttp) : undefined;
    const peers: Record<Peer, Cell | undefined> = {
      testssl: r.said.testssl && it.testssl?.(r.said.testssl),
      sslscan: r.said.sslscan && it.sslscan?.(r.said.sslscan),
      observatory: r.said.observatory && it.observatory?.(r.said.observatory),
    };
    const reporting = PEERS.filter((p) => peers[p]?.yes !== undefined);
    let agree: string;
    if (b?.yes === undefined) {
      const answers = new Set(reporting.map((p) => peers[p]!.yes));
      agree = reporting.length < 2 ? '–' : answers.size === 1 ? '– (peers agree)' : `– (peers differ: ${reporting.map((p) => `${p} ${peers[p]!.yes ? 'yes' : 'no'}`).join(', ')})`;
    } else if (reporting.length === 0) {
      agree = '–';
    } else {
      compared++;
      const against = reporting.filter((p) => peers[p]!.yes !== b.yes);
      if (against.length === 0) {
        agreeing++;
        agree = 'yes';
      } else {
        const reasons = against.map((p) => {
          const why = it.why?.(r.server, p);
          disagreements.push({ server: r.server, item: `${it.group}: ${it.question}`, peer: p, bulwark: show(b), said: show(peers[p]), why });
          return `${p}: ${why ?? 'unexplained'}`;
        });
        agree = `**no** (${reasons.join('; ')})`;
      }
    }
    const bulwarkCell = r.said.bulwark ? show(it.bulwark ? b : undefined) : 'not available';
    lines.push(`| ${it.group}: ${it.question} | ${bulwarkCell} | ${show(peers.testssl)} | ${show(peers.sslscan)} | ${show(peers.observatory)} | ${agree} |`);
  }
  return { lines, compared, agreeing };
}

const ms = (xs: number[] | undefined): string => (xs?.length ? (median(xs) >= 10_000 ? `${(median(xs) / 1000).toFixed(1)} s` : `${median(xs).toFixed(0)} ms`) : 'n/a');

const nodeStart = Array.from({ length: FAST_RUNS }, () => run(process.execPath, [join(ROOT, 'bin/bulwark.js'), '--version']).ms);
const results: ServerResult[] = [];
const servers: RunningNginx[] = [];
try {
  for (const flavour of ['weak', 'hardened'] as const) {
    const s = await startNginx(flavour);
    servers.push(s);
    results.push(await measure(s));
  }
} finally {
  for (const s of servers) await s.stop();
}

const disagreements: Disagreement[] = [];
const report: string[] = ['## bulwark probe vs testssl.sh, sslscan and the MDN HTTP Observatory (same nginx, same run)', ''];
const versionOf = (cmd: string, args: string[], pattern: RegExp): string => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return pattern.exec(`${r.stdout ?? ''}${r.stderr ?? ''}`.replace(/\x1b\[[0-9;]*m/g, ''))?.[1] ?? 'n/a';
};
const versions = [
  `testssl ${versionOf('testssl', ['--version'], /testssl\s+(\d\S*)/)}`,
  `sslscan ${versionOf('sslscan', ['--version'], /(\d+\.\d+\.\d+)/)}`,
  `@mdn/mdn-http-observatory ${existsSync(OBSERVATORY_PKG) ? (JSON.parse(readFileSync(join(OBSERVATORY_PKG, 'package.json'), 'utf8')) as { version: string }).version : 'n/a'}`,
  `nginx ${versionOf('/usr/sbin/nginx', ['-v'], /nginx\/(\S+)/)}`,
  `OpenSSL ${versionOf('openssl', ['version'], /OpenSSL (\S+)/)}`,
];
report.push(`Peers: ${versions.join(', ')}. Rows are yes/no questions ("yes" is the problem, or for protocols "accepted"); – means the tool does not report the item, and such cells do not count. The weak server is probed without a trust anchor, the hardened one with its test CA (\`--ca-file\`, \`--add-ca\`, \`NODE_EXTRA_CA_CERTS\`).`, '');
let compared = 0;
let agreeing = 0;
for (const r of results) {
  report.push(`### ${r.server} server`, '');
  if (r.bulwarkError) report.push(`bulwark: not available (${r.bulwarkError})`, '');
  if (r.bulwarkProblems.length) report.push(`bulwark reported errors (its "no" may mean "not tested"): ${r.bulwarkProblems.join('; ')}`, '');
  for (const [peer, err] of Object.entries(r.peerErrors)) if (err) report.push(`${peer}: not available (${err})`, '');
  const t = table(r, disagreements);
  compared += t.compared;
  agreeing += t.agreeing;
  report.push(...t.lines, '');
}

report.push(`### time (wall clock, median of ${RUNS} testssl run${RUNS > 1 ? 's' : ''} and ${FAST_RUNS} of each other command, tools run one after another)`, '');
report.push(
  '| server | bulwark https:// | bulwark tls:// | testssl | sslscan | observatory | testssl / bulwark https:// | sslscan / bulwark tls:// | sslscan / bulwark https:// | observatory / bulwark https:// |',
  '|---|---|---|---|---|---|---|---|---|---|',
);
for (const r of results) {
  const ratio = (p: Peer, base: 'bulwark' | 'bulwark tls'): string => {
    const b = r.times[base];
    const x = r.times[p];
    if (!b?.length || !x?.length) return 'n/a';
    const q = median(x) / median(b);
    return `${q.toFixed(q >= 10 ? 0 : 2)}x`;
  };
  report.push(
    `| ${r.server} | ${ms(r.times.bulwark)} | ${ms(r.times['bulwark tls'])} | ${ms(r.times.testssl)} | ${ms(r.times.sslscan)} | ${ms(r.times.observatory)} | ${ratio('testssl', 'bulwark')} | ${ratio('sslscan', 'bulwark tls')} | ${ratio('sslscan', 'bulwark')} | ${ratio('observatory', 'bulwark')} |`,
  );
}
report.push(
  '',
  'Ratios above 1 mean Bulwark is faster. Timed commands: `bulwark probe https://…` (TLS and HTTP, like testssl; without `--rate-limit-path`, a burst no peer sends: the verdict run above has it) and `bulwark probe tls://…` (the TLS half alone, like sslscan); node start-up is included (`node bin/bulwark.js --version` alone: ' +
    `${ms(nodeStart)}). The Observatory fetches the https:// and the http:// port.`,
  '',
);

const unexplained = disagreements.filter((d) => !d.why).length;
const bulwarkMissing = results.some((r) => r.bulwarkError);
report.push(
  bulwarkMissing
    ? 'bulwark: not available, so nothing was compared; the agree? column shows whether the peers agree among themselves.'
    : `Bulwark agrees with every peer that reports the item on ${agreeing} of ${compared} items; ${disagreements.length} disagreement${disagreements.length === 1 ? '' : 's'} (${unexplained} unexplained).`,
  '',
);
if (disagreements.length) {
  report.push('| server | item | peer | bulwark | peer says | why |', '|---|---|---|---|---|---|');
  for (const d of disagreements) report.push(`| ${d.server} | ${d.item} | ${d.peer} | ${d.bulwark} | ${d.said} | ${d.why ?? 'unexplained'} |`);
  report.push('');
}

writeFileSync(join(OUT, 'tls.md'), report.join('\n'));
process.stdout.write(report.join('\n'));
process.exitCode = bulwarkMissing ? 2 : disagreements.length ? 1 : 0;
