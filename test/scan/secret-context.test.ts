/**
 * The secret scan in context: severity by git state and key mode, one finding per secret
 * where other checks report the same line, and host roots.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { scan } from '../../src/scan/scan.ts';
import { fakeSecrets } from '../support/fake-secrets.ts';
import { makeTree } from './tree.ts';
import type { TempTree } from './tree.ts';

const trees: TempTree[] = [];
after(() => trees.forEach((t) => t.remove()));
const fake = fakeSecrets(21);

function tree(files: Record<string, string>): TempTree {
  const t = makeTree(files);
  trees.push(t);
  return t;
}

describe('secret findings in context', () => {
  it('lowers a git-ignored file and a test key, keeps a committed live key', async () => {
    const t = tree({
      'config/live.env': `STRIPE_SECRET_KEY=${fake['stripe-live']}\n`,
      'config/test.env': `STRIPE_SECRET_KEY=${fake['stripe-test']}\n`,
      '.env': `STRIPE_SECRET_KEY=${fake['stripe-live']}\n`,
      '.gitignore': '.env\n',
    });
    execFileSync('git', ['init', '-q'], { cwd: t.root });
    execFileSync('git', ['add', 'config/live.env', 'config/test.env', '.gitignore'], { cwd: t.root });
    const r = await scan({ targets: ['.'], cwd: t.root, checks: ['secrets/no-stripe-keys'] });
    const bySeverity = Object.fromEntries(r.findings.map((f) => [f.location.path, f.severity]));
    assert.deepEqual(bySeverity, { '.env': 'medium', 'config/live.env': 'critical', 'config/test.env': 'low' });
    assert.match(r.findings.find((f) => f.location.path === 'config/live.env')!.message, /tracked by git/);
  });

  it('reports a provider key in Compose environment once, as the provider key', async () => {
    const compose = `services:\n  api:\n    image: app:1.2.3\n    environment:\n      OPENAI_API_KEY: ${fake.openai}\n`;
    const t = tree({ 'docker-compose.yml': compose });
    const all = await scan({ targets: ['.'], cwd: t.root, checks: ['compose/no-literal-credentials', 'secrets/*'] });
    assert.deepEqual(all.findings.map((f) => `${f.checkId}:${f.location.line}`), ['secrets/no-ai-api-keys:5']);
    const composeOnly = await scan({ targets: ['.'], cwd: t.root, checks: ['compose/no-literal-credentials'] });
    assert.deepEqual(composeOnly.findings.map((f) => `${f.checkId}:${f.location.line}`), ['compose/no-literal-credentials:5']);
  });

  it('leaves a host\'s own secrets files alone under --host-root', async () => {
    const t = tree({ 'etc/hostname': 'web1\n', 'opt/app/.env': `STRIPE_SECRET_KEY=${fake['stripe-live']}\n`, 'root/.ssh/id_ed25519': fake.privateKeyPem });
    const r = await scan({ targets: [], hostRoot: t.root, checks: ['secrets/*', 'git/*'] });
    assert.equal(r.fatal, undefined);
    assert.deepEqual(r.findings, []);
  });
});
