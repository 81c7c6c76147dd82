/**
 * Interoperability: our files decrypt with the `sops-age` package and their key stanzas
 * with the real `age` CLI; data keys wrapped by the real `age` CLI open here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decryptSops } from 'sops-age';
import { generateAgeIdentity, recipientOf } from '../../src/secrets/age/age-keys.ts';
import { SecretsError } from '../../src/secrets/errors.ts';
import { findIdentities } from '../../src/secrets/identities.ts';
import { parseDotenv } from '../../src/secrets/sops/dotenv-codec.ts';
import { DEFAULT_RULE } from '../../src/secrets/sops/rules.ts';
import { decryptDotenv, decryptWithKey, encryptDotenv, plaintextOf, readSopsDotenv, sealDotenv } from '../../src/secrets/sops/sops-dotenv.ts';
import { AGE_SKIP, ageCli, TEST_IDENTITY, TEST_RECIPIENT, tempDir } from './helpers.ts';

const PLAINTEXT = [
  '# database',
  'DB_PASSWORD=Zq8vN3kLw2Rt7pXy5sHb4dMf',
  'API_TOKEN=tok_4f9a8b7c6d5e4f3a2b1c',
  'MULTI=line one\\nline two',
  'URL=postgres://app:pw@db:5432/app?sslmode=require',
  'LOG_LEVEL_unencrypted=debug',
  'EMPTY=',
  '',
].join('\n');
const SECRET_VALUES = ['Zq8vN3kLw2Rt7pXy5sHb4dMf', 'tok_4f9a8b7c6d5e4f3a2b1c'];

/** The armored stanza of age entry `i`, as the file stores it (with real line feeds). */
function stanza(text: string, i: number): string {
  const line = text.split('\n').find((l) => l.startsWith(`sops_age__list_${i}__map_enc=`))!;
  return line.slice(line.indexOf('=') + 1).replaceAll('\\n', '\n');
}

