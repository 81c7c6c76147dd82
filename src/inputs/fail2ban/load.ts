/**
 * Loading fail2ban's jail configuration as the model `fail2ban/*` checks judge.
 *
 * Host mode (`scan --host-root`): always one model for `etc/fail2ban`, also when fail2ban
 * is not installed, so absence can be reported; it also records whether sshd is
 * configured on the host and whether another brute-force blocker (CrowdSec, sshguard,
 * DenyHosts) is, and whether every place that could hold a setting was readable.
 * Repo mode: one model per folder holding discovered jail files; nothing is concluded
 * from what such a folder lacks (the packaged `jail.conf` lives on the host).
 */
import type { ScanError } from '../../core/finding.ts';
import { filesOfKind } from '../loader.ts';
import type { LoadedUnit, UnitLoader, UnitLoadContext } from '../loader.ts';
import { daemonRunning, systemLiveHost } from '../host/live.ts';
import type { LiveHost } from '../host/live.ts';
import { readFail2banConfig } from './config.ts';
import type { Fail2banAccess } from './config.ts';
import { HostFiles, dirnameOf, joinPath } from './host-files.ts';
import { effectiveJails } from './jails.ts';
import type { Fail2banJail } from './jails.ts';

export type { Fail2banJail, JailSetting } from './jails.ts';

/** The model checks of kind `fail2ban` receive. */
export interface Fail2banConfig {
  kind: 'fail2ban';
  mode: 'host' | 'repo';
  /** Root-relative configuration folder, `etc/fail2ban` on a host. */
  confDir: string;
  /** Where local settings belong (`<confDir>/jail.local`): absence findings point here. */
  localPath: string;
  /** A jail file or `fail2ban.conf` exists. */
  installed: boolean;
  /** Every place that could hold a jail setting was readable: absence may be concluded. */
  complete: boolean;
  /** `jail.conf` was read, so options set nowhere really take the server's built-in values. */
  baseRead: boolean;
  /** Files read, in fail2ban's reading order. */
  files: string[];
  /** Every jail (section), enabled or not, in first-seen order. */
  jails: Fail2banJail[];
  /** Host mode: whether `etc/ssh/sshd_config` exists; `unknown` in repo mode or when unreadable. */
  sshd: 'present' | 'absent' | 'unknown';
  /** Host mode: other brute-force blockers configured on the host (root-relative places). */
  alternatives: string[];
  /** Live host (`--host-root /`) only: whether a fail2ban-server process runs. */
  running?: 'yes' | 'no' | 'unknown';
}

/** Places that show another tool banning SSH brute force. */
const ALTERNATIVES = ['etc/crowdsec', 'etc/sshguard/sshguard.conf', 'etc/sshguard.conf', 'etc/denyhosts.conf'];

export function loadFail2banConfig(confDir: string, access: Fail2banAccess, mode: 'host' | 'repo'): { config: Fail2banConfig; errors: ScanError[] } {
  const read = readFail2banConfig(confDir, access);
  const { jails, errors: jailErrors } = effectiveJails(read.config, confDir);
  const dirState = access.stat(confDir);
  const jailD = access.list(joinPath(confDir, 'jail.d'));
  const installed =
    ['jail.conf', 'jail.local', 'fail2ban.conf'].some((n) => access.stat(joinPath(confDir, n)) === 'file') ||
    (Array.isArray(jailD) && jailD.some((n) => !n.startsWith('.') && (n.endsWith('.conf') || n.endsWith('.local'))));
  const complete = dirState !== 'unreadable' && jailD !== 'unreadable' && read.unreadable.length === 0;
  let sshd: Fail2banConfig['sshd'] = 'unknown';
  const alternatives: string[] = [];
  if (mode === 'host') {
    const s = access.stat('etc/ssh/sshd_config');
    sshd = s === 'file' ? 'present' : s === 'absent' ? 'absent' : 'unknown';
    for (const place of ALTERNATIVES) {
      const st = access.stat(place);
      if (st === 'file' || st === 'dir') alternatives.push(place);
    }
  }
  return {
    config: {
      kind: 'fail2ban',
      mode,
      confDir,
      localPath: joinPath(confDir, 'jail.local'),
      installed,
      complete,
      baseRead: read.files.includes(joinPath(confDir, 'jail.conf')),
      files: [...new Set(read.files)],
      jails,
      sshd,
      alternatives,
    },
    errors: [...read.errors, ...jailErrors],
  };
}

/** The configuration folder a discovered fail2ban file belongs to. */
function confDirOf(path: string): string {
  const dir = dirnameOf(path);
  return dir === 'jail.d' || dir.endsWith('/jail.d') ? dirnameOf(dir) : dir;
}

export const fail2banLoader: UnitLoader = {
  kind: 'fail2ban',
  load: (context) => loadFail2ban(context),
};

/** The loader, with the live host injectable for tests. */
export function loadFail2ban(context: UnitLoadContext, live: LiveHost = systemLiveHost): { units: LoadedUnit[]; errors: ScanError[] } {
    const units: LoadedUnit[] = [];
    const errors: ScanError[] = [];
    const dirs = new Map<string, 'host' | 'repo'>();
    if (context.host) dirs.set('etc/fail2ban', 'host');
    for (const f of filesOfKind(context, 'fail2ban')) {
      const dir = confDirOf(f.path);
      if (!dirs.has(dir)) dirs.set(dir, 'repo');
    }
    for (const [dir, mode] of dirs) {
      const files = new HostFiles(context.store, context.host);
      try {
        const loaded = loadFail2banConfig(dir, files, mode);
        for (const e of loaded.errors) errors.push(e);
        if (mode === 'repo' && loaded.config.files.length === 0) continue;
        if (mode === 'host' && context.host?.live && loaded.config.installed) loaded.config.running = daemonRunning(live.processes(), 'fail2ban-server');
        units.push({ model: loaded.config, files: [...files.read] });
      } catch (err) {
        errors.push({ path: dir, reason: `internal error while loading fail2ban configuration: ${(err as Error).message}` });
      }
    }
    return { units, errors };
}
