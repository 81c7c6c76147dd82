/**
 * Small readers shared by the container-hardening checks (D1-D8): how a scalar reads as
 * text or boolean after interpolation, where an attribute key sits, and where a bind
 * mount points on the host.
 */
import { posix } from 'node:path';
import type { Located } from '../../../core/location.ts';
import type { ComposeProject, ComposeService, VolumeMount, YEntry, YMap, YNode, YScalar } from '../../../inputs/compose/model.ts';

/** The scalar as trimmed text; null and missing read as ''. */
export function scalarText(node: YScalar | undefined): string {
  if (!node || node.value === null) return '';
  return String(node.value).trim();
}

/**
 * Compose converts interpolated strings to booleans the way YAML 1.1 did, so
 * `read_only: "${RO:-true}"` or `read_only: yes` count as true.
 */
export function asBoolean(node: YScalar | undefined): boolean | undefined {
  if (!node) return undefined;
  if (typeof node.value === 'boolean') return node.value;
  const text = scalarText(node).toLowerCase();
  if (['true', 'yes', 'y', 'on', '1'].includes(text)) return true;
  if (['false', 'no', 'n', 'off', '0'].includes(text)) return false;
  return undefined;
}

/** `ALL`, `all`, `cap_sys_admin` -> `ALL`, `SYS_ADMIN`: Docker accepts the `CAP_` prefix and any case. */
export function capabilityName(node: YScalar): string {
  return scalarText(node).toUpperCase().replace(/^CAP_/, '');
}

export function entryOf(map: YMap | undefined, key: string): YEntry | undefined {
  return map?.entries.find((e) => e.key === key);
}

export function scalarOf(map: YMap | undefined, key: string): YScalar | undefined {
  const node = entryOf(map, key)?.value;
  return node?.kind === 'scalar' ? node : undefined;
}

export function mapOf(node: YNode | undefined): YMap | undefined {
  return node?.kind === 'map' ? node : undefined;
}

/** The attribute's key (`logging:`), for findings about an attribute that is present but incomplete. */
export function attributeKey(service: ComposeService, key: string): Located | undefined {
  const entry = entryOf(service.node, key);
  return entry ? { loc: entry.keyLoc, keyPath: `${service.keyPath}.${key}` } : undefined;
}

/** An absolute POSIX host path, normalised (`//etc/` -> `/etc`); undefined for relative, `~` or Windows paths. */
export function absoluteHostPath(source: string | undefined): string | undefined {
  if (!source || !source.startsWith('/')) return undefined;
  const normal = posix.normalize(source);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

export interface HostBind {
  /** The host path as written (interpolated), normalised when absolute. */
  source: string;
  /** Named volume that binds the host path through `driver_opts` (`o: bind`, `device:`). */
  viaVolume?: string;
}

/**
 * Where a mount reaches on the host: a bind's source, or the `device` of a named local
 * volume declared with `o: bind` (a common way to hide a host mount behind a name).
 */
export function hostBindOf(project: ComposeProject, mount: VolumeMount): HostBind | undefined {
  if (mount.type === 'bind' && mount.source) {
    return { source: absoluteHostPath(mount.source) ?? mount.source };
  }
  if (mount.type !== 'volume' || !mount.source) return undefined;
  const volume = project.volumes.find((v) => v.name === mount.source);
  const opts = mapOf(entryOf(mapOf(volume?.node), 'driver_opts')?.value);
  const o = scalarText(scalarOf(opts, 'o'));
  const device = scalarText(scalarOf(opts, 'device'));
  if (!device || !o.split(',').map((s) => s.trim()).includes('bind')) return undefined;
  return { source: absoluteHostPath(device) ?? device, viaVolume: mount.source };
}

/** `bind mount of "/etc"` or `named volume "x" (bound to "/etc")`, for messages. */
export function describeBind(bind: HostBind): string {
  return bind.viaVolume
    ? `named volume "${bind.viaVolume}" (bound to host path "${bind.source}")`
    : `bind mount of host path "${bind.source}"`;
}
