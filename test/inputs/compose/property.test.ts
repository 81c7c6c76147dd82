/**
 * Property tests: whatever the input, the loader returns (a project or positioned
 * errors) and never throws.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadComposeProject, type ComposeLoadResult } from '../../../src/inputs/compose/load.ts';
import { parseEnvFile } from '../../../src/inputs/env/parse-env.ts';
import { lines, storeWith } from './helpers.ts';

const VALID = lines(
  'x-common: &common',
  '  restart: unless-stopped',
  '  environment:',
  '    TZ: ${TZ:-UTC}',
  'services:',
  '  web:',
  '    <<: *common',
  '    image: "nginx:1.27"',
  '    ports: ["127.0.0.1:8080:80", 443]',
  '    volumes:',
  '      - ./html:/usr/share/nginx/html:ro',
  '      - type: volume',
  '        source: cache',
  '        target: /cache',
  '    networks: [front]',
  '    env_file: app.env',
  '  worker:',
  '    extends: web',
  '    build: {context: ./worker}',
  '    command: ["run", "$${HOME}"]',
  '    cap_drop: [ALL]',
  'networks:',
  '  front: {internal: true}',
  'volumes:',
  '  cache:',
);

const TOKENS = [':', '-', '&a', '*a', '<<', '\t', '"', "'", '${', '}', '\n', '  ', '[', '{', '#', '---', '|', '!reset ', '*common'];

type Mutation = { at: number; op: 'delete'; len: number } | { at: number; op: 'insert'; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ at: fc.nat(), op: fc.constant('delete' as const), len: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ at: fc.nat(), op: fc.constant('insert' as const), text: fc.constantFrom(...TOKENS) }),
);

function mutate(text: string, mutations: Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    out = m.op === 'delete' ? out.slice(0, at) + out.slice(at + m.len) : out.slice(0, at) + m.text + out.slice(at);
  }
  return out;
}

function run(main: string, overlay?: string): ComposeLoadResult {
  const files: Record<string, string> = { 'compose.yml': main, 'app.env': 'A=1\nB="x"\n', '.env': 'TZ=Europe/Paris\n' };
  if (overlay !== undefined) files['compose.override.yml'] = overlay;
  return loadComposeProject(overlay === undefined ? ['compose.yml'] : ['compose.yml', 'compose.override.yml'], storeWith(files));
}

function checkResult(r: ComposeLoadResult): void {
  assert.ok(Array.isArray(r.errors));
  for (const e of r.errors) {
    assert.equal(typeof e.path, 'string');
    assert.ok(e.path.length > 0);
    assert.equal(typeof e.reason, 'string');
    if (e.line !== undefined) assert.ok(e.line >= 1);
  }
  if (r.notCompose) assert.deepEqual(r.errors, []);
  else assert.ok(r.project !== undefined || r.errors.length > 0, 'either a project or errors');
  for (const s of r.project?.services ?? []) {
    assert.ok(s.loc.line >= 1 && s.loc.column >= 1);
    for (const p of s.ports) assert.ok(p.keyPath.startsWith(`services.`));
  }
}

describe('loader properties', () => {
  it('the valid document loads cleanly', () => {
    const r = run(VALID);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.project?.services.map((s) => s.name), ['web', 'worker']);
  });

  it('never throws on mutated documents', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 8 }), (ms) => {
        checkResult(run(mutate(VALID, ms)));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on mutated overlays', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (ms) => {
        checkResult(run(VALID, mutate(VALID, ms)));
      }),
      { numRuns: 150 },
    );
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ unit: fc.constantFrom(...TOKENS, 'a', 'services', ' ', 'x'), maxLength: 40 }), (s, t) => {
        checkResult(run(s));
        checkResult(run(`services:\n  a:\n    ${t}`));
      }),
      { numRuns: 300 },
    );
  });

  it('parseEnvFile never throws and positions every error', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('A', '=', '"', "'", '\\', '\n', '\r\n', ' ', '#', 'export ', '$', 'x'), maxLength: 60 }), (text) => {
        const { entries, errors } = parseEnvFile(text, '.env');
        for (const e of errors) assert.ok(e.line !== undefined && e.line >= 1 && e.path === '.env');
        for (const e of entries) assert.ok(e.loc.line >= 1 && e.valueLoc.line >= e.loc.line);
      }),
      { numRuns: 300 },
    );
  });
});
