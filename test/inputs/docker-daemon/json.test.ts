/**
 * The position-keeping JSON reader behind daemon.json: positions of keys and values,
 * positioned syntax errors that never echo the input, and agreement with JSON.parse (the
 * same strict grammar Go's encoding/json applies in dockerd) on random and mutated input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { member, plainValue, readJson } from '../../../src/inputs/docker-daemon/json.ts';
import type { JsonNode } from '../../../src/inputs/docker-daemon/json.ts';

function at(node: { line: number; column: number; endLine?: number; endColumn?: number }): string {
  return `${node.line}:${node.column}-${node.endLine}:${node.endColumn}`;
}

describe('readJson positions', () => {
  const text = '{\n  "log-driver": "json-file",\n  "log-opts": {\n    "max-size": "10m",\n\t"max-file": "5"\n  },\n  "icc": false, "dns": [1, 2.5e3, null]\n}\n';
  const r = readJson(text, 'daemon.json');

  it('gives every key and value its line and column', () => {
    assert.ok(r.ok);
    const root = r.value;
    const driver = member(root, 'log-driver')!;
    assert.equal(at(driver.keyLoc), '2:3-2:15');
    assert.equal(at(driver.value.loc), '2:17-2:28');
    const opts = member(root, 'log-opts')!;
    assert.equal(at(opts.value.loc), '3:15-6:4');
    assert.equal(at(member(opts.value, 'max-size')!.keyLoc), '4:5-4:15');
    assert.equal(at(member(opts.value, 'max-file')!.keyLoc), '5:2-5:12', 'a tab is one column');
    assert.equal(at(member(root, 'icc')!.keyLoc), '7:3-7:8');
    assert.equal(at(member(root, 'dns')!.keyLoc), '7:17-7:22');
    assert.equal(r.value.loc.path, 'daemon.json');
  });

  it('gives the plain value JSON.parse gives', () => {
    assert.ok(r.ok);
    assert.deepEqual(plainValue(r.value), JSON.parse(text));
  });

  it('keeps repeated keys in order; member() and plainValue() take the last, as dockerd does', () => {
    const dup = readJson('{"icc": true, "icc": false}', 'd');
    assert.ok(dup.ok && dup.value.type === 'object');
    assert.equal(dup.value.entries.length, 2);
    assert.deepEqual(member(dup.value, 'icc')!.value, { type: 'boolean', value: false, loc: { path: 'd', line: 1, column: 22, endLine: 1, endColumn: 27 } });
    assert.deepEqual(plainValue(dup.value), { icc: false });
  });

  it('decodes escapes, and keeps a __proto__ key as data', () => {
    const esc = readJson('{"a\\u0041\\n": "\\"\\\\\\/\\b\\f\\r\\t\\u00e9", "__proto__": {"x": 1}}', 'd');
    assert.ok(esc.ok);
    const value = plainValue(esc.value) as Record<string, unknown>;
    assert.equal(value['aA\n'], '"\\/\b\f\r\t\u00e9');
    assert.deepEqual(Object.getOwnPropertyDescriptor(value, '__proto__')?.value, { x: 1 });
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });
});

describe('readJson errors', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['{\n  "a": 1,\n}', '3:1', /trailing comma/],
    ['{\n  "a" 1\n}', '2:7', /expected ':'/],
    ["{'a': 1}", '1:2', /key in double quotes/],
    ['{\n  // comment\n  "a": 1\n}', '2:3', /key in double quotes/],
    ['{"a": "unterminated\n}', '1:7', /unterminated string/],
    ['{"a": "tab\there"}', '1:11', /control character/],
    ['{"a": "\\x41"}', '1:8', /invalid escape/],
    ['{"a": 1} {"b": 2}', '1:10', /unexpected text after/],
    ['{"a": 01}', '1:8', /expected ',' or '}'/],
    ['{"a": tru}', '1:7', /expected a value/],
    ['{"a": [1, 2,]}', '1:13', /trailing comma/],
    ['{"a": [1 2]}', '1:10', /expected ',' or ']'/],
    ['{"a": ', '1:7', /ends where a value was expected/],
    ['{"a": 1', '1:8', /ends inside an object/],
    ['', '1:1', /ends where a value was expected/],
    ['[' .repeat(600), '1:514', /nested too deeply/],
  ];
  for (const [text, where, reason] of cases) {
    it(`${JSON.stringify(text.slice(0, 24))} → ${where}`, () => {
      const r = readJson(text, 'd');
      assert.ok(!r.ok);
      assert.equal(`${r.error.line}:${r.error.column}`, where);
      assert.match(r.error.reason, reason);
    });
  }

  it('never echoes the input in a reason', () => {
    const r = readJson('{\n  "registry-password": hunter2-secret\n}', 'd');
    assert.ok(!r.ok);
    assert.equal(`${r.error.line}:${r.error.column}`, '2:24');
    assert.doesNotMatch(r.error.reason, /hunter|secret/);
  });
});

/** Every reason the reader can give: fixed texts, none built from the input. */
const REASONS = new Set([
  'unexpected text after the JSON value',
  'nested too deeply',
  'the file ends where a value was expected',
  'expected a value (object, array, string, number, true, false or null)',
  "the file ends inside an object: expected a key or '}'",
  'expected a key in double quotes',
  "expected ':' after the key",
  "a trailing comma before '}' is not allowed in JSON",
  "the file ends inside an object: expected ',' or '}'",
  "expected ',' or '}' after the value",
  "a trailing comma before ']' is not allowed in JSON",
  "the file ends inside an array: expected ',' or ']'",
  "expected ',' or ']' after the value",
  'unterminated string',
  'a control character inside a string must be escaped',
  'invalid escape sequence in a string',
]);

