/**
 * Compose files → one ComposeProject, the way `docker compose -f main -f overlay…`
 * would see it: `.env` interpolation, `include:`, overlays merged in order, `extends`
 * (same file or another, recursive), then normalization into the model.
 *
 * Determinism: variables come only from the `.env` beside the main file (and the
 * `env_file` of an `include`), never from the process environment.
 * Relative paths resolve against the directory of the file where they are written; in
 * overlays against the main file's directory, and in included files against the
 * include's `project_directory`, as compose does. Files outside the scan root are never
 * read. Each file is read and parsed once per call.
 */
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';
import { parseEnvFile, type EnvEntry } from '../env/parse-env.ts';
import type { SourceStore } from '../source.ts';
import { finalStageUser } from './dockerfile.ts';
import { interpolate, type VarLookup } from './interpolate.ts';
import { mergeGeneric, mergeService } from './merge.ts';
import type { ComposeNamedResource, ComposeNetwork, ComposeProject, ComposeService } from './model.ts';
import { parseComposeYaml } from './parse-yaml.ts';
import { dirOf, resolveInRoot } from './paths.ts';
import { buildService, type ServiceIO } from './service.ts';
import { asMap, childPath, get, materialize, scalarText, type TEntry, type TMap, type TNode } from './tree.ts';
import { isTrue } from './volumes.ts';

export interface ComposeLoadResult {
  project?: ComposeProject;
  errors: ScanError[];
  /** The main file is YAML but not a compose file (no `services` mapping); nothing to report. */
  notCompose?: boolean;
}

/**
 * Load a compose project. `files[0]` is the main file; later files are overlays merged in
 * order, like `docker compose -f a -f b`. Paths are relative to `store.root` with `/`
 * separators. Never throws: problems become positioned `errors`.
 */
export function loadComposeProject(files: string[], store: SourceStore): ComposeLoadResult {
  const main = files[0];
  if (main === undefined) return { errors: [{ path: '.', reason: 'no compose file given' }] };
  try {
    return new ProjectLoader(store, main).load(files.slice(1));
  } catch (err) {
    // A bug or a resource limit (e.g. a stack overflow on absurd nesting) must not end the scan.
    const message = err instanceof RangeError ? 'nested too deeply' : err instanceof Error ? err.message : String(err);
    return { errors: [{ path: main, reason: `could not load compose project: ${message.slice(0, 200)}` }] };
  }
}

interface Env {
  id: number;
  vars: Map<string, { value: string; loc: Location }>;
  lookup: VarLookup;
}

interface RawService {
  name: string;
  keyLoc: Location;
  /** File where the service key is written. */
  path: string;
  node: TMap;
  env: Env;
  /** The node after `extends`, once resolved. */
  resolved?: TMap;
}

interface RawProject {
  services: Map<string, RawService>;
  networks: Map<string, TEntry>;
  volumes: Map<string, TEntry>;
  secrets: Map<string, TEntry>;
}

const RESOURCE_KINDS = ['networks', 'volumes', 'secrets'] as const;

class ProjectLoader {
  private readonly errors: ScanError[] = [];
  private readonly filesRead = new Set<string>();
  /** Parsed compose files by env id + path; null while loading or when unusable. */
  private readonly parsed = new Map<string, TMap | null>();
  private readonly serviceScopes = new Map<string, Map<string, RawService> | undefined>();
  private readonly envFiles = new Map<string, EnvEntry[] | undefined>();
  private readonly dockerfiles = new Map<string, { read: boolean; user?: { value: string; loc: Location } }>();
  private readonly baseDirs = new Map<string, string>();
  private readonly resolving = new Map<RawService, TMap>();
  private envCount = 0;

  constructor(
    private readonly store: SourceStore,
    private readonly main: string,
  ) {}

