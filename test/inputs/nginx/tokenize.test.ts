import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenizeNginx, unescapeNginx } from '../../../src/inputs/nginx/tokenize.ts';
import type { NginxToken } from '../../../src/inputs/nginx/tokenize.ts';

const brief = (t: NginxToken): string => `${t.kind}:${t.value}@${t.start.line}:${t.start.column}-${t.end.line}:${t.end.column}`;
const kinds = (text: string): string[] => tokenizeNginx(text).tokens.map((t) => `${t.kind}:${t.value}`);

describe('nginx tokenizer', () => {
  it('gives words, quotes, braces and semicolons with 1-based positions', () => {
    const { tokens, errors } = tokenizeNginx('server {\n  listen 80;\n  server_name "a b";\n}\n');
    assert.deepEqual(errors, []);
    assert.deepEqual(tokens.map(brief), [
      'word:server@1:1-1:7',
      'open:{@1:8-1:9',
      'word:listen@2:3-2:9',
      'word:80@2:10-2:12',
      'semicolon:;@2:12-2:13',
      'word:server_name@3:3-3:14',
      'quoted:a b@3:15-3:20',
      'semicolon:;@3:20-3:21',
      'close:}@4:1-4:2',
    ]);
  });

  it('ends a word at `;` and `{` but not at `}`, quotes or `#` inside it', () => {
    assert.deepEqual(kinds('a}b c"d"e f#g;'), ['word:a}b', 'word:c"d"e', 'word:f#g', 'semicolon:;']);
    assert.deepEqual(kinds('location ~ ^/a{2} {'), ['word:location', 'word:~', 'word:^/a', 'open:{', 'word:2}', 'open:{']);
  });

  it('keeps `${var}` in one word', () => {
    assert.deepEqual(kinds('set $x ${a}b${c};'), ['word:set', 'word:$x', 'word:${a}b${c}', 'semicolon:;']);
  });

  it('unescapes like nginx: quotes, backslash, \\t \\r \\n; other escapes stay', () => {
    assert.equal(unescapeNginx('a\\"b\\\'c\\\\d\\te\\nf\\x'), 'a"b\'c\\d\te\nf\\x');
    assert.deepEqual(kinds(`"a\\"b" 'c\\'d' e\\ f g\\;h;`), ['quoted:a"b', "quoted:c'd", 'word:e\\ f', 'word:g\\;h', 'semicolon:;']);
  });

  it('reads comments only at the start of a token, and keeps them on request', () => {
    const { tokens } = tokenizeNginx('# top\nlisten 80; # tail ; {\n', { comments: true });
    assert.deepEqual(tokens.map((t) => `${t.kind}:${t.value}`), ['comment: top', 'word:listen', 'word:80', 'semicolon:;', 'comment: tail ; {']);
    assert.deepEqual(kinds('# only a comment {'), []);
  });

  it('requires whitespace, `;`, `{` or `)` after a closing quote', () => {
    assert.deepEqual(tokenizeNginx('if ($a = "x") {').errors, []);
    assert.deepEqual(kinds('if ($a = "x") {'), ['word:if', 'word:($a', 'word:=', 'quoted:x', 'word:)', 'open:{']);
    const { errors } = tokenizeNginx('add_header X "v"w;');
    assert.deepEqual(errors.map((e) => [e.reason, e.line, e.column]), [['unexpected "w"', 1, 17]]);
  });

  it('counts CRLF as whitespace and lines by LF', () => {
    const { tokens } = tokenizeNginx('a b;\r\nc d;\r\n');
    assert.deepEqual(tokens.map(brief), ['word:a@1:1-1:2', 'word:b@1:3-1:4', 'semicolon:;@1:4-1:5', 'word:c@2:1-2:2', 'word:d@2:3-2:4', 'semicolon:;@2:4-2:5']);
  });

  it('reads a Lua block body raw, braces in strings, comments and long brackets not counted', () => {
    const text = 'content_by_lua_block {\n  local t = { "}" , \'{\' } -- }\n  local s = [==[ } ]==] --[[ { ]]\n}\nnext;';
    const { tokens, errors } = tokenizeNginx(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(tokens.map((t) => t.kind), ['word', 'open', 'lua', 'close', 'word', 'semicolon']);
    const lua = tokens[2]!;
    assert.equal(lua.value, '\n  local t = { "}" , \'{\' } -- }\n  local s = [==[ } ]==] --[[ { ]]\n');
    assert.equal(lua.start.line, 1);
    assert.equal(lua.start.column, 23);
    assert.deepEqual([tokens[3]!.start.line, tokens[3]!.start.column], [4, 1]);
  });

  it('treats a Lua quote that the line ends first as a plain character', () => {
    const { tokens, errors } = tokenizeNginx("init_by_lua_block {\n  a = '}\n");
    assert.deepEqual(errors, []);
    assert.deepEqual(tokens.map((t) => t.kind), ['word', 'open', 'lua', 'close']);
  });

  it('reports an unterminated Lua block at the line of its last `{`', () => {
    const { errors } = tokenizeNginx('init_by_lua_block {\n  a = {\n\n');
    assert.deepEqual(errors.map((e) => [e.reason, e.line]), [['unexpected end of file, expecting terminating characters for lua code block', 2]]);
  });

  it('reports a missing closing long bracket where it opens', () => {
    const { errors } = tokenizeNginx('init_by_lua_block {\n\n x = [=[ ]] }\n}\n');
    assert.deepEqual(errors.map((e) => [e.reason, e.line, e.column]), [['Lua code block missing the closing long bracket "]=]", the inlined Lua code may be too long', 3, 6]]);
  });

  it('applies nginx 4096-byte token limit to words, quotes and comments', () => {
    const word = (n: number): string => `set $x ${'a'.repeat(n)};\n`;
    assert.deepEqual(tokenizeNginx(word(4095)).errors, []);
    assert.deepEqual(tokenizeNginx(word(4096)).errors.map((e) => e.reason), ['too long parameter "aaaaaaaaaa..." started']);
    const quoted = (n: number): string => `x "${'q'.repeat(n)}";\n`;
    assert.deepEqual(tokenizeNginx(quoted(4094)).errors, []);
    assert.deepEqual(tokenizeNginx(quoted(4095)).errors.map((e) => e.reason), ['too long parameter "qqqqqqqqqq..." started']);
    assert.deepEqual(tokenizeNginx(quoted(4096)).errors.map((e) => e.reason), ['too long parameter, probably missing terminating """ character']);
    const comment = (n: number): string => `#${'c'.repeat(n - 1)}\nx;`;
    assert.deepEqual(tokenizeNginx(comment(4095)).errors, []);
    assert.equal(tokenizeNginx(comment(4096)).errors.length, 1);
    // Multi-byte characters count by their UTF-8 size.
    assert.equal(tokenizeNginx(`set $x ${'é'.repeat(2048)};\n`).errors.length, 1);
    assert.deepEqual(tokenizeNginx(`set $x ${'é'.repeat(2047)}a;\n`).errors, []);
  });

  it('reports a token that runs into the end of the file as too long only past the buffer', () => {
    assert.deepEqual(tokenizeNginx(`x ${'a'.repeat(4096)}`).errors, []);
    assert.equal(tokenizeNginx(`x ${'a'.repeat(4097)}`).errors.length, 1);
  });
});
