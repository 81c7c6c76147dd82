import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { loadConfig, parseConfigText } from '../../src/config/load.ts';
import { makeTree } from './tree.ts';
import type { TempTree } from './tree.ts';

const trees: TempTree[] = [];
after(() => trees.forEach((t) => t.remove()));

function errorOf(text: string): string {
  const r = parseConfigText(text, '.bulwark.yaml');
  assert.equal(r.ok, false, 'expected the config to be rejected');
  return (r as { error: string }).error;
}

describe('config', () => {
  it('reads every setting', () => {
    const r = parseConfigText(
      `ignore:\n  - legacy/\n  - "*.bak.yml"\nchecks:\n  disable: [compose/no-privileged]\n  severity:\n    "compose/*": low\nedge: [proxy, traefik]\n`,
      '.bulwark.yaml',
    );
    assert.deepEqual(r, {
      ok: true,
      config: {
        ignore: ['legacy/', '*.bak.yml'],
        checks: { disable: ['compose/no-privileged'], severity: { 'compose/*': 'low' } },
        edge: ['proxy', 'traefik'],
      },
    });
  });

  it('fills defaults for an empty file and for empty keys', () => {
    const empty = { ignore: [], checks: { disable: [], severity: {} }, edge: [] };
    assert.deepEqual(parseConfigText('', 'c'), { ok: true, config: empty });
    assert.deepEqual(parseConfigText('# nothing\n', 'c'), { ok: true, config: empty });
    assert.deepEqual(parseConfigText('ignore:\nchecks:\nedge:\n', 'c'), { ok: true, config: empty });
  });

  it('names the file, line and key of an invalid value', () => {
    assert.equal(
      errorOf('checks:\n  severity:\n    compose/no-privileged: urgent\n'),
      'config .bulwark.yaml:3: checks.severity.compose/no-privileged: must be one of critical, high, medium, low, info',
    );
    assert.equal(errorOf('ignore: legacy/\n'), 'config .bulwark.yaml:1: ignore: must be a list of patterns');
    assert.equal(errorOf('edge:\n  - proxy\n  - 3\n'), 'config .bulwark.yaml:3: edge.1: service name must be a string');
  });

  it('rejects unknown keys, so a typo does not silently do nothing', () => {
    assert.equal(errorOf('ignores: [a]\n'), 'config .bulwark.yaml:1: ignores: unknown key');
    assert.equal(errorOf('checks:\n  disabled: [a]\n'), 'config .bulwark.yaml:2: checks.disabled: unknown key');
  });

  it('rejects a config that is not a mapping, and broken YAML with its line', () => {
    assert.equal(errorOf('- a\n- b\n'), 'config .bulwark.yaml:1: (top level): must be a mapping');
    assert.match(errorOf('edge: [a]\nedge: [b]\n'), /^config \.bulwark\.yaml:2: invalid YAML: .*unique/i);
    assert.match(errorOf('checks:\n\tdisable: []\n'), /^config \.bulwark\.yaml:2: invalid YAML/);
  });

  it('finds .bulwark.yaml or .bulwark.yml at the root, and --config relative to cwd', () => {
    const t = makeTree({ '.bulwark.yml': 'edge: [proxy]\n', 'conf/alt.yaml': 'edge: [traefik]\n', 'bad.yaml': 'edge: 1\n' });
    trees.push(t);
    const root = realpathSync(t.root);
    const found = loadConfig({ root, cwd: root });
    assert.ok(found.ok);
    assert.deepEqual(found.config.edge, ['proxy']);
    assert.equal(found.config.path, `${root}/.bulwark.yml`);

    const explicit = loadConfig({ root, cwd: `${root}/conf`, configPath: 'alt.yaml' });
    assert.ok(explicit.ok);
    assert.deepEqual(explicit.config.edge, ['traefik']);

    const missing = loadConfig({ root, cwd: root, configPath: 'nope.yaml' });
    assert.deepEqual(missing, { ok: false, error: 'config nope.yaml: no such file or directory' });

    const bad = loadConfig({ root, cwd: root, configPath: 'bad.yaml' });
    assert.deepEqual(bad, { ok: false, error: 'config bad.yaml:1: edge: must be a list of service names' });

    const none = loadConfig({ root: `${root}/conf`, cwd: root });
    assert.deepEqual(none, { ok: true, config: { ignore: [], checks: { disable: [], severity: {} }, edge: [] } });
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'edge: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]'].join('\n');
    assert.match(errorOf(bomb), /invalid YAML: .*alias/i);
  });
});
