/**
 * Loading one OpenSSH server configuration as a model: the main file and its includes,
 * read through the SourceStore (so snippets and suppressions work in every file), and
 * the effective values the checks judge. Never throws.
 */
import type { ScanError } from '../../core/finding.ts';
import { filesOfKind } from '../loader.ts';
import type { LoadedUnit, UnitLoader } from '../loader.ts';
import { storeFileAccess } from '../source.ts';
import type { SourceStore } from '../source.ts';
import { effectiveSshd } from './effective.ts';
import type { SshdEffective } from './effective.ts';
import { parseSshdConfig } from './parse.ts';
import type { SshdDirective, SshdFileAccess, SshdMatchBlock } from './parse.ts';

/** An sshd configuration: the model checks of kind `sshd` receive. */
export interface SshdConfig {
  kind: 'sshd';
  /** Main file, relative to the scan root. */
  path: string;
  /** Main file and included files, in reading order. */
  files: string[];
  directives: SshdDirective[];
  matches: SshdMatchBlock[];
  effective: SshdEffective;
}

export function loadSshdConfig(path: string, store: SourceStore): { config?: SshdConfig; errors: ScanError[] } {
  try {
    const access: SshdFileAccess = storeFileAccess(store);
    const parsed = parseSshdConfig(path, access);
    if (!parsed.files.includes(path)) return { errors: parsed.errors };
    const { effective, errors } = effectiveSshd(parsed.directives);
    return {
      config: { kind: 'sshd', path, files: parsed.files, directives: parsed.directives, matches: parsed.matches, effective },
      errors: [...parsed.errors, ...errors],
    };
  } catch (err) {
    return { errors: [{ path, reason: `internal error while loading: ${(err as Error).message}` }] };
  }
}

/** Every `sshd_config` found is a main configuration; files it includes are read through it. */
export const sshdLoader: UnitLoader = {
  kind: 'sshd',
  load(context) {
    const errors: ScanError[] = [];
    const units: LoadedUnit[] = [];
    for (const file of filesOfKind(context, 'sshd')) {
      const loaded = loadSshdConfig(file.path, context.store);
      errors.push(...loaded.errors);
      if (loaded.config) units.push({ model: loaded.config, files: loaded.config.files });
    }
    return { units, errors };
  },
};
