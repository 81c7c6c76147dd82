import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { discover } from '../../src/inputs/discover.ts';
import type { DiscoverOptions } from '../../src/inputs/discover.ts';
import { classifyName, looksLikeCompose } from '../../src/inputs/discover/classify.ts';
import { SourceStore } from '../../src/inputs/source.ts';
import type { ReadResult } from '../../src/inputs/source.ts';
import { CLEAN_COMPOSE, makeTree } from '../scan/tree.ts';
import type { TempTree } from '../scan/tree.ts';

/** A real SourceStore that also records which files were opened. */
class RecordingStore extends SourceStore {
  readonly opened: string[] = [];
  override read(path: string): ReadResult {
    this.opened.push(path);
    return super.read(path);
  }
}

function run(tree: TempTree, extra: Partial<DiscoverOptions> = {}) {
  const root = realpathSync(tree.root);
  const store = new RecordingStore(root);
  const result = discover({ root, targets: [root], store, ...extra });
  return { ...result, store, list: result.files.map((f) => `${f.kind}:${f.path}`) };
}

const trees: TempTree[] = [];
function tree(files: Record<string, string | Uint8Array>): TempTree {
  const t = makeTree(files);
  trees.push(t);
  return t;
}
after(() => trees.forEach((t) => t.remove()));

describe('classifyName', () => {
  it('recognises compose, env and daemon files by name', () => {
    assert.equal(classifyName('docker-compose.yml'), 'compose');
    assert.equal(classifyName('docker-compose.prod.yaml'), 'compose');
    assert.equal(classifyName('compose.yaml'), 'compose');
    assert.equal(classifyName('compose-dev.yml'), 'compose');
    assert.equal(classifyName('compose.override.yml'), 'compose');
    assert.equal(classifyName('.env'), 'env');
    assert.equal(classifyName('.env.production'), 'env');
    assert.equal(classifyName('app.env'), 'env');
    assert.equal(classifyName('daemon.json'), 'docker-daemon');
    assert.equal(classifyName('values.yaml'), 'yaml');
    assert.equal(classifyName('composer.json'), undefined);
    assert.equal(classifyName('composer.yml'), 'yaml', 'composer.yml is only a YAML candidate, not compose by name');
    assert.equal(classifyName('.envrc'), undefined);
    assert.equal(classifyName('README.md'), undefined);
  });

  it('looks for a top-level services key only', () => {
    assert.ok(looksLikeCompose('version: "3"\nservices:\n  a: {}\n'));
    assert.ok(looksLikeCompose('"services":\n  a: {}\n'));
    assert.ok(!looksLikeCompose('spec:\n  services:\n    - a\n'));
    assert.ok(!looksLikeCompose('# services: none\nkind: Deployment\n'));
  });
});

