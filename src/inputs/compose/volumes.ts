/**
 * Service `volumes:` entries, short (`./src:/app:ro`, `data:/var/lib/x`, `/anon`,
 * `C:\data:/data`) and long (`type`, `source`, `target`, `read_only`).
 */
import { splitVolumeSpec } from './merge.ts';
import type { VolumeMount } from './model.ts';
import { get, scalarText, type TNode } from './tree.ts';

const TYPES: ReadonlySet<string> = new Set(['bind', 'volume', 'tmpfs', 'npipe', 'cluster', 'image']);

/** A host path rather than a volume name: relative, absolute, home, or a Windows drive/UNC path. */
export function isHostPath(source: string): boolean {
  return /^[./~]/.test(source) || /^[A-Za-z]:[\\/]/.test(source) || source.startsWith('\\\\');
}

export function parseVolume(node: TNode, keyPath: string): VolumeMount | undefined {
  if (node.kind === 'scalar') {
    const raw = scalarText(node);
    if (raw === undefined || raw.trim() === '') return undefined;
    const parts = splitVolumeSpec(raw.trim());
    let source: string | undefined;
    let target: string;
    let options: string[] = [];
    if (parts.length === 1) {
      target = parts[0]!;
    } else {
      source = parts[0]!;
      target = parts[1]!;
      options = parts.slice(2).join(':').split(',').filter((o) => o !== '');
    }
    if (source === '') source = undefined;
    const type = source !== undefined && isHostPath(source) ? 'bind' : 'volume';
    const mount: VolumeMount = { syntax: 'short', type, target, readOnly: options.includes('ro'), raw, loc: node.loc, keyPath };
    if (source !== undefined) mount.source = source;
    return mount;
  }
  if (node.kind !== 'map') return undefined;
  const target = scalarText(get(node, 'target'));
  if (target === undefined) return undefined;
  const typeText = scalarText(get(node, 'type')) ?? 'volume';
  const type = (TYPES.has(typeText) ? typeText : 'volume') as VolumeMount['type'];
  const source = scalarText(get(node, 'source'));
  const readOnly = isTrue(scalarText(get(node, 'read_only')));
  const raw = `${source ? `${source}:` : ''}${target}${readOnly ? ':ro' : ''}`;
  const mount: VolumeMount = { syntax: 'long', type, target, readOnly, raw, loc: node.loc, keyPath };
  if (source !== undefined && source !== '') mount.source = source;
  return mount;
}

/** Compose's boolean spellings, for values that came through interpolation as strings. */
export function isTrue(text: string | undefined): boolean {
  return text !== undefined && /^(true|yes|y|on|1)$/i.test(text.trim());
}
