/**
 * Every `authorized_keys` file found (root's and each user's under a host root, any file
 * of that name in a repo) becomes one model for the `authorized-keys/*` checks. There is
 * no absence to report (a host without keys is fine), so only found files make units.
 */
import type { ScanError } from '../../core/finding.ts';
import { filesOfKind } from '../loader.ts';
import type { LoadedUnit, UnitLoader } from '../loader.ts';
import { parseAuthorizedKeys } from './parse.ts';
import type { AuthorizedKey } from './parse.ts';
import { readError } from '../source.ts';

export interface AuthorizedKeysModel {
  kind: 'authorized-keys';
  path: string;
  keys: AuthorizedKey[];
  /** The account the file lets in: `root` for `root/.ssh/…`, `<name>` for `home/<name>/.ssh/…`; else undefined. */
  account?: string;
  /** The file lets someone log in as root (`root/.ssh/…`). */
  forRoot: boolean;
}

export const authorizedKeysLoader: UnitLoader = {
  kind: 'authorized-keys',
  load(context) {
    const units: LoadedUnit[] = [];
    const errors: ScanError[] = [];
    for (const file of filesOfKind(context, 'authorized-keys')) {
      const read = context.store.read(file.path);
      if (!read.ok) {
        errors.push(readError(file.path, read));
        continue;
      }
      const parsed = parseAuthorizedKeys(read.file.text, file.path);
      errors.push(...parsed.errors);
      const account = accountOf(file.path);
      const model: AuthorizedKeysModel = {
        kind: 'authorized-keys',
        path: file.path,
        keys: parsed.file.keys,
        ...(account !== undefined ? { account } : {}),
        forRoot: account === 'root',
      };
      units.push({ model, files: [file.path] });
    }
    return { units, errors };
  },
};

function accountOf(path: string): string | undefined {
  if (/(^|\/)root\/\.ssh\/authorized_keys2?$/.test(path)) return 'root';
  return /(?:^|\/)home\/([^/]+)\/\.ssh\/authorized_keys2?$/.exec(path)?.[1];
}
