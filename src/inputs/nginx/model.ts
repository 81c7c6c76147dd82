/**
 * The effective nginx configuration: per `server` its listening sockets and names, per
 * `location` (and `if`/`limit_except` inside it) the directive values in force after
 * nginx merges each level with the one around it: http → server → location → nested
 * location → if / limit_except.
 *
 * Inheritance, as the modules' merge functions do it (ngx_conf_merge_* / "if the child
 * has none, take the parent's"):
 *
 * - **nearest** (the default, for every directive not listed below): the closest level
 *   that sets the directive wins (`server_tokens`, `ssl_protocols`, `root`,
 *   `client_max_body_size`, `autoindex`, `auth_basic`, …). `root` and `alias` share one
 *   slot: an `alias` location's nested locations inherit the alias.
 * - **list**: directives that may repeat at one level and build a list there. A level
 *   with at least one occurrence replaces the whole inherited list; nothing is appended.
 *   This is the `add_header` rule (a `location` with one `add_header` loses every
 *   security header set on the server) and it holds for: add_header, add_trailer,
 *   proxy_set_header, proxy_hide_header, proxy_pass_header, grpc_set_header,
 *   fastcgi_param, uwsgi_param, scgi_param (and their hide/pass_header), limit_req,
 *   limit_conn, access_log, error_log, error_page, index, ssl_certificate,
 *   ssl_certificate_key, ssl_conf_command, set_real_ip_from, sub_filter,
 *   proxy_redirect, proxy_cookie_path/domain, more_set_headers, more_clear_headers;
 *   `allow` and `deny` form one list (any rule at a level replaces all inherited rules).
 * - **none**: statements that act only where written: the content handlers
 *   (`proxy_pass`, `fastcgi_pass`, … `content_by_lua*`, `stub_status`, `return`),
 *   rewrite-module statements (`rewrite`, `set`, `break`, `if`), `try_files`, the
 *   server's own `listen` and `server_name`, and the blocks themselves.
 */
import type { Location } from '../../core/location.ts';
import type { NginxExpanded, NginxInclude } from './include.ts';
import type { NginxComment, NginxDirective } from './parse.ts';

export type NginxInheritance = 'nearest' | 'list' | 'none';

const LIST_DIRECTIVES: ReadonlySet<string> = new Set([
  'add_header', 'add_trailer',
  'proxy_set_header', 'proxy_hide_header', 'proxy_pass_header', 'proxy_redirect', 'proxy_cookie_path', 'proxy_cookie_domain',
  'grpc_set_header', 'grpc_hide_header', 'grpc_pass_header',
  'fastcgi_param', 'fastcgi_hide_header', 'fastcgi_pass_header',
  'uwsgi_param', 'uwsgi_hide_header', 'uwsgi_pass_header',
  'scgi_param', 'scgi_hide_header', 'scgi_pass_header',
  'limit_req', 'limit_conn', 'access_log', 'error_log', 'error_page', 'index',
  'ssl_certificate', 'ssl_certificate_key', 'ssl_conf_command', 'proxy_ssl_conf_command',
  'set_real_ip_from', 'sub_filter', 'more_set_headers', 'more_clear_headers',
  'allow', 'deny',
]);

const NOT_INHERITED: ReadonlySet<string> = new Set([
  'proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'grpc_pass', 'memcached_pass',
  'content_by_lua', 'content_by_lua_block', 'content_by_lua_file', 'stub_status', 'empty_gif',
  'return', 'rewrite', 'set', 'break', 'if', 'try_files',
  'listen', 'server_name', 'location', 'limit_except', 'server', 'upstream', 'map', 'geo', 'split_clients',
]);

/** Directives that share one slot (or one list) with others. */
const GROUPS: Readonly<Record<string, readonly string[]>> = {
  allow: ['allow', 'deny'],
  deny: ['allow', 'deny'],
  root: ['root', 'alias'],
  alias: ['root', 'alias'],
};

export function inheritanceOf(name: string): NginxInheritance {
  if (LIST_DIRECTIVES.has(name)) return 'list';
  if (NOT_INHERITED.has(name)) return 'none';
  return 'nearest';
}

