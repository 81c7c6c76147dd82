/**
 * A strict JSON reader (RFC 8259, as Go's encoding/json that dockerd uses) that keeps the
 * position of every key and value, so a finding points at `"icc": true` and a syntax
 * error at its line and column. Error messages say what was expected, never what was
 * found: daemon.json may hold credentials, and a message must not echo them. Never throws
 * (nesting is bounded, so no input can exhaust the stack).
 */
import type { Location } from '../../core/location.ts';

export type JsonNode =
  | { type: 'object'; entries: JsonEntry[]; loc: Location }
  | { type: 'array'; items: JsonNode[]; loc: Location }
  | { type: 'string'; value: string; loc: Location }
  | { type: 'number'; value: number; loc: Location }
  | { type: 'boolean'; value: boolean; loc: Location }
  | { type: 'null'; loc: Location };

export interface JsonEntry {
  key: string;
  /** The key's position (its opening quote to after its closing quote). */
  keyLoc: Location;
  value: JsonNode;
}

export interface JsonSyntaxError {
  line: number;
  column: number;
  reason: string;
}

export type JsonReadResult = { ok: true; value: JsonNode } | { ok: false; error: JsonSyntaxError };

/** Deeper nesting than any daemon.json needs; bounds recursion on hostile input. */
const MAX_DEPTH = 512;

export function readJson(text: string, path: string): JsonReadResult {
  const reader = new JsonReader(text, path);
  try {
    reader.skipBlanks();
    const value = reader.value(0);
    reader.skipBlanks();
    if (!reader.atEnd()) reader.fail('unexpected text after the JSON value');
    return { ok: true, value };
  } catch (err) {
    if (err instanceof JsonFailure) return { ok: false, error: err.error };
    throw err;
  }
}

/** The plain JavaScript value of a node (as JSON.parse would give; the last duplicate key wins). */
export function plainValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) Object.defineProperty(out, e.key, { value: plainValue(e.value), enumerable: true, configurable: true, writable: true });
      return out;
    }
    case 'array':
      return node.items.map(plainValue);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

/** The member of an object node named `key` (the last one when repeated, as dockerd reads it). */
export function member(node: JsonNode | undefined, key: string): JsonEntry | undefined {
  if (node?.type !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i]!.key === key) return node.entries[i];
  return undefined;
}

class JsonFailure extends Error {
  constructor(readonly error: JsonSyntaxError) {
    super(error.reason);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class JsonReader {
  private at = 0;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly path: string,
  ) {}

  atEnd(): boolean {
    return this.at >= this.text.length;
  }

  fail(reason: string, offset = this.at): never {
    // Offsets handed in are on the current line (tokens never span lines).
    throw new JsonFailure({ line: this.line, column: offset - this.lineStart + 1, reason });
  }

  skipBlanks(): void {
    for (;;) {
      const ch = this.text.charCodeAt(this.at);
      if (ch === 0x20 || ch === 0x09 || ch === 0x0d) this.at++;
      else if (ch === 0x0a) {
        this.at++;
        this.line++;
        this.lineStart = this.at;
      } else return;
    }
  }

  private pos(): { line: number; column: number } {
    return { line: this.line, column: this.at - this.lineStart + 1 };
  }

  private locFrom(start: { line: number; column: number }): Location {
    const end = this.pos();
    return { path: this.path, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail('nested too deeply');
    const start = this.pos();
    const ch = this.text[this.at];
    switch (ch) {
      case '{':
        return this.object(depth, start);
      case '[':
        return this.array(depth, start);
      case '"':
        return { type: 'string', value: this.string(), loc: this.locFrom(start) };
      case 't':
        this.literal('true');
        return { type: 'boolean', value: true, loc: this.locFrom(start) };
      case 'f':
        this.literal('false');
        return { type: 'boolean', value: false, loc: this.locFrom(start) };
      case 'n':
        this.literal('null');
        return { type: 'null', loc: this.locFrom(start) };
      default: {
        if (ch === undefined) this.fail('the file ends where a value was expected');
        NUMBER.lastIndex = this.at;
        const m = NUMBER.exec(this.text);
        if (!m) this.fail('expected a value (object, array, string, number, true, false or null)');
        this.at += m[0].length;
        return { type: 'number', value: Number(m[0]), loc: this.locFrom(start) };
      }
    }
  }

  private literal(word: string): void {
    if (this.text.startsWith(word, this.at)) this.at += word.length;
    else this.fail('expected a value (object, array, string, number, true, false or null)');
  }

  private object(depth: number, start: { line: number; column: number }): JsonNode {
    this.at++; // {
    const entries: JsonEntry[] = [];
    this.skipBlanks();
    if (this.text[this.at] === '}') {
      this.at++;
      return { type: 'object', entries, loc: this.locFrom(start) };
    }
    for (;;) {
      if (this.text[this.at] !== '"') this.fail(this.atEnd() ? "the file ends inside an object: expected a key or '}'" : 'expected a key in double quotes');
      const keyStart = this.pos();
      const key = this.string();
      const keyLoc = this.locFrom(keyStart);
      this.skipBlanks();
      if (this.text[this.at] !== ':') this.fail("expected ':' after the key");
      this.at++;
      this.skipBlanks();
      const value = this.value(depth + 1);
      entries.push({ key, keyLoc, value });
      this.skipBlanks();
      const next = this.text[this.at];
      if (next === ',') {
        this.at++;
        this.skipBlanks();
        if (this.text[this.at] === '}') this.fail("a trailing comma before '}' is not allowed in JSON");
        continue;
      }
      if (next === '}') {
        this.at++;
        return { type: 'object', entries, loc: this.locFrom(start) };
      }
      this.fail(next === undefined ? "the file ends inside an object: expected ',' or '}'" : "expected ',' or '}' after the value");
    }
  }

  private array(depth: number, start: { line: number; column: number }): JsonNode {
    this.at++; // [
    const items: JsonNode[] = [];
    this.skipBlanks();
    if (this.text[this.at] === ']') {
      this.at++;
      return { type: 'array', items, loc: this.locFrom(start) };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipBlanks();
      const next = this.text[this.at];
      if (next === ',') {
        this.at++;
        this.skipBlanks();
        if (this.text[this.at] === ']') this.fail("a trailing comma before ']' is not allowed in JSON");
        continue;
      }
      if (next === ']') {
        this.at++;
        return { type: 'array', items, loc: this.locFrom(start) };
      }
      this.fail(next === undefined ? "the file ends inside an array: expected ',' or ']'" : "expected ',' or ']' after the value");
    }
  }

  /** A string token starting at `"`; the reader ends after the closing quote. */
  private string(): string {
    const open = this.at;
    this.at++;
    let out = '';
    let chunk = this.at;
    for (;;) {
      const code = this.text.charCodeAt(this.at);
      if (Number.isNaN(code) || code === 0x0a) this.fail('unterminated string', open);
      if (code < 0x20) this.fail('a control character inside a string must be escaped');
      if (code === 0x22) {
        out += this.text.slice(chunk, this.at);
        this.at++;
        return out;
      }
      if (code !== 0x5c) {
        this.at++;
        continue;
      }
      out += this.text.slice(chunk, this.at);
      const esc = this.text[this.at + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (esc !== undefined && esc in simple) {
        out += simple[esc];
        this.at += 2;
      } else if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) {
        out += String.fromCharCode(parseInt(this.text.slice(this.at + 2, this.at + 6), 16));
        this.at += 6;
      } else {
        this.fail('invalid escape sequence in a string');
      }
      chunk = this.at;
    }
  }
}
