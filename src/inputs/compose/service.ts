/**
 * One resolved service (after `<<`, `extends` and overlays) → the model's ComposeService:
 * the materialized attribute map plus the normalized fields checks read.
 */
import type { Location } from '../../core/location.ts';
import type { EnvEntry } from '../env/parse-env.ts';
import { parseImageRef } from './image.ts';
import { interpolate, type VarLookup } from './interpolate.ts';
import type {
  BuildInfo, ComposeService, EnvVar, ImageRef, NetworkAttachment, PortMapping, VolumeMount, YMap, YNode, YScalar,
} from './model.ts';
import { resolveInRoot } from './paths.ts';
import { parsePort } from './ports.ts';
import { childPath, materialize, type TMap } from './tree.ts';
import { isTrue, parseVolume } from './volumes.ts';

/** What building a service needs from the loader: file access and error reporting. */
export interface ServiceIO {
  /** Directory that relative paths written in `file` are resolved against. */
  baseDirOf(file: string): string;
  /** Entries of an env file, or undefined when it cannot be read. */
  envFile(path: string): EnvEntry[] | undefined;
  /** The Dockerfile's final-stage USER; `read` false when the file is missing. */
  dockerfile(path: string): { read: boolean; user?: { value: string; loc: Location } };
  /** Interpolation lookup for env_file values (the project's `.env`). */
  lookup: VarLookup;
  error(at: Location, reason: string): void;
}

export interface ServiceInput {
  name: string;
  keyLoc: Location;
  /** File where the service's key is written. */
  path: string;
  node: TMap;
  extends?: { service: string; file?: string };
}

export function buildService(input: ServiceInput, io: ServiceIO): ComposeService {
  const keyPath = childPath('services', input.name);
  const node = materialize(input.node, keyPath);
  const service: ComposeService = {
    name: input.name,
    path: input.path,
    loc: input.keyLoc,
    keyPath,
    node,
    profiles: scalarsOf(yget(node, 'profiles')).map((s) => String(s.value)),
    hasBuild: !isNull(yget(node, 'build')),
    capAdd: scalarsOf(yget(node, 'cap_add')),
    capDrop: scalarsOf(yget(node, 'cap_drop')),
    securityOpt: scalarsOf(yget(node, 'security_opt')),
    ports: [],
    expose: scalarsOf(yget(node, 'expose')),
    volumes: [],
    networks: [],
    environment: [],
    secrets: itemsOf(yget(node, 'secrets')),
  };
  const image = imageOf(yget(node, 'image'));
  if (image) service.image = image;
  const buildNode = yget(node, 'build');
  if (buildNode && !isNull(buildNode)) {
    const build = buildInfoOf(buildNode, io);
    if (build) service.build = build;
  }
  setScalar(service, 'user', yget(node, 'user'));
  setScalar(service, 'privileged', castBoolean(yget(node, 'privileged')));
  setScalar(service, 'readOnly', castBoolean(yget(node, 'read_only')));
  setScalar(service, 'pidsLimit', castNumber(yget(node, 'pids_limit') ?? ypath(node, ['deploy', 'resources', 'limits', 'pids'])));
  setScalar(service, 'networkMode', yget(node, 'network_mode'));
  setScalar(service, 'pid', yget(node, 'pid'));
  setScalar(service, 'ipc', yget(node, 'ipc'));

  for (const item of itemsOf(yget(node, 'ports'))) {
    const port: PortMapping | undefined = parsePort(item, item.keyPath);
    if (port) service.ports.push(port);
    else io.error(item.loc, `service "${input.name}": unrecognised port entry`);
  }
  for (const item of itemsOf(yget(node, 'volumes'))) {
    const mount: VolumeMount | undefined = parseVolume(item, item.keyPath);
    if (mount) service.volumes.push(mount);
    else io.error(item.loc, `service "${input.name}": unrecognised volume entry`);
  }
  service.networks = networksOf(node, input.keyLoc, keyPath);
  service.environment = environmentOf(node, io);

  const command = yget(node, 'command');
  if (command) service.command = command;
  const entrypoint = yget(node, 'entrypoint');
  if (entrypoint) service.entrypoint = entrypoint;
  const test = ypath(node, ['healthcheck', 'test']);
  if (test) service.healthcheckTest = test;
  const logging = yget(node, 'logging');
  if (logging?.kind === 'map') service.logging = logging;
  if (input.extends) service.extends = input.extends;
  return service;
}

