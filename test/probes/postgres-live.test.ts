/**
 * Live: the PostgreSQL probe against real servers started on 127.0.0.1 (weak, legacy and
 * hardened, see test/support/postgres-server.ts), through a counting proxy (the
 * connection bound), against a closed port, a silent server and servers that speak
 * something else; and the CLI in process.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/cli/program.ts';
import { atLeast } from '../../src/core/severity.ts';
import { MAX_CONNECTIONS, retrievePostgres } from '../../src/probes/postgres/retrieve.ts';
import { probe } from '../../src/probes/probe.ts';
import { parseTarget } from '../../src/probes/target.ts';
import { memoryIo } from '../support/memory-io.ts';
import { closeServer, freePort, tcpServer } from '../support/ports.ts';
import type { TcpTestServer } from '../support/ports.ts';
import { postgresUnavailable, startPostgres } from '../support/postgres-server.ts';
import type { RunningPostgres } from '../support/postgres-server.ts';

const LIVE = { timeout: 60_000 };

const WEAK_EXPECTED = [
  'postgres/no-trust-authentication bulwark_probe critical',
  'postgres/no-trust-authentication postgres critical',
  'postgres/require-ssl no-tls medium',
];

const LEGACY_EXPECTED = [
  'postgres/no-cleartext-password bulwark_probe high',
  'postgres/require-scram postgres medium',
  'postgres/require-ssl TLSv1.1 medium',
  'postgres/require-ssl plaintext-allowed medium',
];

function target(text: string) {
  const p = parseTarget(text);
  assert.ok(p.ok);
  return p.target;
}

const bounds = () => ({ deadline: Date.now() + 10_000, timeoutMs: 10_000 });

/** A TCP proxy in front of a server that counts the connections made through it. */
async function countingProxy(port: number): Promise<TcpTestServer & { count: () => number }> {
  let count = 0;
  const proxy = await tcpServer((client) => {
    count++;
    const upstream = connect({ host: '127.0.0.1', port });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  return Object.assign(proxy, { count: () => count });
}

describe('PostgreSQL probe against live servers', { ...LIVE, skip: postgresUnavailable() }, () => {
  let weak: RunningPostgres;
  let legacy: RunningPostgres;
  let hardened: RunningPostgres;

  before(async () => {
    [weak, legacy, hardened] = await Promise.all([startPostgres('weak'), startPostgres('legacy'), startPostgres('hardened')]);
  });
  after(async () => {
    await Promise.all([weak?.stop(), legacy?.stop(), hardened?.stop()]);
  });

  const summary = (findings: { checkId: string; subject?: string; severity: string }[]) =>
    findings.map((f) => `${f.checkId} ${f.subject} ${f.severity}`).sort();

  it('finds trust for any user and no TLS on the weak server, and nothing else', async () => {
    const result = await probe({ targets: [weak.target] });
    assert.equal(result.fatal, undefined);
    assert.deepEqual(result.errors, [], weak.log());
    assert.deepEqual(summary(result.findings), WEAK_EXPECTED);
    for (const f of result.findings) assert.deepEqual(f.location, { path: weak.target, line: 1, column: 1 });
    assert.equal(new Set(result.findings.map((f) => f.fingerprint)).size, result.findings.length, 'fingerprints differ');
  });

  it('finds cleartext and MD5 passwords, plain connections and TLS 1.1 on the legacy server', async () => {
    const result = await probe({ targets: [legacy.target] });
    assert.equal(result.fatal, undefined);
    assert.deepEqual(result.errors, [], legacy.log());
    assert.deepEqual(summary(result.findings), LEGACY_EXPECTED);
  });

  it('finds nothing at medium or above on the hardened server', async () => {
    const result = await probe({ targets: [hardened.target] });
    assert.equal(result.fatal, undefined);
    assert.deepEqual(result.errors, [], hardened.log());
    assert.deepEqual(result.findings.filter((f) => atLeast(f.severity, 'medium')).map((f) => `${f.checkId} ${f.subject}`), []);
  });

  it('records what each server asked for, per user and transport', async () => {
    const methods = (s: { attempts: { user: string; overTls: boolean; outcome: string }[] }) =>
      s.attempts.map((a) => `${a.user} ${a.overTls ? 'tls' : 'plain'} ${a.outcome}`);

    const w = (await retrievePostgres(target(weak.target), bounds())).snapshot;
    assert.deepEqual(JSON.parse(JSON.stringify(w)), w, 'plain JSON');
    assert.deepEqual(w.ssl, { supported: false });
    assert.deepEqual(methods(w), ['bulwark_probe plain ok', 'postgres plain ok']);
    assert.equal(w.attempts[0]!.sqlstate, '28000');
    assert.match(w.attempts[0]!.message ?? '', /role "bulwark_probe" does not exist/);
    assert.match(w.serverVersion ?? '', /^\d+\.\d+/);

    const l = (await retrievePostgres(target(legacy.target), bounds())).snapshot;
    assert.equal(l.ssl.protocol, 'TLSv1.1');
    assert.deepEqual(methods(l), ['bulwark_probe plain password', 'bulwark_probe tls password', 'postgres plain md5', 'postgres tls md5']);
    assert.equal(l.serverVersion, undefined, 'no session without trust');

    const h = (await retrievePostgres(target(hardened.target), bounds())).snapshot;
    assert.equal(h.ssl.supported, true);
    assert.match(h.ssl.protocol ?? '', /^TLSv1\.[23]$/);
    assert.deepEqual(h.ssl.certificate?.names, ['127.0.0.1', 'localhost']);
    assert.deepEqual(methods(h), ['bulwark_probe plain error', 'bulwark_probe tls sasl', 'postgres plain error', 'postgres tls sasl']);
    assert.ok(h.attempts.filter((a) => !a.overTls).every((a) => a.sqlstate === '28000' && /no encryption/.test(a.message ?? '')));
    assert.ok(h.attempts.filter((a) => a.overTls).every((a) => a.mechanisms?.includes('SCRAM-SHA-256')));
  });

  it('never sends a password: the servers log no failed or answered password exchange', async () => {
    await retrievePostgres(target(legacy.target), bounds());
    await new Promise((r) => setTimeout(r, 200));
    assert.doesNotMatch(legacy.log(), /password authentication failed|expected password response|invalid length of startup packet/);
    assert.doesNotMatch(hardened.log(), /password authentication failed|expected SASL response/);
  });

  it(`opens at most ${MAX_CONNECTIONS} connections (2 without TLS)`, async () => {
    for (const [server, expected] of [[hardened, MAX_CONNECTIONS], [weak, 2]] as const) {
      const proxy = await countingProxy(server.port);
      try {
        const result = await probe({ targets: [`postgres://127.0.0.1:${proxy.port}`] });
        assert.deepEqual(result.errors, []);
        assert.equal(proxy.count(), expected, server.flavour);
      } finally {
        await closeServer(proxy);
      }
    }
  });

  it('takes the postgresql:// spelling and reports under it', async () => {
    const result = await probe({ targets: [`postgresql://127.0.0.1:${weak.port}`] });
    assert.deepEqual(result.errors, []);
    assert.ok(result.findings.length > 0 && result.findings.every((f) => f.location.path === `postgresql://127.0.0.1:${weak.port}`));
  });

  it('reports a closed port as connection refused', async () => {
    const closed = await freePort();
    const started = Date.now();
    const result = await probe({ targets: [`postgres://127.0.0.1:${closed}`], timeoutMs: 5_000 });
    assert.match(result.fatal ?? '', new RegExp(`no target could be probed: postgres://127\\.0\\.0\\.1:${closed}: connection refused`));
    assert.ok(Date.now() - started < 5_000);
  });

  it('says an SSH server, an HTTP server and a Redis server are not PostgreSQL', async () => {
    const ssh = await tcpServer((socket) => socket.write('SSH-2.0-x\r\n'));
    const http = await tcpServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')));
    const redis = await tcpServer((socket) => socket.once('data', () => socket.end('-ERR unknown command\r\n')));
    try {
      for (const [server, shows] of [[ssh, /"SSH-2\.0-x\\r\\n"/], [http, /"HTTP\/1\.1 400 Bad Request/], [redis, /"-ERR unknown command/]] as const) {
        const result = await probe({ targets: [`postgres://127.0.0.1:${server.port}`], timeoutMs: 5_000 });
        assert.equal(result.errors.length, 1);
        assert.match(result.errors[0]!.reason, /^not a PostgreSQL server: /);
        assert.match(result.errors[0]!.reason, shows);
      }
    } finally {
      await Promise.all([closeServer(ssh), closeServer(http), closeServer(redis)]);
    }
  });

  it('gives up on a silent server within the deadline, with a clear error', { timeout: 10_000 }, async () => {
    const silent = await tcpServer(() => {});
    try {
      const result = await probe({ targets: [`postgres://127.0.0.1:${silent.port}`], timeoutMs: 1_000 });
      assert.match(result.errors[0]!.reason, /^no answer within 1 s \(connected, but the server sent nothing; waiting for the answer to SSLRequest\)$/);
    } finally {
      await closeServer(silent);
    }
  });

  it('says so when the server closes without answering', async () => {
    const closing = await tcpServer((socket) => socket.once('data', () => socket.end()));
    try {
      const result = await probe({ targets: [`postgres://127.0.0.1:${closing.port}`], timeoutMs: 5_000 });
      assert.match(result.errors[0]!.reason, /closed the connection without answering \(waiting for the answer to SSLRequest\)/);
    } finally {
      await closeServer(closing);
    }
  });

  it('handles a server that answers SSLRequest with an error (one that predates SSL)', async () => {
    const message = (type: string, body: Buffer): Buffer => {
      const head = Buffer.alloc(5);
      head.write(type, 0, 'latin1');
      head.writeInt32BE(4 + body.length, 1);
      return Buffer.concat([head, body]);
    };
    const old = await tcpServer((socket) =>
      socket.once('data', (first: Buffer) => {
        if (first.length === 8 && first.readInt32BE(4) === 80877103) {
          socket.end(message('E', Buffer.from('SFATAL\0C08P01\0Munsupported frontend protocol 1234.5679\0\0', 'latin1')));
        } else {
          socket.write(message('R', Buffer.from([0, 0, 0, 5, 1, 2, 3, 4])));
        }
      }),
    );
    try {
      const { snapshot, problems } = await retrievePostgres(target(`postgres://127.0.0.1:${old.port}`), bounds());
      assert.deepEqual(problems, []);
      assert.deepEqual(snapshot.ssl, { supported: false });
      assert.deepEqual(snapshot.attempts.map((a) => `${a.user} ${a.outcome}`), ['bulwark_probe md5', 'postgres md5']);
      assert.match(snapshot.notes[0]!, /answered SSLRequest with an error \(08P01 unsupported frontend protocol/);
    } finally {
      await closeServer(old);
    }
  });

  it('bulwark probe (CLI) exits 1 on the weak server and 0 on the hardened one', async () => {
    const m = memoryIo();
    assert.equal(await runCli(['probe', weak.target, '--format', 'json'], m.io), 1, m.err());
    const report = JSON.parse(m.out()) as { findings: { checkId: string; subject?: string }[]; errors: unknown[] };
    assert.ok(report.findings.some((f) => f.checkId === 'postgres/no-trust-authentication' && f.subject === 'postgres'));
    assert.deepEqual(report.errors, []);
    const h = memoryIo();
    assert.equal(await runCli(['probe', hardened.target, '--format', 'json'], h.io), 0, h.err());
    assert.deepEqual((JSON.parse(h.out()) as { findings: unknown[] }).findings, []);
  });
});
