import { createHash } from 'node:crypto';

/** Stable id of a finding: check + file + logical key, independent of line numbers. */
export function fingerprintOf(checkId: string, path: string, key: string): string {
  return createHash('sha256').update(`${checkId}\0${path}\0${key}`).digest('hex').slice(0, 32);
}