export type NginxScopeKind = 'http' | 'stream' | 'server' | 'location' | 'if' | 'limit_except';

/** What is in force for one directive name at one level. */
export interface NginxEffective {
  /**
   * The statements at the winning level, in order: every occurrence for list
   * directives (for `allow`/`deny` both kinds, as one ordered list), all occurrences
   * otherwise (nginx takes the first and rejects a repeat as duplicate).
   */
  directives: NginxDirective[];
  /** The level they are written at. */
  scope: NginxScope;
  /** True when they come from an enclosing level. */
  inherited: boolean;
}

/** One `add_header name value [always]`. */
export interface NginxHeader {
  name: string;
  value: string;
  /** `always`: sent with every status code, not only 2xx/3xx. */
  always: boolean;
  directive: NginxDirective;
  /** Level the header is written at. */
  scope: NginxScope;
}

/** A level of the configuration: http, server, location, if, limit_except (or stream). */
export interface NginxScope {
  kind: NginxScopeKind;
  /** Logical address (the block statement's keyPath), stable across line changes. */
  keyPath: string;
  /** The block statement; undefined for the implicit http level of a conf.d file. */
  block?: NginxDirective;
  loc: Location;
  parent?: NginxScope;
  /** Statements written directly at this level, in order, nested blocks included. */
  directives: NginxDirective[];
  /** Statements of this level with the given name. */
  own(name: string): NginxDirective[];
  /** The value in force here after inheritance; undefined when no level sets it. */
  effective(name: string): NginxEffective | undefined;
  /** Argument values of the first effective statement. */
  value(name: string): string[] | undefined;
  /** `add_header` in force here: the nearest level that has any, none from above it. */
  addHeaders: NginxHeader[];
  /** Headers in force one level up that this level's own `add_header` statements drop. */
  droppedHeaders: NginxHeader[];
}

export interface NginxListen {
  /** `*`, an IPv4 address, `[IPv6]`, a host name, or `unix:/path`. */
  address: string;
  /** Undefined for unix sockets (and unparsable values). */
  port?: number;
  /**
   * TLS on this socket as clients see it: the `ssl` parameter here or on any other
   * server's `listen` of the same address and port (nginx merges socket options), or
   * the server's deprecated `ssl on`.
   */
  ssl: boolean;
  /** The `ssl` parameter is written on this statement. */
  sslParam: boolean;
  /** HTTP/2 on this socket (`http2` parameter here or on the same socket elsewhere, or `http2 on` in the server). */
  http2: boolean;
  quic: boolean;
  defaultServer: boolean;
  proxyProtocol: boolean;
  /** No `listen` in the server: nginx listens on *:80 (*:8000 when not run as root). */
  implicit: boolean;
  directive?: NginxDirective;
  loc: Location;
}

export interface NginxServerName {
  value: string;
  loc: Location;
}

export interface NginxServer extends NginxScope {
  kind: 'server';
  protocol: 'http' | 'stream';
  listens: NginxListen[];
  /** Names from every `server_name`, in order; empty when there is none (nginx's default is ""). */
  serverNames: NginxServerName[];
  /** Top-level locations; nested ones are under each location (see allLocations). */
  locations: NginxLocation[];
  /** `if` blocks directly in the server. */
  ifs: NginxIf[];
}

export type NginxLocationModifier = '' | '=' | '~' | '~*' | '^~' | '@';

export interface NginxLocation extends NginxScope {
  kind: 'location';
  modifier: NginxLocationModifier;
  /** The URI prefix, exact URI, regex, or name (without `@`). */
  path: string;
  server: NginxServer;
  locations: NginxLocation[];
  ifs: NginxIf[];
  limitExcepts: NginxLimitExcept[];
}

export interface NginxIf extends NginxScope {
  kind: 'if';
  /** Condition words with the parentheses removed: `["$host", "=", "example.com"]`. */
  condition: string[];
}

export interface NginxLimitExcept extends NginxScope {
  kind: 'limit_except';
  methods: string[];
}

