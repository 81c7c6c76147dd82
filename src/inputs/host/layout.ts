/**
 * Where a Linux host keeps what Bulwark audits. `scan --host-root DIR` reads these known
 * places under DIR (a live `/`, a mounted image, a config-management checkout) instead of
 * walking the whole file system, plus a shallow walk of the usual application folders.
 * Every file is optional; a folder or file that cannot be read is an error entry and is
 * remembered in `unreadable`, so a check never claims "missing" for what it could not see.
 * Links resolve as on the host itself: an absolute link means a place under the root.
 */
import { realpathSync } from 'node:fs';
import type { ScanError } from '../../core/finding.ts';
import type { DiscoveredFile, InputKind } from '../discover.ts';
import { classifyName, isSkippedDirName } from '../discover/classify.ts';
import { RootFs } from './root-fs.ts';

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
  // The main config; it includes conf.d and sites-enabled itself (the loader follows includes).
  { pattern: 'etc/nginx/nginx.conf', kind: 'nginx' },
  { pattern: 'etc/letsencrypt/live/*/cert.pem', kind: 'certificate' },
  { pattern: 'etc/apt/apt.conf.d/*', kind: 'updates' },
  { pattern: 'etc/apt/apt.conf', kind: 'updates' },
  { pattern: 'etc/crontab', kind: 'backups' },
  { pattern: 'etc/cron.d/*', kind: 'backups' },
  { pattern: 'etc/cron.hourly/*', kind: 'backups' },
  { pattern: 'etc/cron.daily/*', kind: 'backups' },
  { pattern: 'etc/cron.weekly/*', kind: 'backups' },
  { pattern: 'etc/cron.monthly/*', kind: 'backups' },
  { pattern: 'var/spool/cron/crontabs/*', kind: 'backups' },
  { pattern: 'var/spool/cron/*', kind: 'backups' },
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
  private readonly fs: RootFs;

  constructor(root: string) {
    this.fs = new RootFs(root, this.unreadable);
  }

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
          const kind = this.kindOf(path);
          if (kind === (last ? want : 'dir')) next.push(path);
        }
      }
      current = next;
    });
    return current;
  }

  addFile(path: string, kind: InputKind): void {
    const readable = this.readablePath(path);
    if (!this.found.has(readable)) this.found.set(readable, kind);
  }

  /** A bounded walk for compose files, `.env` files and keys an application keeps. */
  walkApps(dir: string, depth: number): void {
    const names = this.list(dir);
    if (!names) return;
    for (const name of names) {
      const path = `${dir}/${name}`;
      if (isSkippedDirName(name)) continue;
      const kind = this.kindOf(path);
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
    const listed = this.fs.list(dir);
    if (listed.ok) return listed.names;
    if (listed.state === 'unknown') this.fail(dir, `cannot read directory: ${listed.reason ?? 'unknown reason'}`);
    return undefined;
  }

  /** 'file' or 'dir', with links resolved as the host would (inside the root); else undefined. */
  private kindOf(path: string): EntryKind | undefined {
    const found = this.fs.lookup(path);
    if (found.state === 'unknown') {
      this.fail(path, found.reason);
      return undefined;
    }
    if (found.state === 'absent') return undefined;
    return found.kind === 'dir' ? 'dir' : found.kind === 'file' ? 'file' : undefined;
  }

  /**
   * The path to read a file by. An absolute link in a mounted image (`sshd_config ->
   * /srv/conf/sshd_config`) means a place under the root; the operating system would
   * follow it into the scanning machine, so such files are read (and reported) by the
   * path the link leads to inside the root.
   */
  private readablePath(path: string): string {
    const found = this.fs.lookup(path);
    if (found.state !== 'present' || found.real === path) return path;
    try {
      if (realpathSync(this.fs.absolute(path)) === realpathSync(this.fs.absolute(found.real))) return path;
    } catch {
      // The operating system cannot follow it (it leads out of the image): only the real path works.
    }
    return found.real;
  }

  private fail(path: string, reason: string): void {
    if (this.unreadable.has(path)) return;
    this.unreadable.add(path);
    this.errors.push({ path, reason });
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
