/**
 * A line parser for OpenSSH `sshd_config` that keeps positions, following sshd's own
 * reading (servconf.c): the keyword is case-insensitive and ends at whitespace or `=`
 * (`Keyword value`, `Keyword=value`, `Keyword = value`); arguments are split like
 * `argv_split` (double or single quotes, backslash escapes, a `#` that starts an
 * argument ends the line); full-line `#` comments and blank lines are skipped.
 *
 * This module only tokenizes one file; `load.ts` follows `Include` and `Match`.
 * It never throws: a malformed line becomes a positioned error and parsing goes on.
 */
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';
import { globSegment } from '../glob.ts';
import { readError } from '../source.ts';

/** One `Keyword args…` line of one file. */
export interface SshdLine {
  /** Lower-cased keyword, e.g. `passwordauthentication`. */
  keyword: string;
  /** The keyword as written. */
  name: string;
  /** Arguments after unquoting. */
  args: string[];
  /** Location of the keyword; the end is the end of the line's content. */
  loc: Location;
}

const KEYWORD = /^([ \t]*)([^ \t=]+)[ \t]*(?:=[ \t]*)?/;

export function parseSshdLines(text: string, path: string): { lines: SshdLine[]; errors: ScanError[] } {
  const out: SshdLine[] = [];
  const errors: ScanError[] = [];
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    let row = rows[i]!;
    if (row.endsWith('\r')) row = row.slice(0, -1);
    const content = row.replace(/[ \t\f\r\n]+$/, '');
    const trimmed = content.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const line = i + 1;
    const m = KEYWORD.exec(content);
    if (!m) continue;
    const column = m[1]!.length + 1;
    const name = m[2]!;
    const rest = content.slice(m[0].length);
    if (rest.trim() === '' || rest.trimStart().startsWith('#')) {
      errors.push({ path, line, column, reason: `no argument after keyword "${name}"` });
      continue;
    }
    const split = splitArgs(rest);
    if (!split.ok) {
      errors.push({ path, line, column, reason: `invalid quotes in the arguments of "${name}"` });
      continue;
    }
    out.push({
      keyword: name.toLowerCase(),
      name,
      args: split.args,
      loc: { path, line, column, endLine: line, endColumn: content.length + 1 },
    });
  }
  return { lines: out, errors };
}

/** `argv_split(…, terminate_on_comment=1)` from OpenSSH misc.c. */
export function splitArgs(s: string): { ok: true; args: string[] } | { ok: false } {
  const args: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    if (i >= s.length) break;
    if (s[i] === '#') break;
    let arg = '';
    let quote: string | undefined;
    for (; i < s.length; i++) {
      const c = s[i]!;
      if (quote === undefined && (c === ' ' || c === '\t')) break;
      if (c === '\\' && (s[i + 1] === '\\' || s[i + 1] === '"' || s[i + 1] === "'" || (quote === undefined && s[i + 1] === ' '))) {
        arg += s[i + 1];
        i++;
      } else if (quote === undefined && (c === '"' || c === "'")) {
        quote = c;
      } else if (quote !== undefined && c === quote) {
        quote = undefined;
      } else {
        arg += c;
      }
    }
    if (quote !== undefined) return { ok: false };
    args.push(arg);
  }
  return { ok: true, args };
}

/** A `Match` line and the criteria it names; directives below it point back to it. */
export interface SshdMatchBlock {
  /** Criteria as written, e.g. `User deploy Address 10.0.0.0/8`. */
  criteria: string;
  loc: Location;
}

/** One directive of the whole configuration, includes expanded in the order sshd reads them. */
export interface SshdDirective {
  keyword: string;
  name: string;
  args: string[];
  loc: Location;
  /** The `Match` block it is in; undefined for global directives and those under `Match all`. */
  match?: SshdMatchBlock;
  /**
   * Under `Match all`: sshd re-applies matching Match blocks over the global values for
   * every connection (and for `sshd -T`), so these win over global directives.
   */
  matchAll?: true;
}

export interface SshdParseResult {
  /** Every directive except `Include` and `Match`, in reading order. */
  directives: SshdDirective[];
  matches: SshdMatchBlock[];
  /** Files read, main file first, relative to the scan root. */
  files: string[];
  errors: ScanError[];
}

/** What the parser needs from the file system: text through the SourceStore, listings for globs. */
export interface SshdFileAccess {
  read(path: string): { ok: true; text: string } | { ok: false; reason: string; line?: number };
  /** Entry names of a directory relative to the scan root, or undefined when it is not one. */
  list(dir: string): string[] | undefined;
}

/** sshd's READCONF_MAX_DEPTH. */
const MAX_INCLUDE_DEPTH = 16;

/**
 * Parse a main `sshd_config` and everything it includes. Relative `Include` paths are
 * relative to `/etc/ssh`, which is the main file's directory here; absolute paths under
 * `/etc/ssh` map to that directory, other absolute paths to the system root the main
 * file sits in (`<root>/etc/ssh/sshd_config` → `<root>`). Globs expand in lexical order;
 * a pattern matching nothing is skipped silently, as sshd does.
 */
