/**
 * A parser for APT configuration files (`/etc/apt/apt.conf`, `/etc/apt/apt.conf.d/*`) that
 * keeps positions, following apt's ReadConfigFile: `Name "value";`, `Name value;`, scopes
 * `Name { … };` whose names join with `::`, list items (`"value";` with no name, or a name
 * ending in `::`), `#clear Name;` and `#include "file";`, comments `//`, `/* … *\/` and `#`
 * (anywhere outside quotes, except the `#clear`/`#include` directives). Names are
 * case-insensitive, as apt looks them up. Never throws: problems are positioned errors.
 */
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';

/** A value given to a name: `APT::Periodic::Unattended-Upgrade "1";`. */
export interface AptSet {
  type: 'set';
  /** Full name, lower-cased: `apt::periodic::unattended-upgrade`. */
  key: string;
  /** Full name as written, scopes joined with `::`. */
  name: string;
  value: string;
  loc: Location;
}

/** An unnamed value inside a list scope: `"origin=Debian,…";` in `Unattended-Upgrade::Origins-Pattern { … }`. */
export interface AptItem {
  type: 'item';
  /** The list's full name, lower-cased. */
  key: string;
  value: string;
  loc: Location;
}

/** `#clear Name;`: forget the name and everything under it. */
export interface AptClear {
  type: 'clear';
  key: string;
  loc: Location;
}

/** The opening of a scope, `Name {`, kept so findings about a list can point at it. */
export interface AptScope {
  type: 'scope';
  key: string;
  name: string;
  loc: Location;
}

/** `#include "file";` (recorded, not followed). */
export interface AptInclude {
  type: 'include';
  target: string;
  loc: Location;
}

export type AptStatement = AptSet | AptItem | AptClear | AptScope | AptInclude;

type Token =
  | { t: 'word' | 'string' | 'directive'; v: string; line: number; col: number; endCol: number }
  | { t: '{' | '}' | ';'; line: number; col: number; endCol: number }
  /** After a lexing error: the statement in progress is dropped (its error is already reported). */
  | { t: 'reset'; line: number; col: number; endCol: number };

export function parseAptConf(text: string, path: string): { statements: AptStatement[]; errors: ScanError[] } {
  const errors: ScanError[] = [];
  const tokens = tokenize(text, path, errors);
  const statements: AptStatement[] = [];
  const scopes: Array<{ name: string; loc: Location }> = [];
  let pending: Token[] = [];
  const loc = (tok: Token, end?: Token): Location => ({ path, line: tok.line, column: tok.col, endLine: (end ?? tok).line, endColumn: (end ?? tok).endCol });
  const prefix = (): string => scopes.map((s) => s.name).join('::');
  const fullName = (name: string): string => {
    const p = prefix();
    return p === '' ? name : `${p}::${name}`;
  };

  for (const tok of tokens) {
    if (tok.t === 'word' || tok.t === 'string' || tok.t === 'directive') {
      pending.push(tok);
      continue;
    }
    if (tok.t === 'reset') {
      pending = [];
      continue;
    }
    const first = pending[0];
    if (tok.t === '{') {
      const named = scopeName(pending);
      if (named === undefined) {
        errors.push({ path, line: (first ?? tok).line, column: (first ?? tok).col, reason: pending.length === 0 ? 'scope "{" without a name' : 'a scope name must be one word (optionally followed by a quoted name)' });
        scopes.push({ name: '', loc: loc(tok) });
      } else {
        const name = fullName(named);
        const at = loc(first!, tok);
        statements.push({ type: 'scope', key: name.toLowerCase(), name, loc: at });
        scopes.push({ name: named, loc: at });
      }
      pending = [];
      continue;
    }
    if (tok.t === '}') {
      if (pending.length > 0) {
        errors.push({ path, line: first!.line, column: first!.col, reason: 'missing ";" before "}"' });
        statements.push(...statement(pending, fullName, prefix(), loc, path, errors));
        pending = [];
      }
      if (scopes.length === 0) errors.push({ path, line: tok.line, column: tok.col, reason: 'unbalanced "}"' });
      else scopes.pop();
      continue;
    }
    // ';'
    statements.push(...statement(pending, fullName, prefix(), loc, path, errors));
    pending = [];
  }
  if (pending.length > 0) {
    const first = pending[0]!;
    errors.push({ path, line: first.line, column: first.col, reason: 'statement not terminated with ";"' });
  }
  if (scopes.length > 0) {
    const open = scopes[scopes.length - 1]!;
    errors.push({ path, line: open.loc.line, column: open.loc.column, reason: `scope "${open.name}" is not closed with "}"` });
  }
  return { statements, errors };
}

