import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SecretsError } from '../../src/secrets/errors.ts';
import { parseDotenv, serializeDotenv, splitMetadata } from '../../src/secrets/sops/dotenv-codec.ts';
import type { DotenvItem } from '../../src/secrets/sops/dotenv-codec.ts';
import { metadataItems, normalizeTimestamp, readMetadata, timestampNow } from '../../src/secrets/sops/metadata.ts';
import type { SopsMetadata } from '../../src/secrets/sops/metadata.ts';
import { compileRe2, DEFAULT_RULE, RuleWalker } from '../../src/secrets/sops/rules.ts';
import type { EncryptionRule } from '../../src/secrets/sops/rules.ts';
import { decryptWithKey, plaintextOf, readSopsDotenv, sealDotenv } from '../../src/secrets/sops/sops-dotenv.ts';
import { decryptValue, encryptValue } from '../../src/secrets/sops/value-cipher.ts';

// Real sops 3.13.1 output (functional-tests/res/format.enc.env), spec §8. The data key was
// recovered from its PGP wrapping with sops's public functional-test key.
const VECTOR_KEY = Buffer.from('322d9a97997823fb2bf42f55a6c26100cbaf0520cf88bb7ebee1cf47dd6d318d', 'hex');
const VECTOR_LINE = 'foo =ENC[AES256_GCM,data:XBV7lQ==,iv:d1FvB2AftTKfYFDO2XspPuv5IKcRhrljmRNCtbWoj7Q=,tag:pprVAdWf3q4Bb4oRPXZlBQ==,type:str]';
const VECTOR_MAC =
  'ENC[AES256_GCM,data:evEAiDYeDG8/wtRoQbbpbjsGYvSct7SGOsFVKnph18e+6xQ9xqV6IwAtkxlfAizUpnkJSYvzebj5ZwI93DEl+lr8gA+JKTxw7YtEr9NejTz6lXaJtjKUZ9dmzqWkUoI/rexbaMncet9SLeKldrpGwA2DNdwjBYGj5FI8nRuN6DU=,iv:fQ864RUZhmoDzyLaYV1ET3faFHnlOszNAtddT1/nAoo=,tag:c98HSPfDpN7abMb66clDWw==,type:str]';
const VECTOR_FILE = [
  VECTOR_LINE,
  'sops_lastmodified=2026-05-22T20:15:29Z',
  `sops_mac=${VECTOR_MAC}`,
  // The PGP entry's fields as sops writes them (values shortened: we keep, never use them).
  'sops_pgp__list_0__map_created_at=2026-05-22T20:15:29Z',
  'sops_pgp__list_0__map_enc=-----BEGIN PGP MESSAGE-----\\n\\nwcBMA…\\n-----END PGP MESSAGE-----',
  'sops_pgp__list_0__map_fp=FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4',
  'sops_unencrypted_suffix=_unencrypted',
  'sops_version=3.13.1',
  '',
].join('\n');

function pairs(items: DotenvItem[]): [string, string][] {
  return items.flatMap((i) => (i.kind === 'pair' ? [[i.key, i.value] as [string, string]] : []));
}

