/**
 * Live: the SSH probe against real OpenSSH servers started on 127.0.0.1 (a weak and a
 * hardened config, see sshd-server.ts), against a closed port, a silent server and a
 * non-SSH server; ssh-audit as an oracle for the algorithm lists; and the CLI in process.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/cli/program.ts';
import { atLeast } from '../../src/core/severity.ts';
import { probe } from '../../src/probes/probe.ts';
import { retrieveSsh } from '../../src/probes/ssh/retrieve.ts';
import { parseTarget } from '../../src/probes/target.ts';
import { freePort, SSHD, startSshd } from './sshd-server.ts';
import type { RunningSshd } from './sshd-server.ts';
import { memoryIo } from '../support/memory-io.ts';
import { closeServer, tcpServer } from '../support/ports.ts';

const LIVE = { timeout: 60_000 };

let weak: RunningSshd;
let hardened: RunningSshd;

/** What the weak config must yield: check id and subject. */
const WEAK_EXPECTED: [string, string][] = [
  ['ssh/no-password-auth-offered', 'password'],
  ['ssh/no-password-auth-offered', 'keyboard-interactive'],
  ['ssh/no-weak-kex', 'diffie-hellman-group1-sha1'],
  ['ssh/no-weak-kex', 'diffie-hellman-group14-sha1'],
  ['ssh/no-weak-ciphers', 'aes128-cbc'],
  ['ssh/no-weak-ciphers', '3des-cbc'],
  ['ssh/no-weak-macs', 'hmac-sha1'],
  ['ssh/no-weak-macs', 'hmac-md5'],
  ['ssh/no-weak-host-key-algorithms', 'ssh-rsa'],
  ['ssh/no-weak-host-key-algorithms', 'ssh-dss'],
  ['ssh/no-small-host-key', 'ssh-rsa'],
];

function ipv6Loopback(): boolean {
  return Object.values(networkInterfaces()).some((list) => list?.some((i) => i.family === 'IPv6' && i.address === '::1'));
}

function target(text: string) {
  const p = parseTarget(text);
  assert.ok(p.ok);
  return p.target;
}

