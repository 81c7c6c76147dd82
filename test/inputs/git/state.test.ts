/** Git state from the repository's own git: tracked and ignored files, and no state without a repository or git. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gitStateFor, gitStatus, matchedByIgnoreRules } from '../../../src/inputs/git/state.ts';
import { SourceStore } from '../../../src/inputs/source.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function repo(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'bulwark-git-')));
  dirs.push(dir);
  mkdirSync(join(dir, 'app/build'), { recursive: true });
  writeFileSync(join(dir, '.gitignore'), '.env\nbuild/\n');
  for (const f of ['.env', 'app/.env', 'app/main.py', 'app/build/out.js', 'README.md']) writeFileSync(join(dir, f), 'x\n');
  execFileSync('git', ['init', '-q'], { cwd: dir });
  execFileSync('git', ['add', '-f', 'README.md', 'app/main.py', 'app/.env'], { cwd: dir });
  return dir;
}

describe('gitStateFor', () => {
  it('knows tracked, ignored and untracked files under the scan root', () => {
    const dir = repo();
    const state = gitStateFor(new SourceStore(dir));
    assert.ok(state);
    assert.equal(gitStatus(state, 'README.md'), 'tracked');
    assert.equal(gitStatus(state, 'app/.env'), 'tracked');
    assert.equal(gitStatus(state, '.env'), 'ignored');
    assert.equal(gitStatus(state, 'app/build/out.js'), 'ignored');
    assert.equal(gitStatus(state, '.gitignore'), 'untracked');
    assert.deepEqual([...matchedByIgnoreRules(dir, state.repos[0]!, ['app/.env', 'README.md'])], ['app/.env']);
  });

  it("never runs a program the scanned repository's config names (core.fsmonitor)", () => {
    const dir = repo();
    const marker = join(dir, 'fsmonitor-ran');
    const hook = join(dir, 'hook.sh');
    writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
    execFileSync('git', ['config', 'core.fsmonitor', hook], { cwd: dir });
    execFileSync('git', ['commit', '-qm', 'x', '--no-verify'], { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    rmSync(marker, { force: true }); // our own `git commit` above may have run it
    const state = gitStateFor(new SourceStore(dir));
    assert.equal(gitStatus(state!, 'README.md'), 'tracked');
    assert.equal(existsSync(marker), false, 'the fsmonitor hook ran');
  });

  it('gives paths relative to a scan root below the repository top', () => {
    const dir = repo();
    const state = gitStateFor(new SourceStore(join(dir, 'app')));
    assert.equal(gitStatus(state, '.env'), 'tracked');
    assert.equal(gitStatus(state, 'build/out.js'), 'ignored');
  });

  it('follows a repository nested in the tree, not the outer one', () => {
    const outer = repo();
    const inner = join(outer, 'app/build/checkout');
    mkdirSync(inner, { recursive: true });
    writeFileSync(join(inner, '.env'), 'x\n');
    writeFileSync(join(inner, 'main.py'), 'x\n');
    execFileSync('git', ['init', '-q'], { cwd: inner });
    execFileSync('git', ['add', 'main.py'], { cwd: inner });
    const files = ['app/build/checkout/.env', 'app/build/checkout/main.py', 'README.md'].map((path) => ({ path }));
    const state = gitStateFor(new SourceStore(outer), files);
    assert.equal(state?.repos.length, 2);
    assert.equal(gitStatus(state, 'app/build/checkout/main.py'), 'tracked');
    assert.equal(gitStatus(state, 'app/build/checkout/.env'), 'untracked');
    assert.equal(gitStatus(state, 'README.md'), 'tracked');
  });

  it('has no state outside a repository or without git', () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'bulwark-nogit-')));
    dirs.push(dir);
    assert.equal(gitStateFor(new SourceStore(dir)), undefined);
    assert.equal(gitStatus(undefined, 'x'), 'none');
    const inRepo = repo();
    const path = process.env.PATH;
    process.env.PATH = '';
    try {
      assert.equal(gitStateFor(new SourceStore(inRepo)), undefined);
    } finally {
      process.env.PATH = path;
    }
  });
});