describe('age and sops interop', () => {
  let work: ReturnType<typeof tempDir>;
  let second: { identity: string; recipient: string };
  let encrypted = '';

  before(async () => {
    work = tempDir();
    second = await generateAgeIdentity();
    encrypted = await encryptDotenv(PLAINTEXT, { recipients: [TEST_RECIPIENT, second.recipient] });
  });
  after(() => work.cleanup());

  it('the sops test identity maps to the sops test recipient', async () => {
    assert.equal(await recipientOf(TEST_IDENTITY), TEST_RECIPIENT);
  });

  it('round trips through our own decrypt, with either recipient', async () => {
    for (const identity of [TEST_IDENTITY, second.identity]) {
      const decrypted = await decryptDotenv(encrypted, { identities: [identity] });
      assert.equal(plaintextOf(decrypted.items), PLAINTEXT);
    }
    const viaSecond = await decryptDotenv(encrypted, { identities: [second.identity] });
    assert.equal(viaSecond.unwrappedBy, 1);
  });

  it('writes one stanza per recipient and no plaintext of encrypted values', () => {
    assert.match(encrypted, /^sops_age__list_0__map_recipient=age1lzd99/m);
    assert.match(encrypted, /^sops_age__list_1__map_recipient=age1/m);
    assert.match(encrypted, /^LOG_LEVEL_unencrypted=debug$/m);
    for (const s of SECRET_VALUES) assert.ok(!encrypted.includes(s));
    assert.ok(!encrypted.includes('line one'));
  });

  it('decrypts with the sops-age package (test oracle), for each recipient', async () => {
    for (const secretKey of [TEST_IDENTITY, second.identity]) {
      const out = (await decryptSops(encrypted, { secretKey, fileType: 'env' })) as Record<string, string>;
      assert.equal(out.DB_PASSWORD, 'Zq8vN3kLw2Rt7pXy5sHb4dMf');
      assert.equal(out.API_TOKEN, 'tok_4f9a8b7c6d5e4f3a2b1c');
      assert.equal(out.MULTI, 'line one\nline two');
      assert.equal(out.URL, 'postgres://app:pw@db:5432/app?sslmode=require');
      assert.equal(out.LOG_LEVEL_unencrypted, 'debug');
    }
  });

  it('each stanza decrypts with the real age CLI to the 32-byte data key that opens the values', { skip: AGE_SKIP }, () => {
    const keyFile = join(work.dir, 'test-key.txt');
    writeFileSync(keyFile, `${TEST_IDENTITY}\n`, { mode: 0o600 });
    const r = ageCli(['-d', '-i', keyFile], stanza(encrypted, 0));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.length, 32);
    const { data, metadata } = readSopsDotenv(encrypted);
    assert.equal(plaintextOf(decryptWithKey(data, metadata, r.stdout).items), PLAINTEXT);
    // The other stanza is not for this key.
    assert.notEqual(ageCli(['-d', '-i', keyFile], stanza(encrypted, 1)).status, 0);
  });

  it('opens files whose data key the real age CLI wrapped (age -a -r), found via an age-keygen identity file', { skip: AGE_SKIP }, async () => {
    const keyFile = join(work.dir, 'keygen.txt');
    assert.equal(spawnSync('age-keygen', ['-o', keyFile]).status, 0);
    const found = findIdentities({ env: { SOPS_AGE_KEY_FILE: keyFile }, cwd: work.dir });
    assert.equal(found.identities.length, 1);
    const recipient = await recipientOf(found.identities[0]!);
    const dataKey = randomBytes(32);
    const wrapped = ageCli(['-a', '-r', recipient], dataKey);
    assert.equal(wrapped.status, 0, wrapped.stderr);
    const metadata = {
      age: [{ recipient, enc: wrapped.stdout.toString('utf8') }],
      lastModified: '',
      mac: '',
      version: '',
      rule: DEFAULT_RULE,
      macOnlyEncrypted: false,
      otherEntries: new Map<string, string>(),
    };
    const text = sealDotenv(parseDotenv(PLAINTEXT), metadata, dataKey, new Map());
    const decrypted = await decryptDotenv(text, { identities: found.identities });
    assert.equal(plaintextOf(decrypted.items), PLAINTEXT);
    assert.deepEqual(Buffer.from(decrypted.dataKey), dataKey);
    // And sops-age agrees.
    const out = (await decryptSops(text, { secretKey: found.identities[0]!, fileType: 'env' })) as Record<string, string>;
    assert.equal(out.DB_PASSWORD, 'Zq8vN3kLw2Rt7pXy5sHb4dMf');
  });

  it('a wrong identity is a clear error that names the recipients and no value', async () => {
    const stranger = await generateAgeIdentity();
    await assert.rejects(
      decryptDotenv(encrypted, { identities: [stranger.identity], identitySources: ['SOPS_AGE_KEY'] }),
      (err: Error) =>
        err instanceof SecretsError &&
        /wrong key: none of the 1 age identity \(from SOPS_AGE_KEY\) can decrypt this file/.test(err.message) &&
        err.message.includes(TEST_RECIPIENT) &&
        !SECRET_VALUES.some((s) => err.message.includes(s)) &&
        !err.message.includes(stranger.identity),
    );
    await assert.rejects(decryptDotenv(encrypted, { identities: [] }), /no age identity found/);
  });

  it('a corrupted stanza is reported, not mistaken for success', async () => {
    const broken = encrypted.replace(/(sops_age__list_0__map_enc=-----BEGIN AGE ENCRYPTED FILE-----\\n)YW/, '$1ZW');
    await assert.rejects(decryptDotenv(broken, { identities: [TEST_IDENTITY] }), /age entry 0/);
  });

  it('refuses a plaintext with sops_ keys, SSH and bad recipients', async () => {
    await assert.rejects(encryptDotenv('sops_mac=x\n', { recipients: [TEST_RECIPIENT] }), /reserved prefix sops_/);
    await assert.rejects(encryptDotenv('A=1\n', { recipients: ['ssh-ed25519 AAAAC3Nza'] }), /SSH recipients are not supported/);
    await assert.rejects(encryptDotenv('A=1\n', { recipients: ['age1notakey'] }), /not a valid age recipient/);
    await assert.rejects(encryptDotenv('A=1\n', { recipients: [] }), /no age recipients/);
  });
});
