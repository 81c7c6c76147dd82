/** The public library API (src/index.ts): scan a tree and render it without the CLI. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as api from '../../src/index.ts';

describe('library API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-api-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exports the scan, the registry, the reporters and the core helpers', () => {
    for (const name of ['scan', 'renderText', 'renderJson', 'renderSarif', 'renderCatalogMarkdown', 'defineCheck', 'maskSecret', 'atLeast']) {
      assert.equal(typeof (api as Record<string, unknown>)[name], 'function', name);
    }
    assert.ok(api.CHECKS.some((c) => c.id === 'compose/no-privileged'));
    assert.equal(api.TOOL_NAME, 'bulwark');
  });

  it('scans and renders end to end', async () => {
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n');
    const result = await api.scan({ targets: ['.'], cwd: dir, checks: ['compose/no-privileged'] });
    assert.equal(result.fatal, undefined);
    assert.deepEqual(result.findings.map((f) => [f.checkId, f.location.path, f.location.line]), [['compose/no-privileged', 'compose.yaml', 4]]);
    assert.match(api.renderText(result), /compose\/no-privileged/);
    assert.equal(JSON.parse(api.renderJson(result)).findings.length, 1);
    assert.equal(JSON.parse(api.renderSarif(result)).runs[0].results[0].ruleId, 'compose/no-privileged');
  });
});
