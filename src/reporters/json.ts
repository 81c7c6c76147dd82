/**
 * The machine report: a versioned document with a fixed key order, so two runs over the
 * same input give byte-identical output. It never shows the absolute scan root.
 */
import type { Finding, ScanError, SuppressedFinding } from '../core/finding.ts';
import type { Location } from '../core/location.ts';
import type { ScanResult, ScanSummary } from '../core/result.ts';
import { SEVERITIES } from '../core/severity.ts';
import { reportPath } from './paths.ts';
import { TOOL_NAME, TOOL_VERSION } from './tool.ts';

export const JSON_REPORT_VERSION = 1;

export interface JsonReportOptions {
  /** The scan root as the user should see it (relative to where they ran the tool); default `.`. */
  root?: string;
}

export function renderJson(result: ScanResult, options: JsonReportOptions = {}): string {
  return `${JSON.stringify(toJsonReport(result, options), null, 2)}\n`;
}

export function toJsonReport(result: ScanResult, options: JsonReportOptions = {}) {
  return {
    version: JSON_REPORT_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    target: [...result.target],
    root: options.root || '.',
    summary: summaryOf(result.summary),
    findings: result.findings.map(findingOf),
    suppressed: result.suppressed.map(suppressedOf),
    errors: result.errors.map((e) => errorOf(e, result.root)),
  };
}

function summaryOf(s: ScanSummary) {
  const bySeverity: Record<string, number> = {};
  for (const sev of [...SEVERITIES].reverse()) bySeverity[sev] = s.bySeverity[sev] ?? 0;
  const byArea: Record<string, number> = {};
  for (const area of Object.keys(s.byArea).sort()) byArea[area] = s.byArea[area as keyof typeof s.byArea];
  return {
    total: s.total,
    bySeverity,
    byArea,
    suppressed: s.suppressed,
    filesScanned: s.filesScanned,
    ...(s.filesSkipped ? { filesSkipped: s.filesSkipped } : {}),
    ...(s.targetsProbed !== undefined ? { targetsProbed: s.targetsProbed } : {}),
    errors: s.errors,
  };
}

function locationOf(l: Location) {
  return {
    path: l.path,
    line: l.line,
    column: l.column,
    ...(l.endLine === undefined ? {} : { endLine: l.endLine }),
    ...(l.endColumn === undefined ? {} : { endColumn: l.endColumn }),
  };
}

function findingOf(f: Finding) {
  return {
    checkId: f.checkId,
    severity: f.severity,
    title: f.title,
    message: f.message,
    location: locationOf(f.location),
    checklist: [...f.checklist],
    remediation: f.remediation,
    fingerprint: f.fingerprint,
    ...(f.snippet === undefined ? {} : { snippet: f.snippet }),
    ...(f.subject === undefined ? {} : { subject: f.subject }),
  };
}

function suppressedOf(f: SuppressedFinding) {
  return {
    ...findingOf(f),
    suppression: { reason: f.suppression.reason, location: locationOf(f.suppression.location) },
  };
}

function errorOf(e: ScanError, root: string) {
  return {
    path: reportPath(root, e.path),
    ...(e.line === undefined ? {} : { line: e.line }),
    ...(e.column === undefined ? {} : { column: e.column }),
    reason: e.reason,
  };
}
