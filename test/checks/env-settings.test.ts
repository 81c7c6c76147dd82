/**
 * The env settings model and the env checks as a whole: a hardened `.env` and an
 * `.env.example` full of placeholders report nothing, production and template files are
 * told apart, Compose services become units, and a line a Compose check owns is reported once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { estimateBits, isPlaceholderValue, judgeSecret } from '../../src/secrets/strength.ts';
import { secretKind } from '../../src/checks/env/_lib.ts';
import type { Finding } from '../../src/core/finding.ts';
import { loadComposeProject } from '../../src/inputs/compose/load.ts';
import { parseEnvFile } from '../../src/inputs/env/parse-env.ts';
import { envFileUnit, envUnitsFromCompose, isExampleEnvName } from '../../src/inputs/env/settings.ts';
import { SourceStore } from '../../src/inputs/source.ts';
import { dropOverlaps, REPORTED_BY } from '../../src/scan/overlaps.ts';
import { scan } from '../../src/scan/scan.ts';

const STACK = join(import.meta.dirname, 'env-stacks', 'hardened');
const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

function unitOf(path: string, ...lines: string[]) {
  const parsed = parseEnvFile(lines.join('\n'), path);
  assert.deepEqual(parsed.errors, []);
  return envFileUnit(path, parsed.entries);
}

describe('env checks over a hardened stack and its template', () => {
  it('a hardened .env (strong values, secure cookies, TLS URLs) and its Compose service report nothing', async () => {
    const r = await scan({ targets: ['.'], cwd: STACK, checks: ['env/*'] });
    assert.equal(r.fatal, undefined);
    assert.deepEqual(r.errors, []);
    assert.ok(r.summary.filesScanned >= 3);
    assert.deepEqual(r.findings.map((f) => `${f.checkId} ${f.location.path}:${f.location.line} ${f.message}`), []);
  });

  it('an .env.example full of placeholders reports nothing', async () => {
    const r = await scan({ targets: ['.env.example'], cwd: STACK, checks: ['env/*'] });
    assert.equal(r.fatal, undefined);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.findings.map((f) => `${f.checkId} ${f.location.path}:${f.location.line}`), []);
  });

  it('every check is quiet at medium and above with all checks on (the stack is hardened for them)', async () => {
    const r = await scan({ targets: ['.'], cwd: STACK });
    const serious = r.findings.filter((f) => f.checkId.startsWith('env/') && ['critical', 'high', 'medium'].includes(f.severity));
    assert.deepEqual(serious.map((f) => f.checkId), []);
  });
});

describe('env settings model', () => {
  it('reads export, quotes, comments and multi-line values with their lines', () => {
    const u = unitOf('.env', '# c', 'export A="x', 'y"', "B='${NOT} # kept'", 'C=plain # note', 'A2=${C}-2');
    assert.deepEqual(u.settings.map((s) => [s.name, s.value, s.loc.line]), [
      ['A', 'x\ny', 2], ['B', '${NOT} # kept', 4], ['C', 'plain', 5], ['A2', 'plain-2', 6],
    ]);
    assert.equal(u.settings[0]!.keyPath, 'env.A');
  });

  it('never throws on any text, and every setting points at a line of the file', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('export A="x', 'B=${A}-1', "C='q", '"', 'D=${', 'NODE_ENV=production', '# c')), { maxLength: 12 }), (lines) => {
        const text = lines.join('\n');
        const parsed = parseEnvFile(text, '.env.production');
        const unit = envFileUnit('.env.production', parsed.entries);
        const count = text.split('\n').length;
        return unit.settings.every((s) => s.loc.line >= 1 && s.loc.line <= count);
      }),
    );
  });

  it('tells production, development and unknown files apart', () => {
    assert.equal(unitOf('.env.production', 'A=1').production, 'yes');
    assert.equal(unitOf('deploy/prod.env', 'A=1').production, 'yes');
    assert.equal(unitOf('production/.env', 'A=1').production, 'yes');
    assert.equal(unitOf('.env', 'NODE_ENV=production').production, 'yes');
    assert.equal(unitOf('.env', 'DJANGO_SETTINGS_MODULE=config.settings.production').production, 'yes');
    assert.equal(unitOf('.env', 'SPRING_PROFILES_ACTIVE=prod,metrics').production, 'yes');
    assert.equal(unitOf('.env.development', 'A=1').production, 'no');
    assert.equal(unitOf('.env', 'RAILS_ENV=test').production, 'no');
    assert.equal(unitOf('.env', 'A=1').production, 'unknown');
    assert.equal(unitOf('.env.staging', 'A=1').production, 'unknown');
    // A production file that says development is still production (require-production-mode reports it).
    const copied = unitOf('.env.production', 'NODE_ENV=development');
    assert.equal(copied.production, 'yes');
    assert.equal(copied.productionReason, 'file name .env.production');
  });

  it('knows templates by name', () => {
    for (const name of ['.env.example', '.env.sample', '.env.template', '.env.tmpl', '.env.dist', '.env.defaults', 'example.env', '.env.production.example']) {
      assert.ok(isExampleEnvName(name), name);
    }
    for (const name of ['.env', '.env.production', 'app.env', '.env.local']) assert.ok(!isExampleEnvName(name), name);
  });

  it('turns each Compose service into a unit; env_file lines keep their file and a service-independent key', () => {
    const store = new SourceStore('/nonexistent');
    store.put('docker-compose.prod.yml', 'services:\n  api:\n    image: a:1\n    env_file: app.env\n    environment:\n      DEBUG: "true"\n  worker:\n    image: a:1\n    env_file: app.env\n');
    store.put('app.env', 'SECRET_KEY=x\n');
    const loaded = loadComposeProject(['docker-compose.prod.yml'], store);
    assert.ok(loaded.project);
    const units = envUnitsFromCompose(loaded.project);
    assert.deepEqual(units.map((u) => [u.service, u.production, u.productionReason]), [
      ['api', 'yes', 'compose file docker-compose.prod.yml'],
      ['worker', 'yes', 'compose file docker-compose.prod.yml'],
    ]);
    const secret = units.map((u) => u.settings.find((s) => s.name === 'SECRET_KEY')!);
    assert.deepEqual(secret.map((s) => [s.origin, s.loc.path, s.loc.line, s.keyPath]), [
      ['env_file', 'app.env', 1, 'env.SECRET_KEY'],
      ['env_file', 'app.env', 1, 'env.SECRET_KEY'],
    ]);
    assert.equal(units[0]!.peers, units[1]!.peers);
  });
});

describe('secret strength', () => {
  it('passes random values that happen to start like a placeholder (seen as rare flakes of the test below)', () => {
    for (const v of [
      'mY-qQLKavKjekYLtXNubSk7kqv5kd2M3PQANllS7LVE',
      'MY_CeJqDsjMGypAMObrcDhRVjwSLOIVACjpqobyMvAQ',
      'abcdef95777ecd0feec908dc37c2d443944fd79ba0895c5a9a3077349e7db322',
      'qwertyZx9Kd83jdLQ0aQ1VbT7uR5mW2nE4cY6hJ8kL0',
    ]) {
      assert.equal(judgeSecret(v).verdict, 'strong', v);
    }
    for (const v of ['dev-secret', 'my_secret_key', 'abcdef123', 'qwertyuiop', 'abcdefghijkl']) assert.equal(judgeSecret(v).verdict, 'placeholder', v);
  });

  it('passes generated 32-byte values', () => {
    for (let i = 0; i < 2000; i++) {
      for (const v of [randomBytes(32).toString('base64'), randomBytes(32).toString('hex'), randomBytes(32).toString('base64url')]) {
        assert.equal(judgeSecret(v).verdict, 'strong', v);
      }
    }
  });

  it('grades placeholders, words and short values', () => {
    const verdict = (v: string) => judgeSecret(v).verdict;
    for (const v of ['changeme', 'dev-secret-key', 'secret', '<your-key>', 'your-secret-here', 'django-insecure-' + randomBytes(32).toString('hex'), 'xxxxxxxx', '0000000000000000000000000000000000000000']) {
      assert.equal(verdict(v), 'placeholder', v);
    }
    assert.equal(verdict('MySuperSecretJwtKey2024'), 'dictionary');
    assert.equal(verdict('Zk3v9QpL2xTn8wRb'), 'weak');
    assert.equal(verdict(randomBytes(16).toString('hex')), 'short');
    assert.equal(estimateBits('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), 0);
    assert.ok(!isPlaceholderValue('My_' + randomBytes(32).toString('base64url')));
  });

  it('reads operator-chosen secrets, not provider keys or settings about secrets', () => {
    assert.equal(secretKind('SECRET_KEY'), 'signing');
    assert.equal(secretKind('DJANGO_SECRET_KEY'), 'signing');
    assert.equal(secretKind('SECRET_KEY_BASE'), 'signing');
    assert.equal(secretKind('QDRANT__SERVICE__API_KEY'), 'api-key');
    assert.equal(secretKind('POSTGRES_PASSWORD'), 'password');
    assert.equal(secretKind('RABBITMQ_DEFAULT_PASS'), 'password');
    for (const name of ['OPENAI_API_KEY', 'STRIPE_SECRET_KEY', 'AWS_SECRET_ACCESS_KEY', 'JWT_SECRET_KEY_FILE', 'JWT_ALGORITHM', 'ADMIN_PASSWORD', 'POSTGRES_USER']) {
      assert.equal(secretKind(name), undefined, name);
    }
  });
});

describe('one finding per problem', () => {
  const finding = (checkId: string, line: number): Finding => ({
    checkId, severity: 'high', title: 't', message: 'm', location: { path: '.env', line, column: 1 }, checklist: [], remediation: 'r', fingerprint: `${checkId}${line}`,
  });

  it('drops an env finding on a line its Compose check reports, and keeps the rest', () => {
    const r = dropOverlaps({
      findings: [finding('compose/no-weak-default-credentials', 2), finding('env/no-weak-secrets', 2), finding('env/no-weak-secrets', 3), finding('env/no-reused-secrets', 2)],
      suppressed: [],
    });
    assert.deepEqual(r.findings.map((f) => `${f.checkId}:${f.location.line}`), ['compose/no-weak-default-credentials:2', 'env/no-weak-secrets:3', 'env/no-reused-secrets:2']);
  });

  it('the insecure stack has no env finding on a line its Compose twin reports', async () => {
    const r = await scan({ targets: ['.'], cwd: join(EXAMPLES, 'insecure-stack') });
    const at = (f: Finding) => `${f.location.path}:${f.location.line}`;
    for (const f of r.findings.filter((x) => x.checkId.startsWith('env/'))) {
      const owners = REPORTED_BY[f.checkId] ?? [];
      assert.ok(!r.findings.some((o) => owners.includes(o.checkId) && at(o) === at(f)), `${f.checkId} duplicates a Compose finding at ${at(f)}`);
    }
    // Run alone, the env checks do see the stack's problems.
    const alone = await scan({ targets: ['.'], cwd: join(EXAMPLES, 'insecure-stack'), checks: ['env/*'] });
    assert.ok(alone.findings.some((f) => f.checkId === 'env/no-weak-secrets' && at(f) === '.env:2'));
  });
});
