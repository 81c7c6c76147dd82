/**
 * What several nginx checks ask of the effective model: which servers are public, which
 * levels actually answer requests, and whether a location is closed to the public.
 */
import type { NginxConfig, NginxHeader, NginxListen, NginxLocation, NginxScope, NginxServer } from '../../inputs/nginx/model.ts';
import { allLocations } from '../../inputs/nginx/model.ts';
import type { NginxDirective } from '../../inputs/nginx/parse.ts';
import type { Located } from '../../core/location.ts';

const CONTENT_HANDLERS = new Set([
  'proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'grpc_pass', 'memcached_pass',
  'stub_status', 'empty_gif', 'content_by_lua', 'content_by_lua_block', 'content_by_lua_file',
]);
export const PROXY_HANDLERS = ['proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'grpc_pass'];

export function isLoopback(address: string): boolean {
  const a = address.toLowerCase();
  return a.startsWith('unix:') || a.startsWith('127.') || a === '[::1]' || a === 'localhost';
}

/** Sockets reachable from other machines (not loopback, not unix). */
export function publicListens(server: NginxServer): NginxListen[] {
  return server.listens.filter((l) => !isLoopback(l.address));
}

export function isTlsServer(server: NginxServer): boolean {
  return publicListens(server).some((l) => l.ssl);
}

/** The `return` written directly at a level, outside `if`. */
function ownReturn(scope: NginxScope): NginxDirective | undefined {
  return scope.own('return')[0];
}

/** `return 301 https://…`, `return https://…` (302), `rewrite ^ https://… permanent|redirect`. */
export function isHttpsRedirect(d: NginxDirective): boolean {
  const args = d.args.map((a) => a.value);
  if (d.name === 'return') {
    if (args.length === 1) return /^https:\/\//i.test(args[0]!);
    return /^30[1278]$/.test(args[0] ?? '') && /^https:\/\//i.test(args[1] ?? '');
  }
  if (d.name === 'rewrite') return /^https:\/\//i.test(args[1] ?? '') && (args[2] === undefined || args[2] === 'permanent' || args[2] === 'redirect');
  return false;
}

/** The status code of a `return`: `return URL` is 302, `return "text"`… needs a code, so a lone non-URL argument is a code. */
export function returnCode(d: NginxDirective): number | undefined {
  const first = d.args[0]?.value ?? '';
  if (/^\d{3}$/.test(first)) return Number(first);
  if (/^(?:https?:\/\/|\$scheme)/i.test(first)) return 302;
  return undefined;
}

/** True when a server answers every request in its rewrite phase (server-level `return` or redirect). */
export function serverShortCircuits(server: NginxServer): boolean {
  if (ownReturn(server)) return true;
  return server.own('rewrite').some(isHttpsRedirect);
}

/** A location that hands requests to something or reads files; false for `return` non-2xx, `internal`, named-only chains are kept. */
export function locationServes(location: NginxLocation): boolean {
  if (location.own('internal').length > 0) return false;
  const ret = ownReturn(location);
  if (ret) {
    const code = returnCode(ret);
    return code !== undefined && code >= 200 && code < 300;
  }
  if (location.directives.some((d) => CONTENT_HANDLERS.has(d.name))) return true;
  // A location with only nested locations matches nothing itself once they cover it, but nginx
  // still serves files from root for URIs none of them match: count it.
  return true;
}

/**
 * The levels whose responses reach clients: serving locations (nested ones too), or the
 * server itself when it has none (nginx then serves files from its root). Empty when a
 * server-level `return` answers everything.
 */
export function servingScopes(server: NginxServer): NginxScope[] {
  if (serverShortCircuits(server)) return [];
  const locations = allLocations(server).filter((l) => l.modifier !== '@');
  if (locations.length === 0) return [server];
  // A parent with nested locations serves only the URIs its children leave; judge it too.
  return locations.filter((l) => !isAcmeChallenge(l) && locationServes(l));
}

/** `/.well-known/acme-challenge/`: certificate validation tokens, served over plain HTTP by design. */
export function isAcmeChallenge(location: NginxLocation): boolean {
  return /^\^?\/?\.well-known\/acme-challenge/.test(location.path);
}

export function header(scope: NginxScope, name: string): NginxHeader | undefined {
  const n = name.toLowerCase();
  return scope.addHeaders.find((h) => h.name.toLowerCase() === n);
}

/** The level whose `add_header` list is in force at `scope`, or the server when no level sets one. */
export function headerOwner(scope: NginxScope, server: NginxServer): NginxScope {
  return scope.addHeaders[0]?.scope ?? server;
}

/** The nearest level above `owner` that sets header `name` itself (what `owner`'s own add_header list drops). */
export function droppedFrom(owner: NginxScope, name: string): NginxHeader | undefined {
  const n = name.toLowerCase();
  for (let s = owner.parent; s; s = s.parent) {
    const own = s.addHeaders.filter((h) => h.scope === s);
    const hit = own.find((h) => h.name.toLowerCase() === n);
    if (hit) return hit;
    if (own.length > 0) return undefined;
  }
  return undefined;
}

/** The statement to report a level at: its block line, or line 1 of the file for an implicit http level. */
export function scopeAt(scope: NginxScope): Located {
  return scope.block ?? { loc: scope.loc, keyPath: scope.keyPath };
}

export function describeScope(scope: NginxScope): string {
  if (scope.kind === 'location') {
    const l = scope as NginxLocation;
    return `location ${l.modifier === '' ? '' : `${l.modifier} `}${l.path}`;
  }
  if (scope.kind === 'server') {
    const s = scope as NginxServer;
    const name = s.serverNames[0]?.value;
    return name ? `server ${name}` : 'server';
  }
  return scope.kind;
}

/**
 * Closed to the public: `deny all` in force (after an allow list for admin networks),
 * basic auth or auth_request in force, `internal`, a non-2xx `return`, or a server
 * that listens on loopback only.
 */
export function isProtected(location: NginxLocation): boolean {
  if (publicListens(location.server).length === 0) return true;
  const rules = location.effective('deny')?.directives ?? [];
  if (rules.some((d) => d.name === 'deny' && d.args[0]?.value === 'all')) return true;
  const basic = location.value('auth_basic');
  if (basic && basic[0] !== 'off') return true;
  const req = location.value('auth_request');
  if (req && req[0] !== 'off') return true;
  if (location.own('internal').length > 0) return true;
  const ret = location.own('return')[0];
  if (ret) {
    const code = returnCode(ret);
    if (code === undefined || code < 200 || code >= 300) return true;
  }
  // A parent location that is closed closes its nested locations only through inheritance (checked above).
  return false;
}

/** The host of `proxy_pass http://host:port/…`, with an upstream block's servers behind it. */
export function upstreamHosts(config: NginxConfig, target: string): { scheme: string; host: string; hosts: string[] } | undefined {
  const m = /^([a-z][a-z0-9+]*):\/\/(\[[^\]]+\]|[^/:$]+|\$[A-Za-z_]\w*)(?::\d+)?/i.exec(target);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  const host = m[2]!;
  const upstream = config.http?.own('upstream').find((u) => u.args[0]?.value === host);
  if (!upstream) return { scheme, host, hosts: [host] };
  const hosts = (upstream.block ?? [])
    .filter((d) => d.name === 'server')
    .map((d) => (d.args[0]?.value ?? '').replace(/:\d+$/, ''))
    .filter((h) => h !== '');
  return { scheme, host, hosts };
}

/** The first proxy-like handler of a location and its target. */
export function proxyOf(location: NginxScope): NginxDirective | undefined {
  return location.directives.find((d) => PROXY_HANDLERS.includes(d.name));
}

/** Every HTTP server of a config. */
export function httpServers(config: NginxConfig): NginxServer[] {
  return config.servers;
}

/** Files every nginx package ships next to nginx.conf; they set no security-relevant values. */
const STOCK_INCLUDE = /(?:^|\/)(?:mime\.types|fastcgi_params|fastcgi\.conf|uwsgi_params|scgi_params|proxy_params|koi-utf|koi-win|win-utf|fastcgi-php\.conf|modules-enabled\/.*)$/;

/**
 * True when a plain-path `include` could not be followed (outside the scanned files,
 * missing): a value the checks find unset may be set there, so "not set" findings are
 * held back; the scan's error entries name the include.
 */
export function hasUnfollowedInclude(config: NginxConfig): boolean {
  return config.includes.some((i) => i.files.length === 0 && !/[*?[]/.test(i.pattern) && !STOCK_INCLUDE.test(i.pattern));
}
