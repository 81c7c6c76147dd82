/**
 * Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`, nested operands
 * (`${A:-${B:-x}}`) and `$$` for a literal `$`.
 *
 * Values come only from the lookup the caller gives (the project's `.env`), never from
 * the process environment, so a scan gives the same result on every machine. A missing
 * required variable (`:?`) expands to '' instead of failing: a repository usually does
 * not ship the `.env` that production has, and the rest of the file is still worth
 * auditing. Malformed references (`${`, `${1}`) stay as written.
 */
import type { VarRef } from './model.ts';

export type VarLookup = (name: string) => string | undefined;

export interface Interpolated {
  value: string;
  /** Every reference, outer before nested, in text order. */
  vars: VarRef[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:-|-|:\?|\?|:\+|\+)([\s\S]*))?$/;
/** Deeper nesting is left as written: no real file needs it and it bounds recursion. */
const MAX_DEPTH = 32;

export function interpolate(text: string, lookup: VarLookup): Interpolated {
  const vars: VarRef[] = [];
  const value = expand(text, lookup, vars, 0);
  return { value, vars };
}

function expand(text: string, lookup: VarLookup, vars: VarRef[], depth: number): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('$', i);
    if (at < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, at);
    const next = text[at + 1];
    if (next === '$') {
      out += '$';
      i = at + 2;
    } else if (next === '{') {
      const end = depth < MAX_DEPTH ? closingBrace(text, at + 2) : -1;
      const m = end >= 0 ? BRACED.exec(text.slice(at + 2, end)) : null;
      if (!m) {
        // Unterminated or not a name: keep the text, compose would reject the file.
        const stop = end >= 0 ? end + 1 : text.length;
        out += text.slice(at, stop);
        i = stop;
        continue;
      }
      out += resolveBraced(m[1]!, m[2] as VarRef['operator'], m[3], lookup, vars, depth);
      i = end + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      let j = at + 2;
      while (j < text.length && NAME_CHAR.test(text[j]!)) j++;
      const name = text.slice(at + 1, j);
      const value = lookup(name);
      vars.push({ name, source: value === undefined ? 'unset' : 'env', usedDefault: false });
      out += value ?? '';
      i = j;
    } else {
      out += '$';
      i = at + 1;
    }
  }
  return out;
}

function resolveBraced(
  name: string,
  operator: VarRef['operator'],
  operand: string | undefined,
  lookup: VarLookup,
  vars: VarRef[],
  depth: number,
): string {
  const value = lookup(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  const ref: VarRef = { name, source: set ? 'env' : 'unset', usedDefault: false };
  vars.push(ref);
  if (!operator) return value ?? '';
  ref.operator = operator;
  ref.operand = operand ?? '';
  // The operand is expanded even when unused, so every nested reference is recorded.
  const alternative = expand(operand ?? '', lookup, vars, depth + 1);
  let useOperand: boolean;
  switch (operator) {
    case ':-': useOperand = !nonEmpty; break;
    case '-': useOperand = !set; break;
    case ':+': useOperand = nonEmpty; break;
    case '+': useOperand = set; break;
    default: useOperand = false; // `?` / `:?`: the operand is an error message.
  }
  if (useOperand) {
    ref.usedDefault = true;
    return alternative;
  }
  if (operator === ':+' || operator === '+') return '';
  return value ?? '';
}

/** Index of the `}` closing a `${` whose body starts at `from`, counting nested `${…}`; -1 if none. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let j = from; j < text.length; j++) {
    const ch = text[j];
    if (ch === '$' && text[j + 1] === '$') j++;
    else if (ch === '$' && text[j + 1] === '{') {
      depth++;
      j++;
    } else if (ch === '}') {
      if (depth === 0) return j;
      depth--;
    }
  }
  return -1;
}
