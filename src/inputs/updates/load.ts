/**
 * Automatic updates on a Debian-family host, as one model: whether unattended-upgrades is
 * installed, and the APT configuration it and apt's daily timer read, merged the way apt
 * reads it: `etc/apt/apt.conf.d/*` in lexical order (only names apt accepts: letters,
 * digits, `_-.`, and no extension or `.conf`), then `etc/apt/apt.conf`; a later value
 * replaces an earlier one, list items accumulate, `#clear` empties a name.
 */
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';
import { RootFs } from '../host/root-fs.ts';
import { filesOfKind } from '../loader.ts';
import type { LoadedUnit, UnitLoadContext, UnitLoader } from '../loader.ts';
import { parseAptConf } from './parse.ts';
import type { AptItem, AptSet } from './parse.ts';

export type Tristate = 'yes' | 'no' | 'unknown';

export interface UpdatesModel {
  kind: 'updates';
  host: boolean;
  /** `etc/apt` exists: the host uses APT (other package managers are not judged). */
  apt: Tristate;
  /** `usr/bin/unattended-upgrade` exists. */
  installed: Tristate;
  /** False when an APT configuration folder or file could not be read. */
  visible: boolean;
  /** Files read, in apt's order. */
  files: string[];
  /** Files in apt.conf.d that apt skips because of their name (`*.dpkg-old`, `*.disabled`, …). */
  skipped: string[];
  /** Effective scalar values by lower-cased name. */
  settings: Record<string, AptSet>;
  /** List items by lower-cased list name, in reading order. */
  lists: Record<string, AptItem[]>;
  /** Where each list was opened (`Name {`), in reading order. */
  scopes: Record<string, Location[]>;
  /** apt's systemd timers that are masked (linked to /dev/null): then no periodic job runs, whatever the settings say. */
  maskedTimers: string[];
}

export const UPDATES_PLACES = {
  periodic: 'etc/apt/apt.conf.d/20auto-upgrades',
  unattended: 'etc/apt/apt.conf.d/50unattended-upgrades',
} as const;

export const APT_KEYS = {
  enable: 'apt::periodic::enable',
  unattended: 'apt::periodic::unattended-upgrade',
  updateLists: 'apt::periodic::update-package-lists',
  originsPattern: 'unattended-upgrade::origins-pattern',
  allowedOrigins: 'unattended-upgrade::allowed-origins',
} as const;

/** apt's GetListOfFilesInDir(dir, "conf", AllowNoExt=true): run-parts names, no extension or `.conf`. */
export function aptReadsPart(name: string): boolean {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) return false;
  const dot = name.lastIndexOf('.');
  return dot === -1 || name.slice(dot + 1) === 'conf';
}

