/**
 * The network side of a Compose project: which networks a service sits on, which of them
 * are `internal: true`, and which service a hostname in a URL points to. Used to tell
 * traffic that stays on a private segment from traffic that may cross an open one.
 */
import type { ComposeNetwork, ComposeProject, ComposeService, YMap, YNode } from '../../../inputs/compose/model.ts';

/** Names of the networks a service is attached to; none when `network_mode` replaces them. */
export function serviceNetworkNames(service: ComposeService): string[] {
  if (service.networkMode) return [];
  return service.networks.map((n) => n.name);
}

export function findNetwork(project: ComposeProject, name: string): ComposeNetwork | undefined {
  return project.networks.find((n) => n.name === name);
}

export function isInternalNetwork(project: ComposeProject, name: string): boolean {
  return findNetwork(project, name)?.internal === true;
}

/** Networks both services are attached to. */
export function sharedNetworks(a: ComposeService, b: ComposeService): string[] {
  const other = new Set(serviceNetworkNames(b));
  return serviceNetworkNames(a).filter((n) => other.has(n));
}

/** `internal: true` networks both services share: traffic between them never leaves the host. */
export function sharedInternalNetworks(project: ComposeProject, a: ComposeService, b: ComposeService): string[] {
  return sharedNetworks(a, b).filter((n) => isInternalNetwork(project, n));
}

export function mapGet(map: YNode | undefined, key: string): YNode | undefined {
  if (!map || map.kind !== 'map') return undefined;
  return map.entries.find((e) => e.key === key)?.value;
}

function scalarText(node: YNode | undefined): string | undefined {
  return node?.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

/** Every name a service answers to on its networks: service name, container_name, hostname, aliases. */
export function serviceHostnames(service: ComposeService): string[] {
  const names = [service.name];
  for (const key of ['container_name', 'hostname']) {
    const v = scalarText(mapGet(service.node, key));
    if (v) names.push(v);
  }
  const nets = mapGet(service.node, 'networks');
  if (nets?.kind === 'map') {
    for (const entry of nets.entries) {
      const aliases = mapGet(entry.value as YMap, 'aliases');
      if (aliases?.kind === 'seq') {
        for (const a of aliases.items) {
          const v = scalarText(a);
          if (v) names.push(v);
        }
      }
    }
  }
  return names.map((n) => n.toLowerCase());
}

/** The service of this project a URL host names, if any. */
export function serviceForHost(project: ComposeProject, host: string): ComposeService | undefined {
  const h = host.toLowerCase();
  return project.services.find((s) => serviceHostnames(s).includes(h));
}

/**
 * How far a connection from `from` to `host` travels: `internal` when the host is a
 * service of this project sharing an internal network with `from`, `project` when it is
 * a service of this project otherwise, `external` for anything else.
 */
export function connectionReach(
  project: ComposeProject,
  from: ComposeService,
  host: string,
): { reach: 'internal' | 'project' | 'external'; target?: ComposeService; networks: string[] } {
  const target = serviceForHost(project, host);
  if (!target) return { reach: 'external', networks: [] };
  const internal = sharedInternalNetworks(project, from, target);
  return internal.length > 0 ? { reach: 'internal', target, networks: internal } : { reach: 'project', target, networks: [] };
}

/** True when a published port's host address only accepts connections from this machine. */
export function isLoopbackBinding(hostIp: string | undefined): boolean {
  if (!hostIp) return false;
  const ip = hostIp.replace(/^\[|\]$/g, '').toLowerCase();
  return /^127\./.test(ip) || ip === '::1' || ip === 'localhost';
}

/** Why cleartext is tolerable here, when both ends share an internal network of this project. */
export function lowRiskNote(model: ComposeProject, from: ComposeService, host: string): string | undefined {
  const reach = connectionReach(model, from, host);
  if (reach.reach !== 'internal' || !reach.target) return undefined;
  const nets = reach.networks.map((n) => `"${n}"`).join(', ');
  return `both ends are services of this project ("${from.name}" -> "${reach.target.name}") on internal network ${nets}, so the traffic never leaves the host`;
}
