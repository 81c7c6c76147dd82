/**
 * A self-contained HTML report: one file with its own styles, no script, no external
 * resource (it opens offline and under a strict Content-Security-Policy, which the page
 * itself declares). Summary by severity and area, findings grouped by file with the
 * masked line, the remediation in a disclosure, and the files that could not be scanned.
 * Every piece of scanned text is HTML-escaped.
 */
import type { Finding } from '../core/finding.ts';
import type { ScanResult } from '../core/result.ts';
import { SEVERITIES } from '../core/severity.ts';
import { reportPath } from './paths.ts';
import { describeScope } from './scope.ts';
import { groupByFile } from './text.ts';
import { TOOL_NAME, TOOL_VERSION } from './tool.ts';

export function htmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24;background:#fff}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem;word-break:break-all}
.meta{color:#57606a}.counts{display:flex;gap:.5rem;flex-wrap:wrap;margin:1rem 0}
.count{border-radius:.4rem;padding:.3rem .7rem;font-weight:600}
.sev{display:inline-block;min-width:4.5rem;text-align:center;border-radius:.3rem;padding:0 .4rem;font-size:.8rem;font-weight:700;text-transform:uppercase}
.critical{background:#8b0000;color:#fff}.high{background:#d1242f;color:#fff}.medium{background:#bf8700;color:#fff}.low{background:#0969da;color:#fff}.info{background:#6e7781;color:#fff}
.finding{border:1px solid #d0d7de;border-radius:.5rem;padding:.6rem .8rem;margin:.5rem 0}
.finding code.id{font-weight:600}pre{background:#f6f8fa;padding:.5rem;overflow-x:auto;margin:.4rem 0}
details{margin-top:.3rem}summary{cursor:pointer;color:#0969da}.errors li{margin:.2rem 0}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}.meta{color:#8d96a0}.finding{border-color:#30363d}pre{background:#161b22}}
`;

function findingHtml(f: Finding): string {
  const where = f.subject ? `${htmlEscape(f.subject)}` : `line ${f.location.line}`;
  return [
    '<div class="finding">',
    `<span class="sev ${f.severity}">${f.severity}</span> <code class="id">${htmlEscape(f.checkId)}</code> <span class="meta">${where}</span>`,
    `<div>${htmlEscape(f.message)}</div>`,
    ...(f.snippet !== undefined ? [`<pre>${f.location.line}: ${htmlEscape(f.snippet)}</pre>`] : []),
    `<details><summary>How to fix${f.checklist.length > 0 ? ` (checklist ${htmlEscape(f.checklist.join(', '))})` : ''}</summary><pre>${htmlEscape(f.remediation)}</pre></details>`,
    '</div>',
  ].join('');
}

export function renderHtml(result: ScanResult): string {
  const s = result.summary;
  const scope = describeScope(s);
  const counts = [...SEVERITIES].reverse().map((sev) => `<span class="count ${sev}">${s.bySeverity[sev] ?? 0} ${sev}</span>`).join('');
  const areas = Object.entries(s.byArea).filter(([, n]) => n > 0).map(([a, n]) => `${htmlEscape(a)} ${n}`).join(' · ');
  const body: string[] = [
    `<h1>${TOOL_NAME} report</h1>`,
    `<p class="meta">${htmlEscape(result.target.join(' '))} · ${s.total} ${s.total === 1 ? 'finding' : 'findings'} · ${scope}${s.suppressed > 0 ? ` · ${s.suppressed} suppressed` : ''}</p>`,
    `<div class="counts">${counts}</div>`,
    ...(areas ? [`<p class="meta">By area: ${areas}</p>`] : []),
  ];
  if (result.findings.length === 0) body.push('<p>No findings.</p>');
  for (const [path, findings] of groupByFile(result.findings)) {
    body.push(`<h2>${htmlEscape(path)}</h2>`, ...findings.map(findingHtml));
  }
  if (result.errors.length > 0) {
    body.push(`<h2>Not scanned (${result.errors.length})</h2>`, '<ul class="errors">');
    for (const e of result.errors) {
      const path = reportPath(result.root, e.path);
      body.push(`<li><code>${htmlEscape(e.line === undefined ? path : `${path}:${e.line}`)}</code>: ${htmlEscape(e.reason)}</li>`);
    }
    body.push('</ul>');
  }
  body.push(`<p class="meta">${TOOL_NAME} ${TOOL_VERSION} · <code>${TOOL_NAME} explain &lt;check-id&gt;</code> for the why and the fix</p>`);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // No script and no outside resource may load: the report is data, not an app.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${TOOL_NAME} report: ${s.total} ${s.total === 1 ? 'finding' : 'findings'}</title>`,
    `<style>${STYLE.trim()}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
