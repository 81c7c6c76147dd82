import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderJson } from '../../src/reporters/json.ts';
import { renderMarkdown } from '../../src/reporters/markdown.ts';
import { describeScope } from '../../src/reporters/scope.ts';
import { renderText } from '../../src/reporters/text.ts';
import { sampleResult } from './sample-result.ts';

describe('report scope', () => {
  it('says how many files the secret scan skipped, in every human report and in JSON', () => {
    const result = sampleResult();
    result.summary = { ...result.summary, filesSkipped: 2 };
    assert.equal(describeScope(result.summary), '4 files scanned, 2 skipped as binary or over 2 MB');
    assert.match(renderText(result), /\(1 suppressed, 4 files scanned, 2 skipped as binary or over 2 MB\)/);
    assert.match(renderMarkdown(result), /\(4 files scanned, 2 skipped as binary or over 2 MB\)/);
    assert.equal(JSON.parse(renderJson(result)).summary.filesSkipped, 2);
  });

  it('leaves the skipped count out when nothing was skipped, and counts targets for probes', () => {
    const result = sampleResult();
    assert.equal(describeScope(result.summary), '4 files scanned');
    assert.equal('filesSkipped' in JSON.parse(renderJson(result)).summary, false);
    assert.equal(describeScope({ ...result.summary, filesScanned: 0, targetsProbed: 1 }), '1 target probed');
    assert.equal(JSON.parse(renderJson({ ...result, summary: { ...result.summary, targetsProbed: 3 } })).summary.targetsProbed, 3);
  });
});
