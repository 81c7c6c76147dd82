/**
 * What git says about the scanned tree: which files are tracked (committed or staged)
 * and which are ignored. Asked of the repository's own `git` (no shell, bounded by a
 * timeout and an output limit), once per scan; a tree that is not in a repository, or a
 * machine without git, simply has no git state, never an error.
 *
 * Paths are relative to the scan root (git runs there, and `ls-files` lists only that
 * subtree, relative to it), so they compare directly with discovered paths. A repository
 * nested in the tree (a folder with its own `.git`: another checkout, a submodule) is
 * asked separately, and its files follow its rules, not the outer repository's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceStore } from '../source.ts';

export interface GitRepoState {
  /** Root-relative folder of the repository's files in the scan (`''`: the scan root lies in it). */
  dir: string;
  /** The repository's top-level directory (absolute). */
  repoRoot: string;
  /** Tracked files, root-relative. */
  tracked: ReadonlySet<string>;
  /** Ignored files, and ignored folders with a trailing `/`, root-relative. */
  ignored: ReadonlySet<string>;
}

/** The repositories of a scan: the one the root lies in (if any) and those nested in the tree (their own `.git`). */
export interface GitState {
  repos: GitRepoState[];
}

/** Where a file stands: `none` when it is not in a git repository. */
export type GitStatus = 'tracked' | 'ignored' | 'untracked' | 'none';

const TIMEOUT_MS = 15_000;
const MAX_OUTPUT = 256 * 1024 * 1024;

function git(cwd: string, args: string[], input?: string): string | undefined {
  try {
    // `-c core.fsmonitor=false`: a scanned repository's config could name a program as its fsmonitor, which ls-files would run.
    return execFileSync('git', ['-c', 'core.fsmonitor=false', ...args], {
      cwd,
      ...(input === undefined ? {} : { input }),
      encoding: 'utf8',
      timeout: TIMEOUT_MS,
      maxBuffer: MAX_OUTPUT,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'ignore'],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
    });
  } catch {
    return undefined;
  }
}

/** One repository's state, `dir` being where it sits under the scan root (paths get that prefix). */
function readRepo(root: string, dir: string): GitRepoState | undefined {
  const cwd = dir === '' ? root : join(root, ...dir.split('/'));
  const top = git(cwd, ['rev-parse', '--show-toplevel']);
  if (top === undefined || top.trim() === '') return undefined;
  const base = ['-c', 'core.quotepath=off'];
  const tracked = git(cwd, [...base, 'ls-files', '-z', '--cached']);
  const ignored = git(cwd, [...base, 'ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory']);
  if (tracked === undefined || ignored === undefined) return undefined;
  const prefix = dir === '' ? '' : `${dir}/`;
  const withPrefix = (z: string): Set<string> => new Set(split(z).map((p) => prefix + p));
  return { dir, repoRoot: top.trim(), tracked: withPrefix(tracked), ignored: withPrefix(ignored) };
}

function split(z: string): string[] {
  return z.split('\0').filter((p) => p !== '');
}

function readGitState(root: string, files: readonly { path: string }[], outerRepo: boolean): GitState | undefined {
  const repos: GitRepoState[] = [];
  const outer = outerRepo ? readRepo(root, '') : undefined;
  if (outer) repos.push(outer);
  // Nested repositories (a checkout inside the tree, a submodule): folders holding `.git`.
  const dirs = new Set<string>();
  for (const f of files) {
    for (let i = f.path.indexOf('/'); i !== -1; i = f.path.indexOf('/', i + 1)) dirs.add(f.path.slice(0, i));
  }
  for (const dir of [...dirs].sort()) {
    if (!existsSync(join(root, ...dir.split('/'), '.git'))) continue;
    const nested = readRepo(root, dir);
    if (nested) repos.push(nested);
  }
  return repos.length > 0 ? { repos } : undefined;
}

const cache = new WeakMap<SourceStore, { state: GitState | undefined }>();

/**
 * The git state of the scanned files, asked once per scan (the store stands for the scan).
 * Under `--host-root` the repository the root itself lies in is left out (a host's `/` is
 * no repository; a host image checked out in one, as in tests, is not the host's business);
 * checkouts on the host (`/opt/app/.git`) still count.
 */
export function gitStateFor(store: SourceStore, files: readonly { path: string }[] = [], options: { host?: boolean } = {}): GitState | undefined {
  let entry = cache.get(store);
  if (!entry) {
    entry = { state: readGitState(store.root, files, !options.host) };
    cache.set(store, entry);
  }
  return entry.state;
}

/** The innermost repository a file belongs to. */
export function repoOf(state: GitState | undefined, path: string): GitRepoState | undefined {
  let best: GitRepoState | undefined;
  for (const r of state?.repos ?? []) {
    if (r.dir !== '' && !path.startsWith(`${r.dir}/`)) continue;
    if (!best || r.dir.length > best.dir.length) best = r;
  }
  return best;
}

export function gitStatus(state: GitState | undefined, path: string): GitStatus {
  const repo = repoOf(state, path);
  if (!repo) return 'none';
  if (repo.tracked.has(path)) return 'tracked';
  return isIgnored(repo, path) ? 'ignored' : 'untracked';
}

/** Ignored itself, or inside an ignored folder. */
function isIgnored(repo: GitRepoState, path: string): boolean {
  if (repo.ignored.has(path)) return true;
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    if (repo.ignored.has(path.slice(0, i + 1))) return true;
  }
  return false;
}

/** Which of `paths` (root-relative, all in `repo`) its ignore rules match, tracked or not (`git check-ignore --no-index`). */
export function matchedByIgnoreRules(root: string, repo: GitRepoState, paths: readonly string[]): Set<string> {
  if (paths.length === 0) return new Set();
  const cwd = repo.dir === '' ? root : join(root, ...repo.dir.split('/'));
  const strip = repo.dir === '' ? 0 : repo.dir.length + 1;
  // Paths go through stdin (`-z` needs it): no argument-length limit, no quoting.
  const out = git(cwd, ['check-ignore', '--no-index', '--stdin', '-z'], paths.map((p) => p.slice(strip)).join('\0') + '\0');
  const prefix = repo.dir === '' ? '' : `${repo.dir}/`;
  return new Set(out === undefined ? [] : split(out).map((p) => prefix + p));
}
