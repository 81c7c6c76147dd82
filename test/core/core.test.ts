import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineCheck } from '../../src/core/check.ts';
import { runChecks } from '../../src/core/engine.ts';
import { maskAll, maskLine, maskSecret } from '../../src/core/mask.ts';
import { atLeast } from '../../src/core/severity.ts';
import { findSuppression, idMatches, parseSuppression } from '../../src/core/suppressions.ts';

describe('masking', () => {
  it('keeps only a short prefix and suffix of long secrets and hides short ones', () => {
    assert.equal(maskSecret('sk_live_51HxYzAbCdEfGhIjKlMn9o0P'), 'sk_l…9o0P');
    assert.equal(maskSecret('hunter2'), '****');
  });
  it('masks every occurrence', () => {
    assert.equal(maskAll('a=hunter22 b=hunter22', ['hunter22']), 'a=**** b=****');
  });
  it('masks secret-looking keys, URL passwords and interpolation defaults in a line', () => {
    assert.equal(maskLine('      POSTGRES_PASSWORD: supersecret'), '      POSTGRES_PASSWORD: ****');
    assert.equal(maskLine('  - DB_PASSWORD=supersecret'), '  - DB_PASSWORD=****');
    assert.equal(maskLine('  DATABASE_URL: postgres://app:pw123456@db/app'), '  DATABASE_URL: postgres://app:****@db/app');
    assert.equal(maskLine('  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-devpass}'), '  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-****}');
    assert.equal(maskLine('  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}'), '  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}');
    assert.equal(maskLine('    image: postgres:16'), '    image: postgres:16');
  });
});

describe('suppressions', () => {
  it('parses ids and reason', () => {
    const s = parseSuppression('    # bulwark-ignore compose/no-root-user, compose/x -- drops privileges', 4);
    assert.deepEqual(s?.ids, ['compose/no-root-user', 'compose/x']);
    assert.equal(s?.reason, 'drops privileges');
    assert.equal(s?.line, 4);
  });
  it('matches globs and applies to the next line or the same line only', () => {
    assert.ok(idMatches('compose/*', 'compose/no-root-user'));
    assert.ok(!idMatches('compose/no-*', 'k8s/no-root'));
    const lines = ['a: 1', '# bulwark-ignore compose/* -- ok', 'b: 2', 'c: 3'];
    assert.ok(findSuppression(lines, 3, 'compose/no-root-user'));
    assert.equal(findSuppression(lines, 4, 'compose/no-root-user'), undefined);
    assert.equal(findSuppression(lines, 3, 'nginx/x'), undefined);
  });
});

describe('engine', () => {
  const check = defineCheck<{ items: { name: string; line: number; secret?: string }[] }>({
    id: 'test/no-bad',
    title: 'No bad items',
    severity: 'high',
    checklist: ['D1'],
    rationale: 'r',
    remediation: 'm',
    run({ model, report }) {
      for (const item of model.items) {
        if (item.name === 'boom') throw new Error('exploded');
        report({
          at: { loc: { path: 'f.yml', line: item.line, column: 3 }, keyPath: `items.${item.name}` },
          message: `bad ${item.name} ${item.secret ?? ''}`,
          secrets: item.secret ? [item.secret] : [],
        });
      }
    },
  });
  const lines = ['x: 1', '# bulwark-ignore test/no-bad -- accepted', 'y: topsecretvalue', 'z: 3'];
  const run = (items: { name: string; line: number; secret?: string }[]) =>
    runChecks({
      units: [{ kind: 'test', model: { items } }, { kind: 'other', model: { items: [{ name: 'boom', line: 1 }] } }],
      checks: [check],
      settings: { edgeServices: [] },
      facts: {},
      linesOf: (p) => (p === 'f.yml' ? lines : undefined),
    });

  it('reports sorted, masked findings with stable fingerprints, honours suppressions', () => {
    const r = run([{ name: 'b', line: 4 }, { name: 'a', line: 1 }, { name: 'c', line: 3, secret: 'topsecretvalue' }]);
    assert.deepEqual(r.findings.map((f) => f.location.line), [1, 4]);
    assert.equal(r.suppressed.length, 1);
    assert.equal(r.suppressed[0]!.suppression.reason, 'accepted');
    assert.ok(!JSON.stringify(r).includes('topsecretvalue'));
    const again = run([{ name: 'a', line: 7 }]);
    assert.equal(again.findings[0]!.fingerprint, r.findings[0]!.fingerprint, 'fingerprint does not depend on the line');
  });

  it('turns a crashing check into an error entry and runs checks only on their kind', () => {
    const r = runChecks({
      units: [{ kind: 'test', model: { items: [{ name: 'boom', line: 1 }] } }],
      checks: [check],
      settings: { edgeServices: [] },
      facts: {},
      linesOf: () => undefined,
    });
    assert.equal(r.findings.length, 0);
    assert.match(r.errors[0]!.reason, /test\/no-bad failed: exploded/);
    assert.equal(run([]).errors.length, 0, 'the "other" unit is not run by a test/ check');
  });

  it('compares severities', () => {
    assert.ok(atLeast('critical', 'high'));
    assert.ok(!atLeast('low', 'medium'));
  });
});
