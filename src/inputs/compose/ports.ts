/**
 * `ports:` entries, short (`"127.0.0.1:8080:80/udp"`, `"[::1]:80:80"`, `8000-8010:8000-8010`,
 * `80`) and long (`target`, `published`, `host_ip`, `protocol`).
 */
import type { PortMapping } from './model.ts';
import { get, scalarText, type TNode } from './tree.ts';

export function parsePort(node: TNode, keyPath: string): PortMapping | undefined {
  if (node.kind === 'scalar') {
    const raw = scalarText(node);
    if (raw === undefined || raw.trim() === '') return undefined;
    const spec = parseShortPort(raw.trim());
    const port: PortMapping = { syntax: 'short', target: spec.target, protocol: spec.protocol, raw, loc: node.loc, keyPath };
    if (spec.hostIp !== undefined) port.hostIp = spec.hostIp;
    if (spec.published !== undefined) port.published = spec.published;
    return port;
  }
  if (node.kind !== 'map') return undefined;
  const target = scalarText(get(node, 'target'));
  if (target === undefined) return undefined;
  const published = nonEmpty(scalarText(get(node, 'published')));
  const hostIp = nonEmpty(scalarText(get(node, 'host_ip')));
  const protocol = nonEmpty(scalarText(get(node, 'protocol'))) ?? 'tcp';
  const raw = `${hostIp !== undefined ? `${hostIp}:` : ''}${published !== undefined ? `${published}:` : ''}${target}/${protocol}`;
  const port: PortMapping = { syntax: 'long', target, protocol, raw, loc: node.loc, keyPath };
  if (hostIp !== undefined) port.hostIp = hostIp;
  if (published !== undefined) port.published = published;
  return port;
}

export interface ShortPort {
  hostIp?: string;
  published?: string;
  target: string;
  protocol: string;
}

/** `[[host_ip:]published:]target[/protocol]`, host IPv6 in brackets or bare (`::1:80:80`). */
export function parseShortPort(spec: string): ShortPort {
  let rest = spec;
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1) || 'tcp';
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close > 0) {
      hostIp = rest.slice(1, close);
      rest = rest.slice(close + 1).replace(/^:/, '');
    }
  }
  const parts = rest.split(':');
  const target = parts.pop() ?? '';
  const out: ShortPort = { target, protocol };
  if (parts.length > 0) {
    const published = parts.pop()!;
    if (published !== '') out.published = published;
  }
  if (parts.length > 0 && hostIp === undefined) hostIp = parts.join(':');
  if (hostIp !== undefined && hostIp !== '') out.hostIp = hostIp;
  return out;
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}
