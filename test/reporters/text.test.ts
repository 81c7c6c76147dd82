import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderText } from '../../src/reporters/text.ts';
import { emptyResult, finding, MASKED_SECRET, RAW_SECRET, sampleResult } from './sample-result.ts';

const ANSI = /\x1b\[[0-9;]*m/;

describe('text reporter', () => {
  it('groups findings by file, sorted, with severity, check id, line:col and message', () => {
    const out = renderText(sampleResult());
    const lines = out.split('\n');
    const appDir = lines.indexOf('app dir/compose.yaml');
    const deploy = lines.indexOf('deploy/docker-compose.yml');
    assert.ok(appDir >= 0 && deploy > appDir, 'file headers, in path order');
    assert.equal(lines.filter((l) => l === 'deploy/docker-compose.yml').length, 1, 'one header per file');
    assert.match(out, /^ {2}critical +compose\/no-privileged {2}7:5$/m);
    assert.match(out, /^ {4}Service "web" runs privileged\.$/m);
    assert.match(out, /^ {2}low +compose\/require-pids-limit {2}3:3$/m);
  });

  it('shows the masked line with a caret under the column, and an end-column span', () => {
    const lines = renderText(sampleResult()).split('\n');
    const snippet = lines.findIndex((l) => l.endsWith('|     privileged: true'));
    assert.ok(snippet > 0, 'snippet line');
    const caretLine = lines[snippet + 1]!;
    const bar = caretLine.indexOf('|');
    assert.equal(caretLine.slice(bar + 2), '    ^', 'caret at column 5');
    const secret = lines.findIndex((l) => l.includes(`STRIPE_KEY: ${MASKED_SECRET}`));
    const span = lines[secret + 1]!;
    assert.equal(span.slice(span.indexOf('|') + 2), `${' '.repeat(18)}${'^'.repeat(9)}`, 'columns 19..27');
  });

  it('keeps tabs in the caret indentation so the caret lines up', () => {
    const result = sampleResult({
      findings: [finding({ checkId: 'x/y-z', severity: 'high', location: { path: 'a.yml', line: 1, column: 3 }, snippet: '\t\tkey: v' })],
    });
    const lines = renderText(result).split('\n');
    const i = lines.findIndex((l) => l.endsWith('\t\tkey: v'));
    assert.ok(lines[i + 1]!.endsWith('| \t\t^'));
  });

  it('prints only the first line of the remediation as the hint', () => {
    const out = renderText(sampleResult());
    assert.match(out, /fix: Remove `privileged: true`\. \(more: bulwark explain compose\/no-privileged\)$/m);
    assert.doesNotMatch(out, /Grant only the capability/);
    assert.match(out, /fix: Set `pids_limit: 200`\.$/m, 'a one-line remediation as is');
    const colon = renderText(sampleResult({
      findings: [finding({ checkId: 'x/y-z', severity: 'high', location: { path: 'a.yml', line: 1, column: 1 }, remediation: 'Add this:\n\n```yaml\nx: 1\n```' })],
    }));
    assert.match(colon, /fix: Add this \(more: bulwark explain x\/y-z\)$/m, 'no dangling colon');
  });

  it('summarises counts by severity, suppressed and files scanned, then lists errors', () => {
    const out = renderText(sampleResult());
    assert.match(out, /^3 findings: 1 critical, 1 high, 1 low \(1 suppressed, 4 files scanned\)$/m);
    assert.match(out, /^Errors \(1\): not scanned$/m);
    assert.match(out, /^ {2}broken\/compose\.yml:4:2 {2}invalid YAML: bad indentation$/m);
    assert.ok(out.indexOf('3 findings') < out.indexOf('Errors'));
  });

  it('says so clearly when nothing was found', () => {
    assert.equal(renderText(emptyResult()), 'No findings. (2 files scanned)\n');
  });

  it('quiet prints findings without the summary, and nothing for a clean scan', () => {
    const out = renderText(sampleResult({ errors: [] }), { quiet: true });
    assert.match(out, /compose\/no-privileged/);
    assert.doesNotMatch(out, /findings:|files scanned/);
    assert.equal(renderText(emptyResult(), { quiet: true }), '');
  });

  it('colours only when asked', () => {
    assert.doesNotMatch(renderText(sampleResult()), ANSI);
    const coloured = renderText(sampleResult(), { color: true });
    assert.match(coloured, ANSI);
    assert.match(coloured, /\x1b\[31m/, 'red for high/critical');
    assert.equal(coloured.replace(/\x1b\[[0-9;]*m/g, ''), renderText(sampleResult()), 'same text once colours are stripped');
  });

  it('never prints the raw secret, only its masked form', () => {
    const out = renderText(sampleResult(), { color: true });
    assert.ok(out.includes(MASKED_SECRET));
    assert.ok(!out.includes(RAW_SECRET));
  });

  it('neutralises terminal escapes and bidi controls coming from scanned files', () => {
    const result = sampleResult({
      findings: [
        finding({
          checkId: 'x/y-z',
          severity: 'high',
          message: 'evil \x1b]0;pwned\x07 value',
          location: { path: 'a\x1b[2J.yml', line: 1, column: 1 },
          snippet: 'key: "\u202e txt.exe"',
        }),
      ],
    });
    const out = renderText(result);
    assert.ok(!out.includes('\x1b'), 'no raw ESC');
    assert.ok(!out.includes('\u202e'), 'no raw bidi override');
    assert.ok(out.includes('\\u001b]0;pwned\\u0007'));
    assert.ok(out.includes('\\u202e'));
  });
});