describe('SSH probe against a live sshd', LIVE, () => {
  before(async () => {
    assert.ok(existsSync(SSHD), `${SSHD} is missing: install openssh-server (CI does)`);
    [weak, hardened] = await Promise.all([startSshd('weak'), startSshd('hardened')]);
  });
  after(async () => {
    await Promise.all([weak?.stop(), hardened?.stop()]);
  });

  it('finds everything the weak server allows', async () => {
    const result = await probe({ targets: [weak.target] });
    assert.equal(result.fatal, undefined);
    assert.deepEqual(result.errors, [], `sshd log:\n${weak.log()}`);
    const got = new Set(result.findings.map((f) => `${f.checkId} ${f.subject}`));
    for (const [id, subject] of WEAK_EXPECTED) assert.ok(got.has(`${id} ${subject}`), `missing ${id} for ${subject}; got ${[...got].join(', ')}`);
    const severityOf = (id: string, subject: string) => result.findings.find((f) => f.checkId === id && f.subject === subject)?.severity;
    assert.equal(severityOf('ssh/no-password-auth-offered', 'password'), 'high');
    assert.equal(severityOf('ssh/no-weak-kex', 'diffie-hellman-group1-sha1'), 'high');
    assert.equal(severityOf('ssh/no-weak-host-key-algorithms', 'ssh-dss'), 'medium');
    assert.equal(severityOf('ssh/no-small-host-key', 'ssh-rsa'), 'low');
    for (const f of result.findings) {
      assert.deepEqual(f.location, { path: weak.target, line: 1, column: 1 });
      assert.ok(f.subject, 'every probe finding names its subject');
    }
    assert.equal(new Set(result.findings.map((f) => f.fingerprint)).size, result.findings.length, 'fingerprints differ');
    assert.equal(result.summary.targetsProbed, 1);
  });

  it('finds nothing at medium or above on the hardened server', async () => {
    const result = await probe({ targets: [hardened.target] });
    assert.equal(result.fatal, undefined);
    assert.deepEqual(result.errors, [], `sshd log:\n${hardened.log()}`);
    const serious = result.findings.filter((f) => atLeast(f.severity, 'medium'));
    assert.deepEqual(serious.map((f) => `${f.checkId} ${f.subject}`), []);
  });

  it('records a JSON-serialisable snapshot with host key size and auth methods', async () => {
    const weakSnap = (await retrieveSsh(target(weak.target), { deadline: Date.now() + 10_000, timeoutMs: 10_000 })).snapshot;
    assert.deepEqual(JSON.parse(JSON.stringify(weakSnap)), weakSnap);
    assert.deepEqual(weakSnap.hostKey, { type: 'ssh-rsa', bits: 2048 });
    assert.deepEqual([...(weakSnap.authMethods ?? [])].sort(), ['keyboard-interactive', 'password', 'publickey']);
    assert.equal(weakSnap.ident.software.startsWith('OpenSSH_'), true);
    const hardSnap = (await retrieveSsh(target(hardened.target), { deadline: Date.now() + 10_000, timeoutMs: 10_000 })).snapshot;
    assert.deepEqual(hardSnap.hostKey, { type: 'ssh-ed25519', bits: 256 });
    assert.deepEqual(hardSnap.authMethods, ['publickey']);
  });

  it('agrees with ssh-audit on every algorithm list and the RSA key size', async () => {
    const snap = (await retrieveSsh(target(weak.target), { deadline: Date.now() + 10_000, timeoutMs: 10_000 })).snapshot;
    let out: string;
    try {
      out = execFileSync('ssh-audit', ['-j', '-t', '5', '-p', String(weak.port), '127.0.0.1'], { encoding: 'utf8', timeout: 20_000 });
    } catch (err) {
      const e = err as { code?: string; stdout?: string };
      assert.notEqual(e.code, 'ENOENT', 'ssh-audit is missing: install it (apt-get install ssh-audit)');
      out = e.stdout ?? ''; // ssh-audit exits non-zero when it finds failures
    }
    const audit = JSON.parse(out) as {
      banner: { raw: string };
      kex: { algorithm: string }[];
      key: { algorithm: string; keysize?: number }[];
      enc: string[];
      mac: string[];
      compression: string[];
    };
    assert.equal(`SSH-${snap.ident.protoVersion}-${snap.ident.software}${snap.ident.comments ? ` ${snap.ident.comments}` : ''}`, audit.banner.raw);
    assert.deepEqual(snap.kex, audit.kex.map((k) => k.algorithm));
    assert.deepEqual(snap.hostKeyAlgorithms, audit.key.map((k) => k.algorithm));
    assert.deepEqual(snap.ciphers.serverToClient, audit.enc);
    assert.deepEqual(snap.macs.serverToClient, audit.mac);
    assert.deepEqual(snap.compression.serverToClient, audit.compression);
    assert.equal(audit.key.find((k) => k.algorithm === 'rsa-sha2-512')?.keysize, snap.hostKey?.bits);
  });

  it('probes an IPv6 target written in brackets', { skip: !ipv6Loopback() && 'no IPv6 loopback here' }, async () => {
    const v6 = await startSshd('hardened', { address: '::1' });
    try {
      const result = await probe({ targets: [v6.target] });
      assert.equal(result.fatal, undefined);
      assert.deepEqual(result.errors, []);
      assert.match(v6.target, /^ssh:\/\/\[::1\]:\d+$/);
      assert.deepEqual(result.target, [v6.target]);
    } finally {
      await v6.stop();
    }
  });

  it('keeps the algorithm findings when the auth step cannot negotiate, and says so', async () => {
    // ssh2 has no sntrup761: the clear-text read works, the key exchange cannot.
    const pq = await startSshd('weak', { settings: ['KexAlgorithms=sntrup761x25519-sha512@openssh.com'] });
    try {
      const result = await probe({ targets: [pq.target] });
      assert.equal(result.fatal, undefined);
      assert.equal(result.errors.length, 1);
      assert.equal(result.errors[0]!.path, pq.target);
      assert.match(result.errors[0]!.reason, /^authentication methods not checked: /);
      const ids = new Set(result.findings.map((f) => f.checkId));
      assert.ok(ids.has('ssh/no-weak-ciphers') && ids.has('ssh/no-weak-macs'));
      assert.ok(!ids.has('ssh/no-password-auth-offered'), 'nothing claimed about auth methods it could not learn');
      assert.ok(!ids.has('ssh/no-weak-kex'));
    } finally {
      await pq.stop();
    }
  });

  it('resolves a host name once and reports under the name given', async () => {
    const result = await probe({ targets: [`ssh://LocalHost:${hardened.port}`] });
    assert.equal(result.fatal, undefined, result.fatal);
    assert.deepEqual(result.errors, []);
    assert.ok(result.findings.every((f) => f.location.path === `ssh://localhost:${hardened.port}`));
  });

  it('reports a closed port as an error naming the target, and still probes the others', async () => {
    const closed = await freePort();
    const result = await probe({ targets: [weak.target, `ssh://127.0.0.1:${closed}`], timeoutMs: 5_000 });
    assert.equal(result.fatal, undefined);
    assert.deepEqual(result.errors.map((e) => e.path), [`ssh://127.0.0.1:${closed}`]);
    assert.match(result.errors[0]!.reason, /connection refused/);
    assert.ok(result.findings.length > 0 && result.findings.every((f) => f.location.path === weak.target));
    assert.equal(result.summary.targetsProbed, 1);

    const alone = await probe({ targets: [`ssh://127.0.0.1:${closed}`], timeoutMs: 5_000 });
    assert.match(alone.fatal ?? '', new RegExp(`no target could be probed: ssh://127\\.0\\.0\\.1:${closed}: connection refused`));
  });

  it('gives up on a server that never answers, with a clear error (no hang)', { timeout: 15_000 }, async () => {
    const silent = await tcpServer(() => {});
    try {
      const result = await probe({ targets: [`ssh://127.0.0.1:${silent.port}`], timeoutMs: 1_000 });
      assert.deepEqual(result.errors.map((e) => e.path), [`ssh://127.0.0.1:${silent.port}`]);
      assert.match(result.errors[0]!.reason, /no answer within 1 s \(connected, but the server sent nothing\)/);
    } finally {
      await closeServer(silent);
    }
  });

  it('says a non-SSH server is not an SSH server', async () => {
    const http = await tcpServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    try {
      const result = await probe({ targets: [`ssh://127.0.0.1:${http.port}`], timeoutMs: 5_000 });
      assert.match(result.fatal ?? '', /not an SSH server/);
      assert.match(result.errors[0]!.reason, /^not an SSH server: .*"HTTP\/1\.1 400 Bad Request/);
    } finally {
      await closeServer(http);
    }
  });

  it('reports an SSH server that stops after its identification', async () => {
    const stub = await tcpServer((socket) => socket.end('SSH-2.0-stub_1.0\r\n'));
    try {
      const result = await probe({ targets: [`ssh://127.0.0.1:${stub.port}`], timeoutMs: 5_000 });
      assert.match(result.errors[0]!.reason, /closed the connection before sending its KEXINIT/);
    } finally {
      await closeServer(stub);
    }
  });

  it('refuses malformed targets and unknown check patterns before contacting anything', async () => {
    const bad = await probe({ targets: [weak.target, 'ftp://127.0.0.1'] });
    assert.match(bad.fatal ?? '', /invalid target: ftp:\/\/127\.0\.0\.1: unsupported scheme/);
    const unknown = await probe({ targets: [weak.target], checks: ['compose/*'] });
    assert.match(unknown.fatal ?? '', /no probe check matches "compose\/\*"/);
    const some = await probe({ targets: [weak.target], checks: ['ssh/no-weak-ciphers'] });
    assert.deepEqual([...new Set(some.findings.map((f) => f.checkId))], ['ssh/no-weak-ciphers']);
    assert.deepEqual(some.checks.map((c) => c.id), ['ssh/no-weak-ciphers']);
  });
});

describe('bulwark probe (CLI, in process)', LIVE, () => {
  let cliWeak: RunningSshd;
  let cliHardened: RunningSshd;
  let dir = '';
  before(async () => {
    [cliWeak, cliHardened] = await Promise.all([startSshd('weak'), startSshd('hardened')]);
    dir = mkdtempSync(join(tmpdir(), 'bulwark-probe-cli-'));
  });
  after(async () => {
    await Promise.all([cliWeak?.stop(), cliHardened?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('exits 1 on the weak server and prints a JSON report that parses', async () => {
    const m = memoryIo();
    assert.equal(await runCli(['probe', cliWeak.target, '--format', 'json'], m.io), 1, m.err());
    const report = JSON.parse(m.out()) as { version: number; target: string[]; findings: { checkId: string; subject?: string }[]; errors: unknown[] };
    assert.equal(report.version, 1);
    assert.deepEqual(report.target, [cliWeak.target]);
    assert.ok(report.findings.some((f) => f.checkId === 'ssh/no-password-auth-offered' && f.subject === 'password'));
    assert.deepEqual(report.errors, []);
  });

  it('exits 0 on the hardened server, and with --fail-on none', async () => {
    const m = memoryIo();
    assert.equal(await runCli(['probe', cliHardened.target, '--no-color'], m.io), 0, m.err());
    assert.match(m.out(), /No findings/);
    assert.equal(await runCli(['probe', cliWeak.target, '--fail-on', 'none', '-q'], memoryIo().io), 0);
  });

  it('writes SARIF to a file with -o', async () => {
    const m = memoryIo();
    const file = join(dir, 'probe.sarif');
    assert.equal(await runCli(['probe', cliWeak.target, '--format', 'sarif', '-o', file, '--checks', 'ssh/no-weak-kex'], m.io), 1);
    const sarif = JSON.parse(readFileSync(file, 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    assert.ok(sarif.runs[0]!.results.length > 0);
    assert.ok(sarif.runs[0]!.results.every((r) => r.ruleId === 'ssh/no-weak-kex'));
    assert.match(m.err(), /wrote sarif report to/);
  });

  it('exits 2 when every target fails, on a malformed target and a bad --timeout', async () => {
    const closed = await freePort();
    const m = memoryIo();
    assert.equal(await runCli(['probe', `ssh://127.0.0.1:${closed}`, '--timeout', '5'], m.io), 2);
    assert.match(m.err(), /connection refused/);
    const bad = memoryIo();
    assert.equal(await runCli(['probe', 'http:/nope'], bad.io), 2);
    assert.match(bad.err(), /invalid target/);
    assert.equal(await runCli(['probe', cliWeak.target, '--timeout', '0'], memoryIo().io), 2);
  });

  it('documents its limits in --help', async () => {
    const m = memoryIo();
    assert.equal(await runCli(['probe', '--help'], m.io), 0);
    assert.match(m.out(), /only the hosts and ports given are contacted/);
    assert.match(m.out(), /at most 2 TCP connections per target/);
    assert.match(m.out(), /--timeout <seconds>/);
  });
});
