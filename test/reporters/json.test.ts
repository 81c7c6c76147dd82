import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderJson } from '../../src/reporters/json.ts';
import { TOOL_VERSION } from '../../src/reporters/tool.ts';
import { allStrings, MASKED_SECRET, RAW_SECRET, sampleResult } from './sample-result.ts';

describe('json reporter', () => {
  it('is a versioned document with the documented top-level keys in order', () => {
    const doc = JSON.parse(renderJson(sampleResult()));
    assert.deepEqual(Object.keys(doc), ['version', 'tool', 'target', 'root', 'summary', 'findings', 'suppressed', 'errors']);
    assert.equal(doc.version, 1);
    assert.deepEqual(doc.tool, { name: 'bulwark', version: TOOL_VERSION });
    assert.deepEqual(doc.target, ['.']);
    assert.equal(doc.root, '.');
  });

  it('carries findings with every field of the output contract, in a stable key order', () => {
    const doc = JSON.parse(renderJson(sampleResult()));
    assert.equal(doc.findings.length, 3);
    assert.deepEqual(Object.keys(doc.findings[0]), [
      'checkId', 'severity', 'title', 'message', 'location', 'checklist', 'remediation', 'fingerprint', 'snippet', 'subject',
    ]);
    assert.deepEqual(doc.findings[1].location, { path: 'deploy/docker-compose.yml', line: 12, column: 19, endLine: 12, endColumn: 28 });
    assert.equal(doc.suppressed[0].suppression.reason, 'needs /dev/fuse');
    assert.deepEqual(doc.errors, [{ path: 'broken/compose.yml', line: 4, column: 2, reason: 'invalid YAML: bad indentation' }]);
    assert.deepEqual(Object.keys(doc.summary.bySeverity), ['critical', 'high', 'medium', 'low', 'info']);
    assert.equal(doc.summary.total, 3);
  });

  it('is byte-identical for the same result, whatever order the input objects were built in', () => {
    const a = sampleResult();
    const b = sampleResult();
    b.summary = { ...b.summary, bySeverity: { critical: 1, info: 0, low: 1, high: 1, medium: 0 } };
    b.findings = b.findings.map((f) => Object.fromEntries(Object.entries(f).reverse()) as typeof f);
    assert.equal(renderJson(a), renderJson(b));
  });

  it('never leaks the absolute scan root, even from error paths', () => {
    const result = sampleResult({ errors: [{ path: '/home/someone/stack/conf/x.yml', reason: 'unreadable' }] });
    const text = renderJson(result, { root: 'stack' });
    assert.ok(!text.includes('/home/someone'));
    const doc = JSON.parse(text);
    assert.equal(doc.root, 'stack');
    assert.equal(doc.errors[0].path, 'conf/x.yml');
  });

  it('keeps masked values masked', () => {
    const text = renderJson(sampleResult());
    assert.ok(text.includes(MASKED_SECRET));
    assert.ok(!allStrings(JSON.parse(text)).some((s) => s.value.includes(RAW_SECRET)));
  });
});