describe('discover', () => {
  it('finds inputs by name and YAML compose files by content, opening only YAML candidates', () => {
    const t = tree({
      'docker-compose.yml': CLEAN_COMPOSE,
      'deploy/stack.yml': CLEAN_COMPOSE,
      'deploy/k8s.yaml': 'apiVersion: v1\nkind: Service\n',
      'deploy/.env.prod': 'A=1\n',
      'etc/docker/daemon.json': '{}',
      'src/main.ts': 'export {}',
      'README.md': '# hi',
    });
    const r = run(t);
    assert.deepEqual(r.list, [
      'env:deploy/.env.prod',
      'compose:deploy/stack.yml',
      'compose:docker-compose.yml',
      'docker-daemon:etc/docker/daemon.json',
    ]);
    assert.equal(r.files.find((f) => f.path === 'deploy/stack.yml')?.by, 'content');
    assert.equal(r.files.find((f) => f.path === 'docker-compose.yml')?.by, 'name');
    assert.deepEqual(r.store.opened.sort(), ['deploy/k8s.yaml', 'deploy/stack.yml']);
    assert.deepEqual(r.errors, []);
  });

  it('skips .git and node_modules but keeps git-ignored files', () => {
    const t = tree({
      '.gitignore': '.env\nlocal/\n',
      '.env': 'SECRET_KEY=x\n',
      'local/docker-compose.override.yml': CLEAN_COMPOSE,
      '.git/docker-compose.yml': CLEAN_COMPOSE,
      'node_modules/pkg/docker-compose.yml': CLEAN_COMPOSE,
      'app/node_modules/x/compose.yaml': CLEAN_COMPOSE,
    });
    const git = spawnSync('git', ['init', '-q', t.root]);
    if (git.status === 0) {
      // Prove the setup is real: git itself ignores the .env we expect to audit.
      const ignored = spawnSync('git', ['-C', t.root, 'check-ignore', '.env'], { encoding: 'utf8' });
      assert.equal(ignored.stdout.trim(), '.env');
    }
    const r = run(t);
    assert.deepEqual(r.list, ['env:.env', 'compose:local/docker-compose.override.yml']);
  });

  it('applies config ignore patterns (gitignore syntax) relative to the root', () => {
    const t = tree({
      'docker-compose.yml': CLEAN_COMPOSE,
      'legacy/docker-compose.yml': CLEAN_COMPOSE,
      'a/b/compose.test.yaml': CLEAN_COMPOSE,
      'a/b/compose.yaml': CLEAN_COMPOSE,
      'a/legacy/keep.yml': CLEAN_COMPOSE,
    });
    const r = run(t, { ignore: ['/legacy/', '*.test.yaml'] });
    assert.deepEqual(r.list, ['compose:a/b/compose.yaml', 'compose:a/legacy/keep.yml', 'compose:docker-compose.yml']);
    assert.ok(!r.store.opened.includes('legacy/docker-compose.yml'));
  });

  it('follows a symlink inside the root once and reports loops and escapes without hanging', () => {
    const outside = tree({ 'docker-compose.yml': CLEAN_COMPOSE });
    const t = tree({ 'app/docker-compose.yml': CLEAN_COMPOSE, 'shared/compose.yaml': CLEAN_COMPOSE });
    symlinkSync('..', t.path('app/loop'));
    symlinkSync(outside.root, t.path('app/escape'));
    symlinkSync(`${outside.root}/docker-compose.yml`, t.path('app/compose.prod.yml'));
    symlinkSync('../shared', t.path('app/shared-link'));
    symlinkSync('self', t.path('app/self'));
    symlinkSync('missing.yml', t.path('app/compose.missing.yml'));
    const r = run(t);
    // shared/ is walked directly; the link to it adds nothing.
    assert.deepEqual(r.list, ['compose:app/docker-compose.yml', 'compose:shared/compose.yaml']);
    const reasons = Object.fromEntries(r.errors.map((e) => [e.path, e.reason]));
    assert.match(reasons['app/loop'] ?? '', /symbolic link loop/);
    assert.match(reasons['app/self'] ?? '', /symbolic link loop/);
    assert.match(reasons['app/escape'] ?? '', /outside the scan root/);
    assert.match(reasons['app/compose.prod.yml'] ?? '', /outside the scan root/);
    assert.match(reasons['app/compose.missing.yml'] ?? '', /broken symbolic link/);
    assert.equal(r.errors.length, 5);
  });

  it('follows a link to a folder inside the root that no target walks', () => {
    const t = tree({ 'stack/docker-compose.yml': CLEAN_COMPOSE, 'common/compose.base.yml': CLEAN_COMPOSE });
    symlinkSync('../common', t.path('stack/common'));
    symlinkSync('..', t.path('common/up'));
    const root = realpathSync(t.root);
    const r = discover({ root, targets: [`${root}/stack`], store: new SourceStore(root) });
    assert.deepEqual(r.files.map((f) => f.path), ['stack/common/compose.base.yml', 'stack/docker-compose.yml']);
    assert.deepEqual(r.errors.map((e) => e.path), ['stack/common/up']);
    assert.match(r.errors[0]!.reason, /loop/);
  });

  it('skips FIFOs, reporting only one named like an input', () => {
    const t = tree({ 'ok/compose.yaml': CLEAN_COMPOSE });
    mkdirSync(t.path('pipes'));
    execFileSync('mkfifo', [t.path('pipes/docker-compose.yml'), t.path('pipes/stream')]);
    const r = run(t);
    assert.deepEqual(r.list, ['compose:ok/compose.yaml']);
    assert.deepEqual(r.errors, [{ path: 'pipes/docker-compose.yml', reason: 'not a regular file (FIFO); skipped' }]);
  });

  it('takes an explicit file target whatever its name says, and refuses unknown ones', () => {
    const t = tree({ 'prod.yml': CLEAN_COMPOSE, 'notes.txt': 'x' });
    const root = realpathSync(t.root);
    const r = discover({ root, targets: [`${root}/prod.yml`, `${root}/notes.txt`], store: new SourceStore(root) });
    assert.deepEqual(r.files, [{ path: 'prod.yml', kind: 'compose', by: 'target' }]);
    assert.equal(r.reachedTargets, 1);
    assert.deepEqual(r.errors.map((e) => e.path), ['notes.txt']);
    assert.match(r.errors[0]!.reason, /not a recognised input/);
  });

  it('walks a 10,000-file tree quickly and reads only the YAML files', () => {
    const files: Record<string, string> = {};
    for (let d = 0; d < 100; d++) {
      for (let f = 0; f < 100; f++) files[`pkg${d}/src/file${f}.ts`] = 'export {}\n';
    }
    files['pkg7/docker-compose.yml'] = CLEAN_COMPOSE;
    files['pkg9/config.yaml'] = 'a: 1\n';
    const t = tree(files);
    const started = performance.now();
    const r = run(t);
    const elapsed = performance.now() - started;
    assert.deepEqual(r.list, ['compose:pkg7/docker-compose.yml']);
    assert.deepEqual(r.store.opened, ['pkg9/config.yaml']);
    assert.ok(elapsed < 3000, `walk took ${elapsed.toFixed(0)} ms`);
  });

  it('returns the same list whatever the order targets are given in', () => {
    const t = tree({ 'a/compose.yaml': CLEAN_COMPOSE, 'b/compose.yaml': CLEAN_COMPOSE, 'c/.env': 'A=1' });
    const root = realpathSync(t.root);
    const one = discover({ root, targets: [`${root}/a`, root], store: new SourceStore(root) });
    const two = discover({ root, targets: [root, `${root}/a`], store: new SourceStore(root) });
    assert.deepEqual(one.files, two.files);
    assert.equal(one.files.length, 3);
  });
});
