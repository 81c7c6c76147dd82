/**
 * The nginx configuration lexer, with positions. It follows nginx's own reader
 * (`ngx_conf_read_token` in ngx_conf_file.c, 1.22) where it differs from crossplane's
 * lexer, because nginx is the judge of what a config means:
 *
 * - Whitespace is only space, tab, CR and LF (a form feed is part of a word).
 * - `;` and `{` end a word; `}` does not (`a}` is one word, as in nginx).
 * - A quote starts a quoted string only at the start of a token; inside a word it is a
 *   plain character (`a"b"` is one word). After a closing quote the next character
 *   must be whitespace, `;`, `{` or `)`, otherwise nginx says `unexpected "x"`.
 * - A backslash makes the next character plain, in words and in quotes; the value
 *   unescapes `\"`, `\'`, `\\`, `\t`, `\r`, `\n` and keeps other backslashes.
 * - `$` followed by `{` keeps the brace in the word, so `${var}` is one word.
 * - `#` starts a comment only at the start of a token (`a#b` is one word).
 * - A token (from its first character to the one that ends it) longer than nginx's
 *   4096-byte read buffer is an error: `too long parameter …`.
 * - After the `{` of a `*_by_lua_block` directive the body is read as Lua, the way
 *   lua-nginx-module reads it: braces are counted outside Lua strings (which end at the
 *   line's end), `--` comments and long brackets `[==[ … ]==]`; the body is one raw token.
 *
 * The lexer never throws; problems are positioned errors and lexing goes on.
 */

/** A position in a text: 0-based UTF-16 offset, 1-based line and column. */
export interface NginxPos {
  offset: number;
  line: number;
  column: number;
}

export type NginxTokenKind = 'word' | 'quoted' | 'open' | 'close' | 'semicolon' | 'comment' | 'lua';

export interface NginxToken {
  kind: NginxTokenKind;
  /**
   * The value nginx sees: unescaped, without the quotes of a quoted string; the text
   * after `#` for a comment; the raw body between the braces for a Lua block.
   */
  value: string;
  /** The token as written. */
  raw: string;
  start: NginxPos;
  /** Position after the last character of the token. */
  end: NginxPos;
  /** For quoted strings: the quote character. */
  quote?: '"' | "'";
}

export interface NginxLexError {
  reason: string;
  /** Where nginx reports it (its `in FILE:LINE` line). */
  line: number;
  column: number;
  /** Offset at which nginx notices the problem: the first error by this offset is the one nginx reports. */
  at: number;
}

export interface NginxTokenizeOptions {
  /** Keep `#` comments as tokens (for suppressions and snippets). Default false. */
  comments?: boolean;
}

/** nginx's NGX_CONF_BUFFER: one token must fit in it. */
export const NGINX_CONF_BUFFER = 4096;

/**
 * Whether a directive name makes nginx (with lua-nginx-module) read its block as Lua:
 * `content_by_lua_block`, `set_by_lua_block`, … (a name no module has is an unknown
 * directive to nginx, whose block it never reads).
 */
export function isLuaBlockDirective(name: string): boolean {
  return /^[a-z][a-z0-9_]*_by_lua_block$/.test(name);
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

/** nginx's unescaping of a token's text (ngx_conf_read_token's copy loop). */
export function unescapeNginx(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      const n = s[i + 1]!;
      if (n === '"' || n === "'" || n === '\\') {
        out += n;
        i++;
        continue;
      }
      if (n === 't' || n === 'r' || n === 'n') {
        out += n === 't' ? '\t' : n === 'r' ? '\r' : '\n';
        i++;
        continue;
      }
    }
    out += c;
  }
  return out;
}

class Cursor {
  offset = 0;
  line = 1;
  column = 1;
  constructor(readonly text: string) {}

  pos(): NginxPos {
    return { offset: this.offset, line: this.line, column: this.column };
  }

  /** Move to `target` (>= offset), counting lines. */
  advanceTo(target: number): void {
    const t = this.text;
    const end = Math.min(target, t.length);
    for (let i = this.offset; i < end; i++) {
      if (t.charCodeAt(i) === 10) {
        this.line++;
        this.column = 1;
      } else this.column++;
    }
    this.offset = end;
  }
}