function scopeName(tokens: Token[]): string | undefined {
  const [a, b, ...rest] = tokens;
  if (rest.length > 0 || !a || a.t !== 'word') return undefined;
  const base = stripColons(a.v);
  if (!b) return base;
  // ISC style `Name "sub" {`: a scope named Name::sub.
  return b.t === 'string' ? `${base}::${b.v}` : undefined;
}

function statement(
  tokens: Token[],
  fullName: (name: string) => string,
  scope: string,
  loc: (tok: Token, end?: Token) => Location,
  path: string,
  errors: ScanError[],
): AptStatement[] {
  if (tokens.length === 0) return [];
  const first = tokens[0]! as Extract<Token, { v: string }>;
  const last = tokens[tokens.length - 1]!;
  const at = loc(first, last);
  if (first.t === 'directive') {
    const arg = tokens[1] as Extract<Token, { v: string }> | undefined;
    if (!arg || tokens.length > 2) {
      errors.push({ path, line: first.line, column: first.col, reason: `${first.v} needs exactly one argument` });
      return [];
    }
    if (first.v === '#clear') return [{ type: 'clear', key: fullName(stripColons(arg.v)).toLowerCase(), loc: at }];
    return [{ type: 'include', target: arg.v, loc: at }];
  }
  if (tokens.length === 1) {
    if (first.t === 'word' && first.v.endsWith('::')) {
      errors.push({ path, line: first.line, column: first.col, reason: `no value for "${first.v}"` });
      return [];
    }
    // A lone value is an item of the enclosing list.
    if (scope === '') {
      errors.push({ path, line: first.line, column: first.col, reason: `value "${clip(first.v)}" outside any scope` });
      return [];
    }
    return [{ type: 'item', key: scope.toLowerCase(), value: first.v, loc: at }];
  }
  const value = tokens[1] as Extract<Token, { v: string }>;
  if (tokens.length > 2 || first.t !== 'word' || value.t === 'directive') {
    errors.push({ path, line: first.line, column: first.col, reason: 'expected `Name "value";`' });
    return [];
  }
  if (first.v.endsWith('::')) {
    const list = fullName(stripColons(first.v));
    return [{ type: 'item', key: list.toLowerCase(), value: value.v, loc: at }];
  }
  const name = fullName(first.v);
  return [{ type: 'set', key: name.toLowerCase(), name, value: value.v, loc: at }];
}

function stripColons(name: string): string {
  return name.replace(/::$/, '');
}

function tokenize(text: string, path: string, errors: ScanError[]): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;
  const col = (at: number): number => at - lineStart + 1;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const startLine = line;
      const startCol = col(i);
      i += 2;
      while (i < n && !(text[i] === '*' && text[i + 1] === '/')) {
        if (text[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      if (i >= n) errors.push({ path, line: startLine, column: startCol, reason: 'comment "/*" is not closed' });
      i += 2;
      continue;
    }
    if (c === '#') {
      const directive = /^#(?:clear|include)(?=[\s"]|$)/.exec(text.slice(i, i + 9));
      if (directive) {
        tokens.push({ t: 'directive', v: directive[0], line, col: col(i), endCol: col(i) + directive[0].length });
        i += directive[0].length;
        continue;
      }
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '{' || c === '}' || c === ';') {
      tokens.push({ t: c, line, col: col(i), endCol: col(i) + 1 });
      i++;
      continue;
    }
    if (c === '"') {
      const start = i;
      const startCol = col(i);
      i++;
      let v = '';
      while (i < n && text[i] !== '"' && text[i] !== '\n') v += text[i++];
      if (i >= n || text[i] === '\n') {
        errors.push({ path, line, column: startCol, reason: 'string is not closed with "' });
        tokens.push({ t: 'reset', line, col: startCol, endCol: startCol });
        continue;
      }
      i++;
      tokens.push({ t: 'string', v, line, col: startCol, endCol: startCol + (i - start) });
      continue;
    }
    const start = i;
    while (i < n && !/[\s{};"]/.test(text[i]!) && !(text[i] === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) && text[i] !== '#') i++;
    tokens.push({ t: 'word', v: text.slice(start, i), line, col: col(start), endCol: col(i) });
  }
  return tokens;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