describe('sops test vector (real sops 3.13.1 output)', () => {
  it('decrypts the value with AAD "foo :" to " bar"', () => {
    assert.equal(decryptValue(VECTOR_LINE.slice('foo ='.length), VECTOR_KEY, 'foo :').plaintext, ' bar');
  });
  it('decrypts the MAC with the timestamp as AAD, equal to SHA-512 of " bar"', () => {
    const mac = decryptValue(VECTOR_MAC, VECTOR_KEY, '2026-05-22T20:15:29Z').plaintext;
    assert.ok(mac.startsWith('479588A10E5427BA281DB4BFDE3577DA'));
    assert.equal(mac, createHash('sha512').update(' bar').digest('hex').toUpperCase());
  });
  it('reads the whole file, keeps the PGP entry, verifies the MAC', () => {
    const { data, metadata } = readSopsDotenv(VECTOR_FILE);
    assert.equal(metadata.age.length, 0);
    assert.deepEqual([...metadata.otherEntries.keys()], ['pgp__list_0__map_created_at', 'pgp__list_0__map_enc', 'pgp__list_0__map_fp']);
    const { items } = decryptWithKey(data, metadata, VECTOR_KEY);
    assert.deepEqual(pairs(items), [['foo ', ' bar']]);
    assert.equal(plaintextOf(items), 'foo = bar\n');
  });
  it('re-sealing with the same key keeps the value ciphertext and the PGP entry, with a new MAC', () => {
    const { data, metadata } = readSopsDotenv(VECTOR_FILE);
    const { items, stash } = decryptWithKey(data, metadata, VECTOR_KEY);
    const sealed = sealDotenv(items, metadata, VECTOR_KEY, stash, new Date('2030-01-02T03:04:05.678Z'));
    const lines = sealed.split('\n');
    assert.equal(lines[0], VECTOR_LINE);
    assert.ok(lines.includes('sops_lastmodified=2030-01-02T03:04:05Z'));
    assert.ok(lines.includes('sops_pgp__list_0__map_fp=FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4'));
    const again = readSopsDotenv(sealed);
    assert.deepEqual(pairs(decryptWithKey(again.data, again.metadata, VECTOR_KEY).items), [['foo ', ' bar']]);
  });
  it('detects a changed value, MAC, iv, timestamp or key name, naming the key and never the plaintext', () => {
    const cases: [string, string, RegExp][] = [
      ['value data', VECTOR_FILE.replace('data:XBV7lQ==', 'data:XBV7lA=='), /value of foo  failed authentication/],
      ['iv', VECTOR_FILE.replace('iv:d1FvB2Af', 'iv:d1FvB2Ag'), /value of foo  failed authentication/],
      ['tag', VECTOR_FILE.replace('tag:pprVAdWf', 'tag:pprVAdWg'), /value of foo  failed authentication/],
      ['key renamed', VECTOR_FILE.replace('foo =ENC', 'baz =ENC'), /value of baz  failed authentication/],
      ['MAC', VECTOR_FILE.replace('data:evEAiDYe', 'data:evEAiDYf'), /MAC \(sops_mac\) does not decrypt/],
      ['timestamp', VECTOR_FILE.replace('lastmodified=2026-05-22T20:15:29Z', 'lastmodified=2026-05-22T20:15:30Z'), /sops_mac\) does not decrypt/],
    ];
    for (const [what, text, expected] of cases) {
      const { data, metadata } = readSopsDotenv(text);
      assert.throws(
        () => decryptWithKey(data, metadata, VECTOR_KEY),
        (err: Error) => err instanceof SecretsError && expected.test(err.message) && !err.message.includes('bar'),
        what,
      );
    }
  });
  it('detects a value swapped for another valid ciphertext through the MAC', () => {
    const other = encryptValue('something else', VECTOR_KEY, 'foo :');
    const { data, metadata } = readSopsDotenv(VECTOR_FILE.replace(VECTOR_LINE, `foo =${other}`));
    assert.throws(() => decryptWithKey(data, metadata, VECTOR_KEY), /MAC mismatch/);
  });
  it('refuses a file without a MAC and a hand-added plaintext value', () => {
    const noMac = readSopsDotenv(VECTOR_FILE.replace(`sops_mac=${VECTOR_MAC}`, 'sops_mac='));
    assert.throws(() => decryptWithKey(noMac.data, noMac.metadata, VECTOR_KEY), /no MAC/);
    const added = readSopsDotenv(`NEW=plain\n${VECTOR_FILE}`);
    assert.throws(() => decryptWithKey(added.data, added.metadata, VECTOR_KEY), /value of NEW is not encrypted/);
  });
});

