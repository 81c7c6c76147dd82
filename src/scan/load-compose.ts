/**
 * Loading every Compose project the walk found. A file that cannot be read is reported
 * once here (the loader would otherwise report it per project); a project whose main file
 * another project already includes or extends is audited only as part of that project.
 */
import type { ScanError } from '../core/finding.ts';
import { loadComposeProject } from '../inputs/compose/load.ts';
import type { ComposeProject } from '../inputs/compose/model.ts';
import type { DiscoveredFile } from '../inputs/discover.ts';
import type { SourceStore } from '../inputs/source.ts';
import { groupComposeFiles } from './compose-groups.ts';

/** What a project leaves behind once judged: its identity and what the visitor made of it. */
export interface JudgedProject<T> {
  path: string;
  files: string[];
  result: T;
}

export interface ComposeProjects<T> {
  projects: JudgedProject<T>[];
  errors: ScanError[];
}

/**
 * Loads each project and hands it to `visit` at once, keeping only the visitor's result:
 * a model is dropped as soon as it is judged, so memory does not grow with the tree.
 */
// A service key that makes a service runnable on its own.
const DEFINES_SERVICE = /^[ \t]+(?:image|build|extends)[ \t]*:/m;

export function loadComposeProjects<T>(
  discovered: readonly DiscoveredFile[],
  store: SourceStore,
  visit: (project: ComposeProject) => T,
): ComposeProjects<T> {
  const errors: ScanError[] = [];
  const loaded: { project: JudgedProject<T>; errors: ScanError[] }[] = [];
  const isPartial = (path: string): boolean => {
    const read = store.read(path);
    return read.ok && !DEFINES_SERVICE.test(read.file.text);
  };
  for (const group of groupComposeFiles(discovered, isPartial)) {
    const readable = group.files.filter((file) => {
      const read = store.read(file.path);
      if (!read.ok) {
        // A YAML file found by its content was readable then; anything else failing is worth saying.
        errors.push(withLine({ path: file.path, reason: read.reason }, read.line));
        return false;
      }
      if (read.file.text.trim() === '' && file.by !== 'content') {
        errors.push({ path: file.path, reason: 'empty file; no Compose services to audit' });
        return false;
      }
      return true;
    });
    if (readable.length === 0) continue;
    const main = readable[0]!;
    let result;
    try {
      result = loadComposeProject(readable.map((f) => f.path), store);
    } catch (err) {
      // The loader promises not to throw; if it does, one project is lost, not the scan.
      errors.push({ path: main.path, reason: `internal error while loading: ${(err as Error).message}` });
      continue;
    }
    if (result.notCompose && !result.project) {
      // A YAML file that merely mentions `services:` is not ours to judge; a named one is.
      if (main.by !== 'content') {
        errors.push(...result.errors);
        if (result.errors.length === 0) {
          errors.push({ path: main.path, reason: 'not a Compose file (no top-level "services" mapping); skipped' });
        }
      }
      continue;
    }
    if (result.project) {
      const { path, files } = result.project;
      loaded.push({ project: { path, files, result: visit(result.project) }, errors: result.errors });
    }
    else errors.push(...result.errors);
  }
  const kept = dropIncluded(loaded.map((l) => l.project));
  for (const l of loaded) if (kept.has(l.project)) errors.push(...l.errors);
  return { projects: loaded.map((l) => l.project).filter((p) => kept.has(p)), errors };
}

/**
 * Keep a project unless another project contains its main file (via `include`, `extends`
 * or as an overlay). Two projects that contain each other keep the first by path.
 */
function dropIncluded<P extends { path: string; files: string[] }>(projects: P[]): Set<P> {
  const contains = (outer: P, inner: P): boolean =>
    outer !== inner && outer.path !== inner.path && outer.files.includes(inner.path);
  const kept = new Set<P>();
  for (const p of projects) {
    const dropped = projects.some((q) => contains(q, p) && (!contains(p, q) || q.path < p.path));
    if (!dropped) kept.add(p);
  }
  return kept;
}

function withLine(error: ScanError, line: number | undefined): ScanError {
  return line === undefined ? error : { ...error, line };
}
