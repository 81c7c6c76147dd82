/**
 * Every `authorized_keys` file found (root's and each user's under a host root, any file
 * of that name in a repo) becomes one model for the `ssh-keys/*` checks.
 */
import type { ScanError } from '../../core/finding.ts';
import { filesOfKind } from '../loader.ts';
import type { LoadedUnit, UnitLoader } from '../loader.ts';
import { parseAuthorizedKeys } from './parse.ts';
import type { AuthorizedKey } from './parse.ts';

export interface AuthorizedKeysModel {
  kind: 'ssh-keys';
  path: string;
  keys: AuthorizedKey[];
  /** The file lets someone log in as root (`root/.ssh/…`). */
  forRoot: boolean;
}

export const sshKeysLoader: UnitLoader = {
  kind: 'ssh-keys',
  load(context) {
    const units: LoadedUnit[] = [];
    const errors: ScanError[] = [];
    for (const file of filesOfKind(context, 'authorized-keys')) {
      const read = context.store.read(file.path);
      if (!read.ok) {
        errors.push(read.line === undefined ? { path: file.path, reason: read.reason } : { path: file.path, line: read.line, reason: read.reason });
        continue;
      }
      const parsed = parseAuthorizedKeys(read.file.text, file.path);
      errors.push(...parsed.errors);
      const model: AuthorizedKeysModel = {
        kind: 'ssh-keys',
        path: file.path,
        keys: parsed.file.keys,
        forRoot: /(^|\/)root\/\.ssh\/authorized_keys2?$/.test(file.path),
      };
      units.push({ model, files: [file.path] });
    }
    return { units, errors };
  },
};
