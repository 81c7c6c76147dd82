/**
 * A place in a scanned file. `path` is relative to the scan root with `/` separators;
 * lines and columns are 1-based; `endColumn` is the column after the last character.
 */
export interface Location {
  path: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** Anything a check can point at: a model node that knows where it came from. */
export interface Located {
  loc: Location;
  /** Stable logical address inside the file (e.g. `services.db.ports[0]`), used for fingerprints. */
  keyPath?: string;
}

/** A finding about a live target (`ssh://host:22`, `https://host`) rather than a line of a file. */
export function isNetworkLocation(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
}

export function compareLocations(a: Location, b: Location): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

/** Where a finding about a live target points: the target itself (`https://host:443`), line 1. */
export function targetLocation(target: string): Location {
  return { path: target, line: 1, column: 1 };
}
