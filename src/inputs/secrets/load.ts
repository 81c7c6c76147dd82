/**
 * The `secrets` loader: every discovered file (all kinds, and every other text file:
 * `wantsAllText`) run through the secret scanner, one lazy unit per file so a tree of
 * 10,000 files is read one file at a time. Each unit carries the file's git status
 * (tracked, ignored, untracked, or no repository) and whether it is a template, which
 * decide the severity of what it holds. Binary files and files over 2 MB are skipped
 * and counted, not reported as errors; unreadable files are the other loaders' to report.
 */
import type { ScanError } from '../../core/finding.ts';
import { detectSecrets, isExamplePath, readForSecretScan } from '../../secrets/detect.ts';
import type { SecretHit } from '../../secrets/detect.ts';
import { gitStateFor, gitStatus } from '../git/state.ts';
import type { GitStatus } from '../git/state.ts';
import type { LoadedUnit, UnitLoader } from '../loader.ts';

export interface SecretsFile {
  kind: 'secrets';
  /** Relative to the scan root. */
  path: string;
  git: GitStatus;
  /** A template (`.env.example`, `*.sample`, `*.template`, `*.dist`): placeholders are expected there. */
  example: boolean;
  /** Under `--host-root`: keys on a server's disk are where they belong. */
  onHost: boolean;
  hits: SecretHit[];
}

export const secretsLoader: UnitLoader<Iterable<LoadedUnit>> = {
  kind: 'secrets',
  wantsAllText: true,
  load(context) {
    const errors: ScanError[] = [];
    const skipped = { count: 0 };
    const git = gitStateFor(context.store, context.files, { host: context.host !== undefined });
    const onHost = context.host !== undefined;
    function* units(): Generator<LoadedUnit> {
      for (const file of context.files) {
        const read = readForSecretScan(context.store.absolute(file.path));
        if (!read.ok) {
          skipped.count++;
          continue;
        }
        let hits: SecretHit[];
        try {
          hits = detectSecrets(read.text, { path: file.path });
        } catch (err) {
          // A bug in a rule loses one file, not the scan.
          errors.push({ path: file.path, reason: `internal error in the secret scan: ${(err as Error).message}` });
          continue;
        }
        // Only a file with findings needs its text kept for snippets and suppressions (evicted after judging).
        if (hits.length > 0) context.store.put(file.path, read.text);
        const model: SecretsFile = { kind: 'secrets', path: file.path, git: gitStatus(git, file.path), example: isExamplePath(file.path), onHost, hits };
        yield { model, files: [file.path] };
      }
    }
    return { units: units(), errors, skipped };
  },
};