/**
 * Where nginx's read buffer overflows for a token: `from` is where nginx's `start`
 * points (the token's first character, or the one after an opening quote),
 * `concludeAt` the offset of the character that finishes the token (the text length
 * when it runs to the end of the file). nginx fails when the finishing character is
 * not among the first 4096 bytes from `from` and the file goes on past them.
 * Returns the offset of the first character beyond the buffer, or undefined.
 */
function overflowAt(text: string, from: number, concludeAt: number): number | undefined {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short tokens cannot overflow.
  if ((concludeAt - from) * 3 < NGINX_CONF_BUFFER) return undefined;
  let bytes = 0;
  for (let i = from; i < text.length; i++) {
    if (bytes >= NGINX_CONF_BUFFER) return i <= concludeAt ? i : undefined;
    if (i >= concludeAt) return undefined;
    const code = text.codePointAt(i)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (code >= 0x10000) i++;
  }
  return undefined;
}

function first10(text: string, from: number): string {
  const bytes = Buffer.from(text.slice(from, from + 10), 'utf8');
  return bytes.subarray(0, 10).toString('utf8');
}

export function tokenizeNginx(text: string, options: NginxTokenizeOptions = {}): { tokens: NginxToken[]; errors: NginxLexError[] } {
  const tokens: NginxToken[] = [];
  const errors: NginxLexError[] = [];
  const cur = new Cursor(text);
  const n = text.length;
  /** Value of the first token of the statement being read, and how many tokens it has. */
  let stmtFirst: string | undefined;
  let stmtCount = 0;

  const push = (kind: NginxTokenKind, start: NginxPos, endOffset: number, value: string, quote?: '"' | "'"): void => {
    const raw = text.slice(start.offset, endOffset);
    cur.advanceTo(endOffset);
    const tok: NginxToken = { kind, value, raw, start, end: cur.pos() };
    if (quote) tok.quote = quote;
    tokens.push(tok);
  };
  const tooLong = (start: NginxPos, from: number, at: number, quote?: string): void => {
    const reason =
      quote === undefined
        ? `too long parameter "${first10(text, from)}..." started`
        : `too long parameter, probably missing terminating "${quote}" character`;
    errors.push({ reason, line: start.line, column: start.column, at });
  };
  const endStatement = (): void => {
    stmtFirst = undefined;
    stmtCount = 0;
  };
  const addArg = (value: string): void => {
    if (stmtCount === 0) stmtFirst = value;
    stmtCount++;
  };

  while (cur.offset < n) {
    const i = cur.offset;
    const c = text[i]!;
    if (isSpace(c)) {
      cur.advanceTo(i + 1);
      continue;
    }
    const start = cur.pos();
    if (c === ';') {
      push('semicolon', start, i + 1, ';');
      endStatement();
      continue;
    }
    if (c === '}') {
      push('close', start, i + 1, '}');
      endStatement();
      continue;
    }
    if (c === '{') {
      const lua = stmtFirst !== undefined && isLuaBlockDirective(stmtFirst);
      push('open', start, i + 1, '{');
      endStatement();
      if (lua) lexLuaBlock(text, cur, start, tokens, errors);
      continue;
    }
    if (c === '#') {
      let j = text.indexOf('\n', i);
      if (j === -1) j = n;
      const over = overflowAt(text, i, j);
      if (over !== undefined) tooLong(start, i, over);
      if (options.comments) push('comment', start, j, text.slice(i + 1, j).replace(/\r$/, ''));
      else cur.advanceTo(j);
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n) {
        const ch = text[j]!;
        if (ch === '\\') {
          j += 2;
          continue;
        }
        if (ch === c) break;
        j++;
      }
      if (j >= n) {
        // Runs to the end of the file: nginx either overflows its buffer or reports the end of file.
        const over = overflowAt(text, i + 1, n);
        if (over !== undefined) tooLong(start, i + 1, over, c);
        push('quoted', start, n, unescapeNginx(text.slice(i + 1, n)), c);
        addArg(tokens[tokens.length - 1]!.value);
        continue;
      }
      // The token ends with the character after the closing quote.
      const over = overflowAt(text, i + 1, j + 1);
      if (over !== undefined) tooLong(start, i + 1, over, over <= j ? c : undefined);
      push('quoted', start, j + 1, unescapeNginx(text.slice(i + 1, j)), c);
      addArg(tokens[tokens.length - 1]!.value);
      const next = text[j + 1];
      if (next !== undefined && !isSpace(next) && next !== ';' && next !== '{' && next !== ')') {
        const p = cur.pos();
        errors.push({ reason: `unexpected "${next}"`, line: p.line, column: p.column, at: j + 1 });
      }
      continue;
    }
    // A word.
    let j = i;
    let variable = false;
    while (j < n) {
      const ch = text[j]!;
      if (ch === '{' && variable) {
        j++;
        continue;
      }
      variable = false;
      if (ch === '\\') {
        j += 2;
        continue;
      }
      if (ch === '$') {
        variable = true;
        j++;
        continue;
      }
      if (isSpace(ch) || ch === ';' || ch === '{') break;
      j++;
    }
    if (j > n) j = n;
    const over = overflowAt(text, i, j);
    if (over !== undefined) tooLong(start, i, over);
    push('word', start, j, unescapeNginx(text.slice(i, j)));
    addArg(tokens[tokens.length - 1]!.value);
  }
  return { tokens, errors };
}

