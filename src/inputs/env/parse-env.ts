/**
 * A dotenv line parser that keeps positions. Values are returned as written (after
 * unquoting and escapes): `${VAR}` expansion is the caller's business, because it
 * depends on where the file is used (a project `.env`, an `env_file`, a secrets scan).
 *
 * Accepted: `KEY=value`, `export KEY=value`, spaces around `=`, `'literal'`,
 * `"escaped\n"` (may span lines), unquoted values with a trailing ` # comment` removed,
 * full-line comments, blank lines, CRLF. Anything else is a positioned error; parsing
 * goes on with the next line.
 */
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';

export interface EnvEntry {
  name: string;
  value: string;
  /** Location of the name. */
  loc: Location;
  /** Location of the value as written, quotes included. */
  valueLoc: Location;
  quote?: '"' | "'";
}

const ASSIGNMENT = /^([ \t]*)(export[ \t]+)?([A-Za-z_][A-Za-z0-9_.\-]*)([ \t]*)=([ \t]*)/;
const DOUBLE_QUOTE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

export function parseEnvFile(text: string, path: string): { entries: EnvEntry[]; errors: ScanError[] } {
  const entries: EnvEntry[] = [];
  const errors: ScanError[] = [];
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;

    const m = ASSIGNMENT.exec(line);
    if (!m) {
      const column = line.length - line.trimStart().length + 1;
      errors.push({ path, line: lineNo, column, reason: 'not a KEY=value assignment' });
      continue;
    }
    const name = m[3]!;
    const nameColumn = m[1]!.length + (m[2]?.length ?? 0) + 1;
    const loc: Location = { path, line: lineNo, column: nameColumn, endLine: lineNo, endColumn: nameColumn + name.length };
    const valueStart = m[0].length; // 0-based index in the line
    const rest = line.slice(valueStart);
    const opener = rest[0];

    if (opener === "'" || opener === '"') {
      const quoted = readQuoted(lines, i, valueStart, opener);
      if (!quoted) {
        errors.push({ path, line: lineNo, column: valueStart + 1, reason: `unterminated ${opener === '"' ? 'double' : 'single'}-quoted value` });
        continue;
      }
      const trailing = lines[quoted.endLineIndex]!.slice(quoted.endIndex).trim();
      if (trailing !== '' && !trailing.startsWith('#')) {
        errors.push({ path, line: quoted.endLineIndex + 1, column: quoted.endIndex + 1, reason: 'unexpected text after the closing quote' });
      }
      entries.push({
        name,
        value: quoted.value,
        loc,
        valueLoc: { path, line: lineNo, column: valueStart + 1, endLine: quoted.endLineIndex + 1, endColumn: quoted.endIndex + 1 },
        quote: opener,
      });
      i = quoted.endLineIndex;
      continue;
    }

    // Unquoted: a `#` starts a comment only after whitespace (`a#b` keeps its `#`).
    const comment = rest.search(/(^|[ \t])#/);
    const value = (comment >= 0 ? rest.slice(0, comment) : rest).trimEnd();
    entries.push({
      name,
      value,
      loc,
      valueLoc: { path, line: lineNo, column: valueStart + 1, endLine: lineNo, endColumn: valueStart + 1 + value.length },
    });
  }
  return { entries, errors };
}

interface Quoted {
  value: string;
  endLineIndex: number;
  /** 0-based index just after the closing quote, on the end line. */
  endIndex: number;
}

/** Read a quoted value that may continue on the following lines; undefined when never closed. */
function readQuoted(lines: string[], lineIndex: number, start: number, quote: '"' | "'"): Quoted | undefined {
  let value = '';
  let li = lineIndex;
  let ci = start + 1;
  for (;;) {
    const line = lines[li]!;
    while (ci < line.length) {
      const ch = line[ci]!;
      if (ch === quote) return { value, endLineIndex: li, endIndex: ci + 1 };
      if (quote === '"' && ch === '\\' && ci + 1 < line.length) {
        const next = line[ci + 1]!;
        value += DOUBLE_QUOTE_ESCAPES[next] ?? `\\${next}`;
        ci += 2;
        continue;
      }
      value += ch;
      ci++;
    }
    li++;
    if (li >= lines.length) return undefined;
    value += '\n';
    ci = 0;
  }
}
