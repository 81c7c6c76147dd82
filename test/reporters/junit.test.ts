import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderJunit, xmlEscape } from '../../src/reporters/junit.ts';
import { emptyResult, finding, MASKED_SECRET, RAW_SECRET, sampleResult } from './sample-result.ts';

/** Tags open and close in order, and no text holds a raw `<` or a bare `&` (a small well-formedness check). */
function assertWellFormed(xml: string): void {
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
  const stack: string[] = [];
  const body = xml.slice(xml.indexOf('?>') + 2);
  const tag = /<(\/?)([A-Za-z]+)((?:\s+[A-Za-z]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(body); m !== null; m = tag.exec(body)) {
    const text = body.slice(last, m.index);
    assert.doesNotMatch(text, /[<>]|&(?!(?:amp|lt|gt|quot|apos);)/, `text before <${m[2]}>: ${text}`);
    last = m.index + m[0].length;
    if (m[4] === '/') continue;
    if (m[1] === '/') assert.equal(stack.pop(), m[2]);
    else stack.push(m[2]!);
  }
  assert.deepEqual(stack, []);
  assert.doesNotMatch(body.slice(last), /[<>]/);
}

describe('junit reporter', () => {
  it('has one suite per check that ran, a failing case per finding and a passing case for a quiet check', () => {
    const xml = renderJunit(sampleResult());
    assertWellFormed(xml);
    assert.match(xml, /<testsuites name="bulwark [^"]+" tests="5" failures="3" errors="1">/);
    assert.match(xml, /<testsuite name="compose\/no-privileged" tests="1" failures="1" errors="0" skipped="0">/);
    assert.match(xml, /<testcase classname="compose\/no-privileged" name="deploy\/docker-compose.yml:7 web" file="deploy\/docker-compose.yml" line="7">/);
    assert.match(xml, /<failure type="critical" message="Service &quot;web&quot; runs privileged.">/);
    assert.match(xml, /<testsuite name="compose\/no-host-namespaces" tests="1" failures="0"[^>]*>\n    <testcase classname="compose\/no-host-namespaces" name="Containers do not share host namespaces"\/>/);
    assert.match(xml, /<testsuite name="bulwark\/scan-errors" tests="1" failures="0" errors="1" skipped="0">/);
    assert.match(xml, /<error type="scan-error" message="invalid YAML: bad indentation">broken\/compose.yml:4: invalid YAML: bad indentation<\/error>/);
  });

  it('never carries a secret value, only its masked form', () => {
    const xml = renderJunit(sampleResult());
    assert.ok(xml.includes(MASKED_SECRET));
    assert.ok(!xml.includes(RAW_SECRET));
  });

  it('escapes markup and drops characters XML 1.0 cannot carry', () => {
    assert.equal(xmlEscape(`a<b>&"c'\u0000\u001b[31m\u0007`), 'a&lt;b&gt;&amp;&quot;c&apos;[31m');
    const hostile = sampleResult({
      findings: [finding({ checkId: 'compose/no-privileged', severity: 'high', message: '</failure><x>&\u0000 "', location: { path: 'a&b/<c>.yml', line: 1, column: 1 }, snippet: ']]> <!--' })],
    });
    const xml = renderJunit(hostile);
    assertWellFormed(xml);
    assert.ok(!xml.includes('\u0000'));
  });

  it('renders an empty scan as passing suites', () => {
    const xml = renderJunit(emptyResult());
    assertWellFormed(xml);
    assert.match(xml, /tests="4" failures="0" errors="0"/);
    assert.doesNotMatch(xml, /<failure|<error/);
  });
});
