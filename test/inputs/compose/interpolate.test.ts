import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interpolate } from '../../../src/inputs/compose/interpolate.ts';

const env: Record<string, string> = { SET: 'value', EMPTY: '', B: 'bee' };
const lookup = (name: string): string | undefined => (Object.hasOwn(env, name) ? env[name] : undefined);
const value = (text: string): string => interpolate(text, lookup).value;

describe('interpolate', () => {
  it('expands $VAR and ${VAR}; unset gives empty', () => {
    assert.equal(value('a-$SET-b'), 'a-value-b');
    assert.equal(value('${SET}x'), 'valuex');
    assert.equal(value('[$MISSING][${MISSING}]'), '[][]');
    assert.equal(value('$SET.suffix'), 'value.suffix');
  });

  it('turns $$ into a literal $ and leaves odd dollars alone', () => {
    assert.equal(value('$$SET $${SET}'), '$SET ${SET}');
    assert.equal(value('cost: 5$ $1 $'), 'cost: 5$ $1 $');
    assert.equal(value('${unterminated'), '${unterminated');
    assert.equal(value('${1BAD} ${}'), '${1BAD} ${}');
  });

  it('applies :- and - defaults', () => {
    assert.equal(value('${MISSING:-d}'), 'd');
    assert.equal(value('${EMPTY:-d}'), 'd');
    assert.equal(value('${SET:-d}'), 'value');
    assert.equal(value('${MISSING-d}'), 'd');
    assert.equal(value('${EMPTY-d}'), '');
    assert.equal(value('${MISSING:-}'), '');
  });

  it('applies :+ and + alternatives', () => {
    assert.equal(value('${SET:+alt}'), 'alt');
    assert.equal(value('${EMPTY:+alt}'), '');
    assert.equal(value('${EMPTY+alt}'), 'alt');
    assert.equal(value('${MISSING+alt}'), '');
  });

  it('treats :? and ? as required markers without failing', () => {
    assert.equal(value('${SET:?need it}'), 'value');
    assert.equal(value('${MISSING:?need it}'), '');
    assert.equal(value('${EMPTY?need it}'), '');
  });

  it('resolves nested defaults', () => {
    assert.equal(value('${MISSING:-${B:-x}}'), 'bee');
    assert.equal(value('${MISSING:-${NOPE:-x}}'), 'x');
    assert.equal(value('${SET:-${B}}'), 'value');
    assert.equal(value('${MISSING:-a}${B}'), 'abee');
    assert.equal(value('${MISSING:-$${literal}}'), '${literal}');
  });

  it('records every reference in order with its source and whether the operand decided', () => {
    const r = interpolate('${MISSING:-${B:-x}} $SET ${EMPTY:+alt}', lookup);
    assert.deepEqual(r.vars, [
      { name: 'MISSING', source: 'unset', usedDefault: true, operator: ':-', operand: '${B:-x}' },
      { name: 'B', source: 'env', usedDefault: false, operator: ':-', operand: 'x' },
      { name: 'SET', source: 'env', usedDefault: false },
      { name: 'EMPTY', source: 'env', usedDefault: false, operator: ':+', operand: 'alt' },
    ]);
  });

  it('is bounded on absurd nesting', () => {
    const deep = '${A:-'.repeat(5000) + 'x' + '}'.repeat(5000);
    assert.equal(typeof value(deep), 'string');
  });
});
