/**
 * Connection URLs and libpq DSNs found in environment values and commands. Parsed by
 * hand because values as written hold `${VAR:-default}` references, which a WHATWG URL
 * parser would mangle or reject, and because `user:pa@ss@host` style inputs must still
 * yield a host rather than an exception.
 */

export interface ParsedUrl {
  /** The URL text as found. */
  text: string;
  /** 0-based offset of the URL in the searched text. */
  index: number;
  /** Lower-cased scheme, e.g. `postgresql+asyncpg`, `rediss`. */
  scheme: string;
  user?: string;
  /** Password part of the userinfo, exactly as written (may be a `${…}` reference). */
  password?: string;
  /** Every host of the authority (libpq allows `h1:5432,h2:5432`); lower-cased, no port. */
  hosts: string[];
  /** First port given, if any. */
  port?: string;
  path: string;
  /** Query parameters, keys lower-cased; the last value wins. */
  params: Map<string, string>;
}

const SCHEME_START = /(^|[^A-Za-z0-9+.])([A-Za-z][A-Za-z0-9+.\-]*):\/\//g;

/** Every `scheme://…` URL inside `text`, which may hold several (comma or space separated). */
export function findUrls(text: string): ParsedUrl[] {
  const out: ParsedUrl[] = [];
  SCHEME_START.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SCHEME_START.exec(text))) {
    const start = m.index + m[1]!.length;
    const end = urlEnd(text, start + m[2]!.length + 3);
    const url = parseUrl(text.slice(start, end), start);
    if (url) out.push(url);
    SCHEME_START.lastIndex = Math.max(end, start + 1);
  }
  return out;
}

/** End of a URL: whitespace, a quote, or a comma followed by another scheme; `${…}` is skipped whole. */
function urlEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '$' && text[i + 1] === '{') {
      i = skipReference(text, i);
      continue;
    }
    if (/\s|["'`]/.test(c)) break;
    if (c === ',' && /^,\s*[A-Za-z][A-Za-z0-9+.\-]*:\/\//.test(text.slice(i))) break;
    i++;
  }
  return i;
}

/** Index after the `}` closing the `${` at `i`, honouring nesting. */
function skipReference(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    if (text[j] === '$' && text[j + 1] === '{') {
      depth++;
      j++;
    } else if (text[j] === '}') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return text.length;
}

/** Split `text` at `sep` characters that are not inside a `${…}` reference. */
function splitOutsideRefs(text: string, seps: string): { parts: string[]; at: number[] } {
  const parts: string[] = [];
  const at: number[] = [];
  let last = 0;
  for (let i = 0; i < text.length; ) {
    if (text[i] === '$' && text[i + 1] === '{') {
      i = skipReference(text, i);
      continue;
    }
    if (seps.includes(text[i]!)) {
      parts.push(text.slice(last, i));
      at.push(i);
      last = i + 1;
    }
    i++;
  }
  parts.push(text.slice(last));
  return { parts, at };
}

export function parseUrl(text: string, index = 0): ParsedUrl | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.\-]*):\/\//.exec(text);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  const rest = text.slice(m[0].length);
  // The authority ends at the first '/', '?' or '#' outside a reference.
  let authorityEnd = firstOutsideFrom(rest, '/?#', 0) ?? rest.length;
  let atIndex = lastOutside(rest.slice(0, authorityEnd), '@');
  if (atIndex === -1) {
    // An unencoded '/' in a password (`u:pa/ss@db`) would otherwise turn part of the
    // password into the host, and hosts end up in messages.
    const at = lastOutside(rest.slice(0, firstOutsideFrom(rest, '?#', 0) ?? rest.length), '@');
    if (at !== -1 && /^[^/@]*:/.test(rest.slice(0, at))) {
      atIndex = at;
      authorityEnd = firstOutsideFrom(rest, '/?#', at + 1) ?? rest.length;
    }
  }
  const authority = rest.slice(0, authorityEnd);
  const tail = rest.slice(authorityEnd);
  const url: ParsedUrl = { text, index, scheme, hosts: [], path: '', params: new Map() };
  let hostPart = authority;
  if (atIndex !== -1) {
    const userinfo = authority.slice(0, atIndex);
    hostPart = authority.slice(atIndex + 1);
    const colon = firstOutside(userinfo, ':');
    if (colon === -1) {
      url.user = decode(userinfo);
    } else {
      url.user = decode(userinfo.slice(0, colon));
      url.password = decode(userinfo.slice(colon + 1));
    }
  }
  for (const h of splitOutsideRefs(hostPart, ',').parts) {
    const { host, port } = splitHostPort(h);
    if (host) url.hosts.push(host.toLowerCase());
    if (port && url.port === undefined) url.port = port;
  }
  const q = firstOutside(tail, '?');
  const hash = firstOutside(tail, '#');
  url.path = tail.slice(0, q !== -1 ? q : hash !== -1 ? hash : tail.length);
  if (q !== -1) {
    const query = tail.slice(q + 1, hash > q ? hash : tail.length);
    for (const pair of splitOutsideRefs(query, '&;').parts) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      const key = decode(eq === -1 ? pair : pair.slice(0, eq)).toLowerCase();
      url.params.set(key, decode(eq === -1 ? '' : pair.slice(eq + 1)));
    }
  }
  return url;
}

