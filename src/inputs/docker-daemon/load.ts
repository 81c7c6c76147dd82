/**
 * Docker's `daemon.json` as a model: each setting with the position of its key (nested
 * ones too, so a finding points at `"max-file": "1"` inside `log-opts`), and a missing
 * setting at line 1. Under a host root with Docker installed (a `dockerd` binary) but no
 * daemon.json, the model says so and the checks report dockerd's defaults there; when
 * `etc/docker` could not be read, nothing is claimed. Under a host root, flags on
 * dockerd's command line (docker.service, /etc/default/docker) count as settings too.
 */
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';
import { RootFs } from '../host/root-fs.ts';
import { filesOfKind } from '../loader.ts';
import type { LoadedUnit, UnitLoader, UnitLoadContext } from '../loader.ts';
import { readDockerdFlags } from './flags.ts';
import type { HostTextAccess } from './flags.ts';
import { member, plainValue, readJson } from './json.ts';
import type { JsonNode } from './json.ts';
import { readError } from '../source.ts';

export interface DaemonSetting {
  /** The plain value (objects and arrays as JSON.parse gives them). */
  value: unknown;
  /** The parsed node, for nested settings (`log-opts`). */
  node: JsonNode;
  /** The key's position. */
  loc: Location;
  /** `log-opts.max-size`. */
  keyPath: string;
}

export interface DaemonConfig {
  kind: 'docker-daemon';
  /** daemon.json, relative to the scan root (where it is, or would be). */
  path: string;
  /** False under a host root where dockerd is installed but daemon.json is absent. */
  present: boolean;
  /**
   * Top-level settings by name (the last one when a key is repeated, as dockerd reads it);
   * under a host root also dockerd's command-line flags, which point into the unit file.
   */
  settings: Map<string, DaemonSetting>;
  /** Line 1 of the file: where a missing setting is reported. */
  top: { loc: Location; keyPath: string };
}

export const HOST_DAEMON_JSON = 'etc/docker/daemon.json';
/** Where distributions and Docker's packages install dockerd. */
const DOCKERD = ['usr/bin/dockerd', 'usr/sbin/dockerd', 'usr/local/bin/dockerd'];

/** Parse one daemon.json; a file dockerd would refuse is a positioned error and no model. */
export function readDaemonJson(path: string, text: string): { config?: DaemonConfig; errors: ScanError[] } {
  // dockerd trims blanks and treats an empty file as no settings.
  if (text.trim() === '') return { config: emptyConfig(path, true), errors: [] };
  const parsed = readJson(text, path);
  if (!parsed.ok) {
    const { line, column, reason } = parsed.error;
    return { errors: [{ path, line, column, reason: `invalid JSON: ${reason}` }] };
  }
  if (parsed.value.type === 'null') return { config: emptyConfig(path, true), errors: [] };
  if (parsed.value.type !== 'object') {
    return { errors: [{ path, line: parsed.value.loc.line, column: parsed.value.loc.column, reason: 'daemon.json must hold a JSON object' }] };
  }
  const config = emptyConfig(path, true);
  for (const entry of parsed.value.entries) {
    config.settings.set(entry.key, { value: plainValue(entry.value), node: entry.value, loc: entry.keyLoc, keyPath: entry.key });
  }
  return { config, errors: [] };
}

/** A setting inside an object setting (`log-opts` → `max-size`), with its own position. */
export function nestedSetting(parent: DaemonSetting | undefined, key: string): DaemonSetting | undefined {
  const entry = member(parent?.node, key);
  if (!parent || !entry) return undefined;
  return { value: plainValue(entry.value), node: entry.value, loc: entry.keyLoc, keyPath: `${parent.keyPath}.${key}` };
}

function emptyConfig(path: string, present: boolean): DaemonConfig {
  return { kind: 'docker-daemon', path, present, settings: new Map(), top: { loc: { path, line: 1, column: 1 }, keyPath: '(file)' } };
}

export const dockerDaemonLoader: UnitLoader = {
  kind: 'docker-daemon',
  load(context) {
    const units: LoadedUnit[] = [];
    const errors: ScanError[] = [];
    const files = filesOfKind(context, 'docker-daemon');
    const flags = context.host ? readDockerdFlags(hostText(context, RootFs.of(context.host))) : undefined;
    for (const file of files) {
      const read = context.store.read(file.path);
      if (!read.ok) {
        errors.push(readError(file.path, read));
        continue;
      }
      const loaded = readDaemonJson(file.path, read.file.text);
      errors.push(...loaded.errors);
      if (!loaded.config) continue;
      const hostFile = context.host !== undefined && isHostDaemonJson(context, file.path);
      if (!hostFile && !looksLikeDockers(file.path, loaded.config)) continue;
      if (flags && hostFile) addFlags(loaded.config, flags);
      units.push({ model: loaded.config, files: [file.path] });
    }
    const absent = absentOnHost(context, files);
    if (absent) {
      if (flags) addFlags(absent, flags);
      units.push({ model: absent, files: [] });
    }
    return { units, errors };
  },
};

