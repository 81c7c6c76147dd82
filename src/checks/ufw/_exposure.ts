/**
 * Which ufw rules open the host to the whole Internet, shared by the port checks: an
 * incoming `allow` or `limit` rule (not a `route` rule) from anywhere, to a non-loopback
 * destination, not bound to a loopback/VPN/container interface, in a rule file ufw applies
 * (user6.rules only with IPV6=yes), and not shadowed by an earlier deny/reject rule that
 * already matches all of its traffic (ufw's first match wins).
 */
import type { PortSet, UfwConfig, UfwRule } from '../../inputs/ufw/load.ts';
import type { Severity } from '../../core/severity.ts';

export function isAnywhere(addr: string): boolean {
  return addr === '0.0.0.0/0' || addr === '::/0' || addr === 'any';
}

function isLoopback(addr: string): boolean {
  return /^127\./.test(addr) || addr === '::1' || addr === '::1/128';
}

/** Interfaces that are not the Internet: loopback, VPNs, container and VM bridges. */
export function isInternalInterface(name: string): boolean {
  return /^(?:lo|wg\d*|wg-.*|tun\d*|tap\d*|tailscale\d*|zt.*|nebula\d*|docker\d*|br-.*|virbr\d*|cni\d*|flannel.*|cali.*|lxdbr\d*|incusbr\d*)$/.test(name);
}

/**
 * Rules through which anyone can reach the host, in order; with `routed`, also `ufw route`
 * rules, which expose what the host forwards to (containers, VMs) the same way.
 */
export function openRules(model: UfwConfig, routed = false): UfwRule[] {
  const open: UfwRule[] = [];
  // Only deny/reject rules from anywhere can shadow; a bounded list keeps huge rule files linear.
  const blockers: UfwRule[] = [];
  for (const rule of model.rules) {
    if (rule.v6 && !model.ipv6) continue;
    if ((rule.action === 'deny' || rule.action === 'reject') && isAnywhere(rule.src) && blockers.length < MAX_BLOCKERS) blockers.push(rule);
    if (rule.action !== 'allow' && rule.action !== 'limit') continue;
    if ((rule.route && !routed) || rule.direction !== 'in') continue;
    if (!isAnywhere(rule.src) || isLoopback(rule.dst)) continue;
    if (rule.interfaceIn !== undefined && isInternalInterface(rule.interfaceIn)) continue;
    if (!blockers.some((earlier) => shadows(earlier, rule))) open.push(rule);
  }
  return open;
}

const MAX_BLOCKERS = 500;

/** An earlier deny/reject rule that matches every packet `rule` would accept. */
function shadows(earlier: UfwRule, rule: UfwRule): boolean {
  if (earlier.action !== 'deny' && earlier.action !== 'reject') return false;
  if (earlier.route !== rule.route || earlier.direction !== 'in' || earlier.v6 !== rule.v6) return false;
  if (!isAnywhere(earlier.src) || !isAnywhere(earlier.dst) || earlier.sport !== 'any') return false;
  if (earlier.interfaceIn !== undefined && earlier.interfaceIn !== rule.interfaceIn) return false;
  if (earlier.proto !== 'any' && earlier.proto !== rule.proto) return false;
  return covers(earlier.ports, rule.ports);
}

function covers(outer: PortSet, inner: PortSet): boolean {
  if (outer === 'any') return true;
  if (inner === 'any') return false;
  const merged: Array<[number, number]> = [];
  for (const [a, b] of [...outer].sort((x, y) => x[0] - y[0])) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return inner.every(([lo, hi]) => merged.some(([a, b]) => lo >= a && hi <= b));
}

/** True when the rule's ports include `port` for TCP. */
export function opensTcpPort(rule: UfwRule, port: number): boolean {
  if (rule.proto !== 'tcp' && rule.proto !== 'any') return false;
  return rule.ports === 'any' || rule.ports.some(([lo, hi]) => port >= lo && port <= hi);
}

/** Ports whose exposure is severe: data stores and control APIs that should never face the Internet. */
export const SENSITIVE_PORTS: ReadonlyMap<number, string> = new Map([
  [1433, 'SQL Server'],
  [1521, 'Oracle'],
  [2375, 'Docker API without TLS'],
  [2376, 'Docker API'],
  [2379, 'etcd'],
  [2380, 'etcd peer'],
  [3306, 'MySQL/MariaDB'],
  [4243, 'Docker API'],
  [5432, 'PostgreSQL'],
  [5555, 'Celery Flower'],
  [5672, 'AMQP'],
  [5984, 'CouchDB'],
  [6379, 'Redis'],
  [8086, 'InfluxDB'],
  [8500, 'Consul'],
  [9042, 'Cassandra'],
  [9090, 'Prometheus'],
  [9200, 'Elasticsearch'],
  [9300, 'Elasticsearch transport'],
  [10250, 'kubelet'],
  [11211, 'memcached'],
  [15672, 'RabbitMQ management'],
  [27017, 'MongoDB'],
  [27018, 'MongoDB'],
]);

