/**
 * The permissions model on real files: modes and owners as the file system reports them,
 * private keys told from certificates by content, owners judged only under a host root.
 */
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { scan } from '../../../src/scan/scan.ts';
import { exposure } from '../../../src/checks/permissions/no-exposed-secret-files.ts';
import type { SecretFile } from '../../../src/inputs/permissions/load.ts';
import { makeTree } from '../../scan/tree.ts';
import type { TempTree } from '../../scan/tree.ts';

const trees: TempTree[] = [];
after(() => trees.forEach((t) => t.remove()));

const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';

function file(mode: number, what: SecretFile['what']): SecretFile {
  return { path: 'x', what, mode, uid: 0, loc: { path: 'x', line: 1, column: 1 }, keyPath: '(mode)' };
}

describe('exposure', () => {
  it('grades modes by what the file holds', () => {
    assert.equal(exposure(file(0o600, 'env')), undefined);
    assert.equal(exposure(file(0o640, 'env')), undefined);
    assert.equal(exposure(file(0o644, 'env'))?.severity, 'medium');
    assert.equal(exposure(file(0o660, 'private-key'))?.severity, 'medium');
    assert.equal(exposure(file(0o666, 'env'))?.severity, 'high');
    assert.equal(exposure(file(0o644, 'daemon-json')), undefined);
    assert.equal(exposure(file(0o664, 'daemon-json'))?.severity, 'high');
    assert.equal(exposure(file(0o644, 'authorized-keys')), undefined);
    assert.equal(exposure(file(0o646, 'authorized-keys'))?.severity, 'high');
  });
});

describe('permissions under a host root', () => {
  it('accepts files owned by the user etc/passwd names for that home, and flags the others', async () => {
    const uid = process.getuid!();
    const t = makeTree({
      'etc/passwd': `root:x:0:0:root:/root:/bin/bash\nme:x:${uid}:${uid}::/home/me:/bin/sh\nother:x:4242:4242::/home/other:/bin/sh\n`,
      'home/me/.ssh/authorized_keys': '',
      'home/me/.ssh/id_ed25519': KEY,
      'home/other/.ssh/id_ed25519': KEY,
      'home/other/.ssh/id_ed25519.pub': 'ssh-ed25519 AAAA other\n',
    });
    trees.push(t);
    for (const p of ['home/me/.ssh/authorized_keys', 'home/me/.ssh/id_ed25519', 'home/other/.ssh/id_ed25519']) chmodSync(t.path(p), 0o600);
    const result = await scan({ targets: [], hostRoot: t.root, checks: ['permissions/*'] });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.findings.map((f) => `${f.checkId} ${f.location.path}`),
      ['permissions/require-owner-match home/other/.ssh/id_ed25519'],
    );
    assert.equal(result.findings[0]!.snippet, undefined, 'a file-level finding shows no line of the file');
  });

  it('judges a world-readable private key but not a certificate or public key with a key-like name', async () => {
    const t = makeTree({
      'srv/tls/site.key': KEY,
      'srv/tls/site.pem': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      'srv/tls/chain.key': 'not a key at all\n',
    });
    trees.push(t);
    for (const p of ['srv/tls/site.key', 'srv/tls/site.pem', 'srv/tls/chain.key']) chmodSync(t.path(p), 0o644);
    const result = await scan({ targets: [t.root], cwd: t.root, checks: ['permissions/*'] });
    assert.deepEqual(result.findings.map((f) => `${f.location.path} ${f.severity}`), ['srv/tls/site.key medium']);
    assert.doesNotMatch(JSON.stringify(result), /b3BlbnNzaC1rZXktdjEAAAAA/, 'key material never reaches the result');
  });
});
