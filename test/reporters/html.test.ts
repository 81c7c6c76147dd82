import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { htmlEscape, renderHtml } from '../../src/reporters/html.ts';
import { emptyResult, finding, MASKED_SECRET, RAW_SECRET, sampleResult } from './sample-result.ts';

describe('html reporter', () => {
  it('is one self-contained page: no script, no outside resource, a CSP that forbids both', () => {
    const html = renderHtml(sampleResult());
    assert.match(html, /^<!doctype html>\n<html lang="en">/);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|\bsrc=|\bhref=|url\(|@import/i);
    assert.match(html, /<\/html>\n$/);
  });

  it('shows the summary, findings grouped by file with the masked line and the fix, and the errors', () => {
    const html = renderHtml(sampleResult());
    assert.match(html, /<title>bulwark report: 3 findings<\/title>/);
    assert.match(html, /<span class="count critical">1 critical<\/span>/);
    assert.match(html, /<h2>deploy\/docker-compose.yml<\/h2>/);
    assert.match(html, /<span class="sev critical">critical<\/span> <code class="id">compose\/no-privileged<\/code> <span class="meta">web<\/span>/);
    assert.match(html, /<pre>7:     privileged: true<\/pre>/);
    assert.match(html, /<details><summary>How to fix \(checklist D6\)<\/summary><pre>Remove `privileged: true`\.\nGrant only the capability the service needs\.<\/pre><\/details>/);
    assert.match(html, /<li><code>broken\/compose.yml:4<\/code>: invalid YAML: bad indentation<\/li>/);
    assert.ok(html.indexOf('app dir/compose.yaml') < html.indexOf('deploy/docker-compose.yml</h2>'), 'files in order');
  });

  it('never carries a secret value, only its masked form', () => {
    const html = renderHtml(sampleResult());
    assert.ok(html.includes(MASKED_SECRET));
    assert.ok(!html.includes(RAW_SECRET));
  });

  it('escapes every piece of scanned text', () => {
    assert.equal(htmlEscape(`<script>alert('x')</script> & "q"\u0000`), '&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;');
    const html = renderHtml(sampleResult({
      target: ['<b>t</b>'],
      findings: [finding({ checkId: 'x/y', severity: 'high', message: '<img src=x onerror=alert(1)>', subject: '"><svg>', location: { path: '<p>.yml', line: 1, column: 1 }, snippet: '</pre><script>', remediation: '</details><script>' })],
    }));
    assert.doesNotMatch(html, /<img|<svg|<script|<p>\.yml|<b>t/);
  });

  it('says so when there is nothing to report', () => {
    assert.match(renderHtml(emptyResult()), /<p>No findings\.<\/p>/);
  });
});
