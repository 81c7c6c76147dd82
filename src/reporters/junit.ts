/**
 * JUnit XML, the report every CI system can show as a test run (GitLab, Jenkins, Azure
 * Pipelines, GitHub test-report actions): one test suite per check that ran, one failing
 * test case per finding (its severity as the failure type), one passing case for a check
 * with nothing to report, and the files that could not be scanned as errored cases.
 * Text is escaped for XML 1.0 and characters it cannot carry are dropped.
 */
import type { Finding } from '../core/finding.ts';
import type { ScanResult } from '../core/result.ts';
import { reportPath } from './paths.ts';
import { TOOL_NAME, TOOL_VERSION } from './tool.ts';

/** XML 1.0 allows tab, LF, CR and the rest from U+0020 (surrogates and U+FFFE/F excluded). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
}

function where(f: Finding): string {
  return `${f.location.path}:${f.location.line}`;
}

function failureCase(f: Finding): string[] {
  const name = f.subject ? `${where(f)} ${f.subject}` : where(f);
  const body = [
    f.message,
    '',
    `${f.severity} · ${f.checkId} · ${where(f)}${f.checklist.length > 0 ? ` · checklist ${f.checklist.join(', ')}` : ''}`,
    ...(f.snippet !== undefined ? ['', f.snippet] : []),
    '',
    `Fix: ${f.remediation}`,
  ].join('\n');
  return [
    `    <testcase${attrs({ classname: f.checkId, name, file: f.location.path, line: f.location.line })}>`,
    `      <failure${attrs({ type: f.severity, message: f.message })}>${xmlEscape(body)}</failure>`,
    '    </testcase>',
  ];
}

export function renderJunit(result: ScanResult): string {
  const byCheck = new Map<string, Finding[]>();
  for (const check of result.checks) byCheck.set(check.id, []);
  for (const f of result.findings) byCheck.set(f.checkId, [...(byCheck.get(f.checkId) ?? []), f]);
  const titles = new Map(result.checks.map((c) => [c.id, c.title]));

  const suites: string[] = [];
  for (const [id, findings] of [...byCheck].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const tests = Math.max(1, findings.length);
    suites.push(`  <testsuite${attrs({ name: id, tests, failures: findings.length, errors: 0, skipped: 0 })}>`);
    if (findings.length === 0) suites.push(`    <testcase${attrs({ classname: id, name: titles.get(id) ?? id })}/>`);
    for (const f of findings) suites.push(...failureCase(f));
    suites.push('  </testsuite>');
  }
  if (result.errors.length > 0) {
    suites.push(`  <testsuite${attrs({ name: `${TOOL_NAME}/scan-errors`, tests: result.errors.length, failures: 0, errors: result.errors.length, skipped: 0 })}>`);
    for (const e of result.errors) {
      const path = reportPath(result.root, e.path);
      const at = e.line === undefined ? path : `${path}:${e.line}`;
      suites.push(`    <testcase${attrs({ classname: `${TOOL_NAME}/scan-errors`, name: at, file: path })}>`);
      suites.push(`      <error${attrs({ type: 'scan-error', message: e.reason })}>${xmlEscape(`${at}: ${e.reason}`)}</error>`);
      suites.push('    </testcase>');
    }
    suites.push('  </testsuite>');
  }
  const tests = [...byCheck.values()].reduce((n, f) => n + Math.max(1, f.length), 0) + result.errors.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: `${TOOL_NAME} ${TOOL_VERSION}`, tests, failures: result.findings.length, errors: result.errors.length })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
