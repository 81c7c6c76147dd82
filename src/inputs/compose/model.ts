/**
 * The Compose model: a project (one main file plus what it includes and extends), its
 * services, networks, volumes and secrets. Every node carries the file, line and column
 * it came from (after merges, anchors and `extends`, that is the place the value was
 * written), and a `keyPath` for stable fingerprints. Scalars are interpolated; the text
 * as written is kept in `raw` when it differed, with the variables it referenced.
 */
import type { Located, Location } from '../../core/location.ts';

/** A `${VAR…}` reference inside a scalar. */
export interface VarRef {
  name: string;
  /** `:-`, `-`, `:?`, `?`, `:+`, `+`, or undefined for a plain `$VAR` / `${VAR}`. */
  operator?: ':-' | '-' | ':?' | '?' | ':+' | '+';
  /** Text after the operator, as written (may itself hold references). */
  operand?: string;
  /** Where the value came from: the shell-free `.env` of the project, or nowhere. */
  source: 'env' | 'unset';
  /** True when the operand (a default) decided the result. */
  usedDefault: boolean;
}

interface NodeBase extends Located {
  loc: Location;
  keyPath: string;
}

export interface YScalar extends NodeBase {
  kind: 'scalar';
  /** Interpolated value. Strings stay strings; YAML numbers/booleans/null keep their type. */
  value: string | number | boolean | null;
  /** The text as written, when interpolation changed it. */
  raw?: string;
  /** Variable references in `raw`, in order. */
  vars?: VarRef[];
}

export interface YEntry {
  key: string;
  keyLoc: Location;
  value: YNode;
}

export interface YMap extends NodeBase {
  kind: 'map';
  entries: YEntry[];
}

export interface YSeq extends NodeBase {
  kind: 'seq';
  items: YNode[];
}

export type YNode = YScalar | YMap | YSeq;

export interface ImageRef extends NodeBase {
  /** The reference as interpolated, e.g. `ghcr.io/org/app:1.2@sha256:…`. */
  value: string;
  /** Repository without registry default expansion, e.g. `postgres`, `bitnami/redis`, `ghcr.io/org/app`. */
  repository: string;
  tag?: string;
  digest?: string;
  /** The scalar node, for `raw` and `vars`. */
  node: YScalar;
}

export interface PortMapping extends NodeBase {
  syntax: 'short' | 'long';
  /** Host address the port binds to; undefined means all interfaces. */
  hostIp?: string;
  /** Host port or range (`8080`, `8000-8010`); undefined means an ephemeral host port. */
  published?: string;
  /** Container port or range. */
  target: string;
  protocol: string;
  /** The text as written (short syntax) or a rendering of the long form. */
  raw: string;
}

export interface VolumeMount extends NodeBase {
  syntax: 'short' | 'long';
  type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image';
  /** Host path (bind, as written after interpolation) or volume name; undefined for anonymous volumes and tmpfs. */
  source?: string;
  target: string;
  readOnly: boolean;
  raw: string;
}

export interface NetworkAttachment extends NodeBase {
  name: string;
  /** True for the implicit `default` network of a service that names none. */
  implicit: boolean;
}

export interface EnvVar extends NodeBase {
  name: string;
  /** Interpolated value; undefined when the entry has no value (`- FOO`), taken from the shell. */
  value?: string;
  /** As written, when interpolation changed it. */
  raw?: string;
  vars?: VarRef[];
  /** `environment` in the compose file, or an `env_file` (then `loc` points into that file). */
  origin: 'environment' | 'env_file';
}

export interface BuildInfo extends NodeBase {
  /** Build context directory, relative to the scan root. */
  context: string;
  /** Dockerfile path relative to the scan root. */
  dockerfile: string;
  /** True when the Dockerfile was found and parsed. */
  dockerfileRead: boolean;
  /** Last `USER` of the final build stage, with its location in the Dockerfile. */
  user?: { value: string; loc: Location };
}

export interface ComposeService extends NodeBase {
  name: string;
  /** File that defines the service (the last `extends` layer that named it). */
  path: string;
  /** The service's merged attribute map (after `<<`, `extends`), interpolated. */
  node: YMap;
  /** Profiles the service needs; empty means it always starts. */
  profiles: string[];
  image?: ImageRef;
  hasBuild: boolean;
  /** `build:` resolved: context and Dockerfile relative to the scan root, and the final stage's USER. */
  build?: BuildInfo;
  user?: YScalar;
  privileged?: YScalar;
  readOnly?: YScalar;
  capAdd: YScalar[];
  capDrop: YScalar[];
  securityOpt: YScalar[];
  /** `pids_limit` or `deploy.resources.limits.pids`. */
  pidsLimit?: YScalar;
  networkMode?: YScalar;
  pid?: YScalar;
  ipc?: YScalar;
  ports: PortMapping[];
  /** `expose:` entries (container-only ports). */
  expose: YScalar[];
  volumes: VolumeMount[];
  networks: NetworkAttachment[];
  environment: EnvVar[];
  command?: YNode;
  entrypoint?: YNode;
  /** `healthcheck.test`. */
  healthcheckTest?: YNode;
  logging?: YMap;
  secrets: YNode[];
  /** Base service when the service uses `extends`. */
  extends?: { service: string; file?: string };
}

export interface ComposeNetwork extends NodeBase {
  name: string;
  internal: boolean;
  external: boolean;
  driver?: string;
  /** True for `default` when no file declares it. */
  implicit: boolean;
}

export interface ComposeNamedResource extends NodeBase {
  name: string;
  external: boolean;
  node?: YNode;
}

export interface ComposeProject {
  kind: 'compose';
  /** Main compose file, relative to the scan root. */
  path: string;
  /** Every file that contributed (main, includes, extends bases, env files). */
  files: string[];
  services: ComposeService[];
  networks: ComposeNetwork[];
  volumes: ComposeNamedResource[];
  secrets: ComposeNamedResource[];
  /** Variables available to interpolation (from the project's `.env`); values are never printed. */
  variables: Record<string, { value: string; loc: Location }>;
}
