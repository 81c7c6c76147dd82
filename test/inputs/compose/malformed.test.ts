import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lines, load } from './helpers.ts';

/** Load a single broken main file: no throw, no project, and positioned errors. */
function broken(text: string): { line?: number; column?: number; reason: string }[] {
  const r = load({ 'compose.yml': text });
  assert.equal(r.project, undefined);
  assert.notEqual(r.notCompose, true);
  assert.ok(r.errors.length > 0);
  for (const e of r.errors) assert.equal(e.path, 'compose.yml');
  return r.errors.map(({ line, column, reason }) => ({ line, column, reason }));
}

describe('malformed compose files', () => {
  it('bad indentation', () => {
    assert.deepEqual(broken(lines('services:', '  web:', '    image: x', '   user: y')), [
      { line: 4, column: 1, reason: 'All mapping items must start at the same column' },
    ]);
  });

  it('duplicate keys', () => {
    assert.deepEqual(broken(lines('services:', '  web:', '    image: x', '    image: y')), [
      { line: 4, column: 5, reason: 'Map keys must be unique' },
    ]);
  });

  it('tabs as indentation', () => {
    const errors = broken(lines('services:', '  web:', '\timage: x'));
    assert.equal(errors[0]!.line, 3);
    assert.equal(errors[0]!.column, 1);
    assert.match(errors[0]!.reason, /Tabs are not allowed/);
  });

  it('a billion laughs document is refused quickly', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const text = lines(...levels.map((l) => `x-${l}`), 'services:', '  web:', '    image: x', '    command: *i');
    const started = Date.now();
    const errors = broken(text);
    assert.ok(Date.now() - started < 2000, 'must not expand the aliases');
    assert.deepEqual(errors.map((e) => [e.line, e.column]), [[1, 1]]);
    assert.match(errors[0]!.reason, /aliases expand to more than/);
  });

  it('an empty file and a comment-only file', () => {
    assert.deepEqual(broken(''), [{ line: 1, column: 1, reason: 'empty file: no YAML document' }]);
    assert.deepEqual(broken('# nothing here\n'), [{ line: 1, column: 1, reason: 'empty file: no YAML document' }]);
  });

  it('a scalar or a list at the top level', () => {
    assert.deepEqual(broken('just a string\n'), [{ line: 1, column: 1, reason: 'the top level is a string value, not a mapping of compose keys' }]);
    assert.deepEqual(broken('- a\n- b\n'), [{ line: 1, column: 1, reason: 'the top level is a list, not a mapping of compose keys' }]);
  });

  it('an unterminated quote and an unclosed flow sequence', () => {
    assert.equal(broken(lines('services:', '  web:', '    image: "x')).at(0)!.line, 4);
    assert.equal(broken(lines('services:', '  web:', '    ports: [80,')).length > 0, true);
  });

  it('several YAML documents: the first is loaded, the second is reported', () => {
    const r = load({ 'compose.yml': lines('services:', '  a:', '    image: x', '---', 'services:', '  b:', '    image: y') });
    assert.deepEqual(r.project?.services.map((s) => s.name), ['a']);
    assert.deepEqual(r.errors, [{ path: 'compose.yml', line: 4, column: 1, reason: 'more than one YAML document in a compose file; only the first is loaded' }]);
  });

  it('unresolved and self-referencing aliases, and a bad merge value', () => {
    const r = load({ 'compose.yml': lines('services:', '  a:', '    image: *nope', '    command: &c [run, *c]', '    <<: 5', '  b:', '    image: y') });
    assert.ok(r.project);
    assert.deepEqual(r.errors.map((e) => [e.line, e.column, e.reason]), [
      [3, 12, 'unresolved alias *nope'],
      [4, 23, 'alias *c refers to its own anchor'],
      [5, 9, 'a merge key (<<) needs a mapping or a list of mappings'],
    ]);
  });

  it('a services entry that is not a mapping is not compose; a non-mapping service in an overlay is reported', () => {
    assert.deepEqual(load({ 'compose.yml': lines('services:', '  a: 1') }), { notCompose: true, errors: [] });
    const r = load({ 'compose.yml': lines('services:', '  a:', '    image: x'), 'o.yml': lines('services:', '  a: [oops]') }, ['compose.yml', 'o.yml']);
    assert.deepEqual(r.errors, [{ path: 'o.yml', line: 2, column: 3, reason: 'service "a" must be a mapping, not a list' }]);
  });

  it('YAML that is not compose is flagged notCompose without errors', () => {
    assert.deepEqual(load({ 'compose.yml': lines('apiVersion: v1', 'kind: Service', 'spec: {}', '---', 'kind: Deployment') }), { notCompose: true, errors: [] });
    assert.deepEqual(load({ 'compose.yml': lines('services: [a, b]') }), { notCompose: true, errors: [] });
    assert.deepEqual(load({ 'compose.yml': lines('services:') }), { notCompose: true, errors: [] });
  });

  it('a main file that cannot be read', () => {
    const r = load({}, ['missing/compose.yml']);
    assert.deepEqual(r, { errors: [{ path: 'missing/compose.yml', reason: 'no such file or directory' }] });
  });

  it('no files at all', () => {
    const r = load({}, []);
    assert.equal(r.project, undefined);
    assert.equal(r.errors.length, 1);
  });

  it('never copies file content into error reasons', () => {
    const errors = broken(lines('services:', '  web:', '    environment:', '      PASSWORD: hunter2-secret', '      PASSWORD: hunter2-secret'));
    assert.equal(errors.length, 1);
    for (const e of errors) assert.doesNotMatch(e.reason, /hunter2/);
  });

  it('absurdly deep nesting is an error, not a crash', () => {
    const depth = 20000;
    const r = load({ 'compose.yml': `services:\n  a:\n    command: ${'['.repeat(depth)}${']'.repeat(depth)}\n` });
    assert.equal(Array.isArray(r.errors), true);
    if (!r.project) assert.ok(r.errors.length > 0 && r.errors.every((e) => e.path === 'compose.yml'));
  });
});
