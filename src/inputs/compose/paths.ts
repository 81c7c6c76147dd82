/**
 * Paths inside the scan root, always relative with `/` separators. Anything that points
 * outside the root (absolute, `~`, too many `..`) is not read: the scan audits the
 * repository it was given, not the machine it runs on.
 */
import { posix } from 'node:path';

/** Directory of a root-relative file; `.` for files at the root. */
export function dirOf(path: string): string {
  return posix.dirname(path);
}

/** `dir` + a path as written in a compose file → root-relative path, or undefined if outside the root. */
export function resolveInRoot(dir: string, written: string): string | undefined {
  const p = written.replace(/\\/g, '/');
  if (p === '' || p.startsWith('/') || p.startsWith('~') || /^[A-Za-z]:\//.test(p) || /^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return undefined;
  const joined = posix.normalize(posix.join(dir, p));
  if (joined === '..' || joined.startsWith('../')) return undefined;
  return joined.replace(/\/+$/, '') || '.';
}