  load(overlays: string[]): ComposeLoadResult {
    const main = this.main;
    const mainDir = dirOf(main);
    this.baseDirs.set(main, mainDir);
    const text = this.read(main);
    if (text === undefined) return { errors: this.errors };
    const env = this.projectEnv([resolveInRoot(mainDir, '.env') ?? '.env']);
    const parsed = parseComposeYaml(text, main, env.lookup);
    if (!parsed.root) {
      if (parsed.errors.length === 0) this.errors.push({ path: main, line: 1, column: 1, reason: 'empty file: no YAML document' });
      return { errors: [...this.errors, ...parsed.errors] };
    }
    if (parsed.root.kind !== 'map') {
      this.errorAt(parsed.root.loc, `the top level is a ${describe(parsed.root)}, not a mapping of compose keys`);
      return { errors: [...this.errors, ...parsed.errors] };
    }
    if (!looksLikeCompose(parsed.root)) return { notCompose: true, errors: [] };
    this.errors.push(...parsed.errors);
    if (parsed.extraDocument) this.errorAt(parsed.extraDocument, 'more than one YAML document in a compose file; only the first is loaded');
    this.parsed.set(parseKey(env, main), parsed.root);

    const project = this.collect(parsed.root, main, env, [main]);
    for (const overlay of new Set(overlays.filter((f) => f !== main))) {
      if (!this.baseDirs.has(overlay)) this.baseDirs.set(overlay, mainDir);
      const root = this.parseFile(overlay, env);
      if (root) mergeProjects(project, this.collect(root, overlay, env, [overlay]));
    }
    this.resolveExtends(project);
    return { project: this.build(project, env), errors: this.errors };
  }

  // ---- files ----

  private errorAt(at: Location, reason: string): void {
    this.errors.push({ path: at.path, line: at.line, column: at.column, reason });
  }

  /** Read through the store; a failure is reported at `at` (where the file is referenced) or on the file. */
  private read(path: string, at?: Location, what = 'file'): string | undefined {
    const r = this.store.read(path);
    if (r.ok) {
      this.filesRead.add(path);
      return r.file.text;
    }
    if (at) this.errorAt(at, `${what} ${path}: ${r.reason}`);
    else this.errors.push(r.line === undefined ? { path, reason: r.reason } : { path, line: r.line, reason: r.reason });
    return undefined;
  }

  private baseDirOf(file: string): string {
    return this.baseDirs.get(file) ?? dirOf(file);
  }

  /** A compose file other than the main one (overlay, include, extends base). */
  private parseFile(path: string, env: Env, at?: Location, what = 'compose file'): TMap | undefined {
    const key = parseKey(env, path);
    if (this.parsed.has(key)) return this.parsed.get(key) ?? undefined;
    this.parsed.set(key, null);
    const text = this.read(path, at, what);
    if (text === undefined) return undefined;
    const parsed = parseComposeYaml(text, path, env.lookup);
    this.errors.push(...parsed.errors);
    if (!parsed.root) {
      if (parsed.errors.length === 0) this.errors.push({ path, line: 1, column: 1, reason: 'empty file: no YAML document' });
      return undefined;
    }
    if (parsed.root.kind !== 'map') {
      this.errorAt(parsed.root.loc, `the top level is a ${describe(parsed.root)}, not a mapping of compose keys`);
      return undefined;
    }
    if (parsed.extraDocument) this.errorAt(parsed.extraDocument, 'more than one YAML document in a compose file; only the first is loaded');
    this.parsed.set(key, parsed.root);
    return parsed.root;
  }

  /** Entries of a dotenv file; undefined when it does not exist. Parse errors are reported once. */
  private envFile(path: string): EnvEntry[] | undefined {
    if (this.envFiles.has(path)) return this.envFiles.get(path);
    const r = this.store.read(path);
    let entries: EnvEntry[] | undefined;
    if (r.ok) {
      this.filesRead.add(path);
      const parsed = parseEnvFile(r.file.text, path);
      this.errors.push(...parsed.errors);
      entries = parsed.entries;
    } else if (r.reason !== 'no such file or directory') {
      // It exists but cannot be used (binary, too large, unreadable): say so, treat as empty.
      this.errors.push(r.line === undefined ? { path, reason: r.reason } : { path, line: r.line, reason: r.reason });
      entries = [];
    }
    this.envFiles.set(path, entries);
    return entries;
  }

