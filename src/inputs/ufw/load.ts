/**
 * Loading UFW's configuration as the model `ufw/*` checks judge: the boot switch
 * (`etc/ufw/ufw.conf` ENABLED), the default policies (`etc/default/ufw`), the user rules
 * (`etc/ufw/user.rules`, `user6.rules`), and what the checks need to judge them: the
 * SSH ports sshd listens on (its `Port` lines, default 22) and, in host mode, whether
 * another firewall is configured (nftables, iptables-persistent, firewalld, CSF,
 * Shorewall), so a host filtered by something else is not called unprotected.
 *
 * Host mode: always one model for the host, also when ufw is absent. Repo mode: one model
 * per folder holding discovered ufw files; absence is never concluded there.
 */
import type { ScanError } from '../../core/finding.ts';
import { filesOfKind } from '../loader.ts';
import type { LoadedUnit, UnitLoader } from '../loader.ts';
import { HostFiles, joinPath } from '../fail2ban/host-files.ts';
import { parseSshdConfig } from '../sshd/parse.ts';
import { parseShellAssignments, parseUfwRules } from './parse.ts';
import type { ShellAssignment, UfwRule } from './parse.ts';

export type { PortSet, ShellAssignment, UfwAction, UfwRule } from './parse.ts';

/** Whether a file was read; `unreadable` means it exists but could not be read. */
export interface UfwFileState {
  path: string;
  state: 'read' | 'absent' | 'unreadable';
}

/** The model checks of kind `ufw` receive. */
export interface UfwConfig {
  kind: 'ufw';
  mode: 'host' | 'repo';
  conf: UfwFileState;
  defaults: UfwFileState;
  rulesV4: UfwFileState;
  rulesV6: UfwFileState;
  /** Effective assignments: `etc/default/ufw` then `ufw.conf`, last one wins, by name. */
  settings: Map<string, ShellAssignment>;
  /** Rules of user.rules then user6.rules, in file order (ufw's evaluation order). */
  rules: UfwRule[];
  /** IPv6 rules are applied (`IPV6=yes`, ufw's default). */
  ipv6: boolean;
  /** TCP ports sshd listens on (`Port` lines of sshd_config; 22 when unknown or unset). */
  sshPorts: number[];
  /** Host mode: another firewall configuration with rules, when one is found. */
  otherFirewall?: { path: string; what: string };
  /** Host mode: a place that could hold another firewall's rules could not be read. */
  otherFirewallUnknown: boolean;
}

interface UfwPlaces {
  conf: string;
  defaults: string;
  rulesV4: string;
  rulesV6: string;
}

export function hostPlaces(prefix = ''): UfwPlaces {
  return {
    conf: joinPath(prefix, 'etc/ufw/ufw.conf'),
    defaults: joinPath(prefix, 'etc/default/ufw'),
    rulesV4: joinPath(prefix, 'etc/ufw/user.rules'),
    rulesV6: joinPath(prefix, 'etc/ufw/user6.rules'),
  };
}

export function loadUfwConfig(places: UfwPlaces, files: HostFiles, mode: 'host' | 'repo'): { config: UfwConfig; errors: ScanError[] } {
  const errors: ScanError[] = [];
  const settings = new Map<string, ShellAssignment>();
  const read = (path: string): { state: UfwFileState; text?: string } => {
    const r = files.text(path);
    if (r.ok) return { state: { path, state: 'read' }, text: r.text };
    if (r.state === 'unreadable' && !r.reported) errors.push(r.line === undefined ? { path, reason: r.reason } : { path, line: r.line, reason: r.reason });
    return { state: { path, state: r.state } };
  };
  // ufw-init sources etc/default/ufw first, then ufw.conf.
  const defaults = read(places.defaults);
  const conf = read(places.conf);
  for (const f of [defaults, conf]) {
    if (f.text === undefined) continue;
    const parsed = parseShellAssignments(f.text, f.state.path);
    for (const e of parsed.errors) errors.push(e);
    for (const a of parsed.assignments) settings.set(a.name, a);
  }
  const rules: UfwRule[] = [];
  const v4 = read(places.rulesV4);
  const v6 = read(places.rulesV6);
  for (const [f, isV6] of [[v4, false], [v6, true]] as const) {
    if (f.text === undefined) continue;
    const parsed = parseUfwRules(f.text, f.state.path, isV6);
    // Loops, not spreads: a huge file must not overflow the argument stack.
    for (const e of parsed.errors) errors.push(e);
    for (const r of parsed.rules) rules.push(r);
  }
  const ipv6Setting = settings.get('IPV6');
  const config: UfwConfig = {
    kind: 'ufw',
    mode,
    conf: conf.state,
    defaults: defaults.state,
    rulesV4: v4.state,
    rulesV6: v6.state,
    settings,
    rules,
    ipv6: ipv6Setting === undefined || ipv6Setting.value === 'yes' || ipv6Setting.value === 'YES',
    sshPorts: mode === 'host' ? sshPorts(files) : [22],
    otherFirewallUnknown: false,
  };
  if (mode === 'host') {
    const other = findOtherFirewall(files);
    if (other.found) config.otherFirewall = other.found;
    config.otherFirewallUnknown = other.unknown;
  }
  return { config, errors };
}

