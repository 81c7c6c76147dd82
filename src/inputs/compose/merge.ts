/**
 * Compose's merge rules, used for `extends` and for overlay files (`-f a -f b`):
 * mappings merge key by key, scalars and most sequences are replaced, some sequences
 * are concatenated (`ports`, `expose`, `cap_add`, …) and some are merged by a key
 * (`volumes` by mount target, `environment` by name, `networks` by name, …). The
 * `!reset` tag removes a value, `!override` replaces it whole.
 * Nodes are combined, never copied: unchanged subtrees are shared with the inputs.
 */
import { MERGE_TAG, type MergeTagged } from './parse-yaml.ts';
import { scalarText, type TEntry, type TMap, type TNode, type TScalar, type TSeq } from './tree.ts';

/** Sequences whose items are appended (duplicates dropped). */
const CONCAT = new Set([
  'ports', 'expose', 'external_links', 'dns', 'dns_search', 'tmpfs', 'cap_add', 'cap_drop', 'security_opt',
  'group_add', 'profiles', 'links', 'env_file', 'volumes_from', 'device_cgroup_rules',
]);

type KeyOf = (item: TNode) => string | undefined;

/** Sequences merged item by item on a key. */
const KEYED: Record<string, KeyOf> = {
  volumes: (item) => volumeTarget(item),
  devices: (item) => (item.kind === 'map' ? scalarText(getValue(item, 'target')) : scalarText(item)?.split(':')[1]),
  secrets: (item) => (item.kind === 'map' ? scalarText(getValue(item, 'source')) : scalarText(item)),
  configs: (item) => (item.kind === 'map' ? scalarText(getValue(item, 'source')) : scalarText(item)),
  environment: (item) => scalarText(item)?.split('=')[0],
  labels: (item) => scalarText(item)?.split('=')[0],
  annotations: (item) => scalarText(item)?.split('=')[0],
  extra_hosts: (item) => scalarText(item)?.split(/[=:]/)[0],
  networks: (item) => scalarText(item),
  sysctls: (item) => scalarText(item)?.split('=')[0],
};

/** Attributes (by path inside a service) that the overriding value replaces whole. */
const REPLACE = new Set(['command', 'entrypoint', 'healthcheck.test']);

/** Merge a service definition `over` onto `base` (an `extends` base or an earlier file). */
export function mergeService(base: TMap, over: TMap): TMap {
  return mergeMaps(base, over, '');
}

/** Merge two values of a top-level resource (`networks.x`, `volumes.x`, …) or any other mapping. */
export function mergeGeneric(base: TNode, over: TNode): TNode {
  return mergeValues(base, over, '*');
}

function tagOf(node: TNode): 'reset' | 'override' | undefined {
  return (node as MergeTagged)[MERGE_TAG];
}

function mergeMaps(base: TMap, over: TMap, path: string): TMap {
  const entries: TEntry[] = [];
  const overByKey = new Map(over.entries.map((e) => [e.key, e] as const));
  const done = new Set<string>();
  for (const b of base.entries) {
    const o = overByKey.get(b.key);
    if (!o) {
      entries.push(b);
      continue;
    }
    done.add(b.key);
    if (tagOf(o.value) === 'reset') continue;
    entries.push({ key: o.key, keyLoc: o.keyLoc, value: mergeValues(b.value, o.value, path === '' ? b.key : `${path}.${b.key}`) });
  }
  for (const o of over.entries) if (!done.has(o.key) && tagOf(o.value) !== 'reset') entries.push(o);
  return { kind: 'map', entries, loc: over.loc };
}

