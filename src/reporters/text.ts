/**
 * The human report: findings grouped by file, each with the masked offending line and a
 * caret under the column, then a summary and the files that could not be scanned.
 */
import pc from 'picocolors';
import type { Finding } from '../core/finding.ts';
import { isNetworkLocation } from '../core/location.ts';
import type { ScanResult } from '../core/result.ts';
import { SEVERITIES } from '../core/severity.ts';
import type { Severity } from '../core/severity.ts';
import { describeScope } from './scope.ts';
import { forTerminal } from './terminal.ts';

export interface TextReportOptions {
  /** ANSI colours; the CLI decides from --no-color, NO_COLOR and the TTY. */
  color?: boolean;
  /** Findings (and scan errors) only: no summary. */
  quiet?: boolean;
}

export type Colors = ReturnType<typeof pc.createColors>;

/** Most severe first, the order people read a summary in. */
const DESCENDING: readonly Severity[] = [...SEVERITIES].reverse();

export function severityPainter(c: Colors): Record<Severity, (s: string) => string> {
  return {
    critical: (s) => c.bold(c.red(s)),
    high: (s) => c.red(s),
    medium: (s) => c.yellow(s),
    low: (s) => c.cyan(s),
    info: (s) => c.dim(s),
  };
}

export function renderText(result: ScanResult, options: TextReportOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const paint = severityPainter(c);
  const out: string[] = [];

  for (const [path, findings] of groupByFile(result.findings)) {
    out.push(c.underline(c.bold(forTerminal(path))));
    for (const f of findings) out.push(...renderFinding(f, c, paint), '');
  }

  if (!options.quiet) out.push(summaryLine(result, c, paint));

  if (result.errors.length > 0) {
    if (out.length > 0) out.push('');
    const probe = result.summary.targetsProbed !== undefined;
    out.push(c.bold(`Errors (${result.errors.length})${probe ? '' : ': not scanned'}`));
    for (const e of result.errors) {
      const where = e.line === undefined ? e.path : `${e.path}:${e.line}${e.column === undefined ? '' : `:${e.column}`}`;
      out.push(`  ${c.magenta(forTerminal(where))}  ${forTerminal(e.reason)}`);
    }
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

export function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.location.path);
    if (list) list.push(f);
    else groups.set(f.location.path, [f]);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function renderFinding(f: Finding, c: Colors, paint: Record<Severity, (s: string) => string>): string[] {
  const { line, column } = f.location;
  // A live target has no lines; its subject (algorithm, header, path) says what is meant.
  const where = isNetworkLocation(f.location.path) ? (f.subject ?? '') : `${line}:${column}`;
  const lines = [
    `  ${paint[f.severity](f.severity.padEnd(8))} ${c.dim(f.checkId)}  ${forTerminal(where)}`.trimEnd(),
    `    ${forTerminal(f.message)}`,
  ];
  if (f.snippet !== undefined) {
    const gutter = String(line);
    const snippet = forTerminal(f.snippet);
    lines.push(`    ${c.dim(`${gutter} |`)} ${snippet}`);
    lines.push(`    ${c.dim(`${' '.repeat(gutter.length)} |`)} ${caretIndent(snippet, f)}${c.red(caret(snippet, f))}`);
  }
  const hint = remediationHint(f);
  if (hint) lines.push(`    ${c.green('fix:')} ${forTerminal(hint)}`);
  return lines;
}

/** The indentation under the snippet up to the column; tabs are kept so the caret lines up. */
function caretIndent(snippet: string, f: Finding): string {
  const upTo = Math.min(Math.max(f.location.column - 1, 0), snippet.length);
  return snippet.slice(0, upTo).replace(/[^\t]/g, ' ');
}

function caret(snippet: string, f: Finding): string {
  const { line, column, endLine, endColumn } = f.location;
  const start = Math.min(Math.max(column - 1, 0), snippet.length);
  const sameLine = endLine === undefined || endLine === line;
  const end = sameLine && endColumn !== undefined ? Math.min(endColumn - 1, snippet.length) : start + 1;
  return '^'.repeat(Math.max(1, end - start));
}

/**
 * The first line of the remediation. When more follows (usually a snippet the first line
 * introduces with a colon), point to the full text instead of ending on the colon.
 */
function remediationHint(f: Finding): string {
  const lines = f.remediation.split('\n').map((l) => l.trim()).filter(Boolean);
  const first = lines[0] ?? '';
  if (lines.length <= 1) return first;
  return `${first.replace(/[:\s]+$/, '')} (more: bulwark explain ${f.checkId})`;
}

function summaryLine(result: ScanResult, c: Colors, paint: Record<Severity, (s: string) => string>): string {
  const { summary } = result;
  const files = describeScope(summary);
  const tail = [summary.suppressed > 0 ? `${summary.suppressed} suppressed` : '', files].filter(Boolean).join(', ');
  if (summary.total === 0) return `${c.green('No findings.')} (${tail})`;
  const counts = DESCENDING.filter((s) => summary.bySeverity[s] > 0).map((s) => paint[s](`${summary.bySeverity[s]} ${s}`));
  const noun = summary.total === 1 ? 'finding' : 'findings';
  return `${c.bold(`${summary.total} ${noun}`)}: ${counts.join(', ')} (${tail})`;
}