/** An nginx configuration: the model checks of kind `nginx` receive. */
export interface NginxConfig {
  kind: 'nginx';
  /** Main file, relative to the scan root. */
  path: string;
  /** Main file and included files, in reading order, each once (as `nginx -T` dumps them). */
  files: string[];
  /** What the main file's top level is: a whole nginx.conf, or a conf.d/site (http) or server snippet. */
  context: 'main' | 'http' | 'server';
  /** The main file's statements with includes expanded. */
  directives: NginxDirective[];
  http?: NginxScope;
  stream?: NginxScope;
  /** HTTP servers, in order. */
  servers: NginxServer[];
  streamServers: NginxServer[];
  includes: NginxInclude[];
  comments: NginxComment[];
  /** False when some file has a syntax error: nginx would not load it, the model is a best effort. */
  complete: boolean;
}

export function buildNginxModel(path: string, expanded: NginxExpanded, complete: boolean): NginxConfig {
  const config: NginxConfig = {
    kind: 'nginx',
    path,
    files: expanded.files,
    context: expanded.context,
    directives: expanded.directives,
    servers: [],
    streamServers: [],
    includes: expanded.includes,
    comments: expanded.comments,
    complete,
  };
  const top = expanded.directives;
  assignKeyPaths(top, expanded.context === 'main' ? '' : expanded.context);
  if (expanded.context === 'main') {
    const http = top.filter((d) => d.name === 'http' && d.block);
    if (http.length > 0) {
      config.http = makeScope('http', http[0]!, undefined, http.flatMap((d) => d.block!));
      collectServers(config.http, 'http', config.servers);
    }
    const stream = top.filter((d) => d.name === 'stream' && d.block);
    if (stream.length > 0) {
      config.stream = makeScope('stream', stream[0]!, undefined, stream.flatMap((d) => d.block!));
      collectServers(config.stream, 'stream', config.streamServers);
    }
  } else if (expanded.context === 'http') {
    const loc: Location = { path, line: 1, column: 1 };
    config.http = makeScope('http', undefined, undefined, top, loc);
    collectServers(config.http, 'http', config.servers);
  }
  resolveSharedSockets(config.servers);
  resolveSharedSockets(config.streamServers);
  return config;
}

function makeScope(kind: NginxScopeKind, block: NginxDirective | undefined, parent: NginxScope | undefined, directives: NginxDirective[], loc?: Location): NginxScope {
  const scope: NginxScope = {
    kind,
    keyPath: block?.keyPath ?? kind,
    loc: block?.loc ?? loc ?? { path: '', line: 1, column: 1 },
    directives,
    own: (name) => directives.filter((d) => d.name === name),
    effective: (name) => effectiveIn(scope, name),
    value: (name) => effectiveIn(scope, name)?.directives[0]?.args.map((a) => a.value),
    addHeaders: [],
    droppedHeaders: [],
  };
  if (block) scope.block = block;
  if (parent) scope.parent = parent;
  const own = directives.filter((d) => d.name === 'add_header');
  scope.addHeaders = own.length > 0 ? own.map((d) => headerOf(d, scope)) : (parent?.addHeaders ?? []);
  if (own.length > 0 && parent) {
    const names = new Set(scope.addHeaders.map((h) => h.name.toLowerCase()));
    scope.droppedHeaders = parent.addHeaders.filter((h) => !names.has(h.name.toLowerCase()));
  }
  return scope;
}

/**
 * Give every statement a logical address: its block path, the statement name and what
 * tells it apart from its siblings (first argument; a server's first name and listen;
 * a location's match), with `#2`, `#3` for repeats.
 */
function assignKeyPaths(list: readonly NginxDirective[], parent: string): void {
  const seen = new Map<string, number>();
  for (const d of list) {
    let label: string;
    if (d.name === 'server' && d.block) {
      const name = d.block.find((c) => c.name === 'server_name')?.args[0]?.value ?? '';
      const listen = d.block.find((c) => c.name === 'listen')?.args[0]?.value ?? '';
      label = `server ${name} ${listen}`;
    } else if (d.name === 'location' || d.name === 'if' || d.name === 'limit_except') {
      label = `${d.name} ${d.args.map((a) => a.value).join(' ')}`;
    } else {
      label = `${d.name} ${d.args[0]?.value ?? ''}`;
    }
    label = label.trimEnd();
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    const key = `${parent === '' ? '' : `${parent}/`}${label}${n > 1 ? `#${n}` : ''}`;
    d.keyPath = key;
    if (d.block) assignKeyPaths(d.block, key);
  }
}

