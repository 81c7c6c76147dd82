import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SEVERITIES } from '../../src/core/severity.ts';
import { artifactUri, MAX_SARIF_RESULTS, renderSarif, ruleName } from '../../src/reporters/sarif.ts';
import { TOOL_VERSION } from '../../src/reporters/tool.ts';
import { allStrings, emptyResult, finding, MASKED_SECRET, RAW_SECRET, sampleResult } from './sample-result.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
function sarifOf(result = sampleResult(), options = {}): any {
  return JSON.parse(renderSarif(result, options));
}

describe('sarif reporter', () => {
  it('has the log-level fields GitHub requires', () => {
    const log = sarifOf();
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'bulwark');
    assert.equal(run.tool.driver.version, TOOL_VERSION);
    assert.equal(run.tool.driver.semanticVersion, TOOL_VERSION);
    assert.ok(Array.isArray(run.results));
    assert.equal(run.automationDetails.id, 'bulwark/');
  });

  it('lists a complete rule for every check that ran, including checks without findings', () => {
    const rules = sarifOf().runs[0].tool.driver.rules;
    assert.deepEqual(rules.map((r: any) => r.id), ['compose/no-privileged', 'env/no-weak-secret', 'compose/require-pids-limit', 'compose/no-host-namespaces']);
    for (const rule of rules) {
      assert.ok(rule.name.length > 0 && rule.name.length <= 255);
      assert.ok(rule.shortDescription.text.length > 0 && rule.shortDescription.text.length <= 1024);
      assert.ok(rule.fullDescription.text.length > 0 && rule.fullDescription.text.length <= 1024);
      assert.ok(rule.help.text.length > 0);
      assert.match(rule.help.markdown, /\*\*Why:\*\*[\s\S]*\*\*Fix:\*\*/);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
      assert.equal(rule.properties.tags[0], 'security');
      assert.ok(['very-high', 'high', 'medium', 'low'].includes(rule.properties.precision));
      const score = rule.properties['security-severity'];
      assert.equal(typeof score, 'string');
      assert.ok(Number(score) >= 0.1 && Number(score) <= 10, `security-severity ${score} in 0.1..10`);
      assert.ok(Array.isArray(rule.properties.checklist) && rule.properties.checklist.length > 0);
    }
    const privileged = rules[0];
    assert.equal(privileged.name, 'ComposeNoPrivileged');
    assert.deepEqual(privileged.properties.tags, ['security', 'compose']);
    assert.equal(privileged.properties['security-severity'], '9.5');
    assert.equal(privileged.defaultConfiguration.level, 'error');
    assert.match(privileged.help.text, /Remediation: Remove `privileged: true`\./);
    assert.equal(privileged.helpUri, 'https://docs.docker.com/reference/compose-file/services/#privileged');
  });

  it('maps every severity to a level and a security-severity in its GitHub band', () => {
    const bands: Record<string, [number, number, string]> = {
      critical: [9.0, 10, 'error'],
      high: [7.0, 8.9, 'error'],
      medium: [4.0, 6.9, 'warning'],
      low: [0.1, 3.9, 'note'],
      info: [0.1, 3.9, 'note'],
    };
    for (const severity of SEVERITIES) {
      const check = { id: `x/${severity}-check`, title: 'A title', severity, checklist: ['D1'], rationale: 'Why.', remediation: 'How.' };
      const result = sampleResult({
        checks: [check],
        findings: [finding({ checkId: check.id, severity, location: { path: 'a.yml', line: 1, column: 1 } })],
      });
      const run = sarifOf(result).runs[0];
      const score = Number(run.tool.driver.rules[0].properties['security-severity']);
      const [lo, hi, level] = bands[severity]!;
      assert.ok(score >= lo && score <= hi, `${severity}: ${score}`);
      assert.equal(run.tool.driver.rules[0].defaultConfiguration.level, level);
      assert.equal(run.results[0].level, level);
    }
  });

  it('gives every result a rule, a level, a message, a full relative region and fingerprints', () => {
    const run = sarifOf().runs[0];
    assert.equal(run.results.length, 3, 'suppressed findings are left out');
    for (const r of run.results) {
      assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
      assert.ok(r.message.text.length > 0);
      assert.equal(r.locations.length, 1);
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
      assert.doesNotMatch(artifactLocation.uri, /^(\/|[a-z]+:|\.\/)|\\/i, 'relative, forward slashes');
      for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) assert.ok(Number.isInteger(region[k]) && region[k] >= 1, k);
      assert.ok(region.endLine > region.startLine || region.endColumn > region.startColumn, 'non-empty region');
      assert.match(r.partialFingerprints.primaryLocationLineHash, /^[0-9a-f]{16}:\d+$/);
      assert.match(r.partialFingerprints['auditFingerprint/v1'], /^fp-/);
      assert.ok(r.properties.checklist.length > 0);
    }
    const [privileged, secret, pids] = run.results;
    assert.equal(pids.locations[0].physicalLocation.artifactLocation.uri, 'app%20dir/compose.yaml');
    assert.deepEqual(privileged.locations[0].physicalLocation.region, { startLine: 7, startColumn: 5, endLine: 7, endColumn: 21 }, 'to the end of the snippet');
    assert.deepEqual(secret.locations[0].physicalLocation.region, { startLine: 12, startColumn: 19, endLine: 12, endColumn: 28 }, 'the known end');
    assert.deepEqual(pids.locations[0].physicalLocation.region, { startLine: 3, startColumn: 3, endLine: 3, endColumn: 4 }, 'no snippet: one column');
    assert.deepEqual(privileged.properties.checklist, ['D6']);
    assert.equal(privileged.properties.subject, 'web');
  });

  it('counts identical lines so their line hashes stay distinct', () => {
    const same = (line: number) =>
      finding({ checkId: 'compose/no-privileged', severity: 'critical', location: { path: 'a.yml', line, column: 5 }, snippet: '    privileged: true' });
    const run = sarifOf(sampleResult({ findings: [same(3), same(9)] })).runs[0];
    const hashes = run.results.map((r: any) => r.partialFingerprints.primaryLocationLineHash);
    assert.equal(hashes[0].split(':')[0], hashes[1].split(':')[0]);
    assert.deepEqual(hashes.map((h: string) => h.split(':')[1]), ['1', '2']);
  });

  it('reports scan errors as tool notifications and marks a fatal scan as failed', () => {
    const ok = sarifOf().runs[0].invocations[0];
    assert.equal(ok.executionSuccessful, true);
    assert.equal(ok.toolExecutionNotifications.length, 1);
    assert.equal(ok.toolExecutionNotifications[0].level, 'error');
    assert.equal(ok.toolExecutionNotifications[0].message.text, 'broken/compose.yml:4: invalid YAML: bad indentation');
    assert.deepEqual(ok.toolExecutionNotifications[0].locations[0].physicalLocation.region, { startLine: 4, startColumn: 2 });
    const failed = sarifOf(emptyResult(), { fatal: 'nothing to scan' }).runs[0].invocations[0];
    assert.equal(failed.executionSuccessful, false);
    assert.equal(failed.toolExecutionNotifications[0].message.text, 'nothing to scan');
  });

  it('contains no empty string anywhere, even from empty inputs', () => {
    const hollow = sampleResult({
      checks: [{ id: 'x/no-thing', title: '', severity: 'medium', checklist: ['D1'], rationale: '', remediation: '' }],
      findings: [finding({ checkId: 'x/no-thing', severity: 'medium', title: 'Fallback title', message: '', location: { path: 'a.yml', line: 2, column: 1 } })],
      errors: [{ path: 'b.yml', reason: '' }],
    });
    for (const log of [sarifOf(), sarifOf(hollow), sarifOf(emptyResult())]) {
      const empty = allStrings(log).filter((s) => s.value === '');
      assert.deepEqual(empty, []);
    }
    const run = sarifOf(hollow).runs[0];
    assert.equal(run.results[0].message.text, 'Fallback title');
    assert.equal(run.tool.driver.rules[0].shortDescription.text, 'x/no-thing');
  });

  it('adds a rule for a finding whose check is missing from the list, so ruleIndex resolves', () => {
    const run = sarifOf(sampleResult({ checks: [] })).runs[0];
    assert.equal(run.tool.driver.rules.length, 3);
    for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
  });

  it('keeps uris relative and masked values masked', () => {
    const result = sampleResult({ errors: [{ path: '/home/someone/stack/conf/x.yml', reason: 'unreadable' }] });
    const text = renderSarif(result);
    assert.ok(!text.includes('/home/someone'));
    assert.ok(text.includes(MASKED_SECRET));
    assert.ok(!text.includes(RAW_SECRET));
    assert.equal(artifactUri('a b/c#d?.yml'), 'a%20b/c%23d%3F.yml');
    assert.equal(artifactUri('./x\\y.yml'), 'x/y.yml');
    assert.equal(ruleName('compose/require-cap-drop-all'), 'ComposeRequireCapDropAll');
  });

  it('stays within GitHub limits on results per run', () => {
    const many = Array.from({ length: MAX_SARIF_RESULTS + 5 }, (_, i) =>
      finding({ checkId: 'compose/no-privileged', severity: 'critical', location: { path: 'a.yml', line: i + 1, column: 1 } }),
    );
    const run = sarifOf(sampleResult({ findings: many, errors: [] })).runs[0];
    assert.equal(run.results.length, MAX_SARIF_RESULTS);
    assert.match(run.invocations[0].toolExecutionNotifications[0].message.text, /first 25000 of 25005/);
  });
});
