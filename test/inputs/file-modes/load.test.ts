/**
 * The file-modes model on real files: modes and owners as the file system reports them,
 * private keys told from certificates and public keys by content, owners judged only
 * under a host root (by the root's etc/passwd), and the severity rules of the checks.
 * Works as root and as an unprivileged user (fixtures copied by the runner belong to it).
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { scan } from '../../../src/scan/scan.ts';
import { ownerProblem } from '../../../src/checks/file-modes/require-owner-match.ts';
import { writeExposure } from '../../../src/checks/file-modes/no-writable-by-others.ts';
import { fileModesLoader } from '../../../src/inputs/file-modes/load.ts';
import type { FileModesModel, SecretFile } from '../../../src/inputs/file-modes/load.ts';
import { SourceStore } from '../../../src/inputs/source.ts';
import { makeTree } from '../../scan/tree.ts';
import type { TempTree } from '../../scan/tree.ts';

const trees: TempTree[] = [];
after(() => trees.forEach((t) => t.remove()));

const KEY_BODY = 'b3BlbnNzaC1rZXktdjEAAAAASECRETSECRETSECRET';
const KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_BODY}\n-----END OPENSSH PRIVATE KEY-----\n`;
const uid = process.getuid!();
const gid = process.getgid!();
const asRoot = uid === 0;

function file(over: Partial<SecretFile>): SecretFile {
  return { path: 'x', what: 'env', mode: 0o600, uid: 1000, gid: 1000, privateGroup: false, loc: { path: 'x', line: 1, column: 1 }, keyPath: '(mode)', ...over };
}

describe('writeExposure', () => {
  it('grades write access by what the file grants and who gets it', () => {
    assert.equal(writeExposure(file({ mode: 0o640 })), undefined);
    assert.equal(writeExposure(file({ mode: 0o660 }))?.severity, 'low');
    assert.equal(writeExposure(file({ mode: 0o660, privateGroup: true })), undefined, 'a user-private group is nobody else');
    assert.equal(writeExposure(file({ mode: 0o666 }))?.severity, 'high');
    assert.equal(writeExposure(file({ what: 'private-key', mode: 0o602 }))?.severity, 'high');
    assert.equal(writeExposure(file({ what: 'daemon-json', mode: 0o644 })), undefined);
    assert.equal(writeExposure(file({ what: 'daemon-json', mode: 0o664 }))?.severity, 'medium');
    assert.equal(writeExposure(file({ what: 'daemon-json', mode: 0o646 }))?.severity, 'high');
    assert.equal(writeExposure(file({ what: 'authorized-keys', mode: 0o666 }))?.severity, 'medium', "sshd's StrictModes refuses it");
    assert.equal(writeExposure(file({ what: 'authorized-keys', mode: 0o664, privateGroup: true })), undefined, "Debian's sshd accepts a private group");
  });
});

describe('ownerProblem', () => {
  const home = { uid: 1000, name: 'alice', role: 'home' as const, rootAccepted: false, inSsh: true };
  it('accepts the right owner and root where sshd does', () => {
    assert.equal(ownerProblem(file({})), undefined, 'no expected owner (repo scan, /opt)');
    assert.equal(ownerProblem(file({ uid: 1000, expectedOwner: home })), undefined);
    assert.equal(ownerProblem(file({ uid: 0, what: 'authorized-keys', expectedOwner: { ...home, rootAccepted: true } })), undefined);
  });
  it('grades the wrong owner by what it can do', () => {
    assert.equal(ownerProblem(file({ uid: 0, expectedOwner: home }))?.severity, 'low');
    assert.equal(ownerProblem(file({ uid: 1001, expectedOwner: home }))?.severity, 'medium');
    assert.equal(ownerProblem(file({ uid: 1001, expectedOwner: { uid: 0, name: 'root', role: 'root', rootAccepted: true, inSsh: true } }))?.severity, 'medium');
    assert.equal(ownerProblem(file({ uid: 1001, expectedOwner: { uid: 0, name: 'root', role: 'host', rootAccepted: true, inSsh: false } }))?.severity, 'high');
  });
});

function modelOf(t: TempTree, host: boolean): FileModesModel | undefined {
  const files = [
    ...['home/me/.ssh/authorized_keys', 'home/other/.ssh/authorized_keys'].map((path) => ({ path, kind: 'authorized-keys' as const, by: 'name' as const })),
    ...['home/other/.ssh/id_ed25519', 'etc/ssh/ssh_host_ed25519_key', 'srv/tls/site.pem', 'srv/tls/site.key', 'srv/tls/putty.key', 'srv/tls/pgp.key', 'srv/tls/notakey.key', 'srv/tls/store.jks'].map((path) => ({
      path,
      kind: 'key-material' as const,
      by: 'name' as const,
    })),
    ...['opt/app/.env', 'opt/app/.env.example', 'opt/app/.env.production.sample', 'opt/app/prod.env'].map((path) => ({ path, kind: 'env' as const, by: 'name' as const })),
  ];
  const { units } = fileModesLoader.load({ files, store: new SourceStore(t.root), ...(host ? { host: { root: t.root, live: false, unreadable: new Set<string>() } } : {}) });
  return units[0]?.model as FileModesModel | undefined;
}

describe('fileModesLoader', () => {
  const t = makeTree({
    'etc/passwd': `root:x:0:0:root:/root:/bin/bash\nme:x:${uid}:${gid}::/home/me:/bin/sh\nother:x:4242:4242::/home/other:/bin/sh\n`,
    'etc/group': `root:x:0:\nother:x:4242:\n`,
    'home/me/.ssh/authorized_keys': '',
    'home/other/.ssh/authorized_keys': '',
    'home/other/.ssh/id_ed25519': KEY,
    'etc/ssh/ssh_host_ed25519_key': KEY,
    'srv/tls/site.pem': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    'srv/tls/site.key': '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n',
    'srv/tls/putty.key': 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n',
    'srv/tls/pgp.key': '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQ\n-----END PGP PRIVATE KEY BLOCK-----\n',
    'srv/tls/notakey.key': 'ssh-ed25519 AAAAC3Nza public half under a key name\n',
    'srv/tls/store.jks': 'binary-ish',
    'opt/app/.env': 'A=1\n',
    'opt/app/.env.example': 'A=\n',
    'opt/app/.env.production.sample': 'A=\n',
    'opt/app/prod.env': 'A=1\n',
  });
  trees.push(t);

  it('keeps secrets and access files, tells private keys by their first bytes', () => {
    const model = modelOf(t, false)!;
    assert.deepEqual(
      model.files.map((f) => `${f.path} ${f.what}${f.sshKey ? `/${f.sshKey}` : ''}`),
      [
        'home/me/.ssh/authorized_keys authorized-keys',
        'home/other/.ssh/authorized_keys authorized-keys',
        'home/other/.ssh/id_ed25519 private-key/user',
        'etc/ssh/ssh_host_ed25519_key private-key/host',
        'srv/tls/site.key private-key',
        'srv/tls/putty.key private-key',
        'srv/tls/pgp.key private-key',
        'srv/tls/store.jks keystore',
        'opt/app/.env env',
        'opt/app/prod.env env',
      ],
    );
    assert.equal(model.hostMode, false);
    assert.ok(model.files.every((f) => f.expectedOwner === undefined), 'a repository scan judges modes only');
  });

  it('names owners and expected owners from the root etc/passwd under a host root', () => {
    const model = modelOf(t, true)!;
    const by = new Map(model.files.map((f) => [f.path, f]));
    assert.equal(model.hostMode, true);
    assert.equal(by.get('home/other/.ssh/id_ed25519')!.expectedOwner?.name, 'other');
    assert.equal(by.get('home/other/.ssh/authorized_keys')!.expectedOwner?.rootAccepted, true);
    assert.equal(by.get('home/other/.ssh/id_ed25519')!.expectedOwner?.rootAccepted, false);
    assert.equal(by.get('etc/ssh/ssh_host_ed25519_key')!.expectedOwner?.role, 'host');
    assert.equal(by.get('opt/app/.env')!.expectedOwner, undefined, 'service accounts are not guessed');
    assert.equal(by.get('opt/app/.env')!.ownerName, asRoot ? 'root' : 'me');
    if (!asRoot) assert.equal(by.get('home/me/.ssh/authorized_keys')!.expectedOwner?.uid, uid);
  });

  it('reports an etc/passwd it cannot read, and then judges no home by name', () => {
    const u = makeTree({ 'home/other/.ssh/id_ed25519': KEY });
    trees.push(u);
    mkdirSync(u.path('etc/passwd'), { recursive: true });
    const { units, errors } = fileModesLoader.load({
      files: [{ path: 'home/other/.ssh/id_ed25519', kind: 'key-material', by: 'name' }],
      store: new SourceStore(u.root),
      host: { root: u.root, live: false, unreadable: new Set() },
    });
    assert.deepEqual(errors.map((e) => e.path), ['etc/passwd']);
    assert.match(errors[0]!.reason, /owners are not judged by name/);
    assert.equal((units[0]!.model as FileModesModel).files[0]!.expectedOwner, undefined);
  });
});

describe('file-modes checks in a host scan', () => {
  it("reports another user's files and keeps key material out of the result", async () => {
    const t = makeTree({
      'etc/passwd': `root:x:0:0:root:/root:/bin/bash\nme:x:${uid}:${gid}::/home/me:/bin/sh\nother:x:4242:4242::/home/other:/bin/sh\n`,
      'home/me/.ssh/authorized_keys': '',
      'home/me/.ssh/id_ed25519': KEY,
      'home/other/.ssh/authorized_keys': '',
      'home/other/.ssh/id_ed25519': KEY,
      'home/other/.ssh/id_ed25519.pub': 'ssh-ed25519 AAAA other\n',
    });
    trees.push(t);
    for (const p of ['home/me/.ssh/authorized_keys', 'home/me/.ssh/id_ed25519', 'home/other/.ssh/authorized_keys', 'home/other/.ssh/id_ed25519']) chmodSync(t.path(p), 0o600);
    const result = await scan({ targets: [], hostRoot: t.root, checks: ['file-modes/*'] });
    assert.deepEqual(result.errors, []);
    const want = asRoot
      ? // Root-owned: the key is merely unusable for its user; root may own authorized_keys.
        ['file-modes/require-owner-match home/other/.ssh/id_ed25519 low']
      : ['file-modes/require-owner-match home/other/.ssh/authorized_keys medium', 'file-modes/require-owner-match home/other/.ssh/id_ed25519 medium'];
    assert.deepEqual(result.findings.map((f) => `${f.checkId} ${f.location.path} ${f.severity}`), want);
    assert.equal(result.findings[0]!.snippet, undefined, 'a file-level finding shows no line of the file');
    assert.doesNotMatch(JSON.stringify(result), new RegExp(KEY_BODY), 'key material never reaches the result');
  });

  it("accepts a group-readable host key in Red Hat's ssh_keys group, and only there", async () => {
    const t = makeTree({ 'etc/ssh/ssh_host_ed25519_key': KEY, 'etc/group': gid === 0 ? 'ssh_keys:x:0:\n' : `ssh_keys:x:${gid}:\n` });
    trees.push(t);
    chmodSync(t.path('etc/ssh/ssh_host_ed25519_key'), 0o640);
    const rhel = await scan({ targets: [], hostRoot: t.root, checks: ['file-modes/no-group-readable-ssh-keys'] });
    assert.deepEqual(rhel.findings, []);
    t.write('etc/group', gid === 0 ? 'root:x:0:\n' : `staff:x:${gid}:\n`);
    const debian = await scan({ targets: [], hostRoot: t.root, checks: ['file-modes/no-group-readable-ssh-keys'] });
    assert.deepEqual(debian.findings.map((f) => f.location.path), ['etc/ssh/ssh_host_ed25519_key']);
    assert.match(debian.findings[0]!.message, /readable by group (root|staff) \(mode 0640\)/);
  });
});
