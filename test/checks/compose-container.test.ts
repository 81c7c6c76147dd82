/**
 * What the fixture runner cannot see: severities tuned per finding, message wording
 * (profiles, the entrypoint-drops policy) and that a fully hardened service is silent
 * under every container-hardening check at once.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Finding } from '../../src/core/finding.ts';
import { scan } from '../../src/scan/scan.ts';

const CONTAINER_CHECKS = [
  'compose/require-cap-drop-all',
  'compose/no-dangerous-cap-add',
  'compose/require-no-new-privileges',
  'compose/require-read-only-rootfs',
  'compose/require-pids-limit',
  'compose/no-root-user',
  'compose/no-docker-socket-mount',
  'compose/no-host-root-mount',
  'compose/no-host-namespaces',
  'compose/no-writable-source-mount',
  'compose/require-log-rotation',
  'compose/no-latest-image',
  'compose/require-image-digest',
];

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Scan a throwaway project made of `files` with the given checks. */
async function scanFiles(files: Record<string, string>, checks: string[]): Promise<Finding[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-container-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const result = await scan({ targets: [dir], cwd: dir, checks });
  assert.equal(result.fatal, undefined, `scan failed: ${result.fatal}`);
  assert.deepEqual(result.errors, []);
  return result.findings;
}

/** `line -> severity` for one check, to compare whole sets at once. */
function severitiesByLine(findings: Finding[], checkId: string): Record<number, string> {
  const out: Record<number, string> = {};
  for (const f of findings.filter((f) => f.checkId === checkId)) out[f.location.line] = f.severity;
  return out;
}

const HARDENED = `services:
  api:
    image: ghcr.io/acme/api:1.4.2@sha256:4c1f1a6b1f3d8a1c2e4b5a6978d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192
    user: "10001:10001"
    read_only: true
    tmpfs:
      - /tmp
    cap_drop: [ALL]
    security_opt:
      - no-new-privileges:true
    pids_limit: 256
    logging:
      driver: json-file
      options:
        max-size: "10m"
        max-file: "3"
    volumes:
      - api-data:/var/lib/api
      - ./src:/app/src:ro
volumes:
  api-data:
`;

describe('container-hardening checks together', () => {
  it('report nothing for a fully hardened service', async () => {
    const findings = await scanFiles({ 'compose.yml': HARDENED }, CONTAINER_CHECKS);
    assert.deepEqual(findings.map((f) => `${f.checkId} ${f.message}`), []);
  });

  it('each report a bare service (so the silence above is meaningful)', async () => {
    const findings = await scanFiles({ 'compose.yml': 'services:\n  app:\n    image: ghcr.io/acme/app\n' }, CONTAINER_CHECKS);
    const reported = new Set(findings.map((f) => f.checkId));
    for (const id of [
      'compose/require-cap-drop-all', 'compose/require-no-new-privileges', 'compose/require-read-only-rootfs',
      'compose/require-pids-limit', 'compose/no-root-user', 'compose/require-log-rotation',
      'compose/no-latest-image', 'compose/require-image-digest',
    ]) {
      assert.ok(reported.has(id), `${id} should report a bare service`);
    }
    for (const f of findings) assert.equal(f.subject, 'app');
  });
});

describe('compose/no-dangerous-cap-add severities', () => {
  it('critical for escapes, high for kernel reach, medium for contained harm', async () => {
    const findings = await scanFiles({
      'compose.yml': `services:
  app:
    image: ghcr.io/acme/app:1.0.0
    cap_add:
      - cap_sys_admin
      - NET_ADMIN
      - SYS_TIME
      - NET_BIND_SERVICE
`,
    }, ['compose/no-dangerous-cap-add']);
    assert.deepEqual(severitiesByLine(findings, 'compose/no-dangerous-cap-add'), { 5: 'critical', 6: 'high', 7: 'medium' });
    assert.match(findings[0]!.message, /SYS_ADMIN/);
  });
});