export function parseSshdConfig(mainPath: string, access: SshdFileAccess): SshdParseResult {
  const result: SshdParseResult = { directives: [], matches: [], files: [], errors: [] };
  const mainDir = posixDirname(mainPath);
  const readFile = (path: string, inherited: SshdMatchBlock | 'all' | undefined, stack: string[], from?: Location): void => {
    const read = access.read(path);
    if (!read.ok) {
      if (from) result.errors.push({ path: from.path, line: from.line, column: from.column, reason: `cannot read included file ${path}: ${read.reason}` });
      else result.errors.push(readError(path, read));
      return;
    }
    if (!result.files.includes(path)) result.files.push(path);
    const parsed = parseSshdLines(read.text, path);
    result.errors.push(...parsed.errors);
    // A Match block ends at the end of the file it starts in; an included file inherits the includer's block.
    let current = inherited;
    for (const line of parsed.lines) {
      if (line.keyword === 'match') {
        const criteria = line.args.join(' ');
        const isAll = line.args.length === 1 && line.args[0]!.toLowerCase() === 'all';
        if (line.args.some((a) => a.toLowerCase() === 'all') && !isAll) {
          result.errors.push({ path, line: line.loc.line, column: line.loc.column, reason: '"Match all" cannot be combined with other criteria' });
        }
        if (isAll) {
          // Under a real Match block an included file's `Match all` stays inside that block.
          current = typeof inherited === 'object' ? inherited : 'all';
        } else {
          current = { criteria, loc: line.loc };
          result.matches.push(current);
        }
        continue;
      }
      if (line.keyword === 'include') {
        if (stack.length >= MAX_INCLUDE_DEPTH) {
          result.errors.push({ path, line: line.loc.line, column: line.loc.column, reason: `Include nested too deeply (more than ${MAX_INCLUDE_DEPTH} levels)` });
          continue;
        }
        for (const pattern of line.args) {
          const resolved = resolveIncludePattern(pattern, mainDir);
          if (!resolved.ok) {
            result.errors.push({ path, line: line.loc.line, column: line.loc.column, reason: resolved.reason });
            continue;
          }
          for (const file of expandGlob(resolved.pattern, access)) {
            if (stack.includes(file)) {
              result.errors.push({ path, line: line.loc.line, column: line.loc.column, reason: `Include loop: ${file} includes itself` });
              continue;
            }
            readFile(file, current, [...stack, file], line.loc);
          }
        }
        continue;
      }
      const directive: SshdDirective = { keyword: line.keyword, name: line.name, args: line.args, loc: line.loc };
      if (current === 'all') directive.matchAll = true;
      else if (current) directive.match = current;
      result.directives.push(directive);
    }
  };
  readFile(mainPath, undefined, [mainPath]);
  return result;
}

function resolveIncludePattern(pattern: string, mainDir: string): { ok: true; pattern: string } | { ok: false; reason: string } {
  let joined: string;
  if (pattern.startsWith('/')) {
    const etcSsh = /^\/etc\/ssh(?:\/|$)/.exec(pattern);
    if (etcSsh) {
      joined = joinRel(mainDir, pattern.slice(etcSsh[0].length));
    } else if (mainDir === 'etc/ssh' || mainDir.endsWith('/etc/ssh')) {
      joined = joinRel(mainDir.slice(0, -'etc/ssh'.length), pattern.slice(1));
    } else {
      return { ok: false, reason: `cannot resolve Include ${pattern}: the main config is not under etc/ssh in the scanned folder` };
    }
  } else {
    joined = joinRel(mainDir, pattern);
  }
  const parts: string[] = [];
  for (const seg of joined.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return { ok: false, reason: `Include ${pattern} points outside the scan root; not followed` };
      parts.pop();
    } else parts.push(seg);
  }
  return { ok: true, pattern: parts.join('/') };
}

const MAGIC = /[*?[]/;

/** glob(3) without flags, segment by segment: wildcards do not match a leading dot; results sorted. */
function expandGlob(pattern: string, access: SshdFileAccess): string[] {
  if (pattern === '') return [];
  let paths = [''];
  for (const seg of pattern.split('/')) {
    const next: string[] = [];
    for (const base of paths) {
      if (!MAGIC.test(seg)) {
        next.push(base === '' ? seg : `${base}/${seg}`);
        continue;
      }
      const names = access.list(base);
      if (!names) continue;
      const re = globSegment(seg);
      for (const name of names) {
        if (name.startsWith('.') && !seg.startsWith('.')) continue;
        if (re.test(name)) next.push(base === '' ? name : `${base}/${name}`);
      }
    }
    paths = next;
  }
  const literal = !MAGIC.test(pattern);
  // A literal path that does not exist is skipped like an empty glob; whether it exists is up to read().
  const found = literal ? paths.filter((p) => exists(p, access)) : paths;
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function exists(path: string, access: SshdFileAccess): boolean {
  const dir = posixDirname(path);
  const names = access.list(dir);
  return names !== undefined && names.includes(path.slice(path.lastIndexOf('/') + 1));
}

function posixDirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

function joinRel(dir: string, rest: string): string {
  const d = dir.replace(/\/+$/, '');
  return d === '' ? rest : rest === '' ? d : `${d}/${rest}`;
}
