/**
 * The shape of `.bulwark.yaml`. Unknown keys are errors, because a misspelt key
 * (`ignores:`) would otherwise silently do nothing and leave the user believing it works.
 */
import * as v from 'valibot';
import { SEVERITIES } from '../core/severity.ts';
import type { Severity } from '../core/severity.ts';

/** User configuration after validation, with every default filled in. */
export interface BulwarkConfig {
  /** Where the config came from (absolute), or undefined when no file was found. */
  path?: string;
  /** gitignore-style patterns, relative to the scan root, of files and folders to skip. */
  ignore: string[];
  checks: {
    /** Check id globs (`compose/*`) that do not run. */
    disable: string[];
    /** Check id glob → severity every finding of the matching checks gets. */
    severity: Record<string, Severity>;
  };
  /** Compose services meant to be reachable from outside (the reverse proxy). */
  edge: string[];
}

export const DEFAULT_CONFIG: BulwarkConfig = { ignore: [], checks: { disable: [], severity: {} }, edge: [] };

const unknownKey = (issue: v.BaseIssue<unknown>): string =>
  issue.expected === 'never' ? 'unknown key' : 'must be a mapping';

const isMapping = (input: unknown): boolean => typeof input === 'object' && input !== null && !Array.isArray(input);

/** A strict object that also refuses lists (valibot treats an array as an object). */
const Mapping = <E extends v.ObjectEntries>(entries: E) =>
  v.pipe(v.custom<Record<string, unknown>>(isMapping, 'must be a mapping'), v.strictObject(entries, unknownKey));

const NonEmptyString = (what: string) =>
  v.pipe(v.string(`${what} must be a string`), v.nonEmpty(`${what} must not be empty`));

const StringList = (what: string) =>
  v.nullish(v.array(NonEmptyString(what), `must be a list of ${what}s`), []);

export const ConfigSchema = Mapping({
  ignore: StringList('pattern'),
  checks: v.nullish(
    Mapping({
      disable: StringList('check id pattern'),
      severity: v.nullish(
        v.record(
          NonEmptyString('check id pattern'),
          v.picklist(SEVERITIES, `must be one of ${[...SEVERITIES].reverse().join(', ')}`),
          'must be a mapping of check id pattern to severity',
        ),
        {},
      ),
    }),
    {},
  ),
  edge: StringList('service name'),
});