export function loadUpdates(context: UnitLoadContext): { units: LoadedUnit[]; errors: ScanError[] } {
  const errors: ScanError[] = [];
  const host = context.host;
  const discovered = filesOfKind(context, 'updates').map((f) => f.path);
  if (!host && discovered.length === 0) return { units: [], errors };

  const parts = discovered.filter((p) => p.startsWith('etc/apt/apt.conf.d/')).sort();
  const others = discovered.filter((p) => !p.startsWith('etc/apt/apt.conf.d/')).sort();
  const skipped = parts.filter((p) => !aptReadsPart(p.slice(p.lastIndexOf('/') + 1)));
  const order = [...parts.filter((p) => !skipped.includes(p)), ...others];

  const model: UpdatesModel = {
    kind: 'updates',
    host: host !== undefined,
    apt: 'unknown',
    installed: 'unknown',
    visible: true,
    files: [],
    skipped,
    // Names come from the files: no prototype, so `__proto__` is just a name.
    settings: Object.create(null) as Record<string, AptSet>,
    lists: Object.create(null) as Record<string, AptItem[]>,
    scopes: Object.create(null) as Record<string, Location[]>,
    maskedTimers: [],
  };
  for (const path of order) {
    const r = context.store.read(path);
    if (!r.ok) {
      model.visible = false;
      errors.push(r.line === undefined ? { path, reason: r.reason } : { path, line: r.line, reason: r.reason });
      continue;
    }
    model.files.push(path);
    const parsed = parseAptConf(r.file.text, path);
    errors.push(...parsed.errors);
    for (const s of parsed.statements) {
      if (s.type === 'set') model.settings[s.key] = s;
      else if (s.type === 'item') (model.lists[s.key] ??= []).push(s);
      else if (s.type === 'scope') (model.scopes[s.key] ??= []).push(s.loc);
      else if (s.type === 'clear') clear(model, s.key);
    }
  }
  if (host) {
    const fs = RootFs.of(host);
    const apt = fs.lookup('etc/apt');
    model.apt = apt.state === 'present' ? (apt.kind === 'dir' ? 'yes' : 'no') : apt.state === 'absent' ? 'no' : 'unknown';
    if (fs.hidesSomething('etc/apt/apt.conf.d') || fs.markedUnreadable('etc/apt/apt.conf')) model.visible = false;
    const installed = fs.anyExists(['usr/bin/unattended-upgrade', 'usr/bin/unattended-upgrades']);
    model.installed = installed.answer;
    for (const timer of ['apt-daily.timer', 'apt-daily-upgrade.timer']) {
      const path = `etc/systemd/system/${timer}`;
      const found = fs.lookup(path, false);
      if (found.state === 'present' && found.kind === 'link' && fs.readLink(path) === '/dev/null') model.maskedTimers.push(path);
    }
  }
  return { units: [{ model, files: model.files }], errors };
}

function clear(model: UpdatesModel, key: string): void {
  const under = (k: string): boolean => k === key || k.startsWith(`${key}::`);
  for (const k of Object.keys(model.settings)) if (under(k)) delete model.settings[k];
  for (const k of Object.keys(model.lists)) if (under(k)) delete model.lists[k];
  for (const k of Object.keys(model.scopes)) if (under(k)) delete model.scopes[k];
}

/**
 * apt.systemd.daily's reading of an APT::Periodic interval: `0` (or `0d`, empty) is off,
 * a number of days (optionally with an s/m/h/d unit) or `always` is on.
 */
export function periodicOn(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  if (v === 'always') return true;
  const m = /^(\d+)([smhd]?)$/.exec(v);
  return m !== null && Number(m[1]) > 0;
}

const ARCHIVE_KEYS = new Set(['a', 'archive', 'suite', 'n', 'codename', 'l', 'label', 'site']);

/**
 * Whether an `Origins-Pattern` entry lets security updates through: a field value naming
 * security (`label=Debian-Security`, `codename=${distro_codename}-security`), or a pattern
 * that does not restrict the archive at all (`origin=Debian` matches the security archive too).
 */
export function patternCoversSecurity(pattern: string): boolean {
  const fields = splitUnescaped(pattern, ',').map((f) => {
    const eq = f.indexOf('=');
    return eq === -1 ? { k: f.trim().toLowerCase(), v: '' } : { k: f.slice(0, eq).trim().toLowerCase(), v: f.slice(eq + 1).trim() };
  });
  if (fields.some((f) => /security/i.test(f.v))) return true;
  const restricting = fields.filter((f) => ARCHIVE_KEYS.has(f.k) && f.v !== '*' && !f.v.endsWith('*'));
  if (restricting.length > 0) return false;
  const origin = fields.find((f) => f.k === 'o' || f.k === 'origin');
  return origin === undefined || /^(?:\*|\$\{distro_id\}|debian|ubuntu)$/i.test(origin.v);
}

/** Whether an `Allowed-Origins` entry (`origin:archive`) names a security archive. */
export function allowedOriginCoversSecurity(entry: string): boolean {
  const parts = splitUnescaped(entry, ':');
  if (parts.length < 2) return false;
  const archive = parts[parts.length - 1]!.trim();
  return /security/i.test(archive) || archive === '*';
}

function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      cur += s[++i];
      continue;
    }
    if (s[i] === sep) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += s[i];
  }
  out.push(cur);
  return out;
}

export const updatesLoader: UnitLoader = { kind: 'updates', load: loadUpdates };
