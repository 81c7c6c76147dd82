/**
 * Probe targets: `<scheme>://host[:port][/path]` as the user writes them. The scheme
 * picks the probe kind and the default port; a probe contacts exactly this host and
 * port and nothing else. A scheme is one row of `SCHEMES`; each probe kind it names has a
 * retriever in `probe.ts`.
 */
import { isIP } from 'node:net';
import type { ProbeKind } from './kinds.ts';

export interface SchemeSpec {
  /** The probes a target of this scheme gets: `https://` is both a TLS and an HTTP probe. */
  kinds: readonly ProbeKind[];
  /** 0: the target names a host only; the probe picks the ports (`host://`). */
  defaultPort: number;
  /** Whether a path (and query) means something to this probe; SSH has none. */
  allowsPath: boolean;
}

export const SCHEMES: Readonly<Record<string, SchemeSpec>> = {
  ssh: { kinds: ['ssh'], defaultPort: 22, allowsPath: false },
  https: { kinds: ['tls', 'http'], defaultPort: 443, allowsPath: true },
  http: { kinds: ['http'], defaultPort: 80, allowsPath: true },
  /** Any TLS service that is not HTTP (SMTPS, LDAPS, a TLS-fronted database port). */
  tls: { kinds: ['tls'], defaultPort: 443, allowsPath: false },
  redis: { kinds: ['redis'], defaultPort: 6379, allowsPath: false },
  /** Redis over TLS (`tls-port`). */
  rediss: { kinds: ['redis'], defaultPort: 6379, allowsPath: false },
  postgres: { kinds: ['postgres'], defaultPort: 5432, allowsPath: false },
  postgresql: { kinds: ['postgres'], defaultPort: 5432, allowsPath: false },
  /** A host, not a service: which well-known ports it exposes (`src/probes/ports/catalogue.ts`). */
  host: { kinds: ['ports'], defaultPort: 0, allowsPath: false },
};

export interface ProbeTarget {
  /** Lower-case scheme, a key of `SCHEMES`. */
  scheme: string;
  /** The probes this target gets, from its scheme. */
  kinds: readonly ProbeKind[];
  /** Host name (lower-case) or IP address, IPv6 without brackets. */
  host: string;
  /** 0 for `host://` targets, which name no port. */
  port: number;
  /** `/…` with any query, or '' (only for schemes that allow a path). */
  path: string;
  /** Canonical form used in reports and fingerprints: `ssh://[::1]:2222`, `host://db.example.org`. */
  display: string;
  /** As the user wrote it. */
  given: string;
}

export type TargetParse = { ok: true; target: ProbeTarget } | { ok: false; reason: string };

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s;
const HOST_LABEL = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;

export function supportedSchemes(): string[] {
  return Object.keys(SCHEMES).sort();
}

export function parseTarget(given: string): TargetParse {
  const text = given.trim();
  const fail = (why: string): TargetParse => ({ ok: false, reason: why });
  const list = supportedSchemes().map((s) => `${s}://`).join(', ');
  if (text === '') return fail(`empty target; expected e.g. ssh://host:22 (supported: ${list})`);
  if (/[\s\u0000-\u001f\u007f]/.test(text)) return fail('a target cannot contain spaces or control characters');
  const m = SCHEME.exec(text);
  if (!m) return fail(`missing scheme; write it as a URL, e.g. ssh://${text.replace(/^\/+/, '')} (supported: ${list})`);
  const scheme = m[1]!.toLowerCase();
  const spec = Object.hasOwn(SCHEMES, scheme) ? SCHEMES[scheme] : undefined;
  if (!spec) return fail(`unsupported scheme "${scheme}://" (supported: ${list})`);
  const rest = m[2]!;
  const cut = rest.search(/[/?#]/);
  const authority = cut < 0 ? rest : rest.slice(0, cut);
  const path = cut < 0 ? '' : rest.slice(cut);
  if (path.includes('#')) return fail('a target cannot have a #fragment');
  const hostOnly = spec.defaultPort === 0;
  if (!spec.allowsPath && path !== '' && path !== '/') return fail(`${scheme}:// targets have no path; use ${scheme}://host${hostOnly ? '' : '[:port]'}`);
  if (authority.includes('@')) return fail('no user name or password in the target: the probe never sends credentials');

  let host: string;
  let portText: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) return fail('unclosed "[" in an IPv6 address');
    host = authority.slice(1, close);
    const after = authority.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return fail(`unexpected "${after}" after the IPv6 address`);
    portText = after === '' ? undefined : after.slice(1);
    host = host.replace(/%25/, '%');
    if (isIP(host) !== 6) return fail(`"${host}" is not an IPv6 address`);
    // The zone id (`%eth0`) names an interface and keeps its case.
    const zone = host.indexOf('%');
    host = zone < 0 ? host.toLowerCase() : `${host.slice(0, zone).toLowerCase()}${host.slice(zone)}`;
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon >= 0 && authority.indexOf(':') !== colon) return fail('an IPv6 address must be written in brackets, e.g. ssh://[::1]:22');
    host = colon < 0 ? authority : authority.slice(0, colon);
    portText = colon < 0 ? undefined : authority.slice(colon + 1);
    if (host === '') return fail('missing host');
    host = host.toLowerCase().replace(/\.$/, '');
    if (isIP(host) === 0 && !validHostName(host)) return fail(`"${host}" is not a valid host name or IP address`);
  }

  let port = spec.defaultPort;
  if (portText !== undefined && hostOnly) return fail(`${scheme}:// targets take no port: the probe tries its own list of well-known ports; use ${scheme}://${host.includes(':') ? `[${host}]` : host}`);
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText)) return fail(`invalid port "${portText}"`);
    port = Number(portText);
    if (port < 1 || port > 65535) return fail(`port ${port} is out of range (1-65535)`);
  }
  const hostPart = isIP(host) === 6 ? `[${host}]` : host;
  const cleanPath = path === '/' ? '' : path;
  return {
    ok: true,
    target: { scheme, kinds: spec.kinds, host, port, path: cleanPath, display: `${scheme}://${hostPart}${hostOnly ? '' : `:${port}`}${cleanPath}`, given },
  };
}

function validHostName(host: string): boolean {
  if (host.length > 253) return false;
  const labels = host.split('.');
  // All-numeric dotted names that are not IPv4 (`1.2.3`, `999.1.1.1`) are typos, not host names.
  if (labels.every((l) => /^\d+$/.test(l))) return false;
  return labels.every((l) => HOST_LABEL.test(l));
}
