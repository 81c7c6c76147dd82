/**
 * The loader's working tree: the model's YNode shapes without `keyPath`. A node is
 * built once per place it is written (an anchor is shared by all its aliases), merges
 * and `extends` combine nodes without copying them, and only `materialize` gives each
 * logical position its own YNode with a keyPath.
 */
import type { Location } from '../../core/location.ts';
import type { VarRef, YEntry, YMap, YNode, YScalar, YSeq } from './model.ts';

export interface TScalar {
  kind: 'scalar';
  value: string | number | boolean | null;
  raw?: string;
  vars?: VarRef[];
  loc: Location;
}
export interface TEntry {
  key: string;
  keyLoc: Location;
  value: TNode;
}
export interface TMap {
  kind: 'map';
  entries: TEntry[];
  loc: Location;
}
export interface TSeq {
  kind: 'seq';
  items: TNode[];
  loc: Location;
}
export type TNode = TScalar | TMap | TSeq;

export function getEntry(map: TMap, key: string): TEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

export function get(map: TMap | undefined, key: string): TNode | undefined {
  return map ? getEntry(map, key)?.value : undefined;
}

export function asMap(node: TNode | undefined): TMap | undefined {
  return node?.kind === 'map' ? node : undefined;
}

/** Scalar as a string: numbers and booleans in their YAML spelling; null/absent → undefined. */
export function scalarText(node: TNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** `services.db` + `ports` → `services.db.ports`; odd keys are quoted so paths stay unambiguous. */
export function childPath(parent: string, key: string): string {
  const part = PLAIN_KEY.test(key) ? key : JSON.stringify(key);
  return parent === '' ? part : `${parent}.${part}`;
}

export function itemPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/**
 * Give a subtree its logical keyPaths. Each call makes fresh nodes, so a value shared by
 * two services (an anchor, an `extends` base) gets each service's path.
 */
export function materialize(node: TScalar, keyPath: string): YScalar;
export function materialize(node: TMap, keyPath: string): YMap;
export function materialize(node: TNode, keyPath: string): YNode;
export function materialize(node: TNode, keyPath: string): YNode {
  switch (node.kind) {
    case 'scalar': {
      const out: YScalar = { kind: 'scalar', value: node.value, loc: node.loc, keyPath };
      if (node.raw !== undefined) out.raw = node.raw;
      if (node.vars) out.vars = node.vars;
      return out;
    }
    case 'map': {
      const entries: YEntry[] = node.entries.map((e) => ({
        key: e.key,
        keyLoc: e.keyLoc,
        value: materialize(e.value, childPath(keyPath, e.key)),
      }));
      return { kind: 'map', entries, loc: node.loc, keyPath };
    }
    case 'seq': {
      const seq: YSeq = { kind: 'seq', items: node.items.map((item, i) => materialize(item, itemPath(keyPath, i))), loc: node.loc, keyPath };
      return seq;
    }
  }
}

/** Number of nodes a subtree expands to, aliases counted at every use. */
export function expandedSize(node: TNode, memo: Map<TNode, number>): number {
  const known = memo.get(node);
  if (known !== undefined) return known;
  let size = 1;
  if (node.kind === 'map') for (const e of node.entries) size += expandedSize(e.value, memo);
  else if (node.kind === 'seq') for (const item of node.items) size += expandedSize(item, memo);
  memo.set(node, size);
  return size;
}