  private dockerfile(path: string): { read: boolean; user?: { value: string; loc: Location } } {
    let info = this.dockerfiles.get(path);
    if (!info) {
      const r = this.store.read(path);
      if (r.ok) {
        this.filesRead.add(path);
        const user = finalStageUser(r.file.text, path);
        info = user ? { read: true, user } : { read: true };
      } else {
        info = { read: false };
      }
      this.dockerfiles.set(path, info);
    }
    return info;
  }

  /**
   * Interpolation variables from dotenv files. Values expand `${VAR}` from earlier lines
   * (and, for an include, from the including project); the including project's values win.
   */
  private projectEnv(paths: string[], parent?: Env): Env {
    const vars = new Map<string, { value: string; loc: Location }>();
    const earlier: VarLookup = (name) => vars.get(name)?.value ?? parent?.lookup(name);
    for (const path of paths) {
      for (const entry of this.envFile(path) ?? []) {
        const value = entry.quote === "'" || !entry.value.includes('$') ? entry.value : interpolate(entry.value, earlier).value;
        vars.set(entry.name, { value, loc: entry.loc });
      }
    }
    const lookup: VarLookup = parent ? (name) => parent.lookup(name) ?? vars.get(name)?.value : (name) => vars.get(name)?.value;
    return { id: this.envCount++, vars, lookup };
  }

  // ---- project structure ----

  private collect(root: TMap, file: string, env: Env, includeStack: string[]): RawProject {
    const project: RawProject = { services: this.servicesOf(root, file, env), networks: new Map(), volumes: new Map(), secrets: new Map() };
    for (const kind of RESOURCE_KINDS) {
      for (const e of asMap(get(root, kind))?.entries ?? []) project[kind].set(e.key, e);
    }
    const include = get(root, 'include');
    if (include) this.include(include, file, env, includeStack, project);
    return project;
  }

  private servicesOf(root: TMap, file: string, env: Env): Map<string, RawService> {
    const services = new Map<string, RawService>();
    const node = get(root, 'services');
    if (node && node.kind !== 'map' && !(node.kind === 'scalar' && node.value === null)) {
      this.errorAt(node.loc, `"services" must be a mapping, not a ${describe(node)}`);
    }
    for (const e of asMap(node)?.entries ?? []) {
      if (e.value.kind === 'map') services.set(e.key, { name: e.key, keyLoc: e.keyLoc, path: file, node: e.value, env });
      else this.errorAt(e.keyLoc, `service "${e.key}" must be a mapping, not a ${describe(e.value)}`);
    }
    return services;
  }

  /** `include:` entries: a path, or `{path: string | string[], project_directory, env_file}`. */
  private include(node: TNode, file: string, env: Env, stack: string[], into: RawProject): void {
    const baseDir = this.baseDirOf(file);
    for (const item of node.kind === 'seq' ? node.items : [node]) {
      const pathNode = item.kind === 'map' ? get(item, 'path') : item;
      const pathNodes = pathNode?.kind === 'seq' ? pathNode.items : pathNode ? [pathNode] : [];
      const targets: { path: string; at: Location }[] = [];
      for (const p of pathNodes) {
        const written = scalarText(p);
        const path = written === undefined ? undefined : resolveInRoot(baseDir, written);
        if (path === undefined) this.errorAt(p.loc, `include: ${written === undefined ? 'a path is required' : `${written} is outside the scan root; not read`}`);
        else targets.push({ path, at: p.loc });
      }
      if (targets.length === 0) {
        if (pathNodes.length === 0) this.errorAt(item.loc, 'include: a path is required');
        continue;
      }
      const first = targets[0]!;
      const cycle = targets.find((t) => stack.includes(t.path));
      if (cycle) {
        this.errorAt(cycle.at, `include cycle: ${[...stack, cycle.path].join(' → ')}`);
        continue;
      }
      const projectDirText = item.kind === 'map' ? scalarText(get(item, 'project_directory')) : undefined;
      const projectDir = (projectDirText !== undefined ? resolveInRoot(baseDir, projectDirText) : undefined) ?? dirOf(first.path);
      const envNode = item.kind === 'map' ? get(item, 'env_file') : undefined;
      const envPaths = envNode
        ? (envNode.kind === 'seq' ? envNode.items : [envNode])
            .map((n) => scalarText(n))
            .filter((t): t is string => t !== undefined)
            .map((t) => resolveInRoot(baseDir, t))
            .filter((p): p is string => p !== undefined)
        : [resolveInRoot(projectDir, '.env') ?? '.env'];
      const includedEnv = this.projectEnv(envPaths, env);

      let sub: RawProject | undefined;
      for (const target of targets) {
        if (!this.baseDirs.has(target.path)) this.baseDirs.set(target.path, projectDir);
        const root = this.parseFile(target.path, includedEnv, target.at, 'included file');
        if (!root) continue;
        const raw = this.collect(root, target.path, includedEnv, [...stack, target.path]);
        if (sub) mergeProjects(sub, raw);
        else sub = raw;
      }
      if (!sub) continue;
      this.resolveExtends(sub);
      for (const [name, svc] of sub.services) {
        if (into.services.has(name)) this.errorAt(svc.keyLoc, `service "${name}" from included ${svc.path} conflicts with a service of the same name`);
        else into.services.set(name, svc);
      }
      for (const kind of RESOURCE_KINDS) for (const [name, e] of sub[kind]) if (!into[kind].has(name)) into[kind].set(name, e);
    }
  }

