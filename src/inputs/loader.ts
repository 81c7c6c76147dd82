/**
 * How an input kind plugs into the scan: a loader turns the discovered files of its kind
 * (and, under `--host-root`, the host itself) into models that checks of the same kind
 * judge. Loaders never throw; every file they could not use is an error entry.
 */
import type { ScanError } from '../core/finding.ts';
import type { DiscoveredFile } from './discover.ts';
import type { HostContext } from './host/layout.ts';
import type { MountedNginxConfig } from './nginx/units.ts';
import type { SourceStore } from './source.ts';

export interface UnitLoadContext {
  /** Every discovered file, all kinds, sorted by path. */
  files: readonly DiscoveredFile[];
  store: SourceStore;
  /** Set by `scan --host-root`: the root is a host's `/` (or an image of one). */
  host?: HostContext;
  /** nginx configs bind-mounted by the Compose projects the scan loaded (parsed once, there). */
  mountedNginxConfigs?: readonly MountedNginxConfig[];
}

/** One model for the checks of `kind`, and the files it was read from (for counting and eviction). */
export interface LoadedUnit {
  model: unknown;
  files: string[];
}

export interface UnitLoader<U extends Iterable<LoadedUnit> = LoadedUnit[]> {
  /** The check kind the models feed: the first segment of check ids (`fail2ban/…`). */
  kind: string;
  /** Discovery must list every regular file (kind `text`), not only the ones an input kind claims. */
  wantsAllText?: boolean;
  /**
   * `units` may be lazy (a generator, `U`): the scan judges each unit and evicts its text
   * before the next is read, so memory stays flat. `errors` may then grow while `units` is
   * iterated, and so may `skipped` (files passed over on purpose, such as binaries).
   */
  load(context: UnitLoadContext): { units: U; errors: ScanError[]; skipped?: { count: number } };
}

/** The files of one kind, for loaders that read them one by one. */
export function filesOfKind(context: UnitLoadContext, kind: DiscoveredFile['kind']): DiscoveredFile[] {
  return context.files.filter((f) => f.kind === kind);
}
