/**
 * Facts only a running host can tell, read when `scan --host-root /` audits this machine:
 * which daemons run (`/proc/<pid>/comm` and `cmdline`) and which block devices are
 * dm-crypt mappings (`/sys/class/block/<dev>/dm/uuid` starting `CRYPT-`, followed down
 * through `slaves/` so LVM on LUKS counts). Every read is bounded and never throws; what
 * could not be read makes the answer incomplete rather than "no".
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, realpathSync } from 'node:fs';

export interface LiveProcess {
  pid: number;
  /** Kernel task name: the executable's (or `#!` script's) base name, cut to 15 bytes. */
  comm: string;
  /** Command line, cut to the first `MAX_CMDLINE_BYTES`; empty for kernel threads. */
  argv: string[];
}

export interface LiveProcessList {
  processes: LiveProcess[];
  /** False when the process count limit was reached or `/proc` could not be listed. */
  complete: boolean;
}

export interface LiveBlockDevice {
  /** Kernel name, e.g. `sda1`, `nvme0n1p2`, `dm-0`. */
  name: string;
  /** Device-mapper name (`/dev/mapper/<dmName>`), for dm devices. */
  dmName?: string;
  /** Device-mapper uuid: `CRYPT-LUKS2-…` for dm-crypt, `LVM-…` for LVM. */
  dmUuid?: string;
  /** Devices this one is built on (`slaves/`). */
  slaves: string[];
}

export interface LiveBlockDevices {
  devices: LiveBlockDevice[];
  complete: boolean;
}

/** What loaders ask a live host; tests pass a fake. */
export interface LiveHost {
  processes(): LiveProcessList;
  blockDevices(): LiveBlockDevices;
  /** Kernel block device name behind an fstab/crypttab source (`/dev/…`, `UUID=`, `LABEL=`, `PARTUUID=`, `PARTLABEL=`), when it can be resolved. */
  resolveDevice(source: string): string | undefined;
}

const MAX_PROCESSES = 20_000;
const MAX_CMDLINE_BYTES = 4096;
const MAX_BLOCK_DEVICES = 4096;

export function readProcesses(procDir = '/proc', limit = MAX_PROCESSES): LiveProcessList {
  let names: string[];
  try {
    names = readdirSync(procDir);
  } catch {
    return { processes: [], complete: false };
  }
  const processes: LiveProcess[] = [];
  let complete = true;
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    if (processes.length >= limit) {
      complete = false;
      break;
    }
    let comm: string;
    try {
      comm = readFileSync(`${procDir}/${name}/comm`, 'utf8').replace(/\n$/, '');
    } catch {
      // The process ended between listing and reading.
      continue;
    }
    processes.push({ pid: Number(name), comm, argv: readCmdline(`${procDir}/${name}/cmdline`) });
  }
  processes.sort((a, b) => a.pid - b.pid);
  return { processes, complete };
}

function readCmdline(path: string): string[] {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(MAX_CMDLINE_BYTES);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    return text.split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
  } catch {
    return [];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The first process that is `daemon`: its task name (cut to 15 bytes as the kernel does),
 * the base name of its executable, or, for an interpreter (`python3 /usr/bin/fail2ban-server`),
 * the base name of the script it runs.
 */
export function findDaemon(list: LiveProcessList, daemon: string): LiveProcess | undefined {
  const comm = daemon.slice(0, 15);
  return list.processes.find((p) => {
    if (p.comm === comm) return true;
    const [exe, script] = p.argv;
    if (exe !== undefined && baseName(exe) === daemon) return true;
    return script !== undefined && isInterpreter(exe) && baseName(script) === daemon;
  });
}

/** 'yes'/'no' for a live host, 'unknown' when the process list was cut short and the daemon is not in it. */
export function daemonRunning(list: LiveProcessList, daemon: string): 'yes' | 'no' | 'unknown' {
  if (findDaemon(list, daemon)) return 'yes';
  return list.complete ? 'no' : 'unknown';
}

function isInterpreter(exe: string | undefined): boolean {
  return exe !== undefined && /^(?:python[\d.]*|perl|ruby|node|sh|bash)$/.test(baseName(exe));
}

function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i === -1 ? p : p.slice(i + 1);
}

export function readBlockDevices(sysDir = '/sys'): LiveBlockDevices {
  const base = `${sysDir}/class/block`;
  let names: string[];
  try {
    names = readdirSync(base).sort();
  } catch {
    return { devices: [], complete: false };
  }
  const devices: LiveBlockDevice[] = [];
  let complete = true;
  for (const name of names) {
    if (devices.length >= MAX_BLOCK_DEVICES) {
      complete = false;
      break;
    }
    const device: LiveBlockDevice = { name, slaves: [] };
    const dmName = readSmall(`${base}/${name}/dm/name`);
    const dmUuid = readSmall(`${base}/${name}/dm/uuid`);
    if (dmName !== undefined) device.dmName = dmName;
    if (dmUuid !== undefined) device.dmUuid = dmUuid;
    try {
      device.slaves = readdirSync(`${base}/${name}/slaves`).sort();
    } catch {
      // Not every device has a slaves folder.
    }
    devices.push(device);
  }
  return { devices, complete };
}

function readSmall(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim().slice(0, 256) || undefined;
  } catch {
    return undefined;
  }
}

/** True when `name`, or a device it is built on, is a dm-crypt mapping. */
export function isEncryptedDevice(name: string, list: LiveBlockDevices): boolean {
  const byName = new Map(list.devices.map((d) => [d.name, d]));
  const seen = new Set<string>();
  const visit = (n: string): boolean => {
    if (seen.has(n)) return false;
    seen.add(n);
    const d = byName.get(n);
    if (!d) return false;
    if (d.dmUuid?.startsWith('CRYPT-')) return true;
    return d.slaves.some(visit);
  };
  return visit(name);
}

/** Kernel block device names that are dm-crypt mappings. */
export function cryptDevices(list: LiveBlockDevices): LiveBlockDevice[] {
  return list.devices.filter((d) => d.dmUuid?.startsWith('CRYPT-'));
}

const TAG_DIRS: Record<string, string> = { UUID: 'by-uuid', LABEL: 'by-label', PARTUUID: 'by-partuuid', PARTLABEL: 'by-partlabel' };

export function resolveDeviceName(source: string, devDir = '/dev'): string | undefined {
  let path: string;
  const tag = /^(UUID|LABEL|PARTUUID|PARTLABEL)=(.+)$/.exec(source);
  if (tag) {
    const value = tag[2]!.replace(/^"(.*)"$/, '$1');
    if (value.includes('/')) return undefined;
    path = `${devDir}/disk/${TAG_DIRS[tag[1]!]}/${value}`;
  } else if (source.startsWith('/dev/')) {
    path = `${devDir}/${source.slice('/dev/'.length)}`;
  } else {
    return undefined;
  }
  try {
    const real = realpathSync(path);
    return real.startsWith(`${devDir}/`) ? baseName(real) : undefined;
  } catch {
    return undefined;
  }
}

/** This machine, read through `/proc`, `/sys` and `/dev`. */
export const systemLiveHost: LiveHost = {
  processes: () => readProcesses(),
  blockDevices: () => readBlockDevices(),
  resolveDevice: (source) => resolveDeviceName(source),
};