/** Ports commonly meant to be public (mail, DNS, VPNs, mosh, TURN, Matrix federation): worth a look, not alarming. */
const PUBLIC_SERVICE_RANGES: ReadonlyArray<[number, number]> = [
  [25, 25], [53, 53], [110, 110], [123, 123], [143, 143], [465, 465], [500, 500], [587, 587], [993, 993], [995, 995],
  [1194, 1194], [3478, 3478], [4500, 4500], [5349, 5349], [8448, 8448], [41641, 41641], [51820, 51820], [60000, 61000],
];

const OTHER_NAMES: ReadonlyMap<number, string> = new Map([
  [25, 'SMTP'], [53, 'DNS'], [465, 'SMTPS'], [587, 'mail submission'], [993, 'IMAPS'], [995, 'POP3S'], [143, 'IMAP'], [110, 'POP3'],
  [1194, 'OpenVPN'], [51820, 'WireGuard'], [41641, 'Tailscale'], [3000, 'often Grafana'], [8080, 'alternate HTTP'], [8888, 'often Jupyter'],
]);

export function portName(port: number): string | undefined {
  return SENSITIVE_PORTS.get(port) ?? OTHER_NAMES.get(port);
}

/** Severity of exposing these port ranges to anyone. */
export function exposureSeverity(ranges: ReadonlyArray<[number, number]>): Severity {
  let severity: Severity = 'low';
  for (const [lo, hi] of ranges) {
    for (const port of SENSITIVE_PORTS.keys()) if (port >= lo && port <= hi) return 'high';
    const routine = PUBLIC_SERVICE_RANGES.some(([a, b]) => lo >= a && hi <= b);
    if (!routine) severity = 'medium';
  }
  return severity;
}

/** Port ranges minus the given single ports. */
export function withoutPorts(ranges: ReadonlyArray<[number, number]>, drop: readonly number[]): Array<[number, number]> {
  let out: Array<[number, number]> = ranges.map(([a, b]) => [a, b]);
  for (const p of drop) {
    out = out.flatMap(([a, b]): Array<[number, number]> => {
      if (p < a || p > b) return [[a, b]];
      const parts: Array<[number, number]> = [];
      if (a <= p - 1) parts.push([a, p - 1]);
      if (p + 1 <= b) parts.push([p + 1, b]);
      return parts;
    });
  }
  return out;
}

export function describeRanges(ranges: ReadonlyArray<[number, number]>, proto: string): string {
  const suffix = proto === 'any' ? '' : `/${proto}`;
  const shown = ranges.slice(0, 6).map(([a, b]) => {
    const text = a === b ? `${a}${suffix}` : `${a}:${b}${suffix}`;
    const name = a === b ? portName(a) : undefined;
    return name ? `${text} (${name})` : text;
  });
  if (ranges.length > 6) shown.push(`and ${ranges.length - 6} more`);
  return shown.join(', ');
}

export function family(rule: UfwRule): string {
  return rule.v6 ? 'IPv6' : 'IPv4';
}

/** A fingerprint key that survives unrelated edits: what the rule matches, not its line. */
export function ruleKey(rule: UfwRule): string {
  return [family(rule), rule.route ? 'route' : '', rule.action, rule.proto, rule.dport, rule.dst, rule.sport, rule.src, rule.interfaceIn ?? ''].join(' ');
}

/** `from anywhere (IPv4)`, with what narrows it: routed traffic, an interface, a source port anyone can pick. */
export function describeSource(rule: UfwRule): string {
  const extra: string[] = [family(rule)];
  if (rule.route) extra.push(`forwarded${rule.dst !== '0.0.0.0/0' && rule.dst !== '::/0' ? ` to ${rule.dst}` : ''}`);
  if (rule.interfaceIn) extra.push(`on ${rule.interfaceIn}`);
  if (rule.sport !== 'any') extra.push(`from source port ${rule.sport}, which any sender can choose`);
  return `from anywhere (${extra.join(', ')})`;
}
