/**
 * Turning the user's targets into absolute real paths and choosing the scan root that
 * every reported path is relative to: the working directory when all targets lie in it
 * (paths then read like the user typed them), else the deepest folder holding them all.
 */
import { realpathSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { ScanError } from '../core/finding.ts';
import { isInside } from '../inputs/discover.ts';
import { describeFsError } from '../inputs/source.ts';

export interface ResolvedTargets {
  /** Absolute real path; undefined when no target exists. */
  root?: string;
  /** Why the scan cannot go on although a root was found (a target outside the host root). */
  fatal?: string;
  /** Absolute real paths of the targets that exist, in the order given. */
  targets: string[];
  /** One entry per target that does not exist or cannot be reached, named as the user wrote it. */
  errors: ScanError[];
}

export function resolveTargets(given: readonly string[], cwd: string): ResolvedTargets {
  const errors: ScanError[] = [];
  const targets: string[] = [];
  const folders: string[] = [];
  for (const target of given) {
    try {
      const real = realpathSync(resolve(cwd, target));
      const isDir = statSync(real).isDirectory();
      if (!targets.includes(real)) targets.push(real);
      folders.push(isDir ? real : dirname(real));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' || code === 'ENOTDIR' ? 'target does not exist' : `cannot reach target: ${describeFsError(err)}`;
      errors.push({ path: target, reason });
    }
  }
  if (targets.length === 0) return { targets, errors };
  let cwdReal: string | undefined;
  try {
    cwdReal = realpathSync(cwd);
  } catch {
    cwdReal = undefined;
  }
  const root = cwdReal !== undefined && targets.every((t) => isInside(t, cwdReal!)) ? cwdReal : commonAncestor(folders);
  return { root, targets, errors };
}

function commonAncestor(folders: readonly string[]): string {
  let common = folders[0]!;
  for (const folder of folders.slice(1)) {
    while (!isInside(folder, common)) {
      const up = dirname(common);
      if (up === common) break;
      common = up;
    }
  }
  return common.length > 1 && common.endsWith(sep) ? common.slice(0, -1) : common;
}

/**
 * `--host-root DIR`: the root is DIR itself (so paths read `etc/ssh/sshd_config`); extra
 * targets are walked too and must lie inside it.
 */
export function resolveHostTargets(hostRoot: string, given: readonly string[], cwd: string): ResolvedTargets {
  let root: string;
  try {
    root = realpathSync(resolve(cwd, hostRoot));
    if (!statSync(root).isDirectory()) return { targets: [], errors: [{ path: hostRoot, reason: 'host root is not a directory' }] };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' || code === 'ENOTDIR' ? 'host root does not exist' : `cannot reach host root: ${describeFsError(err)}`;
    return { targets: [], errors: [{ path: hostRoot, reason }] };
  }
  const inner = given.length > 0 ? resolveTargets(given, cwd) : { targets: [], errors: [] };
  const outside = inner.targets.filter((t) => !isInside(t, root));
  const result: ResolvedTargets = { root, targets: inner.targets, errors: inner.errors };
  if (outside.length > 0) result.fatal = `targets must lie inside the host root ${hostRoot}: ${outside.join(', ')}`;
  return result;
}
