/**
 * Live: the port-exposure probe against TCP servers this test opens on ephemeral
 * 127.0.0.1 ports, mapped to service entries through an override catalogue (so nothing
 * depends on which well-known ports are free), a port nothing listens on, the real
 * catalogue through `probe()` and the CLI, and a host name that does not resolve.
 * A port whose connect never completes cannot be made on loopback: `filtered` is
 * covered by the snapshot fixtures.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PROBE_CHECKS } from '../../src/checks/probe-index.ts';
import { runCli } from '../../src/cli/program.ts';
import { runChecks } from '../../src/core/engine.ts';
import { PORT_CATALOGUE } from '../../src/probes/ports/catalogue.ts';
import type { PortEntry } from '../../src/probes/ports/catalogue.ts';
import { BANNER_CHARS, PORT_CONCURRENCY, retrievePortsFrom } from '../../src/probes/ports/retrieve.ts';
import { probe } from '../../src/probes/probe.ts';
import type { ProbeBounds } from '../../src/probes/probe.ts';
import { parseTarget } from '../../src/probes/target.ts';
import type { ProbeTarget } from '../../src/probes/target.ts';
import { memoryIo } from '../support/memory-io.ts';
import { closeServer, freePort, tcpServer } from '../support/ports.ts';
import type { TcpTestServer } from '../support/ports.ts';

const LIVE = { timeout: 20_000 };

function target(text: string): ProbeTarget {
  const r = parseTarget(text);
  assert.ok(r.ok);
  return r.target;
}

function within(ms: number): ProbeBounds {
  return { deadline: Date.now() + ms, timeoutMs: ms };
}

/** A test server that counts connections and bytes received (the probe must send none). */
interface Watched {
  server: TcpTestServer;
  connections: number;
  bytesIn: number;
}

async function watched(greet: (socket: import('node:net').Socket) => void): Promise<Watched> {
  const w = { connections: 0, bytesIn: 0 } as Watched;
  w.server = await tcpServer((socket) => {
    w.connections++;
    socket.on('data', (chunk: Buffer) => (w.bytesIn += chunk.length));
    greet(socket);
  });
  return w;
}

const entry = (port: number, service: string, role: PortEntry['role']): PortEntry => ({ port, service, name: service, role, source: 'test' });

