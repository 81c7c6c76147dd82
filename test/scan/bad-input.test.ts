/**
 * Hostile and broken input: each bad file becomes one positioned error entry with a
 * clear reason, and a good compose file next to them is still scanned.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, ftruncateSync, openSync, symlinkSync, writeSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { ScanError } from '../../src/core/finding.ts';
import { scan } from '../../src/scan/scan.ts';
import type { ScanOutcome } from '../../src/scan/scan.ts';
import { cannotDropPrivileges, scanRunner } from '../support/as-user.ts';
import type { ChildScan } from '../support/as-user.ts';
import { makeTree, PRIVILEGED_COMPOSE } from './tree.ts';
import type { TempTree } from './tree.ts';

const SECRET = 'hunter2-very-secret-value';

/** Nine levels of ten aliases: 10^9 nodes if expanded naively. */
function aliasBomb(): string {
  const lines = ['x-l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= 8; i++) lines.push(`x-l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
  lines.push('services:', '  app:', '    image: nginx:1.27', '    command: *l8', '');
  return lines.join('\n');
}

function errorAt(result: ScanOutcome, path: string): ScanError {
  const found = result.errors.filter((e) => e.path === path);
  assert.ok(found.length > 0, `no error for ${path}; errors: ${JSON.stringify(result.errors, null, 1)}`);
  return found[0]!;
}

function assertGoodFileScanned(findings: { checkId: string; path: string; line: number }[]): void {
  assert.deepEqual(
    findings.filter((f) => f.checkId === 'compose/no-privileged'),
    [{ checkId: 'compose/no-privileged', path: 'good/docker-compose.yml', line: 4 }],
  );
}

describe('bad input', () => {
  let tree: TempTree;
  let outside: TempTree;
  let result: ScanOutcome;

  before(async () => {
    outside = makeTree({ 'docker-compose.yml': PRIVILEGED_COMPOSE });
    tree = makeTree({
      'good/docker-compose.yml': PRIVILEGED_COMPOSE,
      'bad-indent/docker-compose.yml': `services:\n  app:\n    image: nginx\n   password: ${SECRET}\n`,
      'dup-keys/docker-compose.yml': 'services:\n  app:\n    image: nginx\n    image: redis\n',
      'tabs/docker-compose.yml': 'services:\n  app:\n\timage: nginx\n',
      'bomb/docker-compose.yml': aliasBomb(),
      'empty/docker-compose.yml': '',
      'binary/docker-compose.yml': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x00, 0x73, 0x65]),
      'latin1/docker-compose.yml': Buffer.concat([Buffer.from('services:\n  app:\n    image: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
      'daemon/daemon.json': '{\n  "log-driver": "json-file",\n  "log-opts": { "max-size": "10m", }\n}\n',
    });
    // 50 MB of real YAML text (not a sparse file); truncated again as soon as the scan is done.
    const fd = openSync(tree.write('huge/docker-compose.yml', ''), 'w');
    const chunk = Buffer.from(`services:\n${'  # padding padding padding padding padding padding padding\n'.repeat(1000)}`);
    for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) writeSync(fd, chunk);
    closeSync(fd);
    symlinkSync('..', tree.path('good/loop'));
    symlinkSync(outside.root, tree.path('good/escape'));
    execFileSync('mkfifo', [tree.path('fifo-compose.yml')]);

    const started = performance.now();
    result = await scan({ targets: ['.', 'does-not-exist'], cwd: tree.root });
    assert.ok(performance.now() - started < 20_000, 'the scan must not hang on bad input');
    const fdHuge = openSync(tree.path('huge/docker-compose.yml'), 'r+');
    ftruncateSync(fdHuge, 0);
    closeSync(fdHuge);
  });

  after(() => {
    tree?.remove();
    outside?.remove();
  });

  it('still scans the good file next to the bad ones', () => {
    assert.equal(result.fatal, undefined);
    assertGoodFileScanned(result.findings.map((f) => ({ checkId: f.checkId, path: f.location.path, line: f.location.line })));
  });

  it('reports malformed YAML with its line: bad indent, duplicate keys, tabs', () => {
    const indent = errorAt(result, 'bad-indent/docker-compose.yml');
    assert.equal(indent.line, 4);
    assert.match(indent.reason, /indent|column|mapping/i);
    const dup = errorAt(result, 'dup-keys/docker-compose.yml');
    assert.equal(dup.line, 4);
    assert.match(dup.reason, /unique|duplicate/i);
    const tabs = errorAt(result, 'tabs/docker-compose.yml');
    assert.equal(tabs.line, 3);
    assert.match(tabs.reason, /tab/i);
  });

  it('never shows a secret value in an error', () => {
    const text = JSON.stringify(result);
    assert.ok(!text.includes(SECRET), 'a secret from a broken file leaked into the result');
    assert.ok(!text.includes('hunter2'), 'part of a secret leaked into the result');
  });

  it('refuses a YAML alias bomb', () => {
    assert.match(errorAt(result, 'bomb/docker-compose.yml').reason, /alias|expan/i);
  });

  it('reports empty, binary, oversized and non-UTF-8 files', () => {
    assert.match(errorAt(result, 'empty/docker-compose.yml').reason, /empty/);
    assert.match(errorAt(result, 'binary/docker-compose.yml').reason, /binary/);
    assert.match(errorAt(result, 'huge/docker-compose.yml').reason, /too large \(50\.\d MB/);
    const latin1 = errorAt(result, 'latin1/docker-compose.yml');
    assert.match(latin1.reason, /UTF-8/);
    assert.equal(latin1.line, 3);
  });

  it('reports a symlink loop and a link escaping the root, and skips a FIFO', () => {
    assert.match(errorAt(result, 'good/loop').reason, /symbolic link loop/);
    assert.match(errorAt(result, 'good/escape').reason, /outside the scan root/);
    assert.match(errorAt(result, 'fifo-compose.yml').reason, /not a regular file \(FIFO\)/);
    assert.ok(!result.findings.some((f) => f.location.path.startsWith('good/escape')), 'the escaping link must not be followed');
  });

  it('names a target that does not exist', () => {
    assert.deepEqual(errorAt(result, 'does-not-exist'), { path: 'does-not-exist', reason: 'target does not exist' });
  });

  it('reports invalid JSON in daemon.json with its line', () => {
    const e = errorAt(result, 'daemon/daemon.json');
    assert.equal(e.line, 3);
    assert.match(e.reason, /^invalid JSON/);
  });

  it('gives every error a path and a reason, and counts them in the summary', () => {
    for (const e of result.errors) {
      assert.ok(e.path.length > 0 && !e.path.startsWith('/'), `path must be relative: ${e.path}`);
      assert.ok(e.reason.length > 5, `reason too short: ${e.reason}`);
    }
    assert.equal(result.summary.errors, result.errors.length);
  });

  it('is fatal when no target exists at all', async () => {
    const r = await scan({ targets: ['nope', 'nada'], cwd: tree.root });
    assert.match(r.fatal ?? '', /nothing to scan/);
    assert.deepEqual(r.errors.map((e) => e.path), ['nada', 'nope']);
  });

  it('is fatal when the only target is a file that cannot be read', async () => {
    const r = await scan({ targets: ['binary/docker-compose.yml'], cwd: tree.root });
    assert.match(r.fatal ?? '', /nothing to scan: binary\/docker-compose\.yml: binary file/);
    assert.deepEqual(r.errors, [{ path: 'binary/docker-compose.yml', reason: 'binary file (contains NUL bytes); skipped' }]);
  });
});

/** Root reads anything, so unreadable files are tested as an unprivileged user in a child process. */
describe('unreadable input', () => {
  const skip = cannotDropPrivileges(true);
  let tree: TempTree;
  before(() => {
    tree = makeTree({
      'good/docker-compose.yml': PRIVILEGED_COMPOSE,
      'locked/docker-compose.yml': PRIVILEGED_COMPOSE,
      'locked-dir/compose.yaml': PRIVILEGED_COMPOSE,
      'locked-yaml/stack.yml': PRIVILEGED_COMPOSE,
    });
    chmodSync(tree.path('locked/docker-compose.yml'), 0o000);
    chmodSync(tree.path('locked-yaml/stack.yml'), 0o000);
    chmodSync(tree.path('locked-dir'), 0o000);
  });
  after(() => {
    chmodSync(tree.path('locked-dir'), 0o755);
    tree.remove();
  });

  it('reports an unreadable file and folder and scans the rest', { skip: skip ?? false }, () => {
    const runner = scanRunner();
    let out: ChildScan;
    try {
      out = runner.scan({ cwd: tree.root, targets: ['.'] });
    } finally {
      runner.dispose();
    }
    assert.equal(out.fatal, undefined);
    assert.deepEqual(out.errors.filter((e) => e.path.startsWith('locked')), [
      { path: 'locked-dir', reason: 'cannot read directory: permission denied' },
      { path: 'locked-yaml/stack.yml', reason: 'permission denied; cannot tell whether it is a Compose file' },
      { path: 'locked/docker-compose.yml', reason: 'permission denied' },
    ]);
    assertGoodFileScanned(out.findings);
  });
});
