/**
 * Where a Linux host keeps what Bulwark audits. `scan --host-root DIR` reads these known
 * places under DIR (a live `/`, a mounted image, a config-management checkout) instead of
 * walking the whole file system, plus a shallow walk of the usual application folders.
 * Every file is optional; a folder or file that cannot be read is an error entry and is
 * remembered in `unreadable`, so a check never claims "missing" for what it could not see.
 */
import type { Stats } from 'node:fs';
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import type { ScanError } from '../../core/finding.ts';
import type { DiscoveredFile, InputKind } from '../discover.ts';
import { isInside } from '../discover.ts';
import { classifyName, isSkippedDirName } from '../discover/classify.ts';
import { describeFsError } from '../source.ts';

/** What loaders know about the host being scanned. */
export interface HostContext {
  /** Absolute real path of the host root. */
  root: string;
  /** True when the root is this machine's `/`: live state (processes, block devices) may be read too. */
  live: boolean;
  /** Root-relative paths of folders and files that exist but could not be read. */
  unreadable: ReadonlySet<string>;
}

/** Known places, as root-relative patterns: `*` matches within one path segment. */
export const HOST_LAYOUT: ReadonlyArray<{ pattern: string; kind: InputKind }> = [
  { pattern: 'etc/ssh/sshd_config', kind: 'sshd' },
  { pattern: 'etc/ssh/ssh_host_*_key', kind: 'key-material' },
  { pattern: 'root/.ssh/authorized_keys', kind: 'authorized-keys' },
  { pattern: 'root/.ssh/authorized_keys2', kind: 'authorized-keys' },
  { pattern: 'home/*/.ssh/authorized_keys', kind: 'authorized-keys' },
  { pattern: 'home/*/.ssh/authorized_keys2', kind: 'authorized-keys' },
  { pattern: 'root/.ssh/id_*', kind: 'key-material' },
  { pattern: 'home/*/.ssh/id_*', kind: 'key-material' },
  { pattern: 'etc/ssl/private/*', kind: 'key-material' },
  { pattern: 'etc/letsencrypt/live/*/privkey.pem', kind: 'key-material' },
  { pattern: 'etc/ufw/ufw.conf', kind: 'ufw' },
  { pattern: 'etc/default/ufw', kind: 'ufw' },
  { pattern: 'etc/ufw/user.rules', kind: 'ufw' },
  { pattern: 'etc/ufw/user6.rules', kind: 'ufw' },
  { pattern: 'etc/fail2ban/jail.conf', kind: 'fail2ban' },
  { pattern: 'etc/fail2ban/jail.local', kind: 'fail2ban' },
  { pattern: 'etc/fail2ban/jail.d/*', kind: 'fail2ban' },
  { pattern: 'etc/fail2ban/paths-*.conf', kind: 'fail2ban' },
  { pattern: 'etc/fail2ban/paths-*.local', kind: 'fail2ban' },
  { pattern: 'etc/audit/auditd.conf', kind: 'auditd' },
  { pattern: 'etc/audit/audit.rules', kind: 'auditd' },
  { pattern: 'etc/audit/rules.d/*', kind: 'auditd' },
  { pattern: 'etc/docker/daemon.json', kind: 'docker-daemon' },
  { pattern: 'etc/apt/apt.conf.d/*', kind: 'updates' },
  { pattern: 'etc/crontab', kind: 'backups' },
  { pattern: 'etc/cron.d/*', kind: 'backups' },
  { pattern: 'etc/cron.daily/*', kind: 'backups' },
  { pattern: 'etc/cron.weekly/*', kind: 'backups' },
  { pattern: 'var/spool/cron/crontabs/*', kind: 'backups' },
  { pattern: 'etc/crypttab', kind: 'disk' },
  { pattern: 'etc/fstab', kind: 'disk' },
];

/** Folders where applications (compose projects and their `.env` files) usually live, walked this deep. */
export const APP_FOLDERS: readonly string[] = ['opt', 'srv', 'var/www', 'root', 'home/*'];
const APP_DEPTH = 3;

export interface HostDiscovery {
  files: DiscoveredFile[];
  errors: ScanError[];
  context: HostContext;
}

