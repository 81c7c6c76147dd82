import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markdownCell, renderMarkdown } from '../../src/reporters/markdown.ts';
import { emptyResult, finding, MASKED_SECRET, RAW_SECRET, sampleResult } from './sample-result.ts';

describe('markdown reporter', () => {
  it('has the summary, a row per finding most severe first, the errors and the suppressed count', () => {
    const md = renderMarkdown(sampleResult());
    assert.match(md, /^## bulwark report\n\n\*\*3 findings\*\*: 1 critical, 1 high, 1 low \(4 files scanned\)\.\n/);
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Severity'));
    assert.deepEqual(rows.map((r) => r.split(' | ')[0]), ['| critical', '| high', '| low']);
    assert.ok(rows[0]!.includes('`deploy/docker-compose.yml:7 (web)`'));
    assert.match(md, /### Not scanned \(1\)\n\n- `broken\/compose.yml:4`: invalid YAML: bad indentation/);
    assert.match(md, /1 suppressed finding \(see the JSON report\)\./);
  });

  it('never carries a secret value, only its masked form', () => {
    const md = renderMarkdown(sampleResult());
    assert.ok(md.includes(MASKED_SECRET));
    assert.ok(!md.includes(RAW_SECRET));
  });

  it('keeps hostile text inside its table cell', () => {
    assert.equal(markdownCell('a|b\n<img src=x> [x](javascript:1) `c` & d'), 'a\\|b \\<img src=x\\> \\[x\\](javascript:1) \\`c\\` &amp; d');
    const md = renderMarkdown(sampleResult({ findings: [finding({ checkId: 'x/y', severity: 'medium', message: 'one | two\nthree', location: { path: 'a|b`c.yml', line: 2, column: 1 } })] }));
    const row = md.split('\n').find((l) => l.startsWith('| medium'))!;
    assert.equal(row.split(/(?<!\\)\|/).length, 6, row);
  });

  it('says so when there is nothing to report, and counts probed targets for probes', () => {
    assert.match(renderMarkdown(emptyResult()), /\*\*No findings\*\* \(2 files scanned\)\./);
    const probed = emptyResult();
    probed.summary = { ...probed.summary, filesScanned: 0, targetsProbed: 2 };
    assert.match(renderMarkdown(probed), /\(2 targets probed\)/);
  });
});