function mergeValues(base: TNode, over: TNode, path: string): TNode {
  if (tagOf(over) === 'override' || REPLACE.has(path)) return over;
  const attr = path.includes('.') ? '' : path; // sequence rules apply to a service's own attributes
  if (attr === 'build') return mergeValues(buildAsMap(base), buildAsMap(over), '*');
  if (attr === 'logging' && base.kind === 'map' && over.kind === 'map') {
    const bd = scalarText(getValue(base, 'driver'));
    const od = scalarText(getValue(over, 'driver'));
    if (bd !== undefined && od !== undefined && bd !== od) return over;
  }
  const keyOf = KEYED[attr];
  if (keyOf && (base.kind !== over.kind || base.kind === 'seq') && base.kind !== 'scalar' && over.kind !== 'scalar') {
    if (base.kind === 'seq' && over.kind === 'seq') return mergeKeyedSeq(base, over, keyOf);
    // One side is a list, the other a mapping (`- A=b` vs `A: b`): merge as mappings.
    return mergeMaps(listAsMap(base, attr), listAsMap(over, attr), path);
  }
  if (CONCAT.has(attr) && base.kind === 'seq' && over.kind === 'seq') return concatUnique(base, over);
  if (base.kind === 'map' && over.kind === 'map') return mergeMaps(base, over, path);
  return over;
}

function mergeKeyedSeq(base: TSeq, over: TSeq, keyOf: KeyOf): TSeq {
  const items = [...base.items];
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    const k = keyOf(item);
    if (k !== undefined) index.set(k, i);
  });
  for (const item of over.items) {
    const k = keyOf(item);
    const at = k === undefined ? undefined : index.get(k);
    if (at === undefined) {
      if (k !== undefined) index.set(k, items.length);
      items.push(item);
    } else {
      items[at] = item;
    }
  }
  return { kind: 'seq', items, loc: over.loc };
}

function concatUnique(base: TSeq, over: TSeq): TSeq {
  const seen = new Set(base.items.map((i) => scalarText(i)).filter((t) => t !== undefined));
  const items = [...base.items];
  for (const item of over.items) {
    const t = scalarText(item);
    if (t !== undefined && seen.has(t)) continue;
    if (t !== undefined) seen.add(t);
    items.push(item);
  }
  return { kind: 'seq', items, loc: over.loc };
}

/** `build: ./dir` is `build: {context: ./dir}`. */
function buildAsMap(node: TNode): TNode {
  if (node.kind !== 'scalar') return node;
  return { kind: 'map', entries: [{ key: 'context', keyLoc: node.loc, value: node }], loc: node.loc };
}

/** A list form (`- A=b`, `- net`) as the equivalent mapping, positioned at each item. */
function listAsMap(node: TMap | TSeq, attr: string): TMap {
  if (node.kind === 'map') return node;
  const entries: TEntry[] = [];
  for (const item of node.items) {
    const text = scalarText(item);
    if (text === undefined || item.kind !== 'scalar') continue;
    if (attr === 'networks') {
      entries.push({ key: text, keyLoc: item.loc, value: { kind: 'scalar', value: null, loc: item.loc } });
      continue;
    }
    const eq = text.indexOf('=');
    const value: TScalar = { kind: 'scalar', value: eq < 0 ? null : text.slice(eq + 1), loc: item.loc };
    if (item.raw !== undefined) {
      const rawEq = item.raw.indexOf('=');
      if (rawEq >= 0) value.raw = item.raw.slice(rawEq + 1);
      if (item.vars) value.vars = item.vars;
    }
    entries.push({ key: eq < 0 ? text : text.slice(0, eq), keyLoc: item.loc, value });
  }
  return { kind: 'map', entries, loc: node.loc };
}

function getValue(map: TMap, key: string): TNode | undefined {
  return map.entries.find((e) => e.key === key)?.value;
}

/** Container path of a volume entry, short (`src:/target:ro`) or long syntax. */
function volumeTarget(item: TNode): string | undefined {
  if (item.kind === 'map') return scalarText(getValue(item, 'target'));
  const text = scalarText(item);
  if (text === undefined) return undefined;
  const parts = splitVolumeSpec(text);
  return parts.length === 1 ? parts[0] : parts[1];
}

/**
 * Split a short volume spec on `:`, keeping a Windows drive letter (`C:\data`) with its
 * path. Shared with the volume parser so merging and parsing agree on the target.
 */
export function splitVolumeSpec(spec: string): string[] {
  const raw = spec.split(':');
  const parts: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const part = raw[i]!;
    const next = raw[i + 1];
    if (/^[A-Za-z]$/.test(part) && next !== undefined && /^[\\/]/.test(next)) {
      parts.push(`${part}:${next}`);
      i++;
    } else {
      parts.push(part);
    }
  }
  return parts;
}
