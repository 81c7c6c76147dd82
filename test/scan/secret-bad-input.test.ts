/**
 * Bad input for the secret, SOPS and vault loaders: malformed SOPS-looking files are
 * named as errors (not passed over), binaries and files over 2 MB are counted as skipped,
 * empty and non-UTF-8 files are scanned, and no secret value reaches the report.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { renderJson } from '../../src/reporters/json.ts';
import { renderText } from '../../src/reporters/text.ts';
import { scan } from '../../src/scan/scan.ts';
import { makeTree } from './tree.ts';

const SECRET = 'sk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv';

describe('secret scan on bad input', () => {
  const t = makeTree({
    'secrets.enc.yaml': 'db: ENC[AES256_GCM,data:a,iv:b,tag:c,type:str]\nsops:\n  mac: [\n',
    'x.enc.json': '{"sops": {"mac": ',
    'empty.env': '',
    'blob.bin': Buffer.concat([Buffer.from(`STRIPE_KEY=${SECRET}\n`), Buffer.from([0, 1, 2])]),
    'huge.txt': `${'a'.repeat(3 * 1024 * 1024)}\nSTRIPE_KEY=${SECRET}\n`,
    'latin1.txt': Buffer.concat([Buffer.from('API=\xff\xfe ', 'latin1'), Buffer.from(`STRIPE=${SECRET}\n`)]),
  });
  after(() => t.remove());

  it('names malformed SOPS files, counts skipped files, still finds the readable secret, and never prints it', async () => {
    const r = await scan({ targets: ['.'], cwd: t.root, checks: ['secrets/*', 'sops/*', 'vault/*'] });
    assert.equal(r.fatal, undefined);
    assert.deepEqual(
      r.errors.map((e) => `${e.path}:${e.line ?? '-'} ${e.reason}`).sort(),
      [
        'secrets.enc.yaml:4 has SOPS metadata but is not valid YAML, so its encryption cannot be checked',
        'x.enc.json:1 has SOPS metadata but is not valid JSON, so its encryption cannot be checked',
      ],
    );
    assert.equal(r.summary.filesSkipped, 2, 'the binary and the 3 MB file');
    assert.deepEqual(r.findings.map((f) => `${f.checkId} ${f.location.path}:${f.location.line}`), ['secrets/no-stripe-keys latin1.txt:1']);
    for (const text of [renderJson(r), renderText(r)]) assert.ok(!text.includes(SECRET));
  });
});
