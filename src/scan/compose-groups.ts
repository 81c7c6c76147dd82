/**
 * Which discovered Compose files load together. `docker compose` reads
 * `docker-compose.override.yml` on top of `docker-compose.yml` (and `compose.override.yaml`
 * on top of `compose.yaml`) in the same folder, so the overlay is audited as part of the
 * project it changes, not on its own. Other overlays (`docker-compose.prod.yml`) are
 * named on the command line (`-f a -f b`): one that defines no image, build or extends
 * of its own is only a partial change, so it is judged on top of its base file too.
 */
import type { DiscoveredFile } from '../inputs/discover.ts';

export interface ComposeGroup {
  /** The main file first, then its overlays in load order. */
  files: DiscoveredFile[];
}

const OVERRIDE = /^((?:docker-)?compose)\.override\.ya?ml$/i;

/** True when a compose file only adjusts services defined elsewhere (no `image`, `build` or `extends`). */
export type PartialOverlayTest = (path: string) => boolean;

export function groupComposeFiles(discovered: readonly DiscoveredFile[], isPartial: PartialOverlayTest = () => false): ComposeGroup[] {
  const compose = discovered.filter((f) => f.kind === 'compose');
  const paths = new Set(compose.map((f) => f.path));
  const overlaysOf = new Map<string, DiscoveredFile[]>();
  const mains: DiscoveredFile[] = [];
  for (const file of compose) {
    let mainPaths = mainsOf(file.path).filter((p) => paths.has(p));
    if (mainPaths.length === 0) {
      const bases = basesOf(file.path).filter((p) => paths.has(p));
      if (bases.length > 0 && isPartial(file.path)) mainPaths = bases.slice(0, 1);
    }
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

const VARIANT = /^((?:docker-)?compose)[.-][\w.-]+\.ya?ml$/i;

/** Base files a variant applies to, e.g. `a/docker-compose.prod.yml` → `a/docker-compose.yml`. */
function basesOf(path: string): string[] {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const m = VARIANT.exec(path.slice(slash + 1));
  if (!m || OVERRIDE.test(path.slice(slash + 1))) return [];
  return [`${dir}${m[1]}.yml`, `${dir}${m[1]}.yaml`];
}
