/**
 * Property tests: random and mutated configs never make the nginx parser or loader
 * throw; they always give a model or positioned errors, and tokens map back onto the text.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { loadNginxConfig } from '../../../src/inputs/nginx/load.ts';
import { parseNginxFile } from '../../../src/inputs/nginx/parse.ts';
import type { NginxDirective } from '../../../src/inputs/nginx/parse.ts';
import { tokenizeNginx } from '../../../src/inputs/nginx/tokenize.ts';
import { SourceStore } from '../../../src/inputs/source.ts';
import { mutation, mutate, PIECES } from './oracle-helpers.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');

const pieceText = fc.array(fc.constantFrom(...PIECES), { maxLength: 120 }).map((a) => a.join(''));
const anyText = fc.string({ unit: 'binary', maxLength: 400 });

function fixtureTexts(): string[] {
  const out: string[] = [];
  for (const name of readdirSync(FIXTURES)) {
    const file = join(FIXTURES, name, 'nginx.conf');
    if (statSync(file, { throwIfNoEntry: false })?.isFile()) out.push(readFileSync(file, 'utf8'));
  }
  return out;
}

function lineCount(text: string): number {
  return text.split('\n').length;
}

function checkParse(text: string): void {
  const lines = lineCount(text);
  const { tokens } = tokenizeNginx(text, { comments: true });
  for (const t of tokens) {
    if (t.kind !== 'comment') assert.equal(text.slice(t.start.offset, t.end.offset), t.raw);
    assert.ok(t.start.offset <= t.end.offset && t.end.offset <= text.length);
  }
  const parsed = parseNginxFile(text, 'f.conf');
  assert.ok(parsed.errors.length <= 1);
  for (const e of parsed.errors) {
    assert.ok(Number.isInteger(e.line) && e.line >= 1 && e.line <= lines, `line ${e.line} of ${lines}`);
    assert.ok(Number.isInteger(e.column) && e.column >= 1);
    assert.equal(e.path, 'f.conf');
  }
  const walk = (list: readonly NginxDirective[]): void => {
    for (const d of list) {
      assert.ok(d.loc.line >= 1 && d.loc.line <= lines);
      for (const a of d.args) assert.ok(a.loc.line >= d.loc.line);
      if (d.block) walk(d.block);
    }
  };
  walk(parsed.directives);
}

describe('nginx parser properties', () => {
  const root = mkdtempSync(join(tmpdir(), 'bulwark-nginx-prop-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const fixtures = fixtureTexts();

  const checkLoad = (text: string): void => {
    const store = new SourceStore(root);
    store.put('nginx.conf', text);
    store.put('x.conf', text.slice(0, 200));
    const { config, errors } = loadNginxConfig('nginx.conf', store);
    assert.ok(config, 'a readable main file always gives a model');
    for (const e of errors) {
      assert.ok(e.line !== undefined && e.line >= 1, JSON.stringify(e));
      assert.ok(e.column !== undefined && e.column >= 1, JSON.stringify(e));
    }
    if (errors.length === 0) assert.equal(config.complete, true);
    for (const s of config.servers) for (const l of s.listens) assert.ok(l.loc.line >= 1);
  };

  it('never throws on random text built from grammar pieces', () => {
    fc.assert(fc.property(pieceText, (text) => {
      checkParse(text);
      checkLoad(text);
    }), { numRuns: 400 });
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(anyText, (text) => {
      checkParse(text);
      checkLoad(text);
    }), { numRuns: 300 });
  });

  it('never throws on mutated fixtures', () => {
    fc.assert(fc.property(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 6 }), (text, ms) => {
      const t = mutate(text, ms);
      checkParse(t);
      checkLoad(t);
    }), { numRuns: 400 });
  });
});
