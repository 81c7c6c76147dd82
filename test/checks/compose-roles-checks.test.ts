/**
 * What the fixtures cannot pin: per-finding severity, the wording that names roles and
 * profiles, and masking of credentials in messages and snippets. Each case writes a real
 * project to a temporary folder and scans it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Finding } from '../../src/core/finding.ts';
import { scan } from '../../src/scan/scan.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function findings(files: Record<string, string>, check: string): Promise<Finding[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-roles-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const r = await scan({ targets: ['.'], cwd: dir, checks: [check] });
  assert.equal(r.fatal, undefined);
  assert.deepEqual(r.errors, []);
  return r.findings.filter((f) => f.checkId === check);
}

describe('compose/no-published-internal-port', () => {
  it('grades by role and binding, and names role and profile', async () => {
    const f = await findings({
      'compose.yml': [
        'services:',
        '  db:',
        '    image: postgres:16',
        '    ports: ["5432:5432"]',
        '  api:',
        '    build: .',
        '    ports: ["8000:8000"]',
        '  cache:',
        '    image: redis:7',
        '    profiles: [dev]',
        '    ports: ["127.0.0.1:6379:6379"]',
        '',
      ].join('\n'),
    }, 'compose/no-published-internal-port');
    const bySubject = Object.fromEntries(f.map((x) => [x.subject, x]));
    assert.equal(bySubject.db?.severity, 'high');
    assert.match(bySubject.db!.message, /\(database: postgres\).*port 5432/);
    assert.equal(bySubject.api?.severity, 'medium');
    assert.equal(bySubject.cache?.severity, 'low');
    assert.match(bySubject.cache!.message, /profile "dev"/);
    assert.match(bySubject.cache!.message, /loopback/);
  });
});

describe('compose/require-postgres-sslmode and require-tls-service-url', () => {
  const project = {
    'compose.yml': [
      'services:',
      '  api:',
      '    build: .',
      '    networks: [backend, default]',
      '    environment:',
      '      DATABASE_URL: postgresql://app:${DB_PASSWORD:?}@db/app',
      '      REPORTS_URL: postgresql://app:${DB_PASSWORD:?}@reports.example.com/app',
      '      REDIS_URL: rediss://:${REDIS_PASSWORD:?}@redis:6380/0',
      '      CACHE_URL: redis://:${REDIS_PASSWORD:?}@redis:6379/1',
      '      EXTERNAL_CACHE: redis://:${REDIS_PASSWORD:?}@cache.example.com:6379/0',
      '  db:',
      '    image: postgres:16',
      '    networks: [backend]',
      '  redis:',
      '    image: redis:7',
      '    networks: [backend]',
      'networks:',
      '  backend:',
      '    internal: true',
      '',
    ].join('\n'),
  };

  it('is low inside an internal network of the project and says why', async () => {
    const f = await findings(project, 'compose/require-postgres-sslmode');
    const internal = f.find((x) => x.message.includes('DATABASE_URL'));
    const external = f.find((x) => x.message.includes('REPORTS_URL'));
    assert.equal(internal?.severity, 'low');
    assert.match(internal!.message, /internal network "backend"/);
    assert.equal(external?.severity, 'medium');
  });

  it('accepts rediss:// and grades redis:// by where it goes', async () => {
    const f = await findings(project, 'compose/require-tls-service-url');
    assert.deepEqual(f.map((x) => [x.location.line, x.severity]), [[9, 'low'], [10, 'medium']]);
  });
});

describe('compose/no-unauthenticated-admin-ui', () => {
  it('is medium when neither published nor reachable from the proxy', async () => {
    const f = await findings({
      'compose.yml': [
        'services:',
        '  proxy:',
        '    image: nginx:1.27',
        '    networks: [front]',
        '  flower:',
        '    image: mher/flower:2.0',
        '    networks: [back]',
        'networks:',
        '  front: {}',
        '  back: {}',
        '',
      ].join('\n'),
    }, 'compose/no-unauthenticated-admin-ui');
    assert.equal(f.length, 1);
    assert.equal(f[0]!.severity, 'medium');
    assert.match(f[0]!.message, /any container on its network/);
  });
});

describe('credential masking', () => {
  it('keeps messages readable when the password is also a service name, and never shows it', async () => {
    const files = {
      'compose.yml': [
        'services:',
        '  postgres:',
        '    image: postgres:16',
        '    environment:',
        '      POSTGRES_PASSWORD: postgres',
        '  redis:',
        '    image: redis:7',
        '    command: redis-server --requirepass Fake-Unique-Pa55',
        '    healthcheck:',
        '      test: redis-cli -a ${REDIS_PASSWORD:-Fake-Default-Pa55} ping',
        '',
      ].join('\n'),
    };
    const all = [
      ...(await findings(files, 'compose/no-literal-credentials')),
      ...(await findings(files, 'compose/no-weak-default-credentials')),
      ...(await findings(files, 'compose/no-password-in-command')),
    ];
    assert.ok(all.length >= 5, `expected findings, got ${all.length}`);
    const text = JSON.stringify(all);
    for (const secret of ['Fake-Unique-Pa55', 'Fake-Default-Pa55']) assert.ok(!text.includes(secret), `${secret} leaked`);
    for (const f of all) assert.ok(!f.message.includes('****'), `garbled message: ${f.message}`);
  });

  it('reports a weak value taken from .env at its line there', async () => {
    const f = await findings({
      'compose.yml': 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n',
      '.env': '# fake\nPOSTGRES_PASSWORD=changeme\n',
    }, 'compose/no-weak-default-credentials');
    assert.deepEqual(f.map((x) => `${x.location.path}:${x.location.line}`), ['.env:2']);
    assert.equal(f[0]!.subject, 'db');
  });
});
