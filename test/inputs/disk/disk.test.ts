/**
 * crypttab and fstab parsers (positions, positioned errors, never throw) and the disk
 * loader: which mounts hold data, and how a live host's dm-crypt devices decide.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import requireEncrypted from '../../../src/checks/disk/require-encrypted-data-disks.ts';
import { loadDisk } from '../../../src/inputs/disk/load.ts';
import type { DiskModel } from '../../../src/inputs/disk/load.ts';
import { parseCrypttab, parseFstab } from '../../../src/inputs/disk/parse.ts';
import { discoverHost } from '../../../src/inputs/host/layout.ts';
import type { LiveBlockDevice, LiveHost } from '../../../src/inputs/host/live.ts';
import { SourceStore } from '../../../src/inputs/source.ts';
import { makeTree } from '../../scan/tree.ts';
import type { TempTree } from '../../scan/tree.ts';

const trees: TempTree[] = [];
after(() => trees.forEach((t) => t.remove()));

describe('parseCrypttab and parseFstab', () => {
  it('read entries with positions, options and fstab escapes', () => {
    const crypt = parseCrypttab('# <target name> <source device> <key file> <options>\n  data_crypt UUID=3f1c none luks,discard\nswap_crypt /dev/sda3 /dev/urandom swap\n', 'etc/crypttab');
    assert.deepEqual(crypt.errors, []);
    assert.deepEqual(crypt.entries.map((e) => [e.name, e.device, e.keyFile, e.options, e.loc.line, e.loc.column]), [
      ['data_crypt', 'UUID=3f1c', undefined, ['luks', 'discard'], 2, 3],
      ['swap_crypt', '/dev/sda3', '/dev/urandom', ['swap'], 3, 1],
    ]);
    const fstab = parseFstab('UUID=8b1e  /  ext4  errors=remount-ro  0  1\n/dev/sdb1 /srv/my\\040data xfs\n', 'etc/fstab');
    assert.deepEqual(fstab.errors, []);
    assert.deepEqual(fstab.entries.map((e) => [e.device, e.mountPoint, e.type, e.options, e.loc.line]), [
      ['UUID=8b1e', '/', 'ext4', ['errors=remount-ro'], 1],
      ['/dev/sdb1', '/srv/my data', 'xfs', ['defaults'], 2],
    ]);
  });

  it('report short lines at their position', () => {
    assert.deepEqual(parseCrypttab('lonely\n', 'c').errors.map((e) => [e.line, e.column]), [[1, 1]]);
    assert.deepEqual(parseFstab('\n  /dev/sdb1 /srv\n', 'f').errors.map((e) => [e.line, e.column]), [[2, 3]]);
  });

  it('never throw (property)', () => {
    const row = fc.array(fc.oneof(fc.constantFrom('UUID=x', '/dev/sdb1', '/', 'ext4', '#', 'none', '\\040', 'luks'), fc.string({ maxLength: 8 })), { maxLength: 7 }).map((f) => f.join(' '));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 15 }), (rows) => {
        const text = rows.join('\n');
        const count = text.split('\n').length;
        for (const r of [parseCrypttab(text, 'c'), parseFstab(text, 'f')]) {
          for (const e of r.errors) assert.ok(e.line! >= 1 && e.line! <= count);
          for (const e of r.entries) assert.ok(e.loc.line >= 1 && e.loc.line <= count);
        }
      }),
      { numRuns: 300 },
    );
  });
});

function fakeLive(devices: LiveBlockDevice[], names: Record<string, string>, complete = true): LiveHost {
  return {
    processes: () => ({ processes: [], complete: true }),
    blockDevices: () => ({ devices, complete }),
    resolveDevice: (source) => names[source],
  };
}

function load(files: Record<string, string>, live?: LiveHost, unreadable: string[] = []): DiskModel {
  const t = makeTree(files);
  trees.push(t);
  const found = discoverHost(t.root);
  const host = { ...found.context, live: live !== undefined, unreadable: new Set([...found.context.unreadable, ...unreadable]) };
  const { units, errors } = loadDisk({ files: found.files, store: new SourceStore(t.root), host }, live);
  assert.deepEqual(errors, []);
  return units[0]!.model as DiskModel;
}

function judge(model: DiskModel): string[] {
  const out: string[] = [];
  requireEncrypted.run({ model, settings: { edgeServices: [] }, facts: {}, report: (r) => out.push(`${'loc' in r.at ? r.at.loc.path : r.at.path}:${'loc' in r.at ? r.at.loc.line : r.at.line}`) });
  return out;
}

const FSTAB = 'UUID=root-uuid / ext4 errors=remount-ro 0 1\nUUID=data-uuid /var/lib/docker ext4 defaults 0 2\n';
const DOCKER_DATA = { 'var/lib/docker/volumes/v/_data/f': 'x' };

describe('loadDisk', () => {
  it('finds which mount holds each data folder', () => {
    const m = load({ 'etc/fstab': FSTAB, ...DOCKER_DATA, 'srv/app/compose.yaml': 'services: {}\n' });
    assert.deepEqual(m.mounts.map((x) => [x.entry.mountPoint, x.holds, x.encrypted]), [
      ['/', ['/srv'], 'unknown'],
      ['/var/lib/docker', ['/var/lib/docker'], 'unknown'],
    ]);
    assert.deepEqual(judge(m), ['etc/crypttab:1']);
  });

  it('on a live host, follows fstab devices to dm-crypt (LVM on LUKS included)', () => {
    const devices: LiveBlockDevice[] = [
      { name: 'sda2', slaves: [] },
      { name: 'dm-0', dmName: 'sda2_crypt', dmUuid: 'CRYPT-LUKS2-abc-sda2_crypt', slaves: ['sda2'] },
      { name: 'dm-1', dmName: 'vg0-docker', dmUuid: 'LVM-x', slaves: ['dm-0'] },
      { name: 'sda1', slaves: [] },
    ];
    const m = load({ 'etc/fstab': FSTAB, 'etc/crypttab': '', ...DOCKER_DATA, 'srv/site/index.html': 'x' }, fakeLive(devices, { 'UUID=data-uuid': 'dm-1', 'UUID=root-uuid': 'sda1' }));
    assert.deepEqual(m.liveCrypt, { devices: ['sda2_crypt'], complete: true });
    assert.deepEqual(m.mounts.map((x) => [x.entry.mountPoint, x.encrypted]), [['/', 'no'], ['/var/lib/docker', 'yes']]);
    // Encryption is in use (an active dm-crypt device, even with an empty crypttab), so the plain root holding /srv is reported.
    assert.deepEqual(judge(m), ['etc/fstab:1']);
  });

  it('on a live host with no dm-crypt device and an empty crypttab, reports the absence once', () => {
    const m = load({ 'etc/fstab': FSTAB, 'etc/crypttab': '# <target name> <source device> <key file> <options>\n', ...DOCKER_DATA }, fakeLive([{ name: 'sda1', slaves: [] }], { 'UUID=data-uuid': 'sda1' }));
    assert.deepEqual(judge(m), ['etc/crypttab:1']);
  });

  it('stays silent when /sys could not be read fully, crypttab or fstab are unreadable, or fstab is absent', () => {
    assert.deepEqual(judge(load({ 'etc/fstab': FSTAB }, fakeLive([], {}, false))), []);
    assert.deepEqual(judge(load({ 'etc/fstab': FSTAB, 'etc/crypttab': '' }, undefined, ['etc/crypttab'])), []);
    assert.deepEqual(judge(load({ 'etc/fstab': FSTAB }, undefined, ['etc/fstab'])), []);
    assert.deepEqual(judge(load({ 'etc/crypttab': '' })), []);
  });
});
