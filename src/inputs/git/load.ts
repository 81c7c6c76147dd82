/**
 * The `git` loader: one unit per repository, the one the scan root lies in and any nested
 * in the tree (none when there is none, or git is missing). It says, for the files that must stay out of the
 * repository, whether git tracks or ignores them:
 * - env files: `.env` and `.env.*`, except templates (`.env.example`, …) and
 *   SOPS-encrypted ones (`sops_mac=` lines: encrypted files are meant to be committed);
 * - Compose override files (`docker-compose.override.yml`, `compose.override.yaml`):
 *   per-machine settings, often with secrets;
 * - tracked secret files: key stores, SSH and TLS private keys, age identities, password
 *   and credential files.
 */
import { basename } from 'node:path';
import type { ScanError } from '../../core/finding.ts';
import { isExampleEnvName } from '../env/settings.ts';
import type { LoadedUnit, UnitLoader } from '../loader.ts';
import { gitStateFor, gitStatus, matchedByIgnoreRules, repoOf } from './state.ts';
import type { GitStatus } from './state.ts';
import { readForSecretScan } from '../../secrets/detect.ts';

export interface GitFile {
  path: string;
  status: GitStatus;
}

export interface GitEnvFile extends GitFile {
  /** A tracked file that `.gitignore` lists all the same (ignoring does not untrack). */
  listedInGitignore: boolean;
}

export interface CommittedSecretFile {
  path: string;
  /** Where the secret starts (the PEM header, the age key), 1 for binary key stores. */
  line: number;
  /** What the file is, for messages: `PKCS#12 key store`, `SSH private key`. */
  what: string;
}

export interface GitRepo {
  kind: 'git';
  /** The repository's top-level folder (absolute). */
  repoRoot: string;
  envFiles: GitEnvFile[];
  overrideFiles: GitFile[];
  committedSecretFiles: CommittedSecretFile[];
}

const OVERRIDE_NAME = /^(?:docker-)?compose\.override\.ya?ml$/i;
const SOPS_DOTENV = /^sops_(?:mac|version|lastmodified)=/m;

/** Files whose name alone says they hold a secret. */
const SECRET_FILE_NAMES: ReadonlyArray<[RegExp, string]> = [
  [/\.(?:p12|pfx)$/i, 'PKCS#12 key store'],
  [/\.(?:jks|keystore)$/i, 'Java key store'],
  [/^(?:passwords?|secrets?|credentials?)\.txt$/i, 'password file'],
  [/^\.htpasswd$/, 'htpasswd file'],
  [/^\.pgpass$/, 'PostgreSQL password file'],
  [/^\.netrc$/, 'netrc credentials file'],
  [/^\.git-credentials$/, 'git credentials file'],
];
/** Files to open to tell (a `.pem` often holds only certificates). */
const KEY_NAME = /^(?:id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?|.+\.(?:pem|key))$/i;
const AGE_NAME = /(?:^keys\.txt$|\.agekey$|(?:^|[._-])age(?:[._-].*)?\.(?:txt|key)$|^identit(?:y|ies)(?:\.txt)?$)/i;
const PEM_PRIVATE = /^-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/m;
const AGE_SECRET = /AGE-SECRET-KEY-1[0-9A-Z]{58}/;

export const gitLoader: UnitLoader = {
  kind: 'git',
  wantsAllText: true,
  load(context) {
    const errors: ScanError[] = [];
    const state = gitStateFor(context.store, context.files, { host: context.host !== undefined });
    if (!state) return { units: [], errors };
    const units: LoadedUnit[] = [];
    for (const repo of state.repos) {
      const model: GitRepo = { kind: 'git', repoRoot: repo.repoRoot, envFiles: [], overrideFiles: [], committedSecretFiles: [] };
      for (const f of context.files) {
        if (repoOf(state, f.path) !== repo) continue;
        const name = basename(f.path);
        const status = gitStatus(state, f.path);
        if (/^\.env(?:\..+)?$/.test(name) && !isExampleEnvName(f.path) && !isSopsDotenv(context.store.absolute(f.path))) {
          model.envFiles.push({ path: f.path, status, listedInGitignore: false });
        }
        if (OVERRIDE_NAME.test(name)) model.overrideFiles.push({ path: f.path, status });
        if (status === 'tracked') {
          const secret = secretFile(name, context.store.absolute(f.path));
          if (secret) model.committedSecretFiles.push({ path: f.path, ...secret });
        }
      }
      const trackedEnv = model.envFiles.filter((e) => e.status === 'tracked');
      const listed = matchedByIgnoreRules(context.store.root, repo, trackedEnv.map((e) => e.path));
      for (const e of trackedEnv) e.listedInGitignore = listed.has(e.path);
      const files = [...new Set([...model.envFiles, ...model.overrideFiles, ...model.committedSecretFiles].map((f) => f.path))];
      units.push({ model, files });
    }
    return { units, errors };
  },
};

function isSopsDotenv(absolute: string): boolean {
  const read = readForSecretScan(absolute);
  return read.ok && SOPS_DOTENV.test(read.text);
}

function secretFile(name: string, absolute: string): { line: number; what: string } | undefined {
  for (const [re, what] of SECRET_FILE_NAMES) if (re.test(name)) return { line: 1, what };
  if (KEY_NAME.test(name) || AGE_NAME.test(name)) {
    const read = readForSecretScan(absolute);
    if (!read.ok) return undefined;
    const pem = PEM_PRIVATE.exec(read.text);
    if (pem) return { line: lineAt(read.text, pem.index), what: name.startsWith('id_') ? 'SSH private key' : 'private key' };
    const age = AGE_SECRET.exec(read.text);
    if (age) return { line: lineAt(read.text, age.index), what: 'age identity (secret key)' };
  }
  return undefined;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
