/**
 * Disk encryption on a host, as one model: the dm-crypt mappings `etc/crypttab` sets up,
 * the `etc/fstab` mounts that hold data (the mount a data folder such as `/var/lib/docker`,
 * `/var/lib/postgresql` or `/srv` lives on, when that folder has content), whether each
 * one's device is a crypttab mapping, and on a live host the dm-crypt devices the kernel
 * has (`/sys/class/block/*\/dm/uuid` = `CRYPT-…`, followed through LVM).
 */
import type { ScanError } from '../../core/finding.ts';
import type { LiveHost } from '../host/live.ts';
import { cryptDevices, isEncryptedDevice, systemLiveHost } from '../host/live.ts';
import { RootFs } from '../host/root-fs.ts';
import { filesOfKind } from '../loader.ts';
import type { LoadedUnit, UnitLoadContext, UnitLoader } from '../loader.ts';
import { parseCrypttab, parseFstab } from './parse.ts';
import type { CryptEntry, FstabEntry } from './parse.ts';

export type FileState = 'present' | 'absent' | 'unknown';

export interface DataMount {
  entry: FstabEntry;
  /** Data folders (with content) that live on this mount, as host paths: `/var/lib/docker`. */
  holds: string[];
  encrypted: 'yes' | 'no' | 'unknown';
  /** How that was decided, for messages. */
  why: string;
}

export interface DiskModel {
  kind: 'disk';
  host: boolean;
  live: boolean;
  crypttab: { state: FileState; entries: CryptEntry[] };
  fstab: { state: FileState; entries: FstabEntry[] };
  /** fstab entries that mount a local disk (not tmpfs, proc, network, bind or swap). */
  disks: FstabEntry[];
  mounts: DataMount[];
  /** Live host: names of active dm-crypt devices; `complete` false when /sys could not be read fully. */
  liveCrypt?: { devices: string[]; complete: boolean };
  files: string[];
}

export const DISK_PLACES = { crypttab: 'etc/crypttab', fstab: 'etc/fstab' } as const;

/** Folders whose content is application data worth encrypting at rest. */
export const DATA_PATHS = ['var/lib/docker', 'var/lib/containers', 'var/lib/postgresql', 'var/lib/mysql', 'var/lib/mongodb', 'srv', 'data'];

/** File system types that are not a local disk. */
const NOT_DISK = new Set(['tmpfs', 'proc', 'sysfs', 'devpts', 'devtmpfs', 'swap', 'none', 'nfs', 'nfs4', 'cifs', 'smb3', 'sshfs', 'fuse.sshfs', 'overlay', 'squashfs', 'iso9660', 'udf', 'cgroup', 'cgroup2', 'securityfs', 'debugfs', 'efivarfs', 'mqueue', 'hugetlbfs', 'autofs', 'bpf', '9p', 'virtiofs', 'ceph', 'glusterfs']);
/** A whole disk or a partition of one: never a dm-crypt mapping. */
const RAW_DEVICE = /^\/dev\/(?:sd[a-z]+|vd[a-z]+|xvd[a-z]+|hd[a-z]+|nvme\d+n\d+|mmcblk\d+)(?:p?\d+)?$/;

