/** The port catalogue, banner cleaning, loopback detection and the severities of the `ports/…` checks, offline. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLoopback } from '../../src/checks/ports/_lib.ts';
import adminCheck from '../../src/checks/ports/no-exposed-admin-interfaces.ts';
import dataCheck from '../../src/checks/ports/no-exposed-data-services.ts';
import { runChecks } from '../../src/core/engine.ts';
import { PORT_CATALOGUE } from '../../src/probes/ports/catalogue.ts';
import { BANNER_CHARS, printable } from '../../src/probes/ports/retrieve.ts';
import type { PortsSnapshot } from '../../src/probes/ports/snapshot.ts';

describe('port catalogue', () => {
  it('has at most 40 entries, one per port, each with a service, a name, a role and a source', () => {
    assert.ok(PORT_CATALOGUE.length > 0 && PORT_CATALOGUE.length <= 40, `${PORT_CATALOGUE.length} entries`);
    const ports = PORT_CATALOGUE.map((e) => e.port);
    assert.deepEqual(ports.filter((p, i) => ports.indexOf(p) !== i), [], 'no port twice');
    const services = PORT_CATALOGUE.map((e) => e.service);
    assert.deepEqual(services.filter((s, i) => services.indexOf(s) !== i), [], 'no service name twice');
    for (const e of PORT_CATALOGUE) {
      assert.ok(Number.isInteger(e.port) && e.port >= 1 && e.port <= 65535, `port ${e.port}`);
      assert.match(e.service, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, `service ${e.service}`);
      assert.ok(['data', 'admin', 'public'].includes(e.role), `role of ${e.port}`);
      assert.ok(e.name.length > 1 && e.source.length > 3, `name and source of ${e.port}`);
    }
  });

  it('judges only what it should: SSH, HTTP and HTTPS are public; the Docker API, kubelet and the big data stores are named', () => {
    const role = (port: number) => PORT_CATALOGUE.find((e) => e.port === port)?.role;
    assert.deepEqual(PORT_CATALOGUE.filter((e) => e.role === 'public').map((e) => e.port).sort((a, b) => a - b), [22, 80, 443]);
    for (const port of [5432, 3306, 6379, 27017, 9200, 6333, 19530, 11211, 5672, 4222, 9092, 2379, 9042, 8123, 9000]) assert.equal(role(port), 'data', `${port}`);
    for (const port of [2375, 2376, 10250, 6443, 8888, 9090, 9093, 9100, 3000, 15672, 5555, 9001, 9443, 5050, 8500]) assert.equal(role(port), 'admin', `${port}`);
    assert.equal(PORT_CATALOGUE.find((e) => e.port === 2375)?.service, 'docker-api');
    assert.equal(PORT_CATALOGUE.find((e) => e.port === 10250)?.service, 'kubelet');
  });
});

describe('banner cleaning', () => {
  it('keeps printable ASCII, folds the rest into single spaces, and stops at the limit', () => {
    assert.equal(printable(Buffer.from('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n')), 'SSH-2.0-OpenSSH_9.2p1 Debian-2');
    // A MySQL greeting: length, sequence, protocol 10, the version, NUL, binary salt.
    assert.equal(printable(Buffer.from([0x4a, 0, 0, 0, 0x0a, ...Buffer.from('8.0.36'), 0, 0x01, 0xff, 0x41])), 'J 8.0.36 A');
    assert.equal(printable(Buffer.from('x'.repeat(500))).length, BANNER_CHARS);
    assert.equal(printable(Buffer.from([0, 1, 2])), '');
  });
});

describe('loopback addresses', () => {
  it('knows the addresses that reach the probing host itself', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '0.0.0.0', '::']) assert.equal(isLoopback(a), true, a);
    for (const a of ['203.0.113.10', '10.0.0.1', '128.0.0.1', '::2', '2001:db8::1', 'fe80::1%eth0', '::ffff:10.0.0.1']) assert.equal(isLoopback(a), false, a);
  });
});

function snapshot(address: string, open: number[]): PortsSnapshot {
  return {
    target: `host://${address.includes(':') ? `[${address}]` : address}`,
    host: address,
    address,
    takenAt: '2026-12-03T07:40:23.753Z',
    ports: PORT_CATALOGUE.map((e) => ({ port: e.port, service: e.service, name: e.name, role: e.role, state: open.includes(e.port) ? 'open' : 'closed' })),
    notes: [],
  };
}

function judge(model: PortsSnapshot) {
  return runChecks({ units: [{ kind: 'ports', model }], checks: [dataCheck, adminCheck], settings: { edgeServices: [] }, facts: {}, linesOf: () => undefined }).findings;
}

describe('ports/… severities', () => {
  it('off loopback: data and admin ports high, the plain Docker API and kubelet critical, public ports not judged', () => {
    const findings = judge(snapshot('203.0.113.10', [22, 80, 443, 6379, 2375, 2376, 10250, 3000]));
    assert.deepEqual(findings.map((f) => `${f.subject} ${f.severity}`).sort(), [
      '10250/kubelet critical', '2375/docker-api critical', '2376/docker-api-tls high', '3000/grafana high', '6379/redis high',
    ]);
    const redis = findings.find((f) => f.subject === '6379/redis')!;
    assert.deepEqual(redis.checklist, ['N1', 'N7']);
    assert.match(redis.message, /^Port 6379 \(Redis \/ Valkey\) accepts connections on 203\.0\.113\.10 from where the probe ran/);
  });

  it('on loopback: everything at info, saying the probe must run from elsewhere', () => {
    const findings = judge(snapshot('::1', [6379, 2375]));
    assert.deepEqual(findings.map((f) => `${f.subject} ${f.severity}`).sort(), ['2375/docker-api info', '6379/redis info']);
    for (const f of findings) assert.match(f.message, /loopback address.*Run the probe from another machine or network/);
  });
});
