/** Shared setup for compose loader tests: an in-memory store with the given files. */
import assert from 'node:assert/strict';
import { loadComposeProject, type ComposeLoadResult } from '../../../src/inputs/compose/load.ts';
import type { ComposeProject, ComposeService, YMap, YNode } from '../../../src/inputs/compose/model.ts';
import { SourceStore } from '../../../src/inputs/source.ts';

export const lines = (...l: string[]): string => l.join('\n') + '\n';

/** A store whose files exist only in memory; the root is a directory that does not exist. */
export function storeWith(files: Record<string, string>): SourceStore {
  const store = new SourceStore('/nonexistent-bulwark-test-root');
  for (const [path, text] of Object.entries(files)) store.put(path, text);
  return store;
}

export function load(files: Record<string, string>, order: string[] = ['compose.yml']): ComposeLoadResult {
  return loadComposeProject(order, storeWith(files));
}

/** Load and insist on a clean project. */
export function project(files: Record<string, string>, order?: string[]): ComposeProject {
  const r = load(files, order);
  assert.deepEqual(r.errors, [], 'expected no errors');
  assert.ok(r.project, 'expected a project');
  return r.project;
}

export function service(p: ComposeProject, name: string): ComposeService {
  const s = p.services.find((x) => x.name === name);
  assert.ok(s, `service ${name} missing`);
  return s;
}

/** Follow keys and indexes through a YNode. */
export function at(node: YNode | undefined, ...path: (string | number)[]): YNode {
  let cur = node;
  for (const p of path) {
    if (typeof p === 'number') cur = cur?.kind === 'seq' ? cur.items[p] : undefined;
    else cur = cur?.kind === 'map' ? (cur as YMap).entries.find((e) => e.key === p)?.value : undefined;
  }
  assert.ok(cur, `no node at ${path.join('.')}`);
  return cur;
}

/** `line:column` of a located thing, for compact position assertions. */
export function pos(x: { loc: { line: number; column: number } } | undefined): string {
  assert.ok(x, 'missing node');
  return `${x.loc.line}:${x.loc.column}`;
}
