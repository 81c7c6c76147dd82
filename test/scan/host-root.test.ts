/**
 * `scan --host-root`: only the known places of a host are read, links leaving the root are
 * refused, extra targets must lie inside it, and what is found reaches the checks.
 */
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { discoverHost } from '../../src/inputs/host/layout.ts';
import { scan } from '../../src/scan/scan.ts';
import { makeTree } from './tree.ts';
import type { TempTree } from './tree.ts';

const trees: TempTree[] = [];
after(() => trees.forEach((t) => t.remove()));

function hostTree(files: Record<string, string>): TempTree {
  const t = makeTree(files);
  trees.push(t);
  return t;
}

describe('discoverHost', () => {
  it('finds the known host files by place, and application files in the usual folders', () => {
    const t = hostTree({
      'etc/ssh/sshd_config': 'PasswordAuthentication no\n',
      'etc/ssh/ssh_host_ed25519_key': 'k',
      'etc/ssh/ssh_host_ed25519_key.pub': 'p',
      'etc/fail2ban/jail.local': '[sshd]\nenabled = true\n',
      'etc/fail2ban/jail.d/defaults-debian.conf': '[sshd]\n',
      'etc/fail2ban/jail.d/.hidden': '',
      'etc/ufw/ufw.conf': 'ENABLED=yes\n',
      'etc/docker/daemon.json': '{}',
      'etc/crontab': '',
      'home/alice/.ssh/authorized_keys': '',
      'home/alice/.ssh/id_ed25519': 'k',
      'home/alice/.ssh/id_ed25519.pub': 'p',
      'opt/app/docker-compose.yml': 'services: {}\n',
      'opt/app/.env': 'A=1\n',
      'opt/app/deep/deeper/deepest/.env': 'A=1\n',
      'usr/share/doc/readme.env': 'A=1\n',
      'etc/nginx/nginx.conf': 'events {}\n',
    });
    const found = discoverHost(t.root);
    assert.deepEqual(found.errors, []);
    assert.equal(found.context.live, false);
    assert.deepEqual(
      found.files.map((f) => `${f.kind} ${f.path}`),
      [
        'docker-daemon etc/docker/daemon.json',
        'backups etc/crontab',
        'fail2ban etc/fail2ban/jail.d/defaults-debian.conf',
        'fail2ban etc/fail2ban/jail.local',
        'nginx etc/nginx/nginx.conf',
        'key-material etc/ssh/ssh_host_ed25519_key',
        'sshd etc/ssh/sshd_config',
        'ufw etc/ufw/ufw.conf',
        'authorized-keys home/alice/.ssh/authorized_keys',
        'key-material home/alice/.ssh/id_ed25519',
        'env opt/app/.env',
        'compose opt/app/docker-compose.yml',
      ].sort((a, b) => (a.split(' ')[1]! < b.split(' ')[1]! ? -1 : 1)),
    );
  });

  it('resolves absolute links inside the host root, as the host would', () => {
    const outside = hostTree({ 'sshd_config': 'PermitRootLogin yes\n' });
    const t = hostTree({ 'etc/fail2ban/jail.local': '', 'srv/conf/sshd_config': 'X11Forwarding yes\n' });
    symlinkSync('/etc/hostname', t.path('etc/crontab')); // absent in the image: nothing to read
    symlinkSync(outside.path('sshd_config'), t.path('etc/fail2ban/jail.conf')); // the scanning machine's file is never read
    symlinkSync('/srv/conf/sshd_config', t.path('etc/ssh_config_link'));
    mkdirSync(t.path('etc/ssh'), { recursive: true });
    symlinkSync('/srv/conf/sshd_config', t.path('etc/ssh/sshd_config'));
    const found = discoverHost(t.root);
    assert.deepEqual(found.errors, []);
    assert.deepEqual(found.files.map((f) => `${f.kind} ${f.path}`), ['fail2ban etc/fail2ban/jail.local', 'sshd srv/conf/sshd_config']);
  });

  it('reports a link loop as unreadable', () => {
    const t = hostTree({ 'etc/fail2ban/jail.local': '' });
    symlinkSync('jail.conf', t.path('etc/fail2ban/jail.conf'));
    const found = discoverHost(t.root);
    assert.deepEqual(found.errors.map((e) => e.path), ['etc/fail2ban/jail.conf']);
    assert.ok(found.context.unreadable.has('etc/fail2ban/jail.conf'));
  });

  it('follows links that stay inside the root', () => {
    const t = hostTree({ 'etc/ssh/real_config': 'X11Forwarding yes\n' });
    symlinkSync('real_config', t.path('etc/ssh/sshd_config'));
    assert.deepEqual(discoverHost(t.root).files.map((f) => f.path), ['etc/ssh/sshd_config']);
  });
});

describe('scan with a host root', () => {
  it('judges the host files, with paths relative to the host root', async () => {
    const t = hostTree({ 'etc/ssh/sshd_config': 'PermitRootLogin yes\n' });
    const result = await scan({ targets: [], hostRoot: t.root, checks: ['sshd/*'] });
    assert.equal(result.fatal, undefined);
    assert.deepEqual(result.findings.map((f) => `${f.checkId} ${f.location.path}:${f.location.line}`).filter((s) => s.startsWith('sshd/no-root-login')), [
      'sshd/no-root-login etc/ssh/sshd_config:1',
    ]);
    assert.deepEqual(result.target, [`--host-root ${t.root}`]);
  });

  it('walks extra targets inside the host root', async () => {
    const t = hostTree({ 'srv/stack/docker-compose.yml': 'services:\n  a:\n    image: x:1\n    privileged: true\n', 'etc/crontab': '' });
    const result = await scan({ targets: ['srv/stack'], cwd: t.root, hostRoot: t.root, checks: ['compose/no-privileged'] });
    assert.deepEqual(result.findings.map((f) => f.location.path), ['srv/stack/docker-compose.yml']);
  });

  it('refuses targets outside the host root and a missing host root', async () => {
    const t = hostTree({ 'etc/crontab': '' });
    const other = hostTree({ 'docker-compose.yml': 'services: {}\n' });
    const outside = await scan({ targets: [other.root], hostRoot: t.root });
    assert.match(outside.fatal ?? '', /inside the host root/);
    const missing = await scan({ targets: [], hostRoot: `${t.root}/nope` });
    assert.match(missing.fatal ?? '', /host root does not exist/);
  });

  it('scans an empty host root without a fatal error', async () => {
    const t = hostTree({});
    const result = await scan({ targets: [], hostRoot: t.root, checks: ['sshd/*'] });
    assert.equal(result.fatal, undefined);
    assert.deepEqual(result.findings, []);
  });
});