function isNull(node: YNode | undefined): boolean {
  return node === undefined || (node.kind === 'scalar' && node.value === null);
}

function yget(map: YNode | undefined, key: string): YNode | undefined {
  return map?.kind === 'map' ? map.entries.find((e) => e.key === key)?.value : undefined;
}

function ypath(map: YNode | undefined, keys: string[]): YNode | undefined {
  let node = map;
  for (const key of keys) node = yget(node, key);
  return node;
}

function itemsOf(node: YNode | undefined): YNode[] {
  return node?.kind === 'seq' ? node.items : [];
}

/** Scalar items of a list; a lone scalar counts as a one-item list (`cap_add: ALL` is a common slip). */
function scalarsOf(node: YNode | undefined): YScalar[] {
  if (node?.kind === 'scalar') return node.value === null ? [] : [node];
  return itemsOf(node).filter((n): n is YScalar => n.kind === 'scalar' && n.value !== null);
}

type ScalarField = 'user' | 'privileged' | 'readOnly' | 'pidsLimit' | 'networkMode' | 'pid' | 'ipc';

function setScalar(service: ComposeService, field: ScalarField, node: YNode | undefined): void {
  if (node?.kind === 'scalar' && node.value !== null) service[field] = node;
}

/** `privileged: ${PRIV:-true}` is a string after interpolation; compose casts it, so do we. */
function castBoolean(node: YNode | undefined): YNode | undefined {
  if (node?.kind === 'scalar' && node.raw !== undefined && typeof node.value === 'string') {
    if (/^(true|yes|y|on)$/i.test(node.value)) node.value = true;
    else if (/^(false|no|n|off)$/i.test(node.value)) node.value = false;
  }
  return node;
}

function castNumber(node: YNode | undefined): YNode | undefined {
  if (node?.kind === 'scalar' && node.raw !== undefined && typeof node.value === 'string' && /^-?\d+$/.test(node.value.trim())) {
    node.value = Number(node.value);
  }
  return node;
}

function imageOf(node: YNode | undefined): ImageRef | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  const value = String(node.value);
  return { value, ...parseImageRef(value), node, loc: node.loc, keyPath: node.keyPath };
}

function buildInfoOf(node: YNode, io: ServiceIO): BuildInfo | undefined {
  const contextNode = node.kind === 'scalar' ? node : yget(node, 'context');
  const contextText = contextNode?.kind === 'scalar' && contextNode.value !== null ? String(contextNode.value) : '.';
  // Relative to the file where `context:` is written (an extends base keeps its own directory).
  const contextBase = io.baseDirOf((contextNode ?? node).loc.path);
  const context = resolveInRoot(contextBase, contextText);
  if (context === undefined) return undefined; // a git URL or a path outside the scan root
  const dockerfileNode = node.kind === 'map' ? yget(node, 'dockerfile') : undefined;
  const dockerfileText = dockerfileNode?.kind === 'scalar' && dockerfileNode.value !== null ? String(dockerfileNode.value) : 'Dockerfile';
  const resolved = resolveInRoot(context, dockerfileText);
  const dockerfile = resolved ?? dockerfileText;
  const found = resolved !== undefined ? io.dockerfile(resolved) : { read: false };
  const info: BuildInfo = { context, dockerfile, dockerfileRead: found.read, loc: node.loc, keyPath: node.keyPath };
  if ('user' in found && found.user) info.user = found.user;
  return info;
}

function networksOf(node: YMap, serviceLoc: Location, keyPath: string): NetworkAttachment[] {
  const networks = yget(node, 'networks');
  const out: NetworkAttachment[] = [];
  if (networks?.kind === 'seq') {
    for (const item of networks.items) {
      if (item.kind === 'scalar' && item.value !== null) out.push({ name: String(item.value), implicit: false, loc: item.loc, keyPath: item.keyPath });
    }
  } else if (networks?.kind === 'map') {
    for (const e of networks.entries) out.push({ name: e.key, implicit: false, loc: e.keyLoc, keyPath: e.value.keyPath });
  }
  // Compose attaches a service to `default` when it names no network and no network_mode.
  if (out.length === 0 && yget(node, 'network_mode') === undefined) {
    out.push({ name: 'default', implicit: true, loc: serviceLoc, keyPath: childPath(keyPath, 'networks') });
  }
  return out;
}

