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

export function compareLocations(a: Location, b: Location): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}
