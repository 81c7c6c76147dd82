import { defineCheck } from '../../core/check.ts';
import { DISK_PLACES } from '../../inputs/disk/load.ts';
import type { DiskModel } from '../../inputs/disk/load.ts';

export default defineCheck<DiskModel>({
  id: 'disk/require-encrypted-data-disks',
  title: 'Disks holding data are encrypted (LUKS/dm-crypt)',
  severity: 'low',
  checklist: ['H6'],
  rationale:
    'Encryption at rest protects databases, volumes and backups when a disk leaves the operator\'s control: a decommissioned ' +
    'or failed drive, a stolen server, a snapshot copied by someone with access to the hypervisor. It does nothing against ' +
    'an attacker on the running host, and many providers already encrypt volumes below the VM (invisible from inside), ' +
    'so this is low. Lynis only records LUKS use (CRYP-7930) and CIS does not require it. The check reports a host whose ' +
    'crypttab has no entry (and, on a live host, no active dm-crypt device), and, when encryption is in use, each fstab ' +
    'mount that holds /var/lib/docker, /var/lib/postgresql, /var/lib/mysql, /var/lib/mongodb, /srv or /data on a device ' +
    'that is provably not encrypted. A root whose etc/fstab mounts no disk (a container, a partial configuration checkout) is not judged.',
  remediation:
    'Put the data on a LUKS volume: `cryptsetup luksFormat /dev/sdb && cryptsetup open /dev/sdb data_crypt && mkfs.ext4 /dev/mapper/data_crypt`, then\n' +
    '/etc/crypttab:\n```\ndata_crypt  UUID=<luks-uuid>  /root/data.key  luks,discard\n```\n/etc/fstab:\n```\n' +
    '/dev/mapper/data_crypt  /var/lib/docker  ext4  defaults,nofail  0  2\n```\nIf the provider encrypts the volume ' +
    '(AWS EBS, GCP, Azure disk encryption), suppress this finding with that reason.',
  references: ['Lynis CRYP-7930', 'https://man7.org/linux/man-pages/man5/crypttab.5.html', 'https://gitlab.com/cryptsetup/cryptsetup/-/wikis/FrequentlyAskedQuestions'],
  fixable: false,
  run({ model, report }) {
    // Without a disk in fstab the root is a container or a partial checkout: nothing to judge.
    if (!model.host || model.crypttab.state === 'unknown' || model.fstab.state !== 'present' || model.disks.length === 0) return;
    const liveCrypt = model.liveCrypt;
    const inUse = model.crypttab.entries.length > 0 || (liveCrypt?.devices.length ?? 0) > 0;
    if (!inUse) {
      if (model.live && liveCrypt && !liveCrypt.complete) return;
      const live = model.live && liveCrypt ? ' and no dm-crypt device is active' : '';
      const where = model.mounts.flatMap((m) => m.holds);
      const data = where.length > 0 ? `; data such as ${where.slice(0, 3).join(', ')} is stored in the clear` : '';
      report({
        at: { path: DISK_PLACES.crypttab, line: 1, column: 1 },
        message: `no disk is encrypted: ${model.crypttab.state === 'absent' ? 'there is no crypttab' : 'crypttab has no entry'}${live}${data}`,
      });
      return;
    }
    for (const m of model.mounts) {
      if (m.encrypted !== 'no') continue;
      const what = m.holds.length === 1 && m.holds[0] === m.entry.mountPoint ? m.entry.mountPoint : `${m.entry.mountPoint} (holding ${m.holds.join(', ')})`;
      report({ at: m.entry, message: `${what} is not encrypted: ${m.why}` });
    }
  },
});
