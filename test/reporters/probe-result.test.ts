/** Reporters given a probe result: live targets have no lines and are not files under the checkout. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/core/finding.ts';
import type { ScanResult } from '../../src/core/result.ts';
import { toSarif } from '../../src/reporters/sarif.ts';
import { renderText } from '../../src/reporters/text.ts';
import { summarize } from '../../src/scan/summary.ts';

const finding: Finding = {
  checkId: 'ssh/no-weak-kex',
  severity: 'high',
  title: 'SSH offers only strong key exchanges',
  message: 'the server offers diffie-hellman-group1-sha1',
  location: { path: 'ssh://[::1]:2222', line: 1, column: 1 },
  checklist: ['H1'],
  remediation: 'Set KexAlgorithms to modern ones.',
  fingerprint: 'f'.repeat(64),
  subject: 'diffie-hellman-group1-sha1',
};

const result: ScanResult = {
  target: ['ssh://[::1]:2222'],
  root: '/work',
  findings: [finding],
  suppressed: [],
  errors: [{ path: 'ssh://127.0.0.1:1', reason: 'connection refused' }],
  summary: summarize({ findings: [finding], suppressed: 0, filesScanned: 0, targetsProbed: 1, errors: 1 }),
  checks: [{ id: finding.checkId, title: finding.title, severity: 'high', checklist: ['H1'], rationale: 'r'.repeat(50), remediation: finding.remediation }],
};

describe('probe results in reports', () => {
  it('text names the subject instead of a line, and counts targets', () => {
    const text = renderText(result, { color: false });
    assert.match(text, /ssh\/no-weak-kex {2}diffie-hellman-group1-sha1\n/);
    assert.doesNotMatch(text, / 1:1$/m);
    assert.match(text, /1 target probed/);
    assert.match(text, /Errors \(1\)\n/);
    assert.doesNotMatch(text, /file scanned|not scanned/);
  });

  it('SARIF keeps the target as an absolute URI without a source root', () => {
    const sarif = toSarif(result, {}) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: Record<string, string> } }> }> }> };
    const artifact = sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation;
    assert.deepEqual(artifact, { uri: 'ssh://[::1]:2222' });
  });
});
