/**
 * One fail2ban configuration file, read the way fail2ban reads it: Python's
 * `configparser.ConfigParser` with `inline_comment_prefixes=";"` (see fail2ban's
 * client/configparserinc.py). The rules that matter, and that generic INI readers get wrong:
 *
 * - full-line comments start with `#` or `;` after leading space; inside a value only a `;`
 *   preceded by whitespace starts a comment (`enabled = true # on` is the value `true # on`);
 * - `name = value` or `name : value`; names are lower-cased, section names are not;
 * - a line indented deeper than the option line continues its value, even after blank
 *   lines (blank lines inside a value are kept, trailing ones dropped);
 * - `[DEFAULT]` is the defaults section; a section or an option given twice in one file,
 *   a line before any section header and a line that is no option are errors (Python
 *   raises; fail2ban then refuses the whole configuration).
 *
 * Never throws: every problem is a positioned error and reading goes on.
 */
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';

/** One `name = value` assignment, continuation lines joined with `\n`. */
export interface IniOption {
  /** Lower-cased, as configparser's `optionxform` stores it. */
  name: string;
  value: string;
  /** From the option name to the end of its last continuation line. */
  loc: Location;
}

export interface IniSection {
  /** As written (`sshd`, `DEFAULT`, `sshd?family=inet6`). */
  name: string;
  /** The (first) header line. */
  loc: Location;
  options: Map<string, IniOption>;
}

export interface IniFile {
  path: string;
  defaults: Map<string, IniOption>;
  /** Every section but `DEFAULT`, in file order. */
  sections: Map<string, IniSection>;
  errors: ScanError[];
}

const SECTION = /^\[([\s\S]+)\]/;

interface Pending {
  option: IniOption;
  parts: string[];
}

export function parseIni(text: string, path: string): IniFile {
  const file: IniFile = { path, defaults: new Map(), sections: new Map(), errors: [] };
  const rows = text.split(/\r\n|\r|\n/);
  // Python iterates lines with their newline; a final empty piece after the last newline is not a line.
  if (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
  let current: Map<string, IniOption> | undefined;
  let sectionName: string | undefined;
  let pending: Pending | undefined;
  let indentLevel = 0;
  let missingHeaderReported = false;
  const seenSections = new Set<string>();
  const seenOptions = new Set<string>();
  const finished: Pending[] = [];

  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const lineNo = i + 1;
    const commentStart = commentIndex(row);
    const value = pyStrip(commentStart === undefined ? row : row.slice(0, commentStart));
    if (value === '') {
      // configparser keeps a blank line inside a value (not a comment line) as an empty part.
      if (commentStart === undefined && current !== undefined && pending !== undefined) pending.parts.push('');
      continue;
    }
    const firstNonSpace = row.search(/\S/);
    const indent = firstNonSpace < 0 ? 0 : firstNonSpace;
    if (current !== undefined && pending !== undefined && indent > indentLevel) {
      pending.parts.push(value);
      pending.option.loc.endLine = lineNo;
      pending.option.loc.endColumn = indent + value.length + 1;
      continue;
    }
    indentLevel = indent;
    const header = SECTION.exec(value);
    if (header) {
      const name = header[1]!;
      const loc: Location = { path, line: lineNo, column: indent + 1, endLine: lineNo, endColumn: indent + value.length + 1 };
      if (name === 'DEFAULT') {
        current = file.defaults;
      } else {
        if (seenSections.has(name)) {
          file.errors.push({ path, line: lineNo, column: indent + 1, reason: `section [${name}] appears twice in this file (fail2ban refuses the configuration)` });
        }
        seenSections.add(name);
        let section = file.sections.get(name);
        if (!section) {
          section = { name, loc, options: new Map() };
          file.sections.set(name, section);
        }
        current = section.options;
      }
      sectionName = name;
      pending = undefined;
      continue;
    }
    if (current === undefined) {
      if (!missingHeaderReported) {
        file.errors.push({ path, line: lineNo, column: indent + 1, reason: 'line before any [section] header (fail2ban refuses the file)' });
        missingHeaderReported = true;
      }
      continue;
    }
    const m = splitOption(value);
    if (!m) {
      file.errors.push({ path, line: lineNo, column: indent + 1, reason: `not an option (expected "name = value"): ${clip(value)}` });
      continue;
    }
    const rawName = pyRstrip(m[0]);
    if (rawName === '') file.errors.push({ path, line: lineNo, column: indent + 1, reason: 'option without a name' });
    const name = rawName.toLowerCase();
    const key = `${sectionName}\0${name}`;
    if (seenOptions.has(key)) {
      file.errors.push({ path, line: lineNo, column: indent + 1, reason: `option "${name}" is set twice in [${sectionName}] in this file (fail2ban refuses the configuration)` });
    }
    seenOptions.add(key);
    const first = pyStrip(m[1]);
    const option: IniOption = {
      name,
      value: first,
      loc: { path, line: lineNo, column: indent + 1, endLine: lineNo, endColumn: indent + value.length + 1 },
    };
    pending = { option, parts: [first] };
    finished.push(pending);
    current.set(name, option);
  }
  // configparser joins the parts of every value at the end of the file.
  for (const p of finished) p.option.value = pyRstrip(p.parts.join('\n'));
  return file;
}

/**
 * configparser's OPTCRE `(?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$`: the name is what
 * precedes the first delimiter. Done by index so a long line cannot make the regex backtrack.
 */
function splitOption(value: string): [string, string] | undefined {
  const eq = value.indexOf('=');
  const colon = value.indexOf(':');
  const at = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
  if (at < 0) return undefined;
  return [value.slice(0, at), value.slice(at + 1)];
}

/** Where a comment starts on a raw line, or undefined: full-line `#`/`;`, or `;` after whitespace. */
function commentIndex(row: string): number | undefined {
  const stripped = pyStrip(row);
  if (stripped.startsWith('#') || stripped.startsWith(';')) return 0;
  let from = 0;
  for (;;) {
    const i = row.indexOf(';', from);
    if (i < 0) return undefined;
    if (i === 0 || /\s/.test(row[i - 1]!)) return i;
    from = i + 1;
  }
}

/** Python's `str.strip()` (Unicode whitespace; JS `\s` also counts U+FEFF, which no config holds). */
export function pyStrip(s: string): string {
  return s.replace(/^\s+|\s+$/g, '');
}

function pyRstrip(s: string): string {
  return s.replace(/\s+$/, '');
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