/** True when a daemon.json found by name is Docker's (see looksLikeDockers); Docker's own place always is. */
export function isDockersDaemonJson(path: string, text: string): boolean {
  if (path === HOST_DAEMON_JSON || DOCKER_FOLDER.test(path)) return true;
  const { config } = readDaemonJson(path, text);
  return config !== undefined && looksLikeDockers(path, config);
}

const DOCKER_FOLDER = /(?:^|\/)[^/]*docker[^/]*\//i;

/**
 * Other software names its config daemon.json too. Outside /etc/docker a file is judged as
 * Docker's when a `docker` folder holds it or it sets at least one dockerd setting.
 */
function looksLikeDockers(path: string, config: DaemonConfig): boolean {
  if (DOCKER_FOLDER.test(path)) return true;
  for (const key of config.settings.keys()) if (DOCKERD_KEYS.has(key)) return true;
  return false;
}

/** daemon.json keys of dockerd (docs.docker.com/reference/cli/dockerd, "Daemon configuration file"). */
const DOCKERD_KEYS = new Set([
  'allow-nondistributable-artifacts', 'authorization-plugins', 'bip', 'bip6', 'bridge', 'builder', 'cdi-spec-dirs', 'cgroup-parent',
  'containerd', 'containerd-namespace', 'containerd-plugins-namespace', 'data-root', 'debug', 'default-address-pools',
  'default-cgroupns-mode', 'default-gateway', 'default-gateway-v6', 'default-ipc-mode', 'default-network-opts', 'default-runtime',
  'default-shm-size', 'default-ulimits', 'dns', 'dns-opts', 'dns-search', 'exec-opts', 'exec-root', 'experimental', 'features',
  'fixed-cidr', 'fixed-cidr-v6', 'group', 'host-gateway-ip', 'hosts', 'icc', 'init', 'init-path', 'insecure-registries', 'ip',
  'ip-forward', 'ip-forward-no-drop', 'ip-masq', 'ip6tables', 'iptables', 'ipv6', 'labels', 'live-restore', 'log-driver',
  'log-format', 'log-level', 'log-opts', 'max-concurrent-downloads', 'max-concurrent-uploads', 'max-download-attempts',
  'metrics-addr', 'min-api-version', 'mtu', 'no-new-privileges', 'node-generic-resources', 'oom-score-adjust', 'pidfile', 'proxies',
  'raw-logs', 'registry-mirrors', 'runtimes', 'seccomp-profile', 'selinux-enabled', 'shutdown-timeout', 'storage-driver',
  'storage-opts', 'swarm-default-advertise-addr', 'tls', 'tlscacert', 'tlscert', 'tlskey', 'tlsverify', 'userland-proxy',
  'userland-proxy-path', 'userns-remap',
]);

/** dockerd refuses a setting given both ways, so a flag only fills what the file leaves unset. */
function addFlags(config: DaemonConfig, flags: Map<string, DaemonSetting>): void {
  for (const [name, setting] of flags) if (!config.settings.has(name)) config.settings.set(name, setting);
}

/** The daemon.json dockerd reads: etc/docker/daemon.json, or where a link there leads. */
function isHostDaemonJson(context: UnitLoadContext, path: string): boolean {
  if (path === HOST_DAEMON_JSON) return true;
  const found = RootFs.of(context.host!).lookup(HOST_DAEMON_JSON);
  return found.state === 'present' && found.real === path;
}

/** Text files and folders under the root as the host sees them (links resolved inside it). */
function hostText(context: UnitLoadContext, fs: RootFs): HostTextAccess {
  return {
    read(path) {
      const found = fs.lookup(path);
      if (found.state !== 'present' || found.kind !== 'file') return undefined;
      const read = context.store.read(found.real);
      return read.ok ? read.file.text : undefined;
    },
    list(dir) {
      const listed = fs.list(dir);
      return listed.ok ? listed.names : undefined;
    },
  };
}

/**
 * Docker installed under the host root with no daemon.json: dockerd's defaults apply.
 * Only when the place was looked at and is really absent (not unreadable), and a dockerd
 * binary is really there.
 */
export function absentOnHost(context: UnitLoadContext, files: ReadonlyArray<{ path: string }>): DaemonConfig | undefined {
  if (!context.host || files.some((f) => f.path === HOST_DAEMON_JSON)) return undefined;
  const fs = RootFs.of(context.host);
  if (fs.lookup(HOST_DAEMON_JSON).state !== 'absent') return undefined;
  if (fs.anyExists(DOCKERD).answer !== 'yes') return undefined;
  return emptyConfig(HOST_DAEMON_JSON, false);
}
