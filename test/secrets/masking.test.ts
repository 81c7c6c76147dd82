/**
 * Detected secret values never reach a report: fake secrets of every kind are planted in
 * a temporary tree, scanned with every check, and each report format is searched for them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { renderReport } from '../../src/cli/report-output.ts';
import type { ReportFormat } from '../../src/cli/report-output.ts';
import { scan } from '../../src/scan/scan.ts';
import { fakeSecrets, randomSource } from '../support/fake-secrets.ts';

describe('secret values in reports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-mask-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const fake = fakeSecrets(5);
  const { privateKeyPem, ...values } = fake;
  const pemBody = privateKeyPem.split('\n').slice(1, -2);
  const dbPassword = randomSource(9)('ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789', 20);
  const secrets = [...Object.values(values), ...pemBody, dbPassword];

  writeFileSync(join(dir, '.env'), Object.entries(values).map(([k, v]) => `${k.toUpperCase().replace(/-/g, '_')}_VALUE=${v}`).join('\n') + '\n');
  writeFileSync(join(dir, 'notes.md'), `Call with \`Authorization: Bearer ${fake['github-token']}\` and ${fake['slack-webhook']}\n`);
  writeFileSync(join(dir, 'app.py'), `client = OpenAI(api_key="${fake.openai}")\nDB = "postgres://app:${dbPassword}@db.internal/app"\n`);
  writeFileSync(join(dir, 'key.pem'), privateKeyPem);
  writeFileSync(join(dir, 'sa.json'), JSON.stringify({ type: 'service_account', private_key: privateKeyPem }, null, 2));
  writeFileSync(join(dir, 'docker-compose.yml'), `services:\n  api:\n    image: app:1\n    environment:\n      STRIPE_SECRET_KEY: ${fake['stripe-live']}\n      DATABASE_URL: postgres://app:${dbPassword}@db.internal/app\n`);

  const result = scan({ targets: ['.'], cwd: dir });

  it('finds the planted secrets', async () => {
    const r = await result;
    assert.equal(r.fatal, undefined);
    const ids = new Set(r.findings.map((f) => f.checkId));
    for (const id of ['secrets/no-cloud-credentials', 'secrets/no-private-keys', 'secrets/no-code-host-tokens', 'secrets/no-stripe-keys', 'secrets/no-ai-api-keys', 'secrets/no-credentials-in-urls', 'secrets/no-jwts']) {
      assert.ok(ids.has(id), `${id} reported`);
    }
  });

  for (const format of ['text', 'json', 'sarif', 'junit', 'markdown', 'html'] as ReportFormat[]) {
    for (const quiet of [false, true]) {
      it(`${format}${quiet ? ' --quiet' : ''} shows none of them`, async () => {
        const r = await result;
        const out = renderReport(r, { format, color: format === 'text', quiet, root: dir });
        assert.ok(out.length > 0);
        for (const s of secrets) assert.ok(!out.includes(s), `${format} leaks ${s.slice(0, 6)}…`);
      });
    }
  }
});