export function discoverHost(root: string): HostDiscovery {
  const finder = new HostFinder(root);
  for (const { pattern, kind } of HOST_LAYOUT) {
    for (const path of finder.expand(pattern)) {
      // Public halves of key pairs are not secrets.
      if (kind === 'key-material' && path.endsWith('.pub')) continue;
      finder.addFile(path, kind);
    }
  }
  for (const folder of APP_FOLDERS) {
    for (const dir of finder.expand(folder, 'dir')) finder.walkApps(dir, APP_DEPTH);
  }
  return {
    files: finder.files(),
    errors: finder.errors,
    context: { root, live: root === '/', unreadable: finder.unreadable },
  };
}

type EntryKind = 'file' | 'dir';

class HostFinder {
  readonly errors: ScanError[] = [];
  readonly unreadable = new Set<string>();
  private readonly found = new Map<string, InputKind>();

  constructor(private readonly root: string) {}

  /** Root-relative paths matching `pattern` whose final entry is a file (or a folder). */
  expand(pattern: string, want: EntryKind = 'file'): string[] {
    let current = [''];
    const segments = pattern.split('/');
    segments.forEach((segment, i) => {
      const last = i === segments.length - 1;
      const next: string[] = [];
      for (const dir of current) {
        const names = segment.includes('*') ? this.list(dir)?.filter((n) => segmentMatches(segment, n)) ?? [] : [segment];
        for (const name of names) {
          const path = dir === '' ? name : `${dir}/${name}`;
          const kind = this.kindOf(path, last);
          if (kind === (last ? want : 'dir')) next.push(path);
        }
      }
      current = next;
    });
    return current;
  }

  addFile(path: string, kind: InputKind): void {
    if (!this.found.has(path)) this.found.set(path, kind);
  }

  /** A bounded walk for compose files, `.env` files and keys an application keeps. */
  walkApps(dir: string, depth: number): void {
    const names = this.list(dir);
    if (!names) return;
    for (const name of names) {
      const path = `${dir}/${name}`;
      if (isSkippedDirName(name)) continue;
      const kind = this.kindOf(path, true);
      if (kind === 'dir') {
        if (depth > 1 && !name.startsWith('.')) this.walkApps(path, depth - 1);
        else if (depth > 1 && name === '.ssh') this.walkApps(path, 1);
        continue;
      }
      if (kind !== 'file') continue;
      const cls = classifyName(name);
      if (cls !== undefined && cls !== 'yaml') this.addFile(path, cls);
    }
  }

  files(): DiscoveredFile[] {
    return [...this.found]
      .map(([path, kind]): DiscoveredFile => ({ path, kind, by: 'name' }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private list(dir: string): string[] | undefined {
    try {
      return readdirSync(this.abs(dir)).sort();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') this.fail(dir, `cannot read directory: ${describeFsError(err)}`);
      return undefined;
    }
  }

  /** 'file' or 'dir' for an entry worth using (links followed only inside the root), else undefined. */
  private kindOf(path: string, reportProblems: boolean): EntryKind | undefined {
    let st: Stats;
    try {
      st = lstatSync(this.abs(path));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') this.fail(path, describeFsError(err));
      return undefined;
    }
    if (st.isSymbolicLink()) {
      let real: string;
      try {
        real = realpathSync(this.abs(path));
        st = lstatSync(real);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (reportProblems && code === 'ELOOP') this.fail(path, 'symbolic link loop; not followed');
        return undefined;
      }
      // An absolute link in a mounted image points into the scanning machine, not the image.
      if (!isInside(real, this.root)) {
        if (reportProblems) this.fail(path, 'symbolic link points outside the host root; not followed');
        return undefined;
      }
    }
    if (st.isDirectory()) return 'dir';
    if (st.isFile()) return 'file';
    return undefined;
  }

  private fail(path: string, reason: string): void {
    if (this.unreadable.has(path)) return;
    this.unreadable.add(path);
    this.errors.push({ path, reason });
  }

  private abs(path: string): string {
    return path === '' ? this.root : `${this.root === '/' ? '' : this.root}/${path}`;
  }
}

function segmentMatches(segment: string, name: string): boolean {
  if (name.startsWith('.') && !segment.startsWith('.')) return false;
  const re = new RegExp(`^${segment.split('*').map(escapeRegExp).join('.*')}$`);
  return re.test(name);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
