/**
 * Live: the TLS and HTTP probes against real nginx servers started on 127.0.0.1 (a weak
 * and a hardened one, see test/support/nginx-servers.ts), `openssl s_client` as an oracle
 * for protocol versions and legacy suites, failure modes (closed port, a server that
 * never answers, a non-TLS service), and the CLI in process, never leaking a cookie value.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/cli/program.ts';
import { probe } from '../../src/probes/probe.ts';
import { retrieveHttp } from '../../src/probes/http/retrieve.ts';
import { parseTarget } from '../../src/probes/target.ts';
import { WEAK_SUITES } from '../../src/probes/tls/cipher-suites.ts';
import { retrieveTls } from '../../src/probes/tls/retrieve.ts';
import { NGINX_BIN, startNginx } from '../support/nginx-servers.ts';
import type { RunningNginx } from '../support/nginx-servers.ts';
import { memoryIo } from '../support/memory-io.ts';
import { closeServer, freePort, tcpServer } from '../support/ports.ts';

const LIVE = { timeout: 120_000 };

let weak: RunningNginx;
let hardened: RunningNginx;

const WEAK_HTTPS: string[] = [
  'tls/no-legacy-protocols TLSv1',
  'tls/no-legacy-protocols TLSv1.1',
  'tls/no-weak-ciphers NULL',
  'tls/no-weak-ciphers aNULL',
  'tls/no-expired-certificate expired',
  'tls/require-trusted-certificate self-signed',
  'tls/require-hostname-match 127.0.0.1',
  'tls/no-weak-certificate-key rsa-1024',
  'tls/no-weak-signature sha1WithRSAEncryption',
  'http/require-hsts missing',
  'http/require-security-headers x-frame-options',
  'http/require-security-headers x-content-type-options',
  'http/require-security-headers content-security-policy',
  'http/require-security-headers referrer-policy',
  'http/require-secure-cookies session',
  'http/no-cors-origin-reflection reflected-origin',
  'http/no-exposed-status-endpoints /metrics',
  'http/no-exposed-status-endpoints /nginx_status',
  'http/no-version-banner server',
  'http/no-version-banner x-powered-by',
  'http/require-rate-limit /api/',
];

const WEAK_HTTP: string[] = [
  'http/require-https-redirect /',
  'http/require-security-headers x-frame-options',
  'http/require-security-headers x-content-type-options',
  'http/require-security-headers content-security-policy',
  'http/require-security-headers referrer-policy',
  'http/no-exposed-status-endpoints /metrics',
  'http/no-version-banner server',
  'http/require-rate-limit /api/',
];

function target(text: string) {
  const p = parseTarget(text);
  assert.ok(p.ok);
  return p.target;
}

const bounds = () => ({ deadline: Date.now() + 10_000, timeoutMs: 10_000 });

function findingsOf(result: Awaited<ReturnType<typeof probe>>, display: string): string[] {
  return result.findings.filter((f) => f.location.path === display).map((f) => `${f.checkId} ${f.subject}`).sort();
}

/** Whether `openssl s_client` completes a handshake with these options (the oracle). */
function opensslAccepts(port: number, args: string[]): boolean {
  const r = spawnSync('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, ...args], { input: '', encoding: 'utf8', timeout: 10_000 });
  // "New, TLSv1.3, Cipher is …" is printed as soon as the handshake completes; the session block may not be (TLS 1.3 tickets arrive later).
  return r.status === 0 && /^New, (?!\(NONE\))\S+, Cipher is (?!\(NONE\))\S+/m.test(r.stdout);
}

describe('TLS and HTTP probes against live nginx', LIVE, () => {
  before(async () => {
    assert.ok(existsSync(NGINX_BIN), `${NGINX_BIN} is missing: install nginx (CI does)`);
    [weak, hardened] = await Promise.all([startNginx('weak'), startNginx('hardened')]);
  });
  after(async () => {
    await Promise.all([weak?.stop(), hardened?.stop()]);
  });

  it('finds every planted problem on the weak server, and nothing else', async () => {
    const result = await probe({ targets: [weak.https, weak.http], settings: { rateLimitPath: weak.rateLimitPath } });
    assert.equal(result.fatal, undefined);
    assert.deepEqual(result.errors, [], `nginx log:\n${weak.log()}`);
    assert.deepEqual(findingsOf(result, `https://127.0.0.1:${weak.httpsPort}`), [...WEAK_HTTPS].sort());
    assert.deepEqual(findingsOf(result, `http://127.0.0.1:${weak.httpPort}`), [...WEAK_HTTP].sort());
    assert.equal(result.summary.targetsProbed, 2);
    const severity = (id: string, subject: string) => result.findings.find((f) => f.checkId === id && f.subject === subject)?.severity;
    assert.equal(severity('tls/no-legacy-protocols', 'TLSv1'), 'high');
    assert.equal(severity('tls/no-weak-ciphers', 'NULL'), 'high');
    assert.equal(severity('http/require-secure-cookies', 'session'), 'high');
    assert.equal(severity('http/no-version-banner', 'server'), 'low');
  });

  it('finds nothing on the hardened server when its CA is given, and only the unknown CA without it', async () => {
    const withCa = await probe({ targets: [hardened.https, hardened.http], settings: { caFile: hardened.caFile, rateLimitPath: hardened.rateLimitPath } });
    assert.equal(withCa.fatal, undefined);
    assert.deepEqual(withCa.errors, [], `nginx log:\n${hardened.log()}`);
    assert.deepEqual(withCa.findings.map((f) => `${f.checkId} ${f.subject}`), []);
    const withoutCa = await probe({ targets: [hardened.https] });
    assert.deepEqual(withoutCa.findings.map((f) => `${f.checkId} ${f.subject} ${f.severity}`), ['tls/require-trusted-certificate untrusted high']);
  });

  it('agrees with openssl s_client on every protocol version and every legacy suite local OpenSSL knows', async () => {
    const known = new Set(spawnSync('openssl', ['ciphers', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'], { encoding: 'utf8' }).stdout.trim().split(':'));
    for (const server of [weak, hardened]) {
      const snap = (await retrieveTls(target(server.https), bounds())).snapshot;
      for (const [version, flag] of [['TLSv1', '-tls1'], ['TLSv1.1', '-tls1_1'], ['TLSv1.2', '-tls1_2'], ['TLSv1.3', '-tls1_3']] as const) {
        const oracle = opensslAccepts(server.httpsPort, [flag, '-cipher', 'ALL:@SECLEVEL=0']);
        assert.equal(snap.protocols[version], oracle, `${server.flavour} ${version}: probe ${snap.protocols[version]}, openssl ${oracle}`);
      }
      let compared = 0;
      for (const suite of WEAK_SUITES) {
        if (!known.has(suite.name)) continue;
        compared++;
        const oracle = opensslAccepts(server.httpsPort, ['-tls1_2', '-cipher', `${suite.name}:@SECLEVEL=0`]);
        const probed = snap.weakCiphers.some((s) => s.name === suite.name);
        assert.equal(probed, oracle, `${server.flavour} ${suite.name}: probe ${probed}, openssl ${oracle}`);
      }
      assert.ok(compared >= 5, `compared ${compared} suites`);
    }
  });

  it('records JSON snapshots that keep no cookie value, and bounds the burst', async () => {
    const snap = (await retrieveHttp(target(weak.https), bounds(), { rateLimitPath: '/api/' })).snapshot;
    assert.deepEqual(JSON.parse(JSON.stringify(snap)), snap);
    assert.ok(!JSON.stringify(snap).includes('weak-session-id'), 'the cookie value is not recorded');
    assert.equal(snap.rateLimit?.sent, 60, 'the unlimited path gets the whole burst, and no more');
    const limited = (await retrieveHttp(target(hardened.https), bounds(), { rateLimitPath: '/api/' })).snapshot.rateLimit;
    assert.ok(limited?.limited && limited.firstLimitedAt !== undefined && limited.firstLimitedAt <= 12, JSON.stringify(limited));
    assert.ok(limited.sent < 60, 'the burst stops once limited');
  });

  it('reports a closed port, a silent server and a non-TLS service as errors, within the time bound', async () => {
    const closed = await freePort();
    const silent = await tcpServer(() => {});
    try {
      const started = Date.now();
      const result = await probe({ targets: [`https://127.0.0.1:${closed}`, `https://127.0.0.1:${silent.port}`, `https://127.0.0.1:${weak.httpPort}`, weak.https], timeoutMs: 1_500 });
      assert.ok(Date.now() - started < 6_000, `took ${Date.now() - started} ms`);
      assert.equal(result.fatal, undefined, 'the good target was probed');
      const reasons = (port: number) => result.errors.filter((e) => e.path === `https://127.0.0.1:${port}`).map((e) => e.reason).join(' | ');
      assert.match(reasons(closed), /connection refused/);
      assert.match(reasons(silent.port), /no answer within 1\.5 s/);
      assert.match(reasons(weak.httpPort), /TLS|handshake|not a TLS/i);
      assert.ok(result.findings.some((f) => f.location.path === `https://127.0.0.1:${weak.httpsPort}`));

      const none = await probe({ targets: [`http://127.0.0.1:${closed}`] });
      assert.match(none.fatal ?? '', /no target could be probed: http:\/\/127\.0\.0\.1:\d+: connection refused/);
    } finally {
      await closeServer(silent);
    }
  });

  it('runs from the CLI with --ca-file and --rate-limit-path, exit codes by --fail-on, no cookie value in any format', async () => {
    for (const format of ['text', 'json', 'sarif', 'junit', 'markdown', 'html'] as const) {
      const m = memoryIo();
      const code = await runCli(['probe', weak.https, '--rate-limit-path', '/api/', '--format', format, '--no-color'], m.io);
      assert.equal(code, 1, `${format}: ${m.err()}`);
      assert.ok(!m.out().includes('weak-session-id'), `${format} leaks the cookie value`);
      assert.match(m.out(), /no-weak-ciphers/);
    }
    const ok = memoryIo();
    assert.equal(await runCli(['probe', hardened.https, hardened.http, '--ca-file', hardened.caFile, '--rate-limit-path', '/api/', '--fail-on', 'low'], ok.io), 0, ok.err() + ok.out());
    const bad = memoryIo();
    assert.equal(await runCli(['probe', hardened.https, '--ca-file', '/nonexistent/ca.pem'], bad.io), 2);
    assert.match(bad.err() + bad.out(), /cannot read --ca-file \/nonexistent\/ca\.pem/);
    const badPath = memoryIo();
    assert.equal(await runCli(['probe', hardened.https, '--rate-limit-path', 'api'], badPath.io), 2);
    assert.match(badPath.err(), /--rate-limit-path must start with "\/"/);
  });
});
