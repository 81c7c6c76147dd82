/**
 * The secret scanner on values made at test time (test/support/fake-secrets.ts), so that
 * checksum-valid tokens never sit in the repository.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectSecrets, isExamplePath } from '../../src/secrets/detect.ts';
import { judgeJwt } from '../../src/secrets/rules/jwt.ts';
import { crc32Base62 } from '../../src/secrets/rules/checksum.ts';
import { fakeSecrets } from '../support/fake-secrets.ts';

const fake = fakeSecrets(11);

function rulesIn(text: string, path = 'config.env'): string[] {
  return detectSecrets(text, { path }).map((h) => h.ruleId);
}

describe('detectSecrets', () => {
  const cases: Array<[string, string, string]> = [
    ['AWS_ACCESS_KEY_ID', fake['aws-access-key-id'], 'aws-access-key-id'],
    ['AWS_SECRET_ACCESS_KEY', fake['aws-secret-access-key'], 'aws-secret-access-key'],
    ['GH', fake['github-token'], 'github-token'],
    ['GH_PAT', fake['github-fine-grained-token'], 'github-fine-grained-token'],
    ['GL', fake['gitlab-token'], 'gitlab-token'],
    ['SLACK', fake['slack-token'], 'slack-token'],
    ['HOOK', fake['slack-webhook'], 'slack-webhook'],
    ['STRIPE', fake['stripe-live'], 'stripe-secret-key'],
    ['OPENAI', fake.openai, 'openai-api-key'],
    ['ANTHROPIC', fake.anthropic, 'anthropic-api-key'],
    ['SENDGRID', fake.sendgrid, 'sendgrid-api-key'],
    ['NPM', fake.npm, 'npm-token'],
    ['PYPI', fake.pypi, 'pypi-token'],
    ['JWT', fake.jwt, 'jwt'],
    ['AZURE_STORAGE_KEY', fake['azure-storage-key'], 'azure-storage-account-key'],
    ['MAPS', fake['gcp-api-key'], 'gcp-api-key'],
    ['IDENTITY', fake['age-identity'], 'age-identity'],
    ['SMTP_PASSWORD', fake.password, 'generic-assignment'],
  ];
  for (const [name, value, rule] of cases) {
    it(`finds ${rule} at its position`, () => {
      const text = `# comment\n  ${name}=${value}\n`;
      const hits = detectSecrets(text, { path: 'app.env' });
      assert.deepEqual(hits.map((h) => h.ruleId), [rule]);
      assert.equal(hits[0]!.line, 2);
      assert.equal(hits[0]!.column, 3 + name.length + 1);
      assert.equal(hits[0]!.secret, value);
    });
  }

  it('verifies the CRC32 check characters of GitHub and npm tokens', () => {
    const [gh] = detectSecrets(`t=${fake['github-token']}`, { path: 'x.sh' });
    assert.equal(gh!.verdict.verified, true);
    const broken = fake['github-token'].slice(0, -1) + (fake['github-token'].endsWith('A') ? 'B' : 'A');
    const [bad] = detectSecrets(`t=${broken}`, { path: 'x.sh' });
    assert.equal(bad!.verdict.verified, false);
    assert.equal(crc32Base62('').length, 6);
  });

  it('tells Stripe test keys from live ones', () => {
    const hits = detectSecrets(`a=${fake['stripe-live']}\nb=${fake['stripe-test']}\n`, { path: 'x.env' });
    assert.deepEqual(hits.map((h) => h.verdict.mode), ['live', 'test']);
  });

  it('finds a PEM private key by its header when a body follows, not a header alone', () => {
    assert.deepEqual(rulesIn(fake.privateKeyPem, 'key.pem'), ['pem-private-key']);
    assert.deepEqual(rulesIn("const H = '-----BEGIN PRIVATE KEY-----';\n", 'a.js'), []);
  });

  it('reports nothing for placeholders, references and empty values', () => {
    const text = [
      'SECRET_KEY=changeme', 'API_TOKEN=${API_TOKEN}', 'DB_PASSWORD=', 'JWT_SECRET=<your-secret>', 'SESSION_SECRET=xxx',
      'STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
      'DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app', 'TOKEN=ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]',
    ].join('\n');
    assert.deepEqual(rulesIn(text, '.env.example'), []);
  });

  it('leaves text under credential-looking keys alone: translated messages are not tokens', () => {
    const json = [
      '{',
      '  "Unexpected_token_A_constructor_method_accessor_or_property_was_expected_1068": "予期しないトークンです。コンストラクター、メソッド、アクセサー、またはプロパティが必要です。",',
      '  "The_parser_expected_to_find_a_1_to_match_the_0_token_here_1007": "分析器应在此处找到与“{0}”标记匹配的“{1}”。",',
      '  "password_hint": "Mot-de-passe-très-sûr-ÀÉÎÕÜ-ñ"',
      '}',
    ].join('\n');
    assert.deepEqual(rulesIn(json, 'lib/ja/diagnosticMessages.generated.json'), []);
  });

  it('leaves calls, member paths, values cut short in docs, and source maps to the provider rules', () => {
    const md = [
      '```js',
      'const sharedKey = x25519.getSharedSecret(alice.secretKey, bob.publicKey);',
      'const aggregatedKey = bls.aggregatePublicKeys([a, b]);',
      'secretKey: "AGE-SECRET-KEY-1qgdy...",',
      'apiToken: settings.apiToken',
      "self.key = '_threading_local._localimpl.' + str(id(self))",
      "module_key = 'gi.repository.' + namespace",
      'def load(backend: "Backend", private_key: "_EllipticCurvePrivateKey", data: bytes):',
      '```',
    ].join('\n');
    assert.deepEqual(rulesIn(md, 'README.md'), []);
    assert.deepEqual(rulesIn(`spring.datasource.password: ${fake.password}\n`, 'application.yml'), ['generic-assignment'], 'a dotted key ending in password still counts');
    const map = JSON.stringify({ version: 3, sourcesContent: [`const password = "${fake.password}";`] });
    assert.deepEqual(rulesIn(map, 'dist/index.js.map'), []);
    assert.deepEqual(rulesIn(JSON.stringify({ sourcesContent: [`const k = "${fake.openai}";`] }), 'dist/index.js.map'), ['openai-api-key']);
  });

  it('needs quotes in source code, not in configuration', () => {
    const line = `password = ${fake.password}\n`;
    assert.deepEqual(rulesIn(line, 'app.py'), []);
    assert.deepEqual(rulesIn(line, 'app.ini'), ['generic-assignment']);
    assert.deepEqual(rulesIn(`password = "${fake.password}"\n`, 'app.py'), ['generic-assignment']);
  });

  it('keeps a provider rule over the generic one on the same value', () => {
    assert.deepEqual(rulesIn(`OPENAI_API_KEY="${fake.openai}"\n`, 'x.py'), ['openai-api-key']);
  });

  it('recognises templates by name', () => {
    for (const p of ['.env.example', 'config.sample.yml', 'settings.template', 'app.dist', 'deploy/.env.defaults', 'example.env']) assert.ok(isExamplePath(p), p);
    for (const p of ['.env', 'config.yml', 'distance.txt', 'test/sample-result.ts']) assert.ok(!isExamplePath(p), p);
  });
});

describe('judgeJwt', () => {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  it('drops unsigned and anon tokens, lowers expired ones', () => {
    const sig = 'abcdefghijklmnopqrstuvwxyz012345';
    assert.equal(judgeJwt(`${part({ alg: 'none' })}.${part({ sub: 'x' })}.${sig}`), undefined);
    assert.equal(judgeJwt(`${part({ alg: 'HS256' })}.${part({ role: 'anon' })}.${sig}`), undefined);
    assert.deepEqual(judgeJwt(`${part({ alg: 'HS256' })}.${part({ exp: 1 })}.${sig}`), { weakened: 'expired' });
    assert.deepEqual(judgeJwt(`${part({ alg: 'HS256' })}.${part({ sub: 'x' })}.${sig}`), {});
  });
});