function effectiveIn(scope: NginxScope, name: string): NginxEffective | undefined {
  const names = GROUPS[name] ?? [name];
  const mode = inheritanceOf(name);
  for (let s: NginxScope | undefined = scope; s; s = s.parent) {
    const found = s.directives.filter((d) => names.includes(d.name));
    if (found.length > 0) return { directives: found, scope: s, inherited: s !== scope };
    if (mode === 'none') return undefined;
  }
  return undefined;
}

function headerOf(d: NginxDirective, scope: NginxScope): NginxHeader {
  return {
    name: d.args[0]?.value ?? '',
    value: d.args[1]?.value ?? '',
    always: d.args[2]?.value === 'always',
    directive: d,
    scope,
  };
}

function collectServers(top: NginxScope, protocol: 'http' | 'stream', out: NginxServer[]): void {
  for (const d of top.directives) {
    if (d.name !== 'server' || !d.block) continue;
    const base = makeScope('server', d, top, d.block);
    const server = base as NginxServer;
    server.protocol = protocol;
    server.serverNames = server.own('server_name').flatMap((s) => s.args.map((a) => ({ value: a.value, loc: a.loc })));
    server.locations = [];
    server.ifs = [];
    server.listens = listensOf(server);
    for (const child of d.block) {
      if (child.name === 'location' && child.block) server.locations.push(makeLocation(child, server, server));
      else if (child.name === 'if' && child.block) server.ifs.push(makeIf(child, server));
    }
    out.push(server);
  }
}

function makeLocation(d: NginxDirective, parent: NginxScope, server: NginxServer): NginxLocation {
  const loc = makeScope('location', d, parent, d.block ?? []) as NginxLocation;
  const { modifier, path } = locationMatch(d.args.map((a) => a.value));
  loc.modifier = modifier;
  loc.path = path;
  loc.server = server;
  loc.locations = [];
  loc.ifs = [];
  loc.limitExcepts = [];
  for (const child of d.block ?? []) {
    if (!child.block) continue;
    if (child.name === 'location') loc.locations.push(makeLocation(child, loc, server));
    else if (child.name === 'if') loc.ifs.push(makeIf(child, loc));
    else if (child.name === 'limit_except') {
      const le = makeScope('limit_except', child, loc, child.block) as NginxLimitExcept;
      le.methods = child.args.map((a) => a.value.toUpperCase());
      loc.limitExcepts.push(le);
    }
  }
  return loc;
}

function makeIf(d: NginxDirective, parent: NginxScope): NginxIf {
  const scope = makeScope('if', d, parent, d.block ?? []) as NginxIf;
  const words = d.args.map((a) => a.value);
  if (words.length > 0) {
    words[0] = words[0]!.replace(/^\(/, '');
    words[words.length - 1] = words[words.length - 1]!.replace(/\)$/, '');
  }
  scope.condition = words.filter((w, i) => w !== '' || (i !== 0 && i !== words.length - 1));
  return scope;
}

/** `location [=|~|~*|^~] uri`, also with the modifier glued to the URI (`=/x`), and `@name`. */
export function locationMatch(args: readonly string[]): { modifier: NginxLocationModifier; path: string } {
  if (args.length >= 2) {
    const m = args[0]!;
    const modifier: NginxLocationModifier = m === '=' || m === '~' || m === '~*' || m === '^~' ? m : '';
    return { modifier, path: args[1]! };
  }
  const v = args[0] ?? '';
  if (v.startsWith('=')) return { modifier: '=', path: v.slice(1) };
  if (v.startsWith('^~')) return { modifier: '^~', path: v.slice(2) };
  if (v.startsWith('~*')) return { modifier: '~*', path: v.slice(2) };
  if (v.startsWith('~')) return { modifier: '~', path: v.slice(1) };
  if (v.startsWith('@')) return { modifier: '@', path: v.slice(1) };
  return { modifier: '', path: v };
}

