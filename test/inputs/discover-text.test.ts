/** Discovery of every other text file (kind `text`), only when a selected loader asks for it. */
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { discover } from '../../src/inputs/discover.ts';
import { SourceStore } from '../../src/inputs/source.ts';
import { scan } from '../../src/scan/scan.ts';
import { CLEAN_COMPOSE, makeTree } from '../scan/tree.ts';
import type { TempTree } from '../scan/tree.ts';

const trees: TempTree[] = [];
after(() => trees.forEach((t) => t.remove()));

describe('discover allText', () => {
  const files = {
    'docker-compose.yml': CLEAN_COMPOSE,
    'src/app.py': 'print(1)\n',
    'config/settings.yml': 'debug: false\n',
    'node_modules/pkg/index.js': 'x\n',
    'vendor/lib.js': 'x\n',
    'img.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]),
  };

  it('lists other files as text only when asked, with the usual skips and ignores', () => {
    const t = makeTree(files);
    trees.push(t);
    const root = realpathSync(t.root);
    const plain = discover({ root, targets: [root], store: new SourceStore(root) });
    assert.deepEqual(plain.files.map((f) => `${f.kind}:${f.path}`), ['compose:docker-compose.yml']);
    const all = discover({ root, targets: [root], store: new SourceStore(root), allText: true, ignore: ['vendor/'] });
    assert.deepEqual(all.files.map((f) => `${f.kind}:${f.path}`), ['text:config/settings.yml', 'compose:docker-compose.yml', 'text:img.png', 'text:src/app.py']);
  });

  it('walks all files for the secrets checks only, and counts binaries as skipped', async () => {
    const t = makeTree(files);
    trees.push(t);
    const compose = await scan({ targets: ['.'], cwd: t.root, checks: ['compose/no-privileged'] });
    assert.equal(compose.summary.filesScanned, 1);
    const secrets = await scan({ targets: ['.'], cwd: t.root, checks: ['secrets/*'] });
    assert.deepEqual(secrets.errors, []);
    assert.equal(secrets.summary.filesScanned, 4);
    assert.equal(secrets.summary.filesSkipped, 1);
  });

  it('scans a named non-Compose YAML file for secrets instead of refusing it', async () => {
    const t = makeTree({ 'settings.yml': 'debug: false\n' });
    trees.push(t);
    const r = await scan({ targets: ['settings.yml'], cwd: t.root, checks: ['secrets/*'] });
    assert.equal(r.fatal, undefined);
    assert.deepEqual(r.errors, []);
  });
});
