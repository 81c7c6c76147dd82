/**
 * Live-host facts read from this machine's /proc and /sys, and from fake trees shaped like
 * them; and the root-confined file lookups every host kind uses.
 */
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  cryptDevices,
  daemonRunning,
  findDaemon,
  isEncryptedDevice,
  readBlockDevices,
  readProcesses,
  resolveDeviceName,
} from '../../../src/inputs/host/live.ts';
import type { LiveProcessList } from '../../../src/inputs/host/live.ts';
import { RootFs } from '../../../src/inputs/host/root-fs.ts';
import { makeTree } from '../../scan/tree.ts';
import type { TempTree } from '../../scan/tree.ts';

const trees: TempTree[] = [];
after(() => trees.forEach((t) => t.remove()));
function tree(files: Record<string, string> = {}): TempTree {
  const t = makeTree(files);
  trees.push(t);
  return t;
}

describe('readProcesses on this machine', () => {
  it('finds the test process itself, with its task name and command line', () => {
    const list = readProcesses();
    assert.equal(list.complete, true);
    const self = list.processes.find((p) => p.pid === process.pid);
    assert.ok(self, `pid ${process.pid} not among ${list.processes.length} processes`);
    assert.ok(self.argv.some((a) => a === process.execPath || a.endsWith('/node') || a === 'node'), JSON.stringify(self.argv.slice(0, 3)));
    // The kernel's task name is the executable's base name, cut to 15 bytes.
    assert.equal(self.comm, process.execPath.slice(process.execPath.lastIndexOf('/') + 1).slice(0, 15));
    assert.ok(findDaemon(list, self.comm));
    assert.equal(daemonRunning(list, 'node'), 'yes');
    assert.equal(daemonRunning(list, 'no-such-daemon-here'), 'no');
  });

  it('stops at the limit and says the list is incomplete', () => {
    const list = readProcesses('/proc', 1);
    assert.equal(list.processes.length, 1);
    assert.equal(list.complete, false);
    assert.equal(daemonRunning(list, 'no-such-daemon-here'), 'unknown');
  });

  it('returns an empty, incomplete list when /proc cannot be read', () => {
    assert.deepEqual(readProcesses('/nonexistent-proc'), { processes: [], complete: false });
  });
});

describe('findDaemon', () => {
  const list = (entries: Array<[string, string[]]>): LiveProcessList => ({ processes: entries.map(([comm, argv], i) => ({ pid: i + 1, comm, argv })), complete: true });

  it('matches the task name cut to 15 bytes, the executable, or the script an interpreter runs', () => {
    assert.ok(findDaemon(list([['fail2ban-server', ['/usr/bin/python3', '/usr/bin/fail2ban-server', '-xf', 'start']]]), 'fail2ban-server'));
    assert.ok(findDaemon(list([['python3', ['/usr/bin/python3', '/usr/bin/fail2ban-server', '-xf', 'start']]]), 'fail2ban-server'));
    assert.ok(findDaemon(list([['auditd', ['/sbin/auditd']]]), 'auditd'));
    assert.ok(findDaemon(list([['unattended-upgr', ['/usr/bin/python3', '/usr/share/unattended-upgrades/unattended-upgrade-shutdown']]]), 'unattended-upgrade-shutdown'));
    assert.equal(findDaemon(list([['kauditd', []]]), 'auditd'), undefined);
    assert.equal(findDaemon(list([['vim', ['vim', '/etc/audit/auditd.conf']]]), 'auditd'), undefined);
  });
});