function listensOf(server: NginxServer): NginxListen[] {
  const sslOn = server.own('ssl').some((d) => d.args[0]?.value.toLowerCase() === 'on');
  const http2On = server.own('http2').some((d) => d.args[0]?.value.toLowerCase() === 'on');
  const out: NginxListen[] = [];
  for (const d of server.own('listen')) {
    const spec = parseListenAddress(d.args[0]?.value ?? '');
    const params = new Set(d.args.slice(1).map((a) => a.value));
    const listen: NginxListen = {
      address: spec.address,
      ssl: params.has('ssl') || sslOn,
      sslParam: params.has('ssl'),
      http2: params.has('http2') || http2On,
      quic: params.has('quic'),
      defaultServer: params.has('default_server') || params.has('default'),
      proxyProtocol: params.has('proxy_protocol'),
      implicit: false,
      directive: d,
      loc: d.loc,
    };
    if (spec.port !== undefined) listen.port = spec.port;
    out.push(listen);
  }
  if (out.length === 0 && server.protocol === 'http') {
    out.push({
      address: '*',
      port: 80,
      ssl: sslOn,
      sslParam: false,
      http2: http2On,
      quic: false,
      defaultServer: false,
      proxyProtocol: false,
      implicit: true,
      loc: server.loc,
    });
  }
  return out;
}

/** The address part of `listen`: `80`, `*:80`, `127.0.0.1`, `[::]:443`, `localhost:8080`, `unix:/run/x.sock`. */
export function parseListenAddress(spec: string): { address: string; port?: number } {
  if (spec.startsWith('unix:')) return { address: spec };
  const port = (s: string): number | undefined => (/^\d{1,5}$/.test(s) && Number(s) <= 65535 ? Number(s) : undefined);
  if (spec.startsWith('[')) {
    const close = spec.indexOf(']');
    if (close === -1) return { address: spec };
    const address = spec.slice(0, close + 1);
    const rest = spec.slice(close + 1);
    if (rest === '') return { address, port: 80 };
    const p = rest.startsWith(':') ? port(rest.slice(1)) : undefined;
    return p === undefined ? { address } : { address, port: p };
  }
  if (/^\d+$/.test(spec)) {
    const p = port(spec);
    return p === undefined ? { address: '*' } : { address: '*', port: p };
  }
  const colon = spec.lastIndexOf(':');
  if (colon === -1) return { address: spec, port: 80 };
  const p = port(spec.slice(colon + 1));
  const address = spec.slice(0, colon);
  return p === undefined ? { address } : { address, port: p };
}

/** nginx merges `ssl` and `http2` over every `listen` of the same address and port. */
function resolveSharedSockets(servers: readonly NginxServer[]): void {
  const key = (l: NginxListen): string | undefined => {
    if (l.port === undefined) return l.address.startsWith('unix:') ? l.address : undefined;
    const addr = l.address === '0.0.0.0' ? '*' : l.address.toLowerCase();
    return `${addr}:${l.port}`;
  };
  const ssl = new Set<string>();
  const http2 = new Set<string>();
  for (const s of servers) {
    for (const l of s.listens) {
      const k = key(l);
      if (k === undefined) continue;
      if (l.ssl) ssl.add(k);
      if (l.http2 && !l.implicit) http2.add(k);
    }
  }
  for (const s of servers) {
    for (const l of s.listens) {
      const k = key(l);
      if (k === undefined) continue;
      if (ssl.has(k)) l.ssl = true;
      if (http2.has(k)) l.http2 = true;
    }
  }
}

/** Every location of a server, nested ones after their parent, in order. */
export function allLocations(server: NginxServer): NginxLocation[] {
  const out: NginxLocation[] = [];
  const walk = (list: readonly NginxLocation[]): void => {
    for (const l of list) {
      out.push(l);
      walk(l.locations);
    }
  };
  walk(server.locations);
  return out;
}

/** Every scope below a server (locations, ifs, limit_excepts), depth first. */
export function allScopes(server: NginxServer): NginxScope[] {
  const out: NginxScope[] = [];
  const walkLoc = (l: NginxLocation): void => {
    out.push(l);
    out.push(...l.ifs, ...l.limitExcepts);
    for (const n of l.locations) walkLoc(n);
  };
  out.push(...server.ifs);
  for (const l of server.locations) walkLoc(l);
  return out;
}
