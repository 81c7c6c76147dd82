/**
 * Loading one nginx configuration as a model: the main file and everything it
 * includes, read through the SourceStore (so snippets and suppressions work in every
 * file), parsed with positions, and merged into the effective per-server and
 * per-location values the checks judge. Never throws.
 */
import type { ScanError } from '../../core/finding.ts';
import { storeFileAccess } from '../source.ts';
import type { SourceStore } from '../source.ts';
import { expandNginxConfig } from './include.ts';
import type { NginxFileAccess, NginxMount } from './include.ts';
import { buildNginxModel } from './model.ts';
import type { NginxConfig } from './model.ts';

export interface NginxLoadOptions {
  /**
   * Scan-relative directory that stands for nginx's conf prefix (`/etc/nginx`), against
   * which relative includes resolve. Default: the main file's directory, or its parent
   * when the main file sits in `conf.d`, `sites-enabled`, `sites-available` or `http.d`
   * (such files are included from `/etc/nginx/nginx.conf` and name paths from there).
   */
  confDir?: string;
  /** Bind mounts into the nginx container (see discover.ts nginxMountsFromVolumes). */
  mounts?: readonly NginxMount[];
  /** Top-level context of the main file; default: guessed from its statements. */
  context?: 'main' | 'http' | 'server';
}

const SNIPPET_DIRS = new Set(['conf.d', 'sites-enabled', 'sites-available', 'http.d', 'stream.d', 'vhosts.d', 'servers']);

/** The conf prefix for a main file: its directory, or the parent of a conf.d-like directory. */
export function defaultConfDir(path: string): string {
  const i = path.lastIndexOf('/');
  const dir = i === -1 ? '' : path.slice(0, i);
  const j = dir.lastIndexOf('/');
  const name = dir.slice(j + 1);
  if (SNIPPET_DIRS.has(name)) return j === -1 ? '' : dir.slice(0, j);
  return dir;
}

/** File access through the store (see `storeFileAccess`). */
export function storeAccess(store: SourceStore): NginxFileAccess {
  return storeFileAccess(store);
}

export function loadNginxConfig(path: string, store: SourceStore, options: NginxLoadOptions = {}): { config?: NginxConfig; errors: ScanError[] } {
  try {
    const expanded = expandNginxConfig(path, storeAccess(store), {
      confDir: options.confDir ?? defaultConfDir(path),
      ...(options.mounts ? { mounts: options.mounts } : {}),
      ...(options.context ? { context: options.context } : {}),
    });
    if (!expanded.readMain) return { errors: expanded.errors };
    // Includes that cannot be followed are reported but do not make the model partial.
    const complete = expanded.syntaxErrors.length === 0;
    return { config: buildNginxModel(path, expanded, complete), errors: expanded.errors };
  } catch (err) {
    return { errors: [{ path, reason: `internal error while loading: ${(err as Error).message}` }] };
  }
}

