/**
 * Holds every check to the conventions: id equals its path, required fields present,
 * checklist ids real, fixtures on both sides, `.fixed` fixtures for fixable checks, and a
 * registry and catalog that are up to date.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CHECKS } from '../../src/checks/index.ts';
import { isChecklistId } from '../../src/core/checklist.ts';
import { isSeverity } from '../../src/core/severity.ts';
import { renderRegistry } from '../../scripts/gen-registry.ts';
import { CHECKS_DIR, fixtureCases } from './fixture-cases.ts';

describe('check registry', () => {
  it('is generated from the folder tree and up to date', () => {
    assert.equal(readFileSync(join(CHECKS_DIR, 'index.ts'), 'utf8'), renderRegistry());
    assert.equal(readFileSync(join(CHECKS_DIR, 'probe-index.ts'), 'utf8'), renderRegistry('probes'));
  });

  it('has no duplicate ids', () => {
    const ids = CHECKS.map((c) => c.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  });
});

for (const check of CHECKS) {
  describe(`meta ${check.id}`, () => {
    it('id is <kind>/<kebab-slug> and equals its file path', () => {
      assert.match(check.id, /^[a-z0-9]+(?:-[a-z0-9]+)*\/(no|require|[a-z0-9]+)-[a-z0-9-]+$/);
      assert.ok(existsSync(join(CHECKS_DIR, `${check.id}.ts`)), `src/checks/${check.id}.ts must exist`);
    });

    it('has title, severity, rationale, remediation and real checklist ids', () => {
      assert.ok(check.title.trim().length > 5, 'title');
      assert.ok(isSeverity(check.severity), 'severity');
      assert.ok(check.rationale.trim().length > 40, 'rationale is a real paragraph');
      assert.ok(check.remediation.trim().length > 20, 'remediation');
      assert.ok(check.checklist.length > 0, 'checklist ids');
      for (const id of check.checklist) assert.ok(isChecklistId(id), `unknown checklist id ${id}`);
      assert.equal(typeof check.run, 'function');
    });

    it('has positive and negative fixtures', () => {
      const cases = fixtureCases(check.id);
      assert.ok(cases.some((c) => c.kind === 'positive' && c.expected.size > 0), 'a positive fixture with expect markers');
      assert.ok(cases.some((c) => c.kind === 'negative'), 'a negative fixture');
      if (check.fixable) assert.ok(cases.some((c) => c.kind === 'fixed'), 'fixable checks need a .fixed fixture');
    });
  });
}
