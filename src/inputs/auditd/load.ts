/**
 * The Linux audit daemon on a host, as one model: whether auditd is installed, enabled at
 * boot (a systemd `*.wants/auditd.service` link, or a SysV `rc?.d/S??auditd` link), running
 * (live host only), and the rules it loads (`etc/audit/rules.d/*.rules`, which augenrules
 * compiles, and `etc/audit/audit.rules`). Links are looked at, never followed: systemd's
 * links are absolute and would point into the scanning machine on a mounted image.
 */
import type { ScanError } from '../../core/finding.ts';
import type { LiveHost } from '../host/live.ts';
import { daemonRunning, systemLiveHost } from '../host/live.ts';
import { RootFs } from '../host/root-fs.ts';
import { filesOfKind } from '../loader.ts';
import type { LoadedUnit, UnitLoadContext, UnitLoader } from '../loader.ts';
import { parseAuditRules } from './parse.ts';
import type { AuditLine } from './parse.ts';

export type Tristate = 'yes' | 'no' | 'unknown';

export interface AuditdModel {
  kind: 'auditd';
  /** Scanned with `--host-root`: what is absent can be judged. */
  host: boolean;
  /** The root is this machine's `/`. */
  live: boolean;
  installed: { state: Tristate; evidence?: string };
  /** `masked`: `etc/systemd/system/auditd.service` links to /dev/null. */
  enabled: { state: Tristate | 'masked'; evidence?: string };
  /** Live host only: an auditd process exists. */
  running?: Tristate;
  /** Every parsed line of every rules file, in the order augenrules reads them (rules.d sorted, then audit.rules). */
  rules: AuditLine[];
  /** The `-e` line that wins (the last one of rules.d, else of audit.rules). */
  enableFlag?: AuditLine;
  /** False when a rules file or folder could not be read: then "no rules" cannot be claimed. */
  rulesVisible: boolean;
  /** Rules files read. */
  ruleFiles: string[];
  files: string[];
}

/** Where findings about something absent point (the file that would hold it). */
export const AUDITD_PLACES = {
  config: 'etc/audit/auditd.conf',
  rules: 'etc/audit/rules.d/audit.rules',
  wantsLink: 'etc/systemd/system/multi-user.target.wants/auditd.service',
} as const;

const INSTALLED = ['usr/sbin/auditd', 'sbin/auditd', 'usr/lib/systemd/system/auditd.service', 'lib/systemd/system/auditd.service'];

export function loadAuditd(context: UnitLoadContext, live: LiveHost = systemLiveHost): { units: LoadedUnit[]; errors: ScanError[] } {
  const errors: ScanError[] = [];
  const files = filesOfKind(context, 'auditd');
  const host = context.host;
  if (!host && files.length === 0) return { units: [], errors };

  const ruleFiles = files
    .map((f) => f.path)
    .filter((p) => p === 'etc/audit/audit.rules' || /(^|\/)rules\.d\/[^/]+\.rules$/.test(p) || (!host && p.endsWith('.rules')));
  const fromDir = ruleFiles.filter((p) => p.includes('rules.d/')).sort();
  const compiled = ruleFiles.filter((p) => !p.includes('rules.d/'));
  const rules: AuditLine[] = [];
  const read: string[] = [];
  let rulesVisible = true;
  let dirFlag: AuditLine | undefined;
  let compiledFlag: AuditLine | undefined;
  for (const path of [...fromDir, ...compiled]) {
    const r = context.store.read(path);
    if (!r.ok) {
      rulesVisible = false;
      errors.push(r.line === undefined ? { path, reason: r.reason } : { path, line: r.line, reason: r.reason });
      continue;
    }
    read.push(path);
    const parsed = parseAuditRules(r.file.text, path);
    errors.push(...parsed.errors);
    rules.push(...parsed.lines);
    for (const l of parsed.lines) {
      if (l.kind !== 'enable') continue;
      if (path.includes('rules.d/')) dirFlag = l;
      else compiledFlag = l;
    }
  }
  const enableFlag = fromDir.length > 0 ? dirFlag ?? compiledFlag : compiledFlag;

  const model: AuditdModel = {
    kind: 'auditd',
    host: host !== undefined,
    live: host?.live ?? false,
    installed: { state: 'unknown' },
    enabled: { state: 'unknown' },
    rules,
    rulesVisible,
    ruleFiles: read,
    files: [...read],
  };
  if (enableFlag) model.enableFlag = enableFlag;
  if (host) {
    const fs = RootFs.of(host);
    if (fs.hidesSomething('etc/audit')) model.rulesVisible = false;
    const installed = fs.anyExists(INSTALLED);
    model.installed = installed.answer === 'no' ? { state: 'no' } : { state: installed.answer, evidence: installed.path };
    model.enabled = bootEnabled(fs, 'auditd');
    if (host.live) model.running = daemonRunning(live.processes(), 'auditd');
  }
  return { units: [{ model, files: model.files }], errors };
}

/**
 * Whether a service starts at boot: a systemd `*.wants/<name>.service` link (looked at with
 * lstat), a mask (`<name>.service -> /dev/null`), or a SysV start link `rc[2-5].d/S??<name>`.
 */
export function bootEnabled(fs: RootFs, name: string): { state: Tristate | 'masked'; evidence?: string } {
  const unit = `${name}.service`;
  const mask = fs.lookup(`etc/systemd/system/${unit}`, false);
  if (mask.state === 'present' && mask.kind === 'link' && fs.readLink(`etc/systemd/system/${unit}`) === '/dev/null') {
    return { state: 'masked', evidence: `etc/systemd/system/${unit}` };
  }
  let unknown = false;
  const systemd = fs.list('etc/systemd/system');
  if (systemd.ok) {
    for (const dir of systemd.names.filter((n) => n.endsWith('.wants'))) {
      const link = `etc/systemd/system/${dir}/${unit}`;
      const found = fs.lookup(link, false);
      if (found.state === 'present') return { state: 'yes', evidence: link };
      if (found.state === 'unknown') unknown = true;
    }
  } else if (systemd.state === 'unknown') unknown = true;
  for (const level of ['2', '3', '4', '5']) {
    const dir = `etc/rc${level}.d`;
    const listed = fs.list(dir);
    if (!listed.ok) {
      if (listed.state === 'unknown') unknown = true;
      continue;
    }
    const start = listed.names.find((n) => new RegExp(`^S\\d\\d${escapeRe(name)}$`).test(n));
    if (start) return { state: 'yes', evidence: `${dir}/${start}` };
  }
  if (unknown || fs.hidesSomething('etc/systemd/system')) return { state: 'unknown' };
  return { state: 'no' };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A loader reading the live host through `live` (tests pass a fake). */
export function auditdLoaderWith(live: LiveHost): UnitLoader {
  return { kind: 'auditd', load: (context) => loadAuditd(context, live) };
}

export const auditdLoader: UnitLoader = auditdLoaderWith(systemLiveHost);