  // ---- extends ----

  private resolveExtends(project: RawProject): void {
    for (const svc of project.services.values()) svc.resolved ??= this.resolveService(svc, project.services, []);
  }

  private resolveService(svc: RawService, scope: Map<string, RawService>, stack: RawService[]): TMap {
    if (svc.resolved) return svc.resolved;
    const done = this.resolving.get(svc);
    if (done) return done;
    const ext = get(svc.node, 'extends');
    if (!ext) return svc.node;
    const spec = extendsSpec(ext);
    if (!spec) {
      this.errorAt(ext.loc, `service "${svc.name}": extends needs a service name`);
      return svc.node;
    }
    if (stack.includes(svc)) {
      const cycle = [...stack.slice(stack.indexOf(svc)), svc].map((s) => s.name).join(' → ');
      this.errorAt(ext.loc, `extends cycle: ${cycle}`);
      return svc.node;
    }
    let baseScope: Map<string, RawService> | undefined = scope;
    let where = 'this project';
    if (spec.file !== undefined) {
      const path = resolveInRoot(this.baseDirOf(ext.loc.path), spec.file);
      where = spec.file;
      if (path === undefined) {
        this.errorAt(ext.loc, `extends: ${spec.file} is outside the scan root; not read`);
        baseScope = undefined;
      } else {
        baseScope = this.servicesOfFile(path, svc.env, ext.loc);
      }
    }
    const base = baseScope?.get(spec.service);
    let result = svc.node;
    if (baseScope && !base) this.errorAt(ext.loc, `extends: no service "${spec.service}" in ${where}`);
    if (base && baseScope) {
      const baseNode = this.resolveService(base, baseScope, [...stack, svc]);
      // The base's own `extends` is already applied; it must not leak into the child.
      const inherited: TMap = { ...baseNode, entries: baseNode.entries.filter((e) => e.key !== 'extends') };
      result = mergeService(inherited, svc.node);
    }
    this.resolving.set(svc, result);
    return result;
  }

  /** Services of a file named by `extends.file`, parsed once per env. */
  private servicesOfFile(path: string, env: Env, at: Location): Map<string, RawService> | undefined {
    const key = parseKey(env, path);
    if (this.serviceScopes.has(key)) return this.serviceScopes.get(key);
    const root = this.parseFile(path, env, at, 'extended file');
    const services = root ? this.servicesOf(root, path, env) : undefined;
    this.serviceScopes.set(key, services);
    return services;
  }

  // ---- model ----