/**
 * Read a Lua block body after its `{` (already consumed), like lua-nginx-module's
 * `ngx_http_lua_conf_read_lua_token`: pushes a `lua` token with the body and a `close`
 * token for the final `}`. At the end of the file it reports nginx's error on the line
 * of the last `{` seen, and the body runs to the end.
 */
function lexLuaBlock(text: string, cur: Cursor, open: NginxPos, tokens: NginxToken[], errors: NginxLexError[]): void {
  const n = text.length;
  const bodyStart = cur.pos();
  // A second cursor follows the scan, so positions inside the body cost no rescans.
  const scan = new Cursor(text);
  scan.offset = cur.offset;
  scan.line = cur.line;
  scan.column = cur.column;
  let depth = 1;
  let lastOpen: NginxPos = open;
  let k = cur.offset;
  const finishBody = (endOffset: number): void => {
    const body = text.slice(bodyStart.offset, endOffset);
    cur.advanceTo(endOffset);
    tokens.push({ kind: 'lua', value: body, raw: body, start: bodyStart, end: cur.pos() });
  };
  const missingLongBracket = (at: number, close: string): void => {
    scan.advanceTo(at);
    errors.push({
      reason: `Lua code block missing the closing long bracket "${close}", the inlined Lua code may be too long`,
      line: scan.line,
      column: scan.column,
      at,
    });
    finishBody(n);
  };
  while (k < n) {
    const ch = text[k]!;
    if (ch === '{') {
      depth++;
      scan.advanceTo(k);
      lastOpen = scan.pos();
      k++;
      continue;
    }
    if (ch === '}') {
      depth--;
      if (depth === 0) {
        finishBody(k);
        const start = cur.pos();
        cur.advanceTo(k + 1);
        tokens.push({ kind: 'close', value: '}', raw: '}', start, end: cur.pos() });
        return;
      }
      k++;
      continue;
    }
    const isComment = ch === '-' && text[k + 1] === '-';
    if (isComment || ch === '[') {
      const from = isComment ? k + 2 : k;
      const long = /^\[(=*)\[/.exec(text.slice(from, from + 260));
      if (long) {
        const close = `]${long[1]}]`;
        const endAt = text.indexOf(close, from + long[0].length);
        if (endAt === -1) return missingLongBracket(k, close);
        k = endAt + close.length;
        continue;
      }
      if (isComment) {
        const nl = text.indexOf('\n', k);
        k = nl === -1 ? n : nl;
      } else k++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      // A Lua short string as the module's lexer sees it: no raw newline, no backslash-newline;
      // a quote that starts no such string is a plain character.
      let j = k + 1;
      let matched = false;
      while (j < n) {
        const c = text[j]!;
        if (c === ch) {
          matched = true;
          break;
        }
        if (c === '\n') break;
        if (c === '\\') {
          if (j + 1 >= n || text[j + 1] === '\n') break;
          j += 2;
          continue;
        }
        j++;
      }
      k = matched ? j + 1 : k + 1;
      continue;
    }
    k++;
  }
  errors.push({
    reason: 'unexpected end of file, expecting terminating characters for lua code block',
    line: lastOpen.line,
    column: lastOpen.column,
    at: n,
  });
  finishBody(n);
}
