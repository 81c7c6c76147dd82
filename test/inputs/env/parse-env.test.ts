import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEnvFile } from '../../../src/inputs/env/parse-env.ts';

const lines = (...l: string[]): string => l.join('\n');

describe('parseEnvFile', () => {
  it('parses plain, exported and spaced assignments with positions', () => {
    const { entries, errors } = parseEnvFile(lines('A=1', 'export B=two', '  C = three  ', 'D='), '.env');
    assert.deepEqual(errors, []);
    assert.deepEqual(entries.map((e) => [e.name, e.value]), [['A', '1'], ['B', 'two'], ['C', 'three'], ['D', '']]);
    assert.deepEqual(entries[0]!.loc, { path: '.env', line: 1, column: 1, endLine: 1, endColumn: 2 });
    assert.deepEqual(entries[0]!.valueLoc, { path: '.env', line: 1, column: 3, endLine: 1, endColumn: 4 });
    assert.deepEqual(entries[1]!.loc, { path: '.env', line: 2, column: 8, endLine: 2, endColumn: 9 });
    assert.deepEqual(entries[2]!.loc, { path: '.env', line: 3, column: 3, endLine: 3, endColumn: 4 });
    assert.deepEqual(entries[2]!.valueLoc, { path: '.env', line: 3, column: 7, endLine: 3, endColumn: 12 });
    assert.equal(entries[3]!.valueLoc.column, 3);
  });

  it('skips comments and blank lines, strips trailing comments of unquoted values only after whitespace', () => {
    const { entries, errors } = parseEnvFile(lines('# comment', '', '   ', 'A=b # note', 'B=c#d', '  # indented comment', 'C=x\t# tab comment'), 'x.env');
    assert.deepEqual(errors, []);
    assert.deepEqual(entries.map((e) => [e.name, e.value, e.loc.line]), [['A', 'b', 4], ['B', 'c#d', 5], ['C', 'x', 7]]);
  });

  it('keeps single-quoted values literal', () => {
    const { entries } = parseEnvFile("A='a\\nb ${X} # not a comment'", '.env');
    assert.equal(entries[0]!.value, 'a\\nb ${X} # not a comment');
    assert.equal(entries[0]!.quote, "'");
    assert.deepEqual(entries[0]!.valueLoc, { path: '.env', line: 1, column: 3, endLine: 1, endColumn: 30 });
  });

  it('unescapes double-quoted values and reads multi-line ones', () => {
    const { entries, errors } = parseEnvFile(lines('A="x\\ny \\"q\\" \\\\"  # c', 'B="line1', 'line2"', 'C=after'), '.env');
    assert.deepEqual(errors, []);
    assert.equal(entries[0]!.value, 'x\ny "q" \\');
    assert.equal(entries[0]!.quote, '"');
    assert.equal(entries[1]!.value, 'line1\nline2');
    assert.deepEqual(entries[1]!.valueLoc, { path: '.env', line: 2, column: 3, endLine: 3, endColumn: 7 });
    assert.deepEqual([entries[2]!.name, entries[2]!.loc.line], ['C', 4]);
  });

  it('handles CRLF line endings', () => {
    const { entries, errors } = parseEnvFile('A=1\r\nB="2"\r\n# c\r\nC=3 # x\r\n', '.env');
    assert.deepEqual(errors, []);
    assert.deepEqual(entries.map((e) => [e.name, e.value, e.loc.line]), [['A', '1', 1], ['B', '2', 2], ['C', '3', 4]]);
  });

  it('reports lines that are not assignments and keeps going', () => {
    const { entries, errors } = parseEnvFile(lines('A=1', 'not an assignment', '  1BAD=x', 'B=2'), '.env');
    assert.deepEqual(entries.map((e) => e.name), ['A', 'B']);
    assert.deepEqual(errors, [
      { path: '.env', line: 2, column: 1, reason: 'not a KEY=value assignment' },
      { path: '.env', line: 3, column: 3, reason: 'not a KEY=value assignment' },
    ]);
  });

  it('reports an unterminated quote without swallowing the rest as a value', () => {
    const { entries, errors } = parseEnvFile(lines('A="open', 'B=2'), '.env');
    assert.deepEqual(entries.map((e) => e.name), ['B']);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.line, 1);
    assert.equal(errors[0]!.column, 3);
    assert.match(errors[0]!.reason, /unterminated/);
  });

  it('reports text after a closing quote', () => {
    const { entries, errors } = parseEnvFile("A='x' junk", '.env');
    assert.equal(entries[0]!.value, 'x');
    assert.deepEqual(errors.map((e) => [e.line, e.column]), [[1, 6]]);
  });

  it('never puts a value into an error message', () => {
    const { errors } = parseEnvFile(lines('SECRET="hunter2-very-secret', 'garbage hunter2'), '.env');
    assert.ok(errors.length >= 1);
    for (const e of errors) assert.doesNotMatch(e.reason, /hunter2/);
  });
});