  private build(raw: RawProject, env: Env): ComposeProject {
    const ios = new Map<Env, ServiceIO>();
    const ioFor = (e: Env): ServiceIO => {
      let io = ios.get(e);
      if (!io) {
        io = {
          baseDirOf: (file) => this.baseDirOf(file),
          envFile: (path) => this.envFile(path),
          dockerfile: (path) => this.dockerfile(path),
          lookup: e.lookup,
          error: (at, reason) => this.errorAt(at, reason),
        };
        ios.set(e, io);
      }
      return io;
    };
    const services: ComposeService[] = [];
    for (const svc of raw.services.values()) {
      const spec = extendsSpec(get(svc.node, 'extends'));
      services.push(buildService({ name: svc.name, keyLoc: svc.keyLoc, path: svc.path, node: svc.resolved ?? svc.node, ...(spec ? { extends: spec } : {}) }, ioFor(svc.env)));
    }

    const networks = [...raw.networks.values()].map(networkOf);
    if (!raw.networks.has('default')) {
      const user = services.flatMap((s) => s.networks).find((n) => n.name === 'default');
      if (user) networks.push({ name: 'default', internal: false, external: false, implicit: true, loc: user.loc, keyPath: 'networks.default' });
    }
    const variables: ComposeProject['variables'] = {};
    // defineProperty: a variable named `__proto__` must stay a plain entry.
    for (const [name, v] of env.vars) Object.defineProperty(variables, name, { value: v, enumerable: true, writable: true, configurable: true });
    const others = [...this.filesRead].filter((f) => f !== this.main).sort();
    return {
      kind: 'compose',
      path: this.main,
      files: [this.main, ...others],
      services,
      networks,
      volumes: [...raw.volumes.values()].map((e) => namedResource(e, 'volumes')),
      secrets: [...raw.secrets.values()].map((e) => namedResource(e, 'secrets')),
      variables,
    };
  }
}

function parseKey(env: Env, path: string): string {
  return `${env.id}\n${path}`;
}

/** A mapping with a `services` mapping of mappings (or an include-only file). */
function looksLikeCompose(root: TMap): boolean {
  const services = get(root, 'services');
  if (services) return services.kind === 'map' && services.entries.every((e) => e.value.kind === 'map');
  return get(root, 'include') !== undefined;
}

function describe(node: TNode): string {
  if (node.kind === 'seq') return 'list';
  if (node.kind === 'map') return 'mapping';
  return node.value === null ? 'null value' : `${typeof node.value} value`;
}

function extendsSpec(node: TNode | undefined): { service: string; file?: string } | undefined {
  if (!node) return undefined;
  const service = scalarText(node.kind === 'map' ? get(node, 'service') : node);
  if (service === undefined || service === '') return undefined;
  const file = node.kind === 'map' ? scalarText(get(node, 'file')) : undefined;
  return file === undefined ? { service } : { service, file };
}

/** Overlay semantics: services merge by name, top-level resources key by key. */
function mergeProjects(base: RawProject, over: RawProject): void {
  for (const [name, o] of over.services) {
    const b = base.services.get(name);
    base.services.set(name, b ? { ...b, node: mergeService(b.node, o.node) } : o);
  }
  for (const kind of RESOURCE_KINDS) {
    for (const [name, o] of over[kind]) {
      const b = base[kind].get(name);
      base[kind].set(name, b ? { key: name, keyLoc: b.keyLoc, value: mergeGeneric(b.value, o.value) } : o);
    }
  }
}

function networkOf(e: TEntry): ComposeNetwork {
  const value = asMap(e.value);
  const external = get(value, 'external');
  const network: ComposeNetwork = {
    name: e.key,
    internal: isTrue(scalarText(get(value, 'internal'))),
    // `external: {name: x}` is the legacy spelling of an external network.
    external: external?.kind === 'map' || isTrue(scalarText(external)),
    implicit: false,
    loc: e.keyLoc,
    keyPath: childPath('networks', e.key),
  };
  const driver = scalarText(get(value, 'driver'));
  if (driver !== undefined) network.driver = driver;
  return network;
}

function namedResource(e: TEntry, kind: string): ComposeNamedResource {
  const keyPath = childPath(kind, e.key);
  const external = get(asMap(e.value), 'external');
  const resource: ComposeNamedResource = {
    name: e.key,
    external: external?.kind === 'map' || isTrue(scalarText(external)),
    loc: e.keyLoc,
    keyPath,
  };
  if (!(e.value.kind === 'scalar' && e.value.value === null)) resource.node = materialize(e.value, keyPath);
  return resource;
}
