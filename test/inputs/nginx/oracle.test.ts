/**
 * Oracle test: the real nginx (Debian's package) judges every fixture under
 * `fixtures/` and a sample of mutated fixtures, and our parser must agree:
 *
 * - nginx accepts ⇒ we load it with no error, and our include expansion lists the same
 *   files, in the same order, as `nginx -T` dumps;
 * - nginx rejects for a grammar reason ⇒ our first error in that file is on the line
 *   nginx names (`in FILE:LINE`), with nginx's wording;
 * - nginx rejects for another reason (unknown directive, bad value, missing include) ⇒
 *   we report no grammar error before that line; a missing include is ours to report
 *   on the same line, and nginx's crash on an include cycle is an error for us too.
 *
 * Fixture names say what nginx must do with them (`ok-`, `bad-`, `semantic-`), so a
 * change of nginx or of a fixture that flips the verdict fails loudly. A missing nginx
 * or module is a failure, not a skip (CI installs nginx, libnginx-mod-http-lua and
 * libnginx-mod-stream).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { expandNginxConfig } from '../../../src/inputs/nginx/include.ts';
import { loadNginxConfig, storeAccess } from '../../../src/inputs/nginx/load.ts';
import { SourceStore } from '../../../src/inputs/source.ts';
import {
  fixtureTexts,
  isSyntaxMessage,
  materialize,
  missingModulePackages,
  modulesFor,
  mutate,
  mutation,
  NGINX,
  nginxAvailable,
  runNginx,
  setUpOracle,
} from './oracle-helpers.ts';
import type { NginxVerdict, OptionalModule, OracleEnv } from './oracle-helpers.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixtures = readdirSync(FIXTURES).sort();

/** Fixtures whose mutations stay offline: no host names nginx would resolve at startup. */
const FUZZ_BASES = ['ok-weird-quoting', 'ok-nested-locations', 'ok-lua-blocks', 'ok-hardened-headers', 'ok-long-token', 'ok-backslash-and-unicode', 'ok-map-geo-types', 'ok-crlf'];
/** More runs or another seed for a local hunt: BULWARK_NGINX_FUZZ=runs[:seed]. */
const [FUZZ_RUNS, FUZZ_SEED] = (process.env['BULWARK_NGINX_FUZZ'] ?? '150:20240611').split(':').map(Number) as [number, number?];

interface Tally {
  accepted: number;
  syntax: number;
  semantic: number;
  crashed: number;
  agreed: number;
}

function ours(dir: string) {
  const { config, errors } = loadNginxConfig('nginx.conf', new SourceStore(dir));
  assert.ok(config, `the main file loads: ${JSON.stringify(errors)}`);
  // The loader's errors, split the way the expander reports them.
  const { syntaxErrors } = expandNginxConfig('nginx.conf', storeAccess(new SourceStore(dir)));
  return { config, errors, syntax: syntaxErrors };
}

/** nginx prints one byte of a multi-byte character (`unexpected "\uFFFD"` once decoded); we name the character. */
function sameMessage(ours: string, theirs: string): boolean {
  if (!theirs.includes('\uFFFD')) return ours === theirs;
  const pattern = theirs.split('\uFFFD').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.');
  return new RegExp(`^${pattern}$`, 'u').test(ours);
}

/** The agreement rules above; returns which kind of verdict it was. */
function compare(name: string, verdict: NginxVerdict, dir: string): keyof Omit<Tally, 'agreed'> {
  const mine = ours(dir);
  const where = `${name}: nginx said ${verdict.ok ? 'ok' : `${verdict.message ?? `status ${verdict.status}`} in ${verdict.file}:${verdict.line}`}; we said ${JSON.stringify(mine.errors)}`;
  if (verdict.ok) {
    assert.deepEqual(mine.syntax, [], where);
    assert.equal(mine.config.complete, true, where);
    return 'accepted';
  }
  if (verdict.message === undefined) return 'crashed';
  if (verdict.line === undefined) return 'semantic';
  if (isSyntaxMessage(verdict.message)) {
    const first = mine.syntax.find((e) => e.path === verdict.file);
    assert.ok(first, where);
    assert.deepEqual({ path: first.path, line: first.line }, { path: verdict.file, line: verdict.line }, where);
    assert.ok(sameMessage(first.reason, verdict.message), where);
    return 'syntax';
  }
  const early = mine.syntax.find((e) => e.path === verdict.file && e.line! < verdict.line!);
  assert.equal(early, undefined, where);
  if (/^open\(\) ".*" failed/.test(verdict.message)) {
    assert.ok(mine.errors.some((e) => e.path === verdict.file && e.line === verdict.line), where);
  }
  return 'semantic';
}

