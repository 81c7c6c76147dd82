import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkNginxDirectives, parseNginx, parseNginxFile, topContextOf } from '../../../src/inputs/nginx/parse.ts';
import type { NginxDirective } from '../../../src/inputs/nginx/parse.ts';

const errorsOf = (text: string, context = 'main'): string[] =>
  parseNginxFile(text, 'x.conf', context).errors.map((e) => `${e.line}:${e.column} ${e.reason}`);

function shape(list: readonly NginxDirective[]): unknown[] {
  return list.map((d) => {
    const args = d.args.map((a) => a.value);
    if (d.rawBody) return [d.name, ...args, { lua: d.rawBody.text }];
    return d.block ? [d.name, ...args, shape(d.block)] : [d.name, ...args];
  });
}

describe('nginx parser', () => {
  it('builds the directive tree with positions', () => {
    const text = 'events {}\nhttp {\n    server {\n        listen 443 ssl;\n        location = /x { return 204; }\n    }\n}\n';
    const parsed = parseNginxFile(text, 'etc/nginx/nginx.conf');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(shape(parsed.directives), [
      ['events', []],
      ['http', [['server', [['listen', '443', 'ssl'], ['location', '=', '/x', [['return', '204']]]]]]],
    ]);
    const listen = parsed.directives[1]!.block![0]!.block![0]!;
    assert.deepEqual(listen.loc, { path: 'etc/nginx/nginx.conf', line: 4, column: 9, endLine: 4, endColumn: 24 });
    assert.deepEqual(listen.args[1]!.loc, { path: 'etc/nginx/nginx.conf', line: 4, column: 20, endLine: 4, endColumn: 23 });
    assert.equal(listen.terminatedBy, ';');
    assert.deepEqual([listen.terminator.line, listen.terminator.column], [4, 23]);
    assert.equal(listen.file, 'etc/nginx/nginx.conf');
    assert.deepEqual(listen.includeChain, []);
    const http = parsed.directives[1]!;
    assert.deepEqual([http.loc.line, http.loc.endLine, http.loc.endColumn], [2, 7, 2]);
  });

  it('keeps quoted arguments apart from words', () => {
    const d = parseNginx('add_header X-A "a b" always;', 'f').directives[0]!;
    assert.deepEqual(d.args.map((a) => [a.value, a.raw, a.quoted]), [['X-A', 'X-A', false], ['a b', '"a b"', true], ['always', 'always', false]]);
  });

  it('keeps comments with their positions', () => {
    const parsed = parseNginx('# bulwark-ignore nginx/x -- reason\nserver_tokens on; # trailing\n', 'f');
    assert.deepEqual(parsed.comments.map((c) => [c.text, c.loc.line, c.loc.column]), [[' bulwark-ignore nginx/x -- reason', 1, 1], [' trailing', 2, 19]]);
  });

  it('reads key/value blocks as statements', () => {
    const parsed = parseNginxFile('map $a $b {\n default 0;\n "" 1;\n ~^x\\d 2;\n include more.map;\n}\n', 'f', 'http');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(shape(parsed.directives), [['map', '$a', '$b', [['default', '0'], ['', '1'], ['~^x\\d', '2'], ['include', 'more.map']]]]);
  });

  it('keeps Lua block bodies raw, set_by_lua_block with its variable', () => {
    const parsed = parseNginxFile('set_by_lua_block $v { return "}" }\naccess_by_lua_block {\n  if x then end\n}\n', 'f', 'location');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(shape(parsed.directives), [['set_by_lua_block', '$v', { lua: ' return "}" ' }], ['access_by_lua_block', { lua: '\n  if x then end\n' }]]);
    const d = parsed.directives[1]!;
    assert.deepEqual([d.rawBody!.loc.line, d.rawBody!.loc.column, d.loc.endLine, d.loc.endColumn], [2, 22, 4, 2]);
  });

  it('reports nginx reader errors at the line nginx names', () => {
    assert.deepEqual(errorsOf('events {}\nhttp {\n  server {\n'), ['4:1 unexpected end of file, expecting "}"']);
    assert.deepEqual(errorsOf('events {}\n}\n'), ['2:1 unexpected "}"']);
    assert.deepEqual(errorsOf('http {\n  server_tokens off;;\n}'), ['2:21 unexpected ";"']);
    assert.deepEqual(errorsOf('http {\n  {\n  }\n}'), ['2:3 unexpected "{"']);
    assert.deepEqual(errorsOf('http {\n  return 204 }\n'), ['2:14 unexpected "}"']);
    assert.deepEqual(errorsOf('events {}\nhttp { server_tokens off'), ['2:25 unexpected end of file, expecting ";" or "}"']);
    assert.deepEqual(errorsOf('http {\n  add_header X "a"b;\n}'), ['2:19 unexpected "b"']);
  });

  it('judges statements by the kind nginx gives their name', () => {
    assert.deepEqual(errorsOf('http {\n  server {\n    listen 80\n    location / { }\n  }\n}'), ['4:16 directive "listen" is not terminated by ";"']);
    assert.deepEqual(errorsOf('http {\n  server;\n}'), ['2:9 directive "server" has no opening "{"']);
    // `server` is a plain statement inside `upstream`.
    assert.deepEqual(errorsOf('http {\n  upstream u { server 127.0.0.1:80; }\n}'), []);
    assert.deepEqual(errorsOf('http {\n  map $a $b {\n    x {\n      1;\n    }\n  }\n}'), ['3:7 unexpected "{"']);
    assert.deepEqual(errorsOf('location ~ ^/a{2} {\n}\n', 'server'), ['1:19 unknown directive "2}"']);
    // Third-party blocks and unknown names are left alone.
    assert.deepEqual(errorsOf('http {\n  geoip2 /db.mmdb {\n    $geoip2_code country iso_code;\n  }\n  vhost_traffic_status_zone;\n}'), []);
  });

  it('checks the argument count of Lua blocks', () => {
    assert.deepEqual(errorsOf('location / {\n  content_by_lua_block x {\n  }\n}\n', 'server'), ['2:26 invalid number of arguments in "content_by_lua_block" directive']);
    assert.deepEqual(errorsOf('location / {\n  set_by_lua_block {\n  }\n}\n', 'server'), ['2:20 invalid number of arguments in "set_by_lua_block" directive']);
  });

  it('keeps only the first error of a file, as nginx stops there', () => {
    assert.deepEqual(errorsOf('http {\n  a "b"c;\n}\n}\n'), ['2:8 unexpected "c"']);
  });

  it('still gives the statements around an error', () => {
    const parsed = parseNginxFile('http {\n  server {\n    listen 80\n    location / { return 204; }\n  }\n}\n', 'f');
    assert.equal(parsed.errors.length, 1);
    const server = parsed.directives[0]!.block![0]!;
    assert.deepEqual(shape(server.block!), [['listen', '80', 'location', '/', [['return', '204']]]]);
  });

  it('checks included trees in the context they land in', () => {
    const inMap = parseNginx('key {\n}\n', 'inc.conf').directives;
    assert.deepEqual(checkNginxDirectives(inMap, 'map').map((e) => `${e.path}:${e.line} ${e.reason}`), ['inc.conf:1 unexpected "{"']);
    assert.deepEqual(checkNginxDirectives(inMap, 'http'), []);
  });

  it('guesses the context of a file from its top-level statements', () => {
    const ctx = (t: string): string => topContextOf(parseNginx(t, 'f').directives);
    assert.equal(ctx('user nginx;\nevents {}\nhttp {}\n'), 'main');
    assert.equal(ctx('upstream a { server b; }\nserver { listen 80; }\n'), 'http');
    assert.equal(ctx('location / { }\n'), 'server');
    assert.equal(ctx('proxy_set_header Host $host;\n'), 'http');
  });

  it('stops following absurdly deep nesting without overflowing the stack', () => {
    const parsed = parseNginxFile(`${'a {'.repeat(20000)}\n`, 'f');
    assert.deepEqual(parsed.errors.map((e) => e.reason), ['blocks nested more than 500 levels deep; inner blocks skipped']);
    const ok = parseNginxFile(`http {\n${'location / {'.repeat(200)}${'}'.repeat(200)}\n}\n`, 'f');
    assert.deepEqual(ok.errors, []);
  });

  it('never throws on odd input', () => {
    for (const text of ['', '}', '{', ';', '"', "'", '\\', '$', '${', '#', 'a', 'a "', 'x_by_lua_block {', 'x_by_lua_block { [[', '\u0000', '\uFEFF']) {
      const parsed = parseNginxFile(text, 'f');
      for (const e of parsed.errors) assert.ok(e.line >= 1 && e.column >= 1, JSON.stringify({ text, e }));
    }
  });
});