function jsonParses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function checkLocs(node: JsonNode, lines: number): void {
  assert.ok(node.loc.line >= 1 && node.loc.line <= lines && node.loc.column >= 1);
  if (node.type === 'object') for (const e of node.entries) checkLocs(e.value, lines);
  if (node.type === 'array') for (const i of node.items) checkLocs(i, lines);
}

describe('readJson on random input', () => {
  const spaced = fc
    .tuple(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(0, 1, 2, '\t', ' \r\n'))
    .map(([v, indent]) => (typeof indent === 'string' && indent.includes('\r') ? JSON.stringify(v, null, 2).replaceAll('\n', '\r\n') : JSON.stringify(v, null, indent)));
  const mutated = fc
    .tuple(spaced, fc.nat(), fc.nat(3), fc.string({ maxLength: 3 }))
    .map(([text, pos, cut, insert]) => {
      const i = text.length === 0 ? 0 : pos % text.length;
      return text.slice(0, i) + insert + text.slice(i + cut);
    });
  const tokens = fc
    .array(fc.constantFrom('{', '}', '[', ']', ',', ':', '"a"', '"', '1', '-', '0', 'e', 'true', 'null', ' ', '\n', '\\', '"\\u12"', '.5'), { maxLength: 25 })
    .map((xs) => xs.join(''));

  it('accepts exactly what JSON.parse accepts, with the same value', () => {
    fc.assert(
      fc.property(fc.oneof(spaced, mutated, tokens, fc.string()), (text) => {
        const r = readJson(text, 'd');
        assert.equal(r.ok, jsonParses(text), `disagree on ${JSON.stringify(text)}`);
        const lines = text.split('\n').length;
        if (r.ok) {
          assert.deepEqual(plainValue(r.value), JSON.parse(text));
          checkLocs(r.value, lines);
        } else {
          assert.ok(REASONS.has(r.error.reason), r.error.reason);
          assert.ok(r.error.line >= 1 && r.error.line <= lines, `line ${r.error.line}`);
          const lineText = text.split('\n')[r.error.line - 1]!;
          assert.ok(r.error.column >= 1 && r.error.column <= lineText.length + 1, `column ${r.error.column}`);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
