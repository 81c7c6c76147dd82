/**
 * The generic fixture runner: every check's positive fixtures must report exactly the
 * lines marked `expect:`, negative fixtures nothing, for that check alone.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CHECKS } from '../../src/checks/index.ts';
import { checkKind } from '../../src/core/check.ts';
import { isProbeKind } from '../../src/probes/kinds.ts';
import { scan } from '../../src/scan/scan.ts';
import { fixtureCases } from './fixture-cases.ts';
import type { FixtureCase } from './fixture-cases.ts';

const copies: string[] = [];
after(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** The fixture directory itself, or a copy with the modes, empty folders and git state its `.fixture` asks for. */
function preparedCopy(c: FixtureCase): string {
  if (c.setup.modes.length === 0 && c.setup.dirs.length === 0 && !c.setup.git) return c.path;
  const copy = join(mkdtempSync(join(tmpdir(), 'bulwark-fixture-')), 'root');
  copies.push(dirname(copy));
  cpSync(c.path, copy, { recursive: true, verbatimSymlinks: true });
  for (const d of c.setup.dirs) mkdirSync(join(copy, d), { recursive: true });
  for (const m of c.setup.modes) chmodSync(join(copy, m.path), m.mode);
  const git = c.setup.git;
  if (git?.init) {
    const run = (...args: string[]): void => void execFileSync('git', args, { cwd: copy, stdio: 'ignore' });
    run('init', '-q');
    if (git.gitignore.length > 0) writeFileSync(join(copy, '.gitignore'), git.gitignore.join('\n') + '\n');
    if (git.add.length > 0) run('add', '-f', '--', ...git.add);
  }
  return copy;
}

// Probe checks judge live snapshots, not files: snapshot-fixtures.test.ts runs their fixtures.
for (const check of CHECKS.filter((c) => !isProbeKind(checkKind(c.id)))) {
  describe(check.id, () => {
    for (const c of fixtureCases(check.id).filter((f) => f.kind !== 'fixed')) {
      const name = c.path.slice(c.path.lastIndexOf('/') + 1);
      it(name, async () => {
        const isDir = statSync(c.path).isDirectory();
        const dir = isDir ? preparedCopy(c) : c.path;
        const cwd = isDir ? dir : dirname(c.path);
        const result = c.hostRoot
          ? await scan({ targets: [], hostRoot: dir, cwd, checks: [check.id] })
          : await scan({ targets: [dir], cwd, checks: [check.id] });
        assert.equal(result.fatal, undefined, `scan failed: ${result.fatal}`);
        assert.deepEqual(result.errors, [], 'fixture must parse without errors');
        const reported = new Set(
          result.findings.filter((f) => f.checkId === check.id).map((f) => `${f.location.path}:${f.location.line}`),
        );
        if (c.kind === 'positive') assert.ok(c.expected.size > 0, 'a positive fixture needs at least one `expect:` marker');
        assert.deepEqual([...reported].sort(), [...c.expected].sort());
      });
    }
  });
}