describe('block devices', () => {
  it('reads dm-crypt devices from a /sys-shaped tree and follows LVM down to LUKS', () => {
    const t = tree({
      'class/block/sda/dev': '8:0\n',
      'class/block/sda1/dev': '8:1\n',
      'class/block/sda2/dev': '8:2\n',
      'class/block/dm-0/dm/name': 'sda2_crypt\n',
      'class/block/dm-0/dm/uuid': 'CRYPT-LUKS2-3f1c2a9e5b7d4e0a9c1b2d8e6f4a7b10-sda2_crypt\n',
      'class/block/dm-1/dm/name': 'vg0-root\n',
      'class/block/dm-1/dm/uuid': 'LVM-abcdef\n',
    });
    mkdirSync(t.path('class/block/dm-0/slaves'), { recursive: true });
    writeFileSync(t.path('class/block/dm-0/slaves/sda2'), '');
    mkdirSync(t.path('class/block/dm-1/slaves'), { recursive: true });
    writeFileSync(t.path('class/block/dm-1/slaves/dm-0'), '');
    const list = readBlockDevices(t.root);
    assert.equal(list.complete, true);
    assert.deepEqual(cryptDevices(list).map((d) => d.dmName), ['sda2_crypt']);
    assert.equal(isEncryptedDevice('dm-1', list), true, 'LVM on LUKS');
    assert.equal(isEncryptedDevice('dm-0', list), true);
    assert.equal(isEncryptedDevice('sda1', list), false);
    assert.equal(isEncryptedDevice('nope', list), false);
  });

  it('reads this machine without throwing', () => {
    const list = readBlockDevices();
    assert.ok(Array.isArray(list.devices));
  });

  it('resolves fstab sources through a /dev-shaped tree', () => {
    const t = tree({ 'dm-0': '', sdb1: '' });
    mkdirSync(t.path('disk/by-uuid'), { recursive: true });
    mkdirSync(t.path('mapper'), { recursive: true });
    symlinkSync('../../dm-0', t.path('disk/by-uuid/8b1e7c42'));
    symlinkSync('../dm-0', t.path('mapper/data_crypt'));
    assert.equal(resolveDeviceName('UUID=8b1e7c42', t.root), 'dm-0');
    assert.equal(resolveDeviceName('UUID="8b1e7c42"', t.root), 'dm-0');
    assert.equal(resolveDeviceName('/dev/mapper/data_crypt', t.root), 'dm-0');
    assert.equal(resolveDeviceName('/dev/sdb1', t.root), 'sdb1');
    assert.equal(resolveDeviceName('UUID=missing', t.root), undefined);
    assert.equal(resolveDeviceName('UUID=../../etc', t.root), undefined);
    assert.equal(resolveDeviceName('tmpfs', t.root), undefined);
  });
});

describe('RootFs', () => {
  it('resolves absolute links inside the root, as the host would', () => {
    const t = tree({ 'usr/sbin/auditd': '', 'usr/local/bin/real.sh': '#!/bin/sh\n' });
    symlinkSync('/usr/sbin', t.path('sbin'));
    mkdirSync(t.path('etc/cron.daily'), { recursive: true });
    symlinkSync('/usr/local/bin/real.sh', t.path('etc/cron.daily/backup'));
    const fs = new RootFs(t.root);
    const auditd = fs.lookup('sbin/auditd');
    assert.equal(auditd.state, 'present');
    assert.equal(auditd.state === 'present' && auditd.real, 'usr/sbin/auditd');
    const backup = fs.lookup('/etc/cron.daily/backup');
    assert.equal(backup.state === 'present' && backup.real, 'usr/local/bin/real.sh');
    const link = fs.lookup('etc/cron.daily/backup', false);
    assert.equal(link.state === 'present' && link.kind, 'link');
  });

  it('never leaves the root: .. stops at it, and a link to /etc/passwd means <root>/etc/passwd', () => {
    const t = tree({ 'etc/hostname': 'web\n' });
    symlinkSync('/etc/passwd', t.path('etc/passwd-link'));
    symlinkSync('../../../../../../etc/hostname', t.path('etc/up'));
    const fs = new RootFs(t.root);
    assert.deepEqual(fs.lookup('etc/passwd-link'), { state: 'absent' });
    assert.equal(fs.lookup('../../etc/hostname').state, 'present');
    const up = fs.lookup('etc/up');
    assert.equal(up.state === 'present' && up.real, 'etc/hostname');
  });

  it('calls a link loop unknown, not absent', () => {
    const t = tree();
    symlinkSync('b', t.path('a'));
    symlinkSync('a', t.path('b'));
    assert.equal(new RootFs(t.root).lookup('a').state, 'unknown');
  });

  it('treats places discovery could not read, and what is under them, as unknown', () => {
    const t = tree({ 'var/spool/cron/crontabs/root': '' });
    const fs = new RootFs(t.root, new Set(['var/spool/cron/crontabs']));
    assert.equal(fs.lookup('var/spool/cron/crontabs/root').state, 'unknown');
    assert.equal(fs.lookup('var/spool/cron').state, 'present');
    assert.equal(fs.hidesSomething('var/spool/cron'), true);
    assert.equal(fs.hidesSomething('etc'), false);
    assert.deepEqual(fs.anyExists(['usr/sbin/nothing', 'var/spool/cron/crontabs/x']), { answer: 'unknown', path: 'var/spool/cron/crontabs/x', reason: 'could not be read during discovery' });
  });

  it('lists folders sorted and says when one is missing', () => {
    const t = tree({ 'etc/cron.d/b': '', 'etc/cron.d/a': '' });
    const fs = new RootFs(t.root);
    assert.deepEqual(fs.list('etc/cron.d'), { ok: true, names: ['a', 'b'], real: 'etc/cron.d' });
    assert.deepEqual(fs.list('etc/nothing'), { ok: false, state: 'absent' });
    assert.equal(join(fs.absolute('etc/x')), join(t.root, 'etc/x'));
  });
});
