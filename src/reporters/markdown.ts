/**
 * Markdown, for pull-request comments and job summaries (`$GITHUB_STEP_SUMMARY`): the
 * summary line, one table row per finding (most severe first), the files that could not
 * be scanned, and the suppressed count. Table cells are escaped so a message cannot
 * break the table or inject markup.
 */
import type { Finding } from '../core/finding.ts';
import type { ScanResult } from '../core/result.ts';
import { SEVERITIES, severityRank } from '../core/severity.ts';
import { reportPath } from './paths.ts';
import { describeScope } from './scope.ts';
import { TOOL_NAME, TOOL_VERSION } from './tool.ts';

/** Safe inside a table cell: no pipe, no line break, no HTML, no link or image syntax. */
export function markdownCell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    // Intraword underscores are plain text in GitHub's Markdown, so names like POSTGRES_PASSWORD stay searchable.
    .replace(/[\\`*[\]<>|]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .trim();
}

/** Inline code that survives any backticks inside. */
function code(text: string): string {
  const clean = text.replace(/[\r\n|]+/g, ' ');
  const fence = clean.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ' ' : ''}${clean}${fence === '``' ? ' ' : ''}${fence}`;
}

function order(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity) || (a.location.path < b.location.path ? -1 : a.location.path > b.location.path ? 1 : 0) || a.location.line - b.location.line;
}

export function renderMarkdown(result: ScanResult): string {
  const s = result.summary;
  const counts = [...SEVERITIES].reverse().filter((sev) => (s.bySeverity[sev] ?? 0) > 0).map((sev) => `${s.bySeverity[sev]} ${sev}`);
  const scope = describeScope(s);
  const out: string[] = [`## ${TOOL_NAME} report`, ''];
  out.push(s.total === 0 ? `**No findings** (${scope}).` : `**${s.total} ${s.total === 1 ? 'finding' : 'findings'}**: ${counts.join(', ')} (${scope}).`);
  out.push('');
  if (result.findings.length > 0) {
    out.push('| Severity | Check | Location | Finding |', '|---|---|---|---|');
    for (const f of [...result.findings].sort(order)) {
      const location = `${f.location.path}:${f.location.line}${f.subject ? ` (${f.subject})` : ''}`;
      out.push(`| ${f.severity} | ${code(f.checkId)} | ${code(location)} | ${markdownCell(f.message)} |`);
    }
    out.push('');
  }
  if (result.errors.length > 0) {
    out.push(`### Not scanned (${result.errors.length})`, '');
    for (const e of result.errors) {
      const path = reportPath(result.root, e.path);
      out.push(`- ${code(e.line === undefined ? path : `${path}:${e.line}`)}: ${markdownCell(e.reason)}`);
    }
    out.push('');
  }
  if (s.suppressed > 0) out.push(`${s.suppressed} suppressed ${s.suppressed === 1 ? 'finding' : 'findings'} (see the JSON report).`, '');
  out.push(`<sub>${TOOL_NAME} ${TOOL_VERSION} · \`${TOOL_NAME} explain <check-id>\` for the why and the fix</sub>`, '');
  return out.join('\n');
}
