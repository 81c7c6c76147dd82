/**
 * Reports show paths relative to the scan root with `/` separators. Finding paths are
 * already so; this is the safety net for anything else (error paths from outer layers),
 * so an absolute path of the machine that ran the scan never reaches a report.
 */
import { isAbsolute, relative, sep } from 'node:path';

export function reportPath(root: string, path: string): string {
  let p = path;
  if (isAbsolute(p)) p = relative(root, p) || '.';
  if (sep !== '/') p = p.split(sep).join('/');
  return p.replace(/^\.\/+/, '') || '.';
}