/** `Port` lines of the global part of sshd_config and its includes (Port adds up; it is not first-wins). */
function sshPorts(files: HostFiles): number[] {
  const main = 'etc/ssh/sshd_config';
  if (files.stat(main) !== 'file') return [22];
  const parsed = parseSshdConfig(main, {
    read(p) {
      const r = files.text(p);
      return r.ok ? { ok: true, text: r.text } : { ok: false, reason: r.reason };
    },
    list(dir) {
      const names = files.list(dir);
      return Array.isArray(names) ? names : undefined;
    },
  });
  const ports = parsed.directives
    .filter((d) => d.keyword === 'port' && !d.match)
    .map((d) => Number(d.args[0]))
    .filter((n) => Number.isInteger(n) && n > 0 && n <= 65535);
  return ports.length > 0 ? [...new Set(ports)] : [22];
}

/** Another firewall's saved configuration that actually filters incoming traffic. */
function findOtherFirewall(files: HostFiles): { found?: { path: string; what: string }; unknown: boolean } {
  let unknown = false;
  const textOf = (path: string): string | undefined => {
    const r = files.text(path);
    if (!r.ok && r.state === 'unreadable') unknown = true;
    return r.ok ? r.text : undefined;
  };
  const nftFiles = ['etc/nftables.conf', 'etc/sysconfig/nftables.conf'];
  for (const dir of ['etc/nftables.d', 'etc/nftables']) {
    const names = files.list(dir);
    if (names === 'unreadable') unknown = true;
    else if (names) nftFiles.push(...names.filter((n) => n.endsWith('.nft') || n.endsWith('.conf')).map((n) => `${dir}/${n}`));
  }
  for (const path of nftFiles) {
    const text = textOf(path);
    if (text !== undefined && nftablesFilters(text)) return { found: { path, what: 'nftables' }, unknown };
  }
  for (const path of ['etc/iptables/rules.v4', 'etc/sysconfig/iptables', 'etc/iptables/rules.v6', 'etc/sysconfig/ip6tables']) {
    const text = textOf(path);
    if (text !== undefined && iptablesFilters(text)) return { found: { path, what: 'iptables rules' }, unknown };
  }
  for (const [path, what] of [['etc/firewalld/firewalld.conf', 'firewalld'], ['etc/csf/csf.conf', 'CSF'], ['etc/shorewall/shorewall.conf', 'Shorewall']] as const) {
    const s = files.stat(path);
    if (s === 'file') return { found: { path, what }, unknown };
    if (s === 'unreadable') unknown = true;
  }
  return { unknown };
}

/** An nftables ruleset that drops or rejects something (Debian's stock file only declares empty chains). */
export function nftablesFilters(text: string): boolean {
  const code = text.replace(/#.*$/gm, '');
  return /\bpolicy\s+(?:drop|reject)\b/.test(code) || /(?:^|[\s;{])(?:drop|reject)(?:$|[\s;}])/m.test(code);
}

/** iptables-save output whose INPUT chain drops by default or has a DROP/REJECT rule. */
export function iptablesFilters(text: string): boolean {
  return /^:INPUT\s+DROP\b/m.test(text) || /^-A\s+INPUT\b.*-j\s+(?:DROP|REJECT)\b/m.test(text);
}

/** Repo mode: the folder prefix a discovered ufw file belongs to (`x/etc/ufw/user.rules` → `x`). */
function prefixOf(path: string): string | undefined {
  for (const suffix of ['etc/ufw/ufw.conf', 'etc/default/ufw', 'etc/ufw/user.rules', 'etc/ufw/user6.rules']) {
    if (path === suffix) return '';
    if (path.endsWith(`/${suffix}`)) return path.slice(0, -suffix.length - 1);
  }
  return undefined;
}

export const ufwLoader: UnitLoader = {
  kind: 'ufw',
  load(context) {
    const units: LoadedUnit[] = [];
    const errors: ScanError[] = [];
    const prefixes = new Map<string, 'host' | 'repo'>();
    if (context.host) prefixes.set('', 'host');
    for (const f of filesOfKind(context, 'ufw')) {
      const prefix = prefixOf(f.path);
      if (prefix !== undefined && !prefixes.has(prefix)) prefixes.set(prefix, 'repo');
    }
    for (const [prefix, mode] of prefixes) {
      const files = new HostFiles(context.store, context.host);
      try {
        const loaded = loadUfwConfig(hostPlaces(prefix), files, mode);
        for (const e of loaded.errors) errors.push(e);
        units.push({ model: loaded.config, files: [...files.read] });
      } catch (err) {
        errors.push({ path: prefix === '' ? '.' : prefix, reason: `internal error while loading ufw configuration: ${(err as Error).message}` });
      }
    }
    return { units, errors };
  },
};
