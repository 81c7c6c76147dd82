/**
 * One compose YAML file → a positioned, interpolated tree. Anchors are converted once
 * and shared by their aliases (so a value reached through an alias keeps the location
 * where it is written), `<<` merge keys are applied, and alias expansion is bounded so a
 * "billion laughs" document is an error instead of a hang. Never throws on bad input.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit } from 'yaml';
import type { Alias, Document, Node as YamlNode, YAMLError } from 'yaml';
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';
import { interpolate, type VarLookup } from './interpolate.ts';
import { expandedSize, type TEntry, type TMap, type TNode, type TScalar } from './tree.ts';

/** Nodes that aliases may add on top of the written ones; real compose files stay far below. */
export const MAX_ALIAS_EXPANSION = 100_000;

export interface ParsedYaml {
  /** Content of the first document; undefined when the file is empty or broken. */
  root?: TNode;
  errors: ScanError[];
  /** Start of a second YAML document, when the file has more than one. */
  extraDocument?: Location;
}

/** Compose-specific tags (`!reset`, `!override`) that change how overlays merge. */
export const MERGE_TAG = Symbol('compose merge tag');
export type MergeTagged = { [MERGE_TAG]?: 'reset' | 'override' };

export function parseComposeYaml(text: string, path: string, lookup: VarLookup): ParsedYaml {
  const lineCounter = new LineCounter();
  // yaml's own duplicate-key check is quadratic in the size of a mapping; ours is not.
  const docs = parseAllDocuments(text, { lineCounter, merge: true, uniqueKeys: false, prettyErrors: true });
  const first = docs[0];
  const errors: ScanError[] = [];
  for (const doc of docs) for (const e of doc.errors) errors.push(yamlError(e, path, lineCounter));
  if (errors.length > 0 || !first) return { errors };

  const converter = new Converter(first, text, path, lineCounter, lookup);
  const root = first.contents ? converter.convert(first.contents as YamlNode) : undefined;
  if (converter.duplicateKeys.length > 0) return { errors: [...converter.duplicateKeys, ...converter.errors] };
  const out: ParsedYaml = { errors: converter.errors };
  if (root) {
    const expanded = expandedSize(root, new Map());
    if (expanded - converter.created > MAX_ALIAS_EXPANSION) {
      const at = converter.position(0);
      errors.push({ path, line: at.line, column: at.column, reason: `aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes (a "billion laughs" document?); not loaded` });
      return { errors };
    }
    out.root = root;
  }
  const second = docs[1];
  if (second) out.extraDocument = converter.position(second.range[0]);
  return out;
}

function yamlError(e: YAMLError, path: string, lineCounter: LineCounter): ScanError {
  const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
  // Keep the first line only: the code frame yaml appends could show a secret.
  const reason = (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?\s*$/, '') || e.code;
  return { path, line: pos.line, column: pos.col, reason };
}

class Converter {
  readonly errors: ScanError[] = [];
  /** Like a syntax error, a duplicate key makes the file unusable (compose refuses it too). */
  readonly duplicateKeys: ScanError[] = [];
  created = 0;
  private readonly memo = new Map<YamlNode, TNode>();
  private readonly inProgress = new Set<YamlNode>();
  /** Anchored nodes by name, in document order; built on the first alias. */
  private anchors: Map<string, YamlNode[]> | undefined;

  constructor(
    private readonly doc: Document,
    private readonly text: string,
    private readonly path: string,
    private readonly lineCounter: LineCounter,
    private readonly lookup: VarLookup,
  ) {}

  position(offset: number): Location {
    const p = this.lineCounter.linePos(offset);
    return { path: this.path, line: p.line, column: p.col };
  }

  /** Location of a range, with trailing whitespace (a block's last newline) left out. */
  locOf(range: readonly [number, number, number] | null | undefined): Location {
    if (!range) return { path: this.path, line: 1, column: 1 };
    let end = range[1];
    while (end > range[0] && /\s/.test(this.text[end - 1]!)) end--;
    const start = this.lineCounter.linePos(range[0]);
    const stop = this.lineCounter.linePos(end);
    return { path: this.path, line: start.line, column: start.col, endLine: stop.line, endColumn: stop.col };
  }

  private error(range: readonly [number, number, number] | null | undefined, reason: string): void {
    const at = this.locOf(range);
    this.errors.push({ path: this.path, line: at.line, column: at.column, reason });
  }

  private nullAt(loc: Location): TScalar {
    this.created++;
    return { kind: 'scalar', value: null, loc };
  }

