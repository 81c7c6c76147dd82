/**
 * Inline suppressions: `# bulwark-ignore <check-id>[,<check-id>…] -- <reason>` on the
 * line before the reported line (or at the end of the reported line). `*` in an id
 * matches any run of characters, so `compose/*` silences a whole group.
 */
export interface Suppression {
  ids: string[];
  reason: string;
  line: number;
  column: number;
}

const DIRECTIVE = /(?:#|\/\/)\s*bulwark-ignore\s+([^\s]+(?:\s*,\s*[^\s,]+)*)(?:\s+--\s*(.*))?\s*$/;

export function parseSuppression(line: string, lineNumber: number): Suppression | undefined {
  const m = DIRECTIVE.exec(line);
  if (!m) return undefined;
  const ids = m[1]!.split(',').map((s) => s.trim()).filter(Boolean);
  return { ids, reason: (m[2] ?? '').trim(), line: lineNumber, column: m.index + 1 };
}

export function idMatches(pattern: string, id: string): boolean {
  if (!pattern.includes('*')) return pattern === id;
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return re.test(id);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** The suppression that silences `checkId` at 1-based `line` of `lines`, if any. */
export function findSuppression(lines: readonly string[], line: number, checkId: string): Suppression | undefined {
  for (const candidate of [line - 1, line]) {
    const text = lines[candidate - 1];
    if (text === undefined) continue;
    const s = parseSuppression(text, candidate);
    if (s && s.ids.some((p) => idMatches(p, checkId))) return s;
  }
  return undefined;
}
