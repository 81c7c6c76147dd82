import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ALPHABETS, entropyBits, generateSecret, randomString, specLike } from '../../src/secrets/generate.ts';
import { plaintextNames, restartHints } from '../../src/secrets/restart-hints.ts';
import { rotateValues } from '../../src/secrets/rotate.ts';
import { parseDotenv } from '../../src/secrets/sops/dotenv-codec.ts';
import { DEFAULT_RULE } from '../../src/secrets/sops/rules.ts';
import { tempDir } from './helpers.ts';

const only = (alphabet: string, s: string): boolean => [...s].every((c) => alphabet.includes(c));

describe('gen', () => {
  it('draws exactly --length characters from the alphabet', () => {
    for (const encoding of ['hex', 'base64', 'base64url', 'alnum'] as const) {
      for (const length of [1, 16, 43, 64, 100]) {
        const s = generateSecret({ encoding, length });
        assert.equal(s.length, length);
        assert.ok(only(ALPHABETS[encoding], s), `${encoding} ${length}`);
      }
    }
  });
  it('encodes --bytes random bytes (default 32)', () => {
    assert.match(generateSecret({ encoding: 'hex' }), /^[0-9a-f]{64}$/);
    assert.equal(Buffer.from(generateSecret({ encoding: 'base64', bytes: 32 }), 'base64').length, 32);
    assert.match(generateSecret({ encoding: 'base64', bytes: 32 }), /^[A-Za-z0-9+/]{43}=$/);
    assert.match(generateSecret({ encoding: 'base64url', bytes: 32 }), /^[A-Za-z0-9_-]{43}$/);
    assert.match(generateSecret({ encoding: 'alnum', bytes: 32 }), /^[A-Za-z0-9]{43}$/);
    assert.ok(entropyBits({ encoding: 'alnum', bytes: 32 }) >= 256);
  });
  it('is uniform enough: every symbol of the alphabet shows up, no modulo bias towards the start', () => {
    const s = randomString(ALPHABETS.alnum, 62_000);
    const counts = new Map<string, number>();
    for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
    assert.equal(counts.size, 62);
    for (const n of counts.values()) assert.ok(n > 800 && n < 1200, String(n));
  });
  it('rejects sizes out of range', () => {
    assert.throws(() => generateSecret({ encoding: 'hex', length: 0 }), /from 1 to/);
    assert.throws(() => generateSecret({ encoding: 'hex', bytes: 5000 }), /from 1 to/);
  });
  it('shapes a new value like the old one, raising weak lengths', () => {
    assert.deepEqual(specLike('a'.repeat(64)), { encoding: 'hex', length: 64 });
    assert.deepEqual(specLike('abc123'), { encoding: 'hex', length: 64 });
    assert.deepEqual(specLike('Zq8vN3kLw2Rt7pXy5sHb4dMf'), { encoding: 'alnum', length: 24 });
    assert.deepEqual(specLike('hunter2'), { encoding: 'alnum', length: 43 });
    assert.deepEqual(specLike('ab-cd_ef'.repeat(4)), { encoding: 'base64url', length: 32 });
    assert.deepEqual(specLike(Buffer.alloc(32, 250).toString('base64')), { encoding: 'base64', bytes: 32 });
    assert.deepEqual(specLike('p@ss word!'), { encoding: 'base64url', bytes: 32 });
  });
});

describe('rotate', () => {
  const items = parseDotenv('# db\nDB_PASSWORD=old-password-1234\nAPI_KEY=' + 'f'.repeat(64) + '\nKEEP=same\nDB_PASSWORD=old-password-1234\nNOTE_unencrypted=x\n');
  it('changes only the named keys (every line of a duplicated key, with one new value)', () => {
    const r = rotateValues(items, ['DB_PASSWORD', 'API_KEY'], DEFAULT_RULE);
    const get = (k: string) => r.items.filter((i) => i.kind === 'pair' && i.key === k).map((i) => (i.kind === 'pair' ? i.value : ''));
    const [a, b] = get('DB_PASSWORD');
    assert.equal(a, b);
    assert.notEqual(a, 'old-password-1234');
    assert.match(get('API_KEY')[0]!, /^[0-9a-f]{64}$/);
    assert.notEqual(get('API_KEY')[0], 'f'.repeat(64));
    assert.deepEqual(get('KEEP'), ['same']);
    assert.deepEqual(r.items[0], items[0]);
    assert.deepEqual(r.rotated.map((x) => [x.key, x.lines]), [['DB_PASSWORD', 2], ['API_KEY', 1]]);
    assert.ok(!JSON.stringify(r.rotated).includes(a!));
  });
  it('refuses unknown keys and keys the rule keeps readable', () => {
    assert.throws(() => rotateValues(items, ['NOPE'], DEFAULT_RULE), /no such key in the file: NOPE/);
    assert.throws(() => rotateValues(items, ['NOTE_unencrypted'], DEFAULT_RULE), /stored unencrypted/);
  });
  it('uses an explicit spec when given, and flags database init passwords', () => {
    const r = rotateValues(parseDotenv('POSTGRES_PASSWORD=x\n'), ['POSTGRES_PASSWORD'], DEFAULT_RULE, { encoding: 'hex', length: 40 });
    assert.match(r.items[0]!.kind === 'pair' ? r.items[0]!.value : '', /^[0-9a-f]{40}$/);
    assert.deepEqual(r.initOnly, ['POSTGRES_PASSWORD']);
  });
});

describe('restart hints', () => {
  let work: ReturnType<typeof tempDir>;
  before(() => {
    work = tempDir();
    writeFileSync(
      join(work.dir, 'compose.yaml'),
      [
        'services:',
        '  api:',
        '    image: app:1',
        '    env_file: .env',
        '  worker:',
        '    image: app:1',
        '    environment:',
        '      DATABASE_PASSWORD: ${DB_PASSWORD}',
        '  web:',
        '    image: nginx:1.27',
        '  db:',
        '    image: postgres:16',
        '    environment:',
        '      - POSTGRES_PASSWORD=${DB_PASSWORD:?set it}',
        '',
      ].join('\n'),
    );
  });
  after(() => work.cleanup());

  it('names the services that read the file or interpolate the keys', () => {
    const hint = restartHints(join(work.dir, '.env.enc'), ['DB_PASSWORD', 'OTHER'])!;
    assert.equal(hint.composeFile, 'compose.yaml');
    assert.deepEqual(hint.services, [
      { name: 'api', keys: ['DB_PASSWORD', 'OTHER'] },
      { name: 'worker', keys: ['DB_PASSWORD'] },
      { name: 'db', keys: ['DB_PASSWORD'] },
    ]);
  });
  it('for another file only env_file users count, and no compose file means no hint', () => {
    assert.deepEqual(restartHints(join(work.dir, 'secrets.enc.env'), ['DB_PASSWORD'])!.services, []);
    assert.equal(restartHints(join(work.dir, 'nowhere', 'x.env'), ['A']), undefined);
    assert.deepEqual(plaintextNames('app.enc.env'), ['app.enc.env', 'app.env']);
    assert.deepEqual(plaintextNames('.env.enc'), ['.env.enc', '.env']);
  });
});
