/**
 * The generic fixture runner: every check's positive fixtures must report exactly the
 * lines marked `expect:`, negative fixtures nothing, for that check alone.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { CHECKS } from '../../src/checks/index.ts';
import { scan } from '../../src/scan/scan.ts';
import { fixtureCases } from './fixture-cases.ts';

for (const check of CHECKS) {
  describe(check.id, () => {
    for (const c of fixtureCases(check.id).filter((f) => f.kind !== 'fixed')) {
      const name = c.path.slice(c.path.lastIndexOf('/') + 1);
      it(name, async () => {
        const isDir = statSync(c.path).isDirectory();
        const cwd = isDir ? c.path : dirname(c.path);
        const result = await scan({ targets: [c.path], cwd, checks: [check.id] });
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
