import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CATALOG_PATH, renderCatalog } from '../../scripts/gen-catalog.ts';
import { CHECKS } from '../../src/checks/index.ts';
import {
  closestIds,
  renderCatalogMarkdown,
  renderChecksJson,
  renderChecksMarkdown,
  renderChecksTable,
  renderExplain,
} from '../../src/reporters/catalog.ts';
import { PIDS, PRIVILEGED, QUIET_CHECK, SECRET_CHECK } from './sample-result.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = [SECRET_CHECK, PRIVILEGED, PIDS, QUIET_CHECK];

describe('check catalog (docs/checks.md)', () => {
  it('is up to date with the registry (run `npm run gen` when this fails)', () => {
    assert.equal(readFileSync(CATALOG_PATH, 'utf8'), renderCatalog());
  });

  it('documents every registered check', () => {
    const doc = renderCatalog();
    for (const check of CHECKS) assert.ok(doc.includes(`### \`${check.id}\``), check.id);
  });

  it('groups by kind and shows each field of a check', () => {
    const doc = renderCatalogMarkdown(SAMPLE);
    assert.ok(doc.indexOf('## Docker Compose (`compose`)') < doc.indexOf('## Environment and app settings (`env`)'));
    const section = doc.slice(doc.indexOf('### `compose/no-privileged`'), doc.indexOf('### `compose/require-pids-limit`'));
    assert.match(section, /\*\*Containers do not run privileged\*\*/);
    assert.match(section, /- Severity: critical/);
    assert.match(section, /- Checklist: D6 \(no privileged containers/);
    assert.match(section, /- Fixable: no/);
    assert.match(section, /\*\*Why\.\*\* A privileged container/);
    assert.match(section, /\*\*How to fix\.\*\* Remove `privileged: true`/);
    assert.match(section, /- CIS Docker Benchmark 5\.4/);
    assert.match(doc, /- Fixable: yes \(safe autofix\)/);
    assert.equal(renderCatalogMarkdown(SAMPLE), renderCatalogMarkdown([...SAMPLE].reverse()), 'order-independent');
  });

  describe('gen-catalog script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-catalog-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-catalog.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

    it('writes the file, then --check passes; a stale file fails --check with a message', () => {
      const file = join(dir, 'checks.md');
      assert.equal(run(file).status, 0);
      assert.equal(readFileSync(file, 'utf8'), renderCatalog());
      assert.equal(run('--check', file).status, 0);
      writeFileSync(file, `${renderCatalog()}stale\n`);
      const stale = run('--check', file);
      assert.equal(stale.status, 1);
      assert.match(stale.stderr, /out of date: run `npm run gen`/);
    });
  });
});

describe('checks listing', () => {
  it('text table has id, severity, checklist and title, sorted by id', () => {
    const lines = renderChecksTable(SAMPLE).split('\n');
    assert.match(lines[0]!, /^ID +SEVERITY +CHECKLIST +TITLE$/);
    assert.match(lines[1]!, /^compose\/no-host-namespaces +high +D6 +Containers do not share host namespaces$/);
    assert.match(lines[4]!, /^env\/no-weak-secret +high +A1 +Secrets are strong$/);
    assert.doesNotMatch(renderChecksTable(SAMPLE), /\x1b/);
    assert.match(renderChecksTable(SAMPLE, { color: true }), /\x1b\[/);
  });

  it('json lists every field but the code', () => {
    const list = JSON.parse(renderChecksJson(SAMPLE));
    assert.equal(list.length, 4);
    assert.deepEqual(Object.keys(list[0]), ['id', 'title', 'severity', 'checklist', 'fixable', 'rationale', 'remediation', 'references']);
    assert.equal(list.find((c: { id: string }) => c.id === 'compose/require-pids-limit').fixable, 'safe');
  });

  it('markdown is a table', () => {
    const md = renderChecksMarkdown(SAMPLE);
    assert.match(md, /^\| id \| severity \| checklist \| title \|\n\|---\|---\|---\|---\|\n/);
    assert.match(md, /^\| `compose\/no-privileged` \| critical \| D6 \| Containers do not run privileged \|$/m);
  });
});

describe('explain', () => {
  it('shows title, severity, checklist titles, rationale, remediation, references, fixable', () => {
    const out = renderExplain(PRIVILEGED);
    assert.match(out, /^compose\/no-privileged\nContainers do not run privileged\n/);
    assert.match(out, /^Severity: {3}critical$/m);
    assert.match(out, /^Checklist: {2}D6 {2}no privileged containers, no Docker socket mount/m);
    assert.match(out, /^Fixable: {4}no$/m);
    assert.match(out, /^Why\n {2}A privileged container/m);
    assert.match(out, /^How to fix\n {2}Remove `privileged: true`\.\n {2}Grant only/m);
    assert.match(out, /^References\n {2}- CIS Docker Benchmark 5\.4/m);
  });

  it('suggests the closest ids for a mistyped one', () => {
    const ids = ['compose/no-privileged', 'compose/no-root-user', 'compose/require-pids-limit', 'env/no-weak-secret'];
    assert.deepEqual(closestIds('compose/no-priviliged', ids), ['compose/no-privileged']);
    assert.equal(closestIds('no-privileged', ids)[0], 'compose/no-privileged', 'slug without its kind');
    assert.equal(closestIds('pids', ids)[0], 'compose/require-pids-limit', 'a substring');
    assert.deepEqual(closestIds('zzzzzzzzzzzzzzzzzz', ids), []);
  });
});