describe('dotenv layout', () => {
  it('drops empty lines, keeps keys and values verbatim, unescapes \\n', () => {
    const items = parseDotenv('A=1\n\n#  note\n export B = "x" \nC=a\\nb\r\nD==\n=e\n');
    assert.deepEqual(items, [
      { kind: 'pair', key: 'A', value: '1' },
      { kind: 'comment', text: '  note' },
      { kind: 'pair', key: ' export B ', value: ' "x" ' },
      { kind: 'pair', key: 'C', value: 'a\nb\r' },
      { kind: 'pair', key: 'D', value: '=' },
      { kind: 'pair', key: '', value: 'e' },
    ]);
    assert.equal(serializeDotenv(items), 'A=1\n#  note\n export B = "x" \nC=a\\nb\r\nD==\n=e\n');
  });
  it('names the line of a line without "=", not its content', () => {
    assert.throws(() => parseDotenv('A=1\nsupersecretvalue\n'), (err: Error) => /line 2/.test(err.message) && !err.message.includes('supersecret'));
  });
  it('writes metadata sorted bytewise, age entries per recipient, rule always present', () => {
    const meta: SopsMetadata = {
      age: Array.from({ length: 11 }, (_, i) => ({ recipient: `age1r${i}`, enc: `E${i}\n` })),
      lastModified: '2030-01-01T00:00:00Z',
      mac: 'M',
      version: '3.13.2',
      rule: DEFAULT_RULE,
      macOnlyEncrypted: true,
      otherEntries: new Map([['pgp__list_0__map_fp', 'F']]),
    };
    const keys = metadataItems(meta).map((i) => (i.kind === 'pair' ? i.key : ''));
    assert.deepEqual(keys.slice(0, 4), ['sops_age__list_0__map_enc', 'sops_age__list_0__map_recipient', 'sops_age__list_10__map_enc', 'sops_age__list_10__map_recipient']);
    assert.deepEqual(keys.slice(-6), ['sops_lastmodified', 'sops_mac', 'sops_mac_only_encrypted', 'sops_pgp__list_0__map_fp', 'sops_unencrypted_suffix', 'sops_version']);
    const round = readMetadata(splitMetadata(parseDotenv(serializeDotenv(metadataItems(meta)))).metadata);
    assert.deepEqual(round, meta);
  });
  it('rejects Shamir key groups, incomplete lists and two rules', () => {
    assert.throws(() => readMetadata(new Map([['key_groups__list_0__map_age__list_0__map_enc', 'x'], ['lastmodified', 'x']])), /Shamir/);
    assert.throws(() => readMetadata(new Map([['age__list_1__map_enc', 'x'], ['age__list_1__map_recipient', 'r'], ['lastmodified', 'x']])), /incomplete list/);
    assert.throws(() => readMetadata(new Map([['encrypted_regex', 'a'], ['unencrypted_suffix', 'b'], ['lastmodified', 'x']])), /more than one/);
  });
  it('normalizes timestamps the way Go formats RFC 3339', () => {
    assert.equal(normalizeTimestamp('2026-05-22T20:15:29Z'), '2026-05-22T20:15:29Z');
    assert.equal(normalizeTimestamp('2026-05-22T20:15:29.123456Z'), '2026-05-22T20:15:29Z');
    assert.equal(normalizeTimestamp('2026-05-22T22:15:29+00:00'), '2026-05-22T22:15:29Z');
    assert.equal(normalizeTimestamp('2026-05-22T22:15:29+02:00'), '2026-05-22T22:15:29+02:00');
    assert.throws(() => normalizeTimestamp('yesterday'), /RFC 3339/);
    assert.equal(timestampNow(new Date('2030-01-02T03:04:05.999Z')), '2030-01-02T03:04:05Z');
  });
});

