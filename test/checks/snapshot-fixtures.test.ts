/**
 * The generic runner for checks over live snapshots (probe kinds): every such check has
 * `fixtures/<slug>/positive*.json` and `negative*.json`, each
 * `{ "expect": ["<subject>", …], "snapshot": { … } }`. The check alone runs over the
 * snapshot and must report exactly the expected subjects (negative: none).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CHECKS } from '../../src/checks/index.ts';
import { checkKind } from '../../src/core/check.ts';
import { runChecks } from '../../src/core/engine.ts';
import { isProbeKind } from '../../src/probes/kinds.ts';
import { CHECKS_DIR } from './fixture-cases.ts';

interface SnapshotFixture {
  expect: string[];
  snapshot: Record<string, unknown> & { target: string };
}

function loadFixture(path: string): SnapshotFixture {
  const data = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  assert.ok(typeof data === 'object' && data !== null, 'a JSON object');
  const { expect, snapshot } = data as Partial<SnapshotFixture>;
  assert.ok(Array.isArray(expect) && expect.every((s) => typeof s === 'string'), '"expect" is a list of subjects');
  assert.ok(typeof snapshot === 'object' && snapshot !== null && typeof snapshot.target === 'string', '"snapshot" with a target');
  return { expect, snapshot };
}

/** Structural sanity of an SSH snapshot, so a fixture cannot drift from the type. */
function assertSshSnapshot(s: Record<string, unknown>): void {
  const isList = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');
  const isDirectional = (v: unknown): boolean =>
    typeof v === 'object' && v !== null && isList((v as Record<string, unknown>).clientToServer) && isList((v as Record<string, unknown>).serverToClient);
  assert.match(String(s.target), /^ssh:\/\//);
  const ident = s.ident as Record<string, unknown> | undefined;
  assert.ok(ident && typeof ident.protoVersion === 'string' && typeof ident.software === 'string', 'ident');
  assert.ok(isList(s.kex) && isList(s.hostKeyAlgorithms), 'kex and hostKeyAlgorithms');
  assert.ok(isDirectional(s.ciphers) && isDirectional(s.macs) && isDirectional(s.compression), 'directional lists');
  assert.ok(isList(s.notes), 'notes');
  if (s.authMethods !== undefined) assert.ok(isList(s.authMethods), 'authMethods');
}

/** Structural sanity of a TLS snapshot. */
function assertTlsSnapshot(s: Record<string, unknown>): void {
  assert.match(String(s.target), /^(?:https|tls):\/\//);
  assert.ok(typeof s.host === 'string' && typeof s.port === 'number', 'host and port');
  assert.ok(!Number.isNaN(Date.parse(String(s.takenAt))), 'takenAt is a date');
  assert.ok(typeof s.protocols === 'object' && s.protocols !== null, 'protocols');
  assert.ok(Array.isArray(s.weakCiphers) && typeof s.cipherScanComplete === 'boolean', 'weakCiphers');
  const cert = s.certificate as { chain?: unknown[]; trusted?: unknown; hostnameMatches?: unknown } | undefined;
  if (cert) assert.ok(Array.isArray(cert.chain) && typeof cert.trusted === 'boolean' && typeof cert.hostnameMatches === 'boolean', 'certificate');
}

/** Structural sanity of an HTTP snapshot; no cookie value may be recorded. */
function assertHttpSnapshot(s: Record<string, unknown>): void {
  assert.match(String(s.target), /^https?:\/\//);
  assert.ok(s.scheme === 'http' || s.scheme === 'https', 'scheme');
  for (const key of ['first', 'main'] as const) {
    const r = s[key] as { status?: unknown; headers?: unknown } | undefined;
    assert.ok(r && typeof r.status === 'number' && Array.isArray(r.headers), key);
    for (const [name, value] of r.headers as Array<[string, string]>) {
      if (name === 'set-cookie') assert.doesNotMatch(value.split(';')[0]!, /=/, 'a recorded Set-Cookie keeps the name only');
    }
  }
  assert.ok(Array.isArray(s.cookies) && Array.isArray(s.paths), 'cookies and paths');
  for (const c of s.cookies as Array<Record<string, unknown>>) assert.equal(c.value, undefined, 'no cookie value');
}

/** Structural sanity of a PostgreSQL snapshot; no attempt may carry anything but what the probe records. */
/** Structural sanity of a Redis snapshot. */
function assertRedisSnapshot(s: Record<string, unknown>): void {
  assert.match(String(s.target), /^rediss?:\/\//);
  assert.ok(typeof s.tls === 'boolean' && !Number.isNaN(Date.parse(String(s.takenAt))), 'tls and takenAt');
  const ping = s.ping as { reply?: unknown } | undefined;
  assert.ok(ping && ['pong', 'noauth', 'denied', 'error'].includes(String(ping.reply)), 'ping.reply');
  assert.ok(Array.isArray(s.notes), 'notes');
}

/** Structural sanity of a port-exposure snapshot: one row per port, known roles and states, short printable banners. */
function assertPortsSnapshot(s: Record<string, unknown>): void {
  assert.match(String(s.target), /^host:\/\/[^:/]+$|^host:\/\/\[[0-9a-f:.%]+\]$/, 'host://<host>, no port');
  assert.ok(typeof s.host === 'string' && typeof s.address === 'string', 'host and address');
  assert.ok(!Number.isNaN(Date.parse(String(s.takenAt))), 'takenAt is a date');
  assert.ok(Array.isArray(s.ports), 'ports');
  const ports = s.ports as Array<Record<string, unknown>>;
  assert.equal(new Set(ports.map((p) => p.port)).size, ports.length, 'one row per port');
  const allowed = new Set(['port', 'service', 'name', 'role', 'state', 'banner']);
  for (const p of ports) {
    assert.ok(Number.isInteger(p.port) && typeof p.service === 'string' && typeof p.name === 'string', `port row ${JSON.stringify(p)}`);
    assert.ok(['data', 'admin', 'public'].includes(String(p.role)) && ['open', 'closed', 'filtered', 'untested'].includes(String(p.state)), `role and state ${JSON.stringify(p)}`);
    if (p.banner !== undefined) assert.ok(p.state === 'open' && typeof p.banner === 'string' && /^[\x20-\x7e]{1,120}$/.test(p.banner), 'banner only on open ports, printable, at most 120');
    assert.deepEqual(Object.keys(p).filter((k) => !allowed.has(k)), [], 'only known port fields');
  }
  assert.ok(Array.isArray(s.notes) && (s.notes as unknown[]).every((n) => typeof n === 'string'), 'notes');
}

function assertPostgresSnapshot(s: Record<string, unknown>): void {
  assert.match(String(s.target), /^postgres(?:ql)?:\/\//);
  assert.ok(typeof s.host === 'string' && typeof s.port === 'number', 'host and port');
  assert.ok(!Number.isNaN(Date.parse(String(s.takenAt))), 'takenAt is a date');
  const ssl = s.ssl as Record<string, unknown> | undefined;
  assert.ok(ssl && typeof ssl.supported === 'boolean', 'ssl.supported');
  if (ssl.protocol !== undefined) assert.ok(ssl.supported === true && typeof ssl.protocol === 'string' && typeof ssl.cipher === 'string', 'ssl protocol and cipher');
  assert.ok(Array.isArray(s.attempts), 'attempts');
  const outcomes = ['ok', 'password', 'md5', 'sasl', 'gss', 'sspi', 'error'];
  for (const a of s.attempts as Array<Record<string, unknown>>) {
    assert.ok(typeof a.user === 'string' && typeof a.overTls === 'boolean' && outcomes.includes(String(a.outcome)), `attempt ${JSON.stringify(a)}`);
    if (a.overTls) assert.equal(typeof ssl.protocol, 'string', 'an attempt over TLS needs a negotiated TLS protocol');
    if (a.mechanisms !== undefined) assert.ok(a.outcome === 'sasl' && Array.isArray(a.mechanisms), 'mechanisms only with sasl');
    const allowed = new Set(['user', 'overTls', 'outcome', 'mechanisms', 'sqlstate', 'message']);
    assert.deepEqual(Object.keys(a).filter((k) => !allowed.has(k)), [], 'only known attempt fields');
  }
  assert.ok(Array.isArray(s.notes) && (s.notes as unknown[]).every((n) => typeof n === 'string'), 'notes');
}

const probeChecks = CHECKS.filter((c) => isProbeKind(checkKind(c.id)));

describe('snapshot fixtures', () => {
  it('exist for at least one probe check', () => {
    assert.ok(probeChecks.length > 0);
  });
});

for (const check of probeChecks) {
  const [kind, slug] = check.id.split('/') as [string, string];
  const dir = join(CHECKS_DIR, kind, 'fixtures', slug);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^(positive|negative).*\.json$/.test(f)).sort() : [];

  describe(`${check.id} (snapshot fixtures)`, () => {
    it('has a positive fixture that expects something and a negative one', () => {
      assert.ok(files.some((f) => f.startsWith('positive') && loadFixture(join(dir, f)).expect.length > 0), `a positive*.json in ${dir}`);
      assert.ok(files.some((f) => f.startsWith('negative')), `a negative*.json in ${dir}`);
    });

    for (const file of files) {
      it(file, () => {
        const fixture = loadFixture(join(dir, file));
        if (file.startsWith('negative')) assert.deepEqual(fixture.expect, [], 'a negative fixture expects nothing');
        if (kind === 'ssh') assertSshSnapshot(fixture.snapshot);
        if (kind === 'tls') assertTlsSnapshot(fixture.snapshot);
        if (kind === 'http') assertHttpSnapshot(fixture.snapshot);
        if (kind === 'postgres') assertPostgresSnapshot(fixture.snapshot);
        if (kind === 'redis') assertRedisSnapshot(fixture.snapshot);
        if (kind === 'ports') assertPortsSnapshot(fixture.snapshot);
        const result = runChecks({
          units: [{ kind, model: fixture.snapshot }],
          checks: [check],
          settings: { edgeServices: [] },
          facts: {},
          linesOf: () => undefined,
        });
        assert.deepEqual(result.errors, [], 'the check runs without errors');
        const subjects = result.findings.map((f) => f.subject ?? '(none)');
        assert.equal(new Set(subjects).size, subjects.length, 'one finding per subject');
        assert.deepEqual([...subjects].sort(), [...fixture.expect].sort());
        for (const f of result.findings) {
          assert.equal(f.checkId, check.id);
          assert.deepEqual(f.location, { path: fixture.snapshot.target, line: 1, column: 1 });
        }
        assert.equal(new Set(result.findings.map((f) => f.fingerprint)).size, result.findings.length, 'distinct fingerprints');
      });
    }
  });
}