  convert(node: YamlNode | null | undefined, fallback?: Location): TNode {
    if (!node) return this.nullAt(fallback ?? { path: this.path, line: 1, column: 1 });
    if (isAlias(node)) {
      const target = this.resolveAlias(node);
      if (!target) {
        this.error(node.range, `unresolved alias *${node.source}`);
        return this.nullAt(this.locOf(node.range));
      }
      if (this.inProgress.has(target)) {
        this.error(node.range, `alias *${node.source} refers to its own anchor`);
        return this.nullAt(this.locOf(node.range));
      }
      return this.convert(target);
    }
    const known = this.memo.get(node);
    if (known) return known;
    this.inProgress.add(node);
    const out = this.convertNode(node);
    this.inProgress.delete(node);
    const tag = node.tag === '!reset' ? 'reset' : node.tag === '!override' ? 'override' : undefined;
    if (tag) (out as MergeTagged)[MERGE_TAG] = tag;
    this.memo.set(node, out);
    this.created++;
    return out;
  }

  /**
   * The node an alias names: the last anchor of that name before it. yaml's own
   * `Alias.resolve` walks the whole document per alias, quadratic in big files.
   */
  private resolveAlias(alias: Alias): YamlNode | undefined {
    if (!this.anchors) {
      const anchors = new Map<string, YamlNode[]>();
      visit(this.doc, {
        Node(_key, n) {
          if (n.anchor && !isAlias(n)) {
            const list = anchors.get(n.anchor);
            if (list) list.push(n);
            else anchors.set(n.anchor, [n]);
          }
        },
      });
      this.anchors = anchors;
    }
    const at = alias.range?.[0] ?? Infinity;
    const candidates = this.anchors.get(alias.source) ?? [];
    let found: YamlNode | undefined;
    for (const n of candidates) if ((n.range?.[0] ?? Infinity) < at) found = n;
    return found;
  }

  private convertNode(node: YamlNode): TNode {
    const loc = this.locOf(node.range);
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === 'string') {
        if (!v.includes('$')) return { kind: 'scalar', value: v, loc };
        const r = interpolate(v, this.lookup);
        return { kind: 'scalar', value: r.value, raw: v, vars: r.vars, loc };
      }
      if (v === null || v === undefined) return { kind: 'scalar', value: null, loc };
      if (typeof v === 'number' || typeof v === 'boolean') return { kind: 'scalar', value: v, loc };
      // Binary, big integers, custom tags: the text as written is what a check can use.
      return { kind: 'scalar', value: node.source ?? String(v), loc };
    }
    if (isSeq(node)) {
      return { kind: 'seq', items: node.items.map((item) => this.convert(item as YamlNode, loc)), loc };
    }
    if (isMap(node)) return this.convertMap(node.items as { key: unknown; value: unknown }[], loc);
    this.error(node.range, 'unsupported YAML node');
    return { kind: 'scalar', value: null, loc };
  }

  private convertMap(pairs: { key: unknown; value: unknown }[], loc: Location): TMap {
    const explicit = new Set<string>();
    for (const p of pairs) {
      if (isMergeKey(p.key)) continue;
      const key = this.keyText(p.key);
      if (explicit.has(key)) {
        const at = this.locOf((p.key as YamlNode | null)?.range);
        this.duplicateKeys.push({ path: this.path, line: at.line, column: at.column, reason: 'Map keys must be unique' });
      }
      explicit.add(key);
    }
    const entries: TEntry[] = [];
    const seen = new Set<string>();
    for (const p of pairs) {
      if (isMergeKey(p.key)) {
        // `<<: *a` or `<<: [*a, *b]`: earlier sources win, keys written here win over all.
        for (const source of this.mergeSources(p.value as YamlNode | null)) {
          for (const e of source.entries) {
            if (explicit.has(e.key) || seen.has(e.key)) continue;
            seen.add(e.key);
            entries.push(e);
          }
        }
        continue;
      }
      const keyNode = p.key as YamlNode | null;
      const key = this.keyText(p.key);
      const keyLoc = keyNode ? this.locOf(keyNode.range) : loc;
      seen.add(key);
      const valueFallback = { path: this.path, line: keyLoc.endLine ?? keyLoc.line, column: keyLoc.endColumn ?? keyLoc.column };
      entries.push({ key, keyLoc, value: this.convert(p.value as YamlNode | null, valueFallback) });
    }
    return { kind: 'map', entries, loc };
  }

  private mergeSources(value: YamlNode | null): TMap[] {
    const items = value && isSeq(value) ? (value.items as YamlNode[]) : [value];
    const out: TMap[] = [];
    for (const item of items) {
      const node = item ? this.convert(item) : undefined;
      if (node?.kind === 'map') out.push(node);
      else this.error(item?.range ?? value?.range, 'a merge key (<<) needs a mapping or a list of mappings');
    }
    return out;
  }

  private keyText(key: unknown): string {
    if (key === null || key === undefined) return '';
    if (isAlias(key)) return this.keyText(this.resolveAlias(key));
    if (isScalar(key)) {
      if (typeof key.value === 'string') return key.value;
      return key.source ?? String(key.value);
    }
    return String(key);
  }
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol';
}
