/**
 * fail2ban's time values (`bantime`, `findtime`, `bantime.maxtime`) as the server reads
 * them: `MyTime.str2seconds` rewrites unit words into multiplications (`10m` → `10*60`,
 * `1d12h` → `1*86400+12*3600`) and evaluates the result as a Python expression. We do
 * the same rewrite and evaluate only arithmetic; anything else is not a time (the server
 * would reject it too). A negative result means "forever" for `bantime`.
 */

const DAY = 24 * 60 * 60;
/** Longer texts are no time anyone writes; refusing them keeps evaluation cheap. */
const MAX_TEXT = 200;
/** The server's order matters: `m` means minutes, months need `mo`. */
const PARTS: ReadonlyArray<[RegExp, string]> = [
  [unit('days?|da|dd?'), `*${DAY}`],
  [unit('weeks?|wee?|ww?'), `*${7 * DAY}`],
  [unit('months?|mon?'), `*${((365 * 3 + 366) * DAY) / 4 / 12}`],
  [unit('years?|yea?|yy?'), `*${((365 * 3 + 366) * DAY) / 4}`],
  [unit('seconds?|sec?|ss?'), '*1'],
  [unit('minutes?|min?|mm?'), '*60'],
  [unit('hours?|hou?|hh?'), '*3600'],
];

function unit(words: string): RegExp {
  return new RegExp(`(?<=[\\d\\s])(${words})\\b`, 'gi');
}

/** Seconds for a fail2ban time value, or undefined when the server could not read it. */
export function fail2banSeconds(text: string): number | undefined {
  if (text.length > MAX_TEXT) return undefined;
  let val = text.replace(/(?<=[a-z])(\d)/gi, ' $1');
  for (const [re, rpl] of PARTS) val = val.replace(re, rpl);
  val = val.replace(/(\d)\s+(\d)/g, '$1+$2');
  const n = evaluate(val);
  return n === undefined || !Number.isFinite(n) ? undefined : n;
}

/** `3600` → `1h`, `86400` → `1d`, `90` → `90s`: for messages. */
export function formatSeconds(seconds: number): string {
  if (seconds < 0) return 'forever';
  const units: Array<[number, string]> = [[7 * DAY, 'w'], [DAY, 'd'], [3600, 'h'], [60, 'm']];
  for (const [size, name] of units) if (seconds >= size && seconds % size === 0) return `${seconds / size}${name}`;
  return `${seconds}s`;
}

type Token = { kind: 'num'; value: number } | { kind: 'op'; value: string };

/** A Python arithmetic expression: numbers, + - * / // % **, unary signs, parentheses. */
function evaluate(expr: string): number | undefined {
  const tokens = tokenize(expr);
  if (!tokens || tokens.length === 0) return undefined;
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const takeOp = (...ops: string[]): string | undefined => {
    const t = tokens[pos];
    if (t && t.kind === 'op' && ops.includes(t.value)) {
      pos++;
      return t.value;
    }
    return undefined;
  };
  let depth = 0;
  // Python's grammar: sum := term (('+'|'-') term)*; term := factor (('*'|'/'|'//'|'%') factor)*;
  // factor := ('+'|'-') factor | power; power := atom ['**' factor].
  const sum = (): number | undefined => {
    let left = term();
    for (let op = takeOp('+', '-'); op !== undefined && left !== undefined; op = takeOp('+', '-')) {
      const right = term();
      if (right === undefined) return undefined;
      left = op === '+' ? left + right : left - right;
    }
    return left;
  };
  const term = (): number | undefined => {
    let left = factor();
    for (let op = takeOp('*', '/', '//', '%'); op !== undefined && left !== undefined; op = takeOp('*', '/', '//', '%')) {
      const right = factor();
      if (right === undefined || ((op === '/' || op === '//' || op === '%') && right === 0)) return undefined;
      if (op === '*') left = left * right;
      else if (op === '/') left = left / right;
      else if (op === '//') left = Math.floor(left / right);
      else left = left - right * Math.floor(left / right);
    }
    return left;
  };
  const factor = (): number | undefined => {
    const sign = takeOp('+', '-');
    if (sign !== undefined) {
      if (++depth > 200) return undefined;
      const v = factor();
      depth--;
      return v === undefined ? undefined : sign === '-' ? -v : v;
    }
    const base = atom();
    if (base === undefined) return undefined;
    if (takeOp('**') !== undefined) {
      if (++depth > 200) return undefined;
      const exp = factor();
      depth--;
      return exp === undefined ? undefined : base ** exp;
    }
    return base;
  };
  const atom = (): number | undefined => {
    const t = peek();
    if (!t) return undefined;
    if (t.kind === 'num') {
      pos++;
      return t.value;
    }
    if (t.value === '(') {
      pos++;
      if (++depth > 200) return undefined;
      const v = sum();
      depth--;
      if (v === undefined || takeOp(')') === undefined) return undefined;
      return v;
    }
    return undefined;
  };
  const result = sum();
  return pos === tokens.length ? result : undefined;
}

function tokenize(expr: string): Token[] | undefined {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d*)?|\.\d+)|(\*\*|\/\/|[-+*/%()]))/y;
  let i = 0;
  const end = expr.replace(/\s+$/, '').length;
  while (i < end) {
    re.lastIndex = i;
    const m = re.exec(expr);
    if (!m) return undefined;
    if (m[1] !== undefined) {
      // Python 3 rejects decimal integers with leading zeros (`010`).
      if (/^0\d/.test(m[1]) && !m[1].includes('.') && !/^0+$/.test(m[1])) return undefined;
      tokens.push({ kind: 'num', value: Number(m[1]) });
    } else tokens.push({ kind: 'op', value: m[2]! });
    i = re.lastIndex;
  }
  return tokens;
}