describe('host:// port-exposure probe against local listeners', LIVE, () => {
  let ssh: Watched;
  let redis: Watched;
  let docker: Watched;
  let chatty: Watched;
  let closed: number;
  let catalogue: PortEntry[];

  before(async () => {
    ssh = await watched((s) => s.write('SSH-2.0-OpenSSH_9.9 bulwark-test\r\n'));
    redis = await watched(() => {});
    docker = await watched(() => {});
    chatty = await watched((s) => s.end(`220-${'x'.repeat(400)}\r\n\u0000\u0001binary`));
    closed = await freePort();
    catalogue = [
      entry(ssh.server.port, 'ssh', 'public'),
      entry(redis.server.port, 'redis', 'data'),
      entry(docker.server.port, 'docker-api', 'admin'),
      entry(chatty.server.port, 'ftp', 'public'),
      entry(closed, 'postgresql', 'data'),
    ];
  });
  after(async () => {
    await Promise.all([ssh, redis, docker, chatty].map((w) => w && closeServer(w.server)));
  });

  it('sees open and closed ports, captures a volunteered banner, sends nothing and connects once per port', async () => {
    const started = Date.now();
    const { snapshot, problems } = await retrievePortsFrom(target('host://127.0.0.1'), within(5_000), catalogue);
    const elapsed = Date.now() - started;
    assert.deepEqual(problems, []);
    assert.equal(snapshot.target, 'host://127.0.0.1');
    assert.equal(snapshot.address, '127.0.0.1');
    const byService = Object.fromEntries(snapshot.ports.map((p) => [p.service, p]));
    assert.deepEqual(
      Object.fromEntries(Object.entries(byService).map(([s, p]) => [s, p.state])),
      { ssh: 'open', redis: 'open', 'docker-api': 'open', ftp: 'open', postgresql: 'closed' },
    );
    assert.equal(byService.ssh!.banner, 'SSH-2.0-OpenSSH_9.9 bulwark-test');
    assert.equal(byService.redis!.banner, undefined, 'a silent service has no banner');
    assert.equal(byService.ftp!.banner!.length, BANNER_CHARS, 'at most 120 printable characters');
    assert.match(byService.ftp!.banner!, /^220-x+$/);
    assert.deepEqual(snapshot.ports.map((p) => p.port), [...snapshot.ports.map((p) => p.port)].sort((a, b) => a - b));
    // Silent ports get at most the 300 ms banner wait, all at once.
    assert.ok(elapsed < 1_500, `took ${elapsed} ms`);
    await new Promise((r) => setTimeout(r, 50));
    for (const w of [ssh, redis, docker, chatty]) {
      assert.equal(w.connections, 1, 'one connection per port');
      assert.equal(w.bytesIn, 0, 'nothing is ever sent');
    }

    // The checks over this snapshot: loopback, so info only, and only data and admin ports.
    const judged = runChecks({
      units: [{ kind: 'ports', model: snapshot }],
      checks: PROBE_CHECKS.filter((c) => c.id.startsWith('ports/')),
      settings: { edgeServices: [] },
      facts: {},
      linesOf: () => undefined,
    });
    assert.deepEqual(judged.errors, []);
    assert.deepEqual(judged.findings.map((f) => `${f.checkId} ${f.subject} ${f.severity}`).sort(), [
      `ports/no-exposed-admin-interfaces ${docker.server.port}/docker-api info`,
      `ports/no-exposed-data-services ${redis.server.port}/redis info`,
    ]);
    for (const f of judged.findings) {
      assert.deepEqual(f.location, { path: 'host://127.0.0.1', line: 1, column: 1 });
      assert.match(f.message, /loopback address: a host probing itself reaches every listener.*another machine or network/);
    }
  });

  it(`keeps at most ${PORT_CONCURRENCY} connections open at once`, async () => {
    // Silent ports hold each connection for the 300 ms banner wait, so the first batch
    // arrives at once and the rest only after it is closed. (Server-side close events
    // trail the next connects, so arrival times, not open counts, are what we can measure.)
    const arrivals: number[] = [];
    let started = 0;
    const servers = await Promise.all(Array.from({ length: 20 }, () => tcpServer(() => arrivals.push(Date.now() - started))));
    try {
      started = Date.now();
      const { snapshot } = await retrievePortsFrom(target('host://127.0.0.1'), within(5_000), servers.map((s, i) => entry(s.port, `svc-${i}`, 'data')));
      assert.ok(snapshot.ports.every((p) => p.state === 'open'));
      assert.equal(arrivals.length, 20, 'one connection per port');
      assert.equal(arrivals.filter((t) => t < 200).length, PORT_CONCURRENCY, `arrivals ${arrivals.join(', ')} ms`);
    } finally {
      await Promise.all(servers.map(closeServer));
    }
  });

  it('stays inside the deadline: ports whose turn comes after it are untested and reported', async () => {
    const started = Date.now();
    const short = await retrievePortsFrom(target('host://127.0.0.1'), within(100), catalogue);
    assert.ok(Date.now() - started < 400, `took ${Date.now() - started} ms`);
    assert.equal(short.snapshot.ports.find((p) => p.service === 'postgresql')!.state, 'closed');
    const none = await retrievePortsFrom(target('host://127.0.0.1'), { deadline: Date.now() - 1, timeoutMs: 1 }, catalogue);
    assert.ok(none.snapshot.ports.every((p) => p.state === 'untested'));
    assert.match(none.problems.join(' '), /^5 of 5 ports not tried within 0 s \(raise --timeout\)/);
  });

  it('probes the real catalogue through probe() and the CLI: loopback findings are info only, so exit 0', async () => {
    const started = Date.now();
    const result = await probe({ targets: ['host://127.0.0.1'], timeoutMs: 8_000 });
    assert.ok(Date.now() - started < 8_000, `took ${Date.now() - started} ms`);
    assert.equal(result.fatal, undefined);
    assert.deepEqual(result.errors, []);
    assert.equal(result.summary.targetsProbed, 1);
    const known = new Set(PORT_CATALOGUE.filter((e) => e.role !== 'public').map((e) => `${e.port}/${e.service}`));
    for (const f of result.findings) {
      assert.equal(f.severity, 'info', `${f.subject} on loopback`);
      assert.ok(known.has(f.subject ?? ''), `${f.subject} is a judged catalogue port`);
    }
    const io = memoryIo();
    assert.equal(await runCli(['probe', 'host://127.0.0.1', '--format', 'json'], io.io), 0, io.err() + io.out());
    const report = JSON.parse(io.out()) as { target: string[]; findings: Array<{ severity: string }>; errors: unknown[] };
    assert.deepEqual([report.target, report.errors], [['host://127.0.0.1'], []]);
    assert.ok(report.findings.every((f) => f.severity === 'info'));
    const text = memoryIo();
    assert.equal(await runCli(['probe', 'host://127.0.0.1'], text.io), 0, text.err());
    assert.match(text.out(), /1 target probed/);
  });

  it('refuses a host:// target with a port, and fails clearly on a host name that does not resolve', async () => {
    const withPort = memoryIo();
    assert.equal(await runCli(['probe', 'host://127.0.0.1:22'], withPort.io), 2);
    assert.match(withPort.err(), /host:\/\/ targets take no port/);

    await assert.rejects(retrievePortsFrom(target('host://no-such-host.invalid'), within(5_000), catalogue), /host name "no-such-host\.invalid" (not found|could not be resolved)/);
    const result = await probe({ targets: ['host://no-such-host.invalid'], timeoutMs: 5_000 });
    assert.match(result.fatal ?? '', /no target could be probed: host:\/\/no-such-host\.invalid: host name "no-such-host\.invalid" (not found|could not be resolved)/);
  });
});
