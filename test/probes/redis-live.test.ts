/**
 * Live: the Redis probe against Debian's redis-server started on 127.0.0.1 (open and
 * password-protected, see test/support/redis-server.ts), failure modes (closed port, a
 * server that never answers, another protocol), and the CLI in process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/cli/program.ts';
import { probe } from '../../src/probes/probe.ts';
import { memoryIo } from '../support/memory-io.ts';
import { closeServer, freePort, tcpServer } from '../support/ports.ts';
import { redisAvailable, REDIS_SERVER, startRedis } from '../support/redis-server.ts';
import type { RunningRedis } from '../support/redis-server.ts';

const LIVE = { timeout: 60_000 };

let open: RunningRedis;
let password: RunningRedis;

describe('Redis probe against a live redis-server', LIVE, () => {
  before(async () => {
    assert.ok(redisAvailable(), `${REDIS_SERVER} is missing: install redis-server (CI does)`);
    [open, password] = await Promise.all([startRedis('open'), startRedis('password')]);
  });
  after(async () => {
    await Promise.all([open?.stop(), password?.stop()]);
  });

  it('reports a server that obeys PING without a password, with its version', async () => {
    const result = await probe({ targets: [open.target] });
    assert.equal(result.fatal, undefined);
    assert.deepEqual(result.errors, [], open.log());
    assert.deepEqual(result.findings.map((f) => `${f.checkId} ${f.subject} ${f.severity}`), ['redis/require-authentication no-password critical']);
    assert.match(result.findings[0]!.message, /without a password \(Redis \d+\.\d+\.\d+\)/);
    assert.deepEqual(result.findings[0]!.location, { path: open.target, line: 1, column: 1 });
  });

  it('finds nothing on a server that wants a password, and sends none', async () => {
    const result = await probe({ targets: [password.target] });
    assert.deepEqual(result.errors, [], password.log());
    assert.deepEqual(result.findings, []);
  });

  it('reports a closed port, a silent server and another protocol as errors, within the time bound', async () => {
    const closed = await freePort();
    const silent = await tcpServer(() => {});
    const ssh = await tcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n'));
    try {
      const started = Date.now();
      const result = await probe({ targets: [`redis://127.0.0.1:${closed}`, `redis://127.0.0.1:${silent.port}`, `redis://127.0.0.1:${ssh.port}`, open.target], timeoutMs: 1_000 });
      assert.ok(Date.now() - started < 4_000, `took ${Date.now() - started} ms`);
      const reason = (port: number) => result.errors.filter((e) => e.path === `redis://127.0.0.1:${port}`).map((e) => e.reason).join(' | ');
      assert.match(reason(closed), /connection refused/);
      assert.match(reason(silent.port), /no answer within 1 s \(PING\)/);
      assert.match(reason(ssh.port), /not a Redis server: not a Redis reply \(it begins with "SSH-2\.0-OpenSSH_"\)/);
      assert.equal(result.summary.targetsProbed, 1);
    } finally {
      await Promise.all([closeServer(silent), closeServer(ssh)]);
    }
  });

  it('runs from the CLI: exit 1 on the open server, 0 on the protected one', async () => {
    const bad = memoryIo();
    assert.equal(await runCli(['probe', open.target, '--format', 'json'], bad.io), 1, bad.err());
    assert.equal((JSON.parse(bad.out()) as { findings: unknown[] }).findings.length, 1);
    const good = memoryIo();
    assert.equal(await runCli(['probe', password.target, '--fail-on', 'low'], good.io), 0, good.err() + good.out());
    assert.ok(!good.out().includes('bulwark-test-only'), 'the server password never shows');
  });
});
