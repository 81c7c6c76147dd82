/**
 * Which discovered Compose files load together. `docker compose` reads
 * `docker-compose.override.yml` on top of `docker-compose.yml` (and `compose.override.yaml`
 * on top of `compose.yaml`) in the same folder, so the overlay is audited as part of the
 * project it changes, not on its own.
 */
import type { DiscoveredFile } from '../inputs/discover.ts';

export interface ComposeGroup {
  /** The main file first, then its overlays in load order. */
  files: DiscoveredFile[];
}

const OVERRIDE = /^((?:docker-)?compose)\.override\.ya?ml$/i;

export function groupComposeFiles(discovered: readonly DiscoveredFile[]): ComposeGroup[] {
  const compose = discovered.filter((f) => f.kind === 'compose');
  const paths = new Set(compose.map((f) => f.path));
  const overlaysOf = new Map<string, DiscoveredFile[]>();
  const mains: DiscoveredFile[] = [];
  for (const file of compose) {
    const mainPaths = mainsOf(file.path).filter((p) => paths.has(p));
    if (mainPaths.length === 0) {
      // An override without its main file is still configuration someone runs: audit it alone.
      mains.push(file);
      continue;
    }
    for (const main of mainPaths) {
      const list = overlaysOf.get(main) ?? [];
      list.push(file);
      overlaysOf.set(main, list);
    }
  }
  return mains
    .map((main) => ({ files: [main, ...(overlaysOf.get(main.path) ?? [])] }))
    .sort((a, b) => (a.files[0]!.path < b.files[0]!.path ? -1 : 1));
}

/** Main files an overlay applies to, e.g. `a/docker-compose.override.yml` → `a/docker-compose.yml`, `a/docker-compose.yaml`. */
function mainsOf(path: string): string[] {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const m = OVERRIDE.exec(path.slice(slash + 1));
  if (!m) return [];
  return [`${dir}${m[1]}.yml`, `${dir}${m[1]}.yaml`];
}
