/** The line walk every line-oriented config parser starts with. */
import type { Location } from '../core/location.ts';

export interface ConfigLine {
  /** The line without its `\r`. */
  row: string;
  /** Without surrounding blanks. */
  trimmed: string;
  /** 1-based. */
  line: number;
  /** 1-based column of the first non-blank character. */
  column: number;
  /** From the first to the last non-blank character. */
  loc: Location;
}

/** Every line that is neither blank nor a `#` comment, with its position in `path`. */
export function* meaningfulLines(text: string, path: string): Generator<ConfigLine> {
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!.replace(/\r$/, '');
    const trimmed = row.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const line = i + 1;
    const column = row.length - row.trimStart().length + 1;
    yield { row, trimmed, line, column, loc: { path, line, column, endLine: line, endColumn: row.trimEnd().length + 1 } };
  }
}
