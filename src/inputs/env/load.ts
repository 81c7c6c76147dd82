/**
 * The `env` loader: one unit per `.env`, `.env.*` or `*.env` file (see settings.ts).
 * Compose services reach the same checks through `envUnitsFromCompose`, called where
 * the scan judges each Compose project.
 */
import type { ScanError } from '../../core/finding.ts';
import type { LoadedUnit, UnitLoader } from '../loader.ts';
import { filesOfKind } from '../loader.ts';
import { parseEnvFile } from './parse-env.ts';
import { envFileUnit } from './settings.ts';
import { readError } from '../source.ts';

export const envLoader: UnitLoader = {
  kind: 'env',
  load(context) {
    const units: LoadedUnit[] = [];
    const errors: ScanError[] = [];
    for (const file of filesOfKind(context, 'env')) {
      const read = context.store.read(file.path);
      if (!read.ok) {
        errors.push(readError(file.path, read));
        continue;
      }
      const parsed = parseEnvFile(read.file.text, file.path);
      errors.push(...parsed.errors);
      units.push({ model: envFileUnit(file.path, parsed.entries), files: [file.path] });
    }
    return { units, errors };
  },
};