describe('encryption rules', () => {
  const decide = (rule: EncryptionRule, items: DotenvItem[]): boolean[] => {
    const w = new RuleWalker(rule);
    return items.map((i) => (i.kind === 'comment' ? w.comment(i.text) : w.value(i.key)));
  };
  const items = parseDotenv('# head\nA_unencrypted=1\nSECRET_KEY=2\n# plain: next\nPUBLIC=3\nTOKEN_enc=4\n');
  it('default: everything but *_unencrypted, comments too', () => {
    assert.deepEqual(decide(DEFAULT_RULE, items), [true, false, true, true, true, true]);
  });
  it('encrypted_suffix / encrypted_regex: only matching keys, never comments', () => {
    assert.deepEqual(decide({ kind: 'encrypted_suffix', value: '_enc' }, items), [false, false, false, false, false, true]);
    assert.deepEqual(decide({ kind: 'encrypted_regex', value: 'KEY|TOKEN' }, items), [false, false, true, false, false, true]);
  });
  it('unencrypted_regex matches anywhere in the key', () => {
    assert.deepEqual(decide({ kind: 'unencrypted_regex', value: 'PUB' }, items), [true, true, true, true, false, true]);
  });
  it('comment rules look at the comments since the last value', () => {
    assert.deepEqual(decide({ kind: 'unencrypted_comment_regex', value: 'plain:' }, items), [true, true, true, false, false, true]);
    assert.deepEqual(decide({ kind: 'encrypted_comment_regex', value: 'plain:' }, items), [false, false, false, false, true, false]);
  });
  it('refuses what RE2 cannot express and accepts a leading (?i)', () => {
    assert.throws(() => compileRe2('(?=x)', 'test'), /lookaround/);
    assert.throws(() => compileRe2('(a)\\1', 'test'), /backreferences/);
    assert.ok(compileRe2('(?i)^db_', 'test').test('DB_PASSWORD'));
    assert.ok(compileRe2('(?P<n>x)', 'test').test('x'));
  });
});

describe('round trips (property)', () => {
  // Lines as sops reads them: no LF inside, non-empty, a comment or KEY=value where the
  // key has no "=" and does not start with "#" or "sops_".
  const text = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.includes('\n'));
  const key = text.filter((s) => !s.includes('=') && !s.startsWith('#') && !s.startsWith('sops_') && !s.endsWith('\\'));
  const value = fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => s.replace(/\\(?=n)/g, ''));
  const item: fc.Arbitrary<DotenvItem> = fc.oneof(
    fc.record({ kind: fc.constant('comment' as const), text }),
    fc.record({ kind: fc.constant('pair' as const), key, value }),
  );
  const rule: fc.Arbitrary<EncryptionRule> = fc.oneof(
    fc.constant(DEFAULT_RULE),
    fc.constant<EncryptionRule>({ kind: 'encrypted_regex', value: '^[A-M]' }),
    fc.constant<EncryptionRule>({ kind: 'unencrypted_suffix', value: 'a' }),
    fc.constant<EncryptionRule>({ kind: 'encrypted_comment_regex', value: 'x' }),
  );

  it('text → items → text is stable, and sealed files decrypt to the same items', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), rule, fc.boolean(), (items, r, macOnly) => {
        const plaintext = serializeDotenv(items);
        assert.equal(serializeDotenv(parseDotenv(plaintext)), plaintext);
        const dataKey = randomBytes(32);
        const meta: SopsMetadata = {
          age: [{ recipient: 'age1x', enc: 'x\n' }],
          lastModified: '',
          mac: '',
          version: '',
          rule: r,
          macOnlyEncrypted: macOnly,
          otherEntries: new Map(),
        };
        const sealed = sealDotenv(parseDotenv(plaintext), meta, dataKey, new Map());
        const { data, metadata } = readSopsDotenv(sealed);
        assert.equal(plaintextOf(decryptWithKey(data, metadata, dataKey).items), plaintext);
      }),
      { numRuns: 200 },
    );
  });
  it('the parser never throws anything but a SecretsError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        try {
          parseDotenv(s);
        } catch (err) {
          assert.ok(err instanceof SecretsError);
        }
      }),
    );
  });
});