/** env_file variables first, then `environment:`, which wins for a name set in both. */
function environmentOf(node: YMap, io: ServiceIO): EnvVar[] {
  const byName = new Map<string, EnvVar>();
  for (const v of envFileVars(yget(node, 'env_file'), io)) byName.set(v.name, v);
  const env = yget(node, 'environment');
  if (env?.kind === 'seq') {
    for (const item of env.items) {
      if (item.kind !== 'scalar' || item.value === null) continue;
      const text = String(item.value);
      const eq = text.indexOf('=');
      const v: EnvVar = { name: eq < 0 ? text : text.slice(0, eq), origin: 'environment', loc: item.loc, keyPath: item.keyPath };
      if (eq >= 0) v.value = text.slice(eq + 1);
      if (item.raw !== undefined) {
        const rawEq = item.raw.indexOf('=');
        v.raw = rawEq < 0 ? item.raw : item.raw.slice(rawEq + 1);
        if (item.vars) v.vars = item.vars;
      }
      byName.set(v.name, v);
    }
  } else if (env?.kind === 'map') {
    for (const e of env.entries) {
      const value = e.value;
      const end = value.kind === 'scalar' && value.value === null ? e.keyLoc : value.loc;
      const loc: Location = { ...e.keyLoc, endLine: end.endLine ?? end.line, endColumn: end.endColumn ?? end.column };
      const v: EnvVar = { name: e.key, origin: 'environment', loc, keyPath: value.keyPath };
      if (value.kind === 'scalar' && value.value !== null) {
        v.value = String(value.value);
        if (value.raw !== undefined) v.raw = value.raw;
        if (value.vars) v.vars = value.vars;
      }
      byName.set(v.name, v);
    }
  }
  return [...byName.values()];
}

function envFileVars(node: YNode | undefined, io: ServiceIO): EnvVar[] {
  if (!node) return [];
  const items: YNode[] = node.kind === 'seq' ? node.items : [node];
  const out: EnvVar[] = [];
  for (const item of items) {
    const pathNode = item.kind === 'map' ? yget(item, 'path') : item;
    if (pathNode?.kind !== 'scalar' || pathNode.value === null) continue;
    const requiredNode = item.kind === 'map' ? yget(item, 'required') : undefined;
    const required = requiredNode?.kind === 'scalar' && requiredNode.value !== null ? isTrue(String(requiredNode.value)) : true;
    const written = String(pathNode.value);
    const path = resolveInRoot(io.baseDirOf(pathNode.loc.path), written);
    if (path === undefined) continue; // outside the scan root: not ours to read
    const entries = io.envFile(path);
    if (!entries) {
      if (required) io.error(pathNode.loc, `env_file not found: ${written}`);
      continue;
    }
    out.push(...expandEnvFile(entries, io.lookup, item.keyPath));
  }
  return out;
}

/**
 * Values of an env_file as compose sees them: unquoted and double-quoted values expand
 * `${VAR}` from earlier lines of the same file, then from the project's `.env`.
 */
export function expandEnvFile(entries: EnvEntry[], lookup: VarLookup, keyPath: string): EnvVar[] {
  const local = new Map<string, string>();
  const scoped: VarLookup = (name) => local.get(name) ?? lookup(name);
  return entries.map((entry) => {
    const loc: Location = { ...entry.loc, endLine: entry.valueLoc.endLine ?? entry.valueLoc.line, endColumn: entry.valueLoc.endColumn ?? entry.valueLoc.column };
    const v: EnvVar = { name: entry.name, value: entry.value, origin: 'env_file', loc, keyPath: childPath(keyPath, entry.name) };
    if (entry.quote !== "'" && entry.value.includes('$')) {
      const r = interpolate(entry.value, scoped);
      v.value = r.value;
      v.raw = entry.value;
      v.vars = r.vars;
    }
    local.set(entry.name, v.value ?? '');
    return v;
  });
}

