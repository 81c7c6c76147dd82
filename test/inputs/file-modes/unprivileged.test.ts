/**
 * File modes and the Docker daemon on a host a non-root scan cannot fully read (uid 65534
 * via setpriv, the tree owned by root): keys it may not open are still known by their
 * conventional names and judged by mode and owner; a 0700 /etc/docker is never read as
 * "no daemon.json, dockerd defaults". Each case is also scanned as root for contrast.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cannotDropPrivileges, findingLines, scanRunner } from '../../support/as-user.ts';
import type { ScanRunner } from '../../support/as-user.ts';

const skip = cannotDropPrivileges();
let runner: ScanRunner;
const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAAUNREADABLE\n-----END OPENSSH PRIVATE KEY-----\n';

describe('file-modes and docker-daemon as an unprivileged scan', { skip: skip ?? false }, () => {
  before(() => {
    runner = scanRunner();
  });
  after(() => runner?.dispose());

  it('judges unreadable SSH keys by name: a root-owned key in a user home is reported, a root host key is not', () => {
    const root = runner.tree(
      'keys-locked',
      {
        'etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nalice:x:4242:4242::/home/alice:/bin/bash\n',
        'etc/ssh/ssh_host_ed25519_key': KEY,
        'home/alice/.ssh/id_ed25519': KEY,
        'srv/tls/site.key': KEY,
      },
      { 'etc/ssh/ssh_host_ed25519_key': 0o600, 'home/alice/.ssh/id_ed25519': 0o600, 'srv/tls/site.key': 0o600 },
    );
    const options = { cwd: root, targets: [], hostRoot: root, checks: ['file-modes/*'] };
    const expected = ['file-modes/require-owner-match home/alice/.ssh/id_ed25519:1'];
    assert.deepEqual(findingLines(runner.scan(options, true)), expected);
    const out = runner.scan(options);
    assert.deepEqual(findingLines(out), expected, 'the same verdict without reading the keys');
  });

  it('claims no dockerd defaults when /etc/docker cannot be read', () => {
    const root = runner.tree('docker-locked', { 'usr/bin/dockerd': '', 'etc/docker/daemon.json': '{ "icc": false }\n' }, { 'etc/docker': 0o700 });
    const options = { cwd: root, targets: [], hostRoot: root, checks: ['docker-daemon/no-inter-container-communication', 'docker-daemon/require-live-restore'] };
    assert.deepEqual(findingLines(runner.scan(options, true)), ['docker-daemon/require-live-restore etc/docker/daemon.json:1']);
    const out = runner.scan(options);
    assert.deepEqual(findingLines(out), []);
    assert.ok(out.errors.some((e) => e.path.startsWith('etc/docker')), JSON.stringify(out.errors));
  });
});