describe('nginx parser agrees with the real nginx', () => {
  let env: OracleEnv;
  const tally: Tally = { accepted: 0, syntax: 0, semantic: 0, crashed: 0, agreed: 0 };
  const fuzz: Tally = { accepted: 0, syntax: 0, semantic: 0, crashed: 0, agreed: 0 };

  before(() => {
    assert.ok(nginxAvailable(), `${NGINX} is missing: install nginx (CI does)`);
    env = setUpOracle();
  });
  after(() => {
    if (env) rmSync(env.work, { recursive: true, force: true });
  });

  it('runs against the real nginx and its modules (missing ones are a failure, not a skip)', () => {
    assert.ok(nginxAvailable(), `${NGINX} is missing: install nginx (CI does)`);
    const needed = new Set<OptionalModule>(fixtures.flatMap((f) => modulesFor(fixtureTexts(join(FIXTURES, f)))));
    assert.deepEqual(missingModulePackages([...needed]), [], 'install these packages');
  });

  it('has fixtures of every kind', () => {
    assert.ok(fixtures.filter((f) => f.startsWith('ok-')).length >= 10);
    assert.ok(fixtures.filter((f) => f.startsWith('bad-')).length >= 15);
    assert.ok(fixtures.filter((f) => f.startsWith('semantic-')).length >= 4);
    assert.ok(fixtures.every((f) => /^(?:ok|bad|semantic)-/.test(f)), 'fixture names start with ok-, bad- or semantic-');
  });

  for (const name of fixtures) {
    it(name, () => {
      const dir = join(FIXTURES, name);
      const modules = modulesFor(fixtureTexts(dir));
      const copy = materialize(env, { dir });
      const verdict = runNginx(copy, '-t', modules);
      if (name.startsWith('ok-')) assert.ok(verdict.ok, `nginx must accept ${name}: ${verdict.stderr}`);
      if (name.startsWith('bad-')) assert.ok(verdict.message !== undefined && isSyntaxMessage(verdict.message), `nginx must reject ${name} for a syntax reason: ${verdict.stderr}`);
      if (name.startsWith('semantic-')) assert.ok(!verdict.ok && (verdict.message === undefined || !isSyntaxMessage(verdict.message)), `nginx must reject ${name} for another reason: ${verdict.stderr}`);
      const kind = compare(name, verdict, dir);
      tally[kind]++;
      tally.agreed++;
      if (verdict.ok) {
        const dump = runNginx(copy, '-T', modules);
        assert.ok(dump.dumped, dump.stderr);
        assert.deepEqual(ours(dir).config.files, dump.dumped, 'files read, as nginx -T lists them');
      }
      if (kind === 'crashed') {
        assert.ok(ours(dir).errors.length > 0, 'nginx could not load it: we report an error too');
      }
    });
  }

  it(`agrees on ${FUZZ_RUNS} mutated fixtures`, () => {
    const cases = fc.sample(fc.tuple(fc.constantFrom(...FUZZ_BASES), fc.array(mutation, { minLength: 1, maxLength: 4 })), { numRuns: FUZZ_RUNS, seed: FUZZ_SEED ?? 20240611 });
    for (const [i, [base, ms]] of cases.entries()) {
      const orig = mkdtempSync(join(env.work, 'fuzz-'));
      cpSync(join(FIXTURES, base), orig, { recursive: true });
      const text = mutate(readFileSync(join(FIXTURES, base, 'nginx.conf'), 'utf8'), ms);
      writeFileSync(join(orig, 'nginx.conf'), text);
      const copy = materialize(env, { dir: orig });
      const verdict = runNginx(copy, '-t', modulesFor(fixtureTexts(join(FIXTURES, base))));
      const kind = compare(`fuzz #${i} (${base}, ${JSON.stringify(ms)})`, verdict, orig);
      fuzz[kind]++;
      fuzz.agreed++;
    }
    assert.equal(fuzz.agreed, FUZZ_RUNS);
  });

  it('summary', (t) => {
    t.diagnostic(`fixtures: ${JSON.stringify(tally)}`);
    t.diagnostic(`mutated: ${JSON.stringify(fuzz)}`);
  });
});