export function loadDisk(context: UnitLoadContext, live: LiveHost = systemLiveHost): { units: LoadedUnit[]; errors: ScanError[] } {
  const errors: ScanError[] = [];
  const host = context.host;
  const discovered = filesOfKind(context, 'disk').map((f) => f.path);
  if (!host && discovered.length === 0) return { units: [], errors };
  const fs = host ? RootFs.of(host) : undefined;
  const model: DiskModel = {
    kind: 'disk',
    host: host !== undefined,
    live: host?.live ?? false,
    crypttab: { state: 'absent', entries: [] },
    fstab: { state: 'absent', entries: [] },
    disks: [],
    mounts: [],
    files: [],
  };
  const read = (path: string): { state: FileState; text?: string } => {
    if (fs) {
      const found = fs.lookup(path);
      if (found.state === 'unknown') return { state: 'unknown' };
      if (found.state === 'absent' || found.kind !== 'file') return { state: 'absent' };
      path = found.real;
    } else if (!discovered.includes(path)) return { state: 'absent' };
    const r = context.store.read(path);
    if (!r.ok) {
      errors.push(r.line === undefined ? { path, reason: r.reason } : { path, line: r.line, reason: r.reason });
      return { state: 'unknown' };
    }
    model.files.push(path);
    return { state: 'present', text: r.file.text };
  };
  const crypttab = read(DISK_PLACES.crypttab);
  model.crypttab.state = crypttab.state;
  if (crypttab.text !== undefined) {
    const parsed = parseCrypttab(crypttab.text, model.files[model.files.length - 1]!);
    errors.push(...parsed.errors);
    model.crypttab.entries = parsed.entries;
  }
  const fstab = read(DISK_PLACES.fstab);
  model.fstab.state = fstab.state;
  if (fstab.text !== undefined) {
    const parsed = parseFstab(fstab.text, model.files[model.files.length - 1]!);
    errors.push(...parsed.errors);
    model.fstab.entries = parsed.entries;
  }

  const liveHost = host?.live ? live : undefined;
  const blocks = liveHost?.blockDevices();
  if (blocks) model.liveCrypt = { devices: cryptDevices(blocks).map((d) => d.dmName ?? d.name), complete: blocks.complete };

  const disks = model.fstab.entries.filter((e) => !NOT_DISK.has(e.type) && !e.options.includes('bind') && e.mountPoint.startsWith('/'));
  model.disks = disks;
  if (fs) {
    const mappings = new Set(model.crypttab.entries.map((e) => e.name));
    const byMount = new Map<FstabEntry, string[]>();
    for (const data of DATA_PATHS) {
      const listed = fs.list(data);
      if (!listed.ok || listed.names.length === 0) continue;
      const hostPath = `/${data}`;
      const mount = longestPrefix(disks, hostPath);
      if (mount) byMount.set(mount, [...(byMount.get(mount) ?? []), hostPath]);
    }
    for (const [entry, holds] of byMount) {
      model.mounts.push({ entry, holds, ...judgeDevice(entry, mappings, liveHost, blocks) });
    }
    model.mounts.sort((a, b) => a.entry.loc.line - b.entry.loc.line);
  }
  return { units: [{ model, files: model.files }], errors };
}

function longestPrefix(entries: FstabEntry[], path: string): FstabEntry | undefined {
  let best: FstabEntry | undefined;
  for (const e of entries) {
    const mp = e.mountPoint.replace(/\/+$/, '') || '/';
    const covers = mp === '/' || path === mp || path.startsWith(`${mp}/`);
    if (covers && (!best || mp.length > (best.mountPoint.replace(/\/+$/, '') || '/').length)) best = e;
  }
  return best;
}

function judgeDevice(
  entry: FstabEntry,
  mappings: ReadonlySet<string>,
  live: LiveHost | undefined,
  blocks: ReturnType<LiveHost['blockDevices']> | undefined,
): { encrypted: DataMount['encrypted']; why: string } {
  const dev = entry.device;
  const mapper = /^\/dev\/(?:mapper\/|disk\/by-id\/dm-name-)(.+)$/.exec(dev);
  if (mapper && mappings.has(mapper[1]!)) return { encrypted: 'yes', why: `${dev} is the crypttab mapping "${mapper[1]}"` };
  if (live && blocks) {
    const name = live.resolveDevice(dev);
    if (name !== undefined && blocks.devices.some((d) => d.name === name)) {
      return isEncryptedDevice(name, blocks)
        ? { encrypted: 'yes', why: `${dev} (${name}) sits on a dm-crypt device` }
        : blocks.complete
          ? { encrypted: 'no', why: `${dev} (${name}) is not on any dm-crypt device` }
          : { encrypted: 'unknown', why: 'the block device list is incomplete' };
    }
  }
  if (RAW_DEVICE.test(dev)) return { encrypted: 'no', why: `${dev} is a plain disk partition, not a dm-crypt mapping` };
  return { encrypted: 'unknown', why: `${dev} cannot be traced to a device from the files alone` };
}

export function diskLoaderWith(live: LiveHost): UnitLoader {
  return { kind: 'disk', load: (context) => loadDisk(context, live) };
}

export const diskLoader: UnitLoader = diskLoaderWith(systemLiveHost);