describe('compose/no-root-user policy', () => {
  const files = {
    'compose.yml': `services:
  db:
    image: postgres:\${PG_VERSION:-16}
  web:
    image: nginx:1.27.2
  grafana:
    image: grafana/grafana:11.2.0
  tools:
    image: busybox:1.36
    profiles: [debug, ops]
  api:
    build: ./api
`,
    'api/Dockerfile': 'FROM python:3.12-slim\nUSER 0\n',
  };

  it('reports entrypoint-dropping images at info, root images at medium, non-root images not at all', async () => {
    const findings = await scanFiles(files, ['compose/no-root-user']);
    const bySubject = Object.fromEntries(findings.map((f) => [f.subject, f]));
    assert.equal(bySubject.db?.severity, 'info');
    assert.match(bySubject.db!.message, /entrypoint drops to the unprivileged user postgres/);
    assert.equal(bySubject.web?.severity, 'medium');
    assert.equal(bySubject.grafana, undefined);
    assert.match(bySubject.tools!.message, /profiles "debug", "ops"/);
  });

  it('points at the Dockerfile USER line when the build runs as root', async () => {
    const findings = await scanFiles(files, ['compose/no-root-user']);
    const api = findings.find((f) => f.subject === 'api');
    assert.deepEqual(api && { path: api.location.path, line: api.location.line }, { path: 'api/Dockerfile', line: 2 });
  });
});

describe('compose/no-host-root-mount severities', () => {
  it('is critical for / (even read-only) and writable /etc, high for read-only /etc and /home', async () => {
    const findings = await scanFiles({
      'compose.yml': `services:
  agent:
    image: ghcr.io/acme/agent:1.0.0
    volumes:
      - /:/rootfs:ro
      - /etc:/host/etc
      - /etc:/host/etc-ro:ro
      - /home:/home:ro
      - /var/run:/var/run:ro
`,
    }, ['compose/no-host-root-mount']);
    assert.deepEqual(severitiesByLine(findings, 'compose/no-host-root-mount'), {
      5: 'critical', 6: 'critical', 7: 'high', 8: 'high', 9: 'critical',
    });
  });
});

describe('compose/no-host-namespaces severities', () => {
  it('follows what each namespace exposes', async () => {
    const findings = await scanFiles({
      'compose.yml': `services:
  agent:
    image: ghcr.io/acme/agent:1.0.0
    network_mode: host
    pid: host
    ipc: host
    uts: host
`,
    }, ['compose/no-host-namespaces']);
    assert.deepEqual(severitiesByLine(findings, 'compose/no-host-namespaces'), { 4: 'high', 5: 'high', 6: 'medium', 7: 'low' });
  });
});

describe('compose/no-writable-source-mount in a development overlay', () => {
  it('is reported at low in compose.override.yml and at medium in the main file', async () => {
    const findings = await scanFiles({
      'compose.yml': 'services:\n  api:\n    build: .\n    volumes:\n      - ./src:/app/src\n',
      'compose.override.yml': 'services:\n  api:\n    volumes:\n      - .:/app\n',
    }, ['compose/no-writable-source-mount']);
    const got = findings.map((f) => `${f.location.path}:${f.location.line}:${f.severity}`).sort();
    assert.deepEqual(got, ['compose.override.yml:4:low', 'compose.yml:5:medium']);
  });
});

describe('compose/no-latest-image with an unset variable', () => {
  it('says which variable left the tag empty', async () => {
    const findings = await scanFiles({ 'compose.yml': 'services:\n  db:\n    image: "postgres:${PG_TAG}"\n' }, ['compose/no-latest-image']);
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /PG_TAG unset/);
  });
});

describe('compose/no-root-user with a Dockerfile it cannot read', () => {
  it('reports at low and says why, instead of claiming the image runs as root', async () => {
    const findings = await scanFiles({ 'compose.yml': 'services:\n  api:\n    build: ./missing\n' }, ['compose/no-root-user']);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.severity, 'low');
    assert.match(findings[0]!.message, /could not be read/);
  });
});

describe('container-hardening checks on odd values', () => {
  it('never throw on values of the wrong type', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-container-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'compose.yml'), `services:
  odd:
    image: [not, a, string]
    user: { name: root }
    read_only: maybe
    pids_limit: lots
    cap_add: SYS_ADMIN
    cap_drop: { ALL: true }
    security_opt: no-new-privileges
    network_mode: [host]
    logging: json-file
    volumes:
      - type: bind
        target: /x
      - /:/host
  empty:
    user: ""
    image: ""
    pids_limit: ""
    logging:
      options: ~
`);
    const result = await scan({ targets: [dir], cwd: dir, checks: CONTAINER_CHECKS });
    assert.equal(result.fatal, undefined);
    assert.deepEqual(result.errors.filter((e) => e.reason.includes('failed')), []);
    const ids = new Set(result.findings.map((f) => `${f.subject} ${f.checkId}`));
    // The readable parts are still judged.
    assert.ok(ids.has('odd compose/no-dangerous-cap-add'), 'a scalar cap_add is still read');
    assert.ok(ids.has('odd compose/no-host-root-mount'), 'the valid mount is still read');
    assert.ok(ids.has('empty compose/require-pids-limit'), 'an empty pids_limit is unlimited');
  });
});