function firstOutside(text: string, chars: string): number {
  return firstOutsideFrom(text, chars, 0) ?? -1;
}

function firstOutsideFrom(text: string, chars: string, from: number): number | undefined {
  for (let i = from; i < text.length; ) {
    if (text[i] === '$' && text[i + 1] === '{') {
      i = skipReference(text, i);
      continue;
    }
    if (chars.includes(text[i]!)) return i;
    i++;
  }
  return undefined;
}

function lastOutside(text: string, chars: string): number {
  let found = -1;
  for (let i = 0; i < text.length; ) {
    if (text[i] === '$' && text[i + 1] === '{') {
      i = skipReference(text, i);
      continue;
    }
    if (chars.includes(text[i]!)) found = i;
    i++;
  }
  return found;
}

function splitHostPort(hostPort: string): { host: string; port?: string } {
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close !== -1) {
      const port = hostPort.slice(close + 1).replace(/^:/, '');
      return port ? { host: hostPort.slice(1, close), port } : { host: hostPort.slice(1, close) };
    }
  }
  const colon = lastOutside(hostPort, ':');
  if (colon === -1) return { host: hostPort };
  return { host: hostPort.slice(0, colon), port: hostPort.slice(colon + 1) };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** True for a host that is this container (or its network namespace), never the wire. */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\./.test(h) || h === '0.0.0.0' || h === '' || h.startsWith('/') || h.startsWith('%2f');
}

/** True when a value is only a reference: `${VAR…}`, `$VAR`, or a run of them. */
export function isReferenceOnly(text: string): boolean {
  return /^(\$\{[^}]*\}|\$[A-Za-z_]\w*)+$/.test(text);
}

/** True when `text` holds any variable reference (`${…}`, `$VAR`, `$(…)`). */
export function hasReference(text: string): boolean {
  return /\$(\{|\(|[A-Za-z_])/.test(text);
}

/**
 * A libpq key/value connection string (`host=db dbname=app sslmode=require`) as a map,
 * or undefined when the text is not one.
 */
export function parseDsn(text: string): Map<string, string> | undefined {
  const t = text.trim();
  if (!/(^|\s)host\s*=/.test(t) || !/(^|\s)(dbname|user|port|password)\s*=/.test(t)) return undefined;
  const out = new Map<string, string>();
  const re = /([A-Za-z_]+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t))) {
    let v = m[2]!;
    if (v.startsWith("'") && v.endsWith("'") && v.length >= 2) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    out.set(m[1]!.toLowerCase(), v);
  }
  return out;
}

/** Postgres URL schemes: libpq, SQLAlchemy dialects (`postgresql+asyncpg`), JDBC-style. */
export function isPostgresScheme(scheme: string): boolean {
  return /^(postgres|postgresql|pgsql|postgis|timescaledb)(\+[a-z0-9_]+)?$/.test(scheme);
}
