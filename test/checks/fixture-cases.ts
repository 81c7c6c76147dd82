/**
 * Finds every check's fixtures and the lines they expect, following the convention in
 * CONVENTIONS.md: `src/checks/<kind>/fixtures/<slug>/positive*` / `negative*` (files or
 * directories); `# expect: <id>` (or `// expect: <id>`) on the line before a reported line.
 *
 * A fixture directory may hold a `.fixture` file for what comments cannot say:
 *   expect <check-id> <path>:<line>   a finding in a file without comments (JSON) or about a missing file
 *   mode <path> <octal>               file mode to set on a copy before scanning (git keeps only 644/755)
 *   dir <path>                        an empty folder to create on the copy (git keeps none)
 *   host-root                         scan the folder with --host-root (implied when it holds `etc/`)
 *   git-init                          make the copy a git repository (a fixture cannot hold a real `.git`)
 *   gitignore <pattern>               a line of the copy's `.gitignore` (written before `git add`)
 *   git-add <path>                    track a file of the copy (`git add -f`: also when ignored)
 *   no-git                            scan a copy outside any repository (the fixture itself lies in one)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { checkKind } from '../../src/core/check.ts';
import { isProbeKind } from '../../src/probes/kinds.ts';

export const CHECKS_DIR = join(import.meta.dirname, '..', '..', 'src', 'checks');

export interface FixtureCase {
  checkId: string;
  kind: 'positive' | 'negative' | 'fixed';
  /** Absolute path of the fixture file or directory. */
  path: string;
  /** Expected `relative/path:line` entries (relative to the fixture dir for directories, the file name otherwise). */
  expected: Set<string>;
  /** Scan the directory as a host root. */
  hostRoot: boolean;
  /** Modes to set, empty folders to create and git state to build on a copy before scanning. */
  setup: FixtureSetup;
}

export interface FixtureSetup {
  modes: Array<{ path: string; mode: number }>;
  dirs: string[];
  /** Undefined: scan in place. `init`: a repository with these ignore lines and tracked files; `none`: a copy outside any repository. */
  git?: { init: boolean; gitignore: string[]; add: string[] };
}

const EXPECT = /(?:#|\/\/)\s*expect:\s*([\w./*-]+(?:\s*,\s*[\w./*-]+)*)/;

export function fixtureDir(checkId: string): string {
  const [kind, slug] = checkId.split('/') as [string, string];
  return join(CHECKS_DIR, kind, 'fixtures', slug);
}

export function fixtureCases(checkId: string): FixtureCase[] {
  const dir = fixtureDir(checkId);
  if (!existsSync(dir)) return [];
  const cases: FixtureCase[] = [];
  for (const name of readdirSync(dir).sort()) {
    const kind = name.includes('.fixed.') ? 'fixed' : name.startsWith('positive') ? 'positive' : name.startsWith('negative') ? 'negative' : undefined;
    if (!kind) continue;
    const path = join(dir, name);
    const files = statSync(path).isDirectory() ? walk(path) : [path];
    const base = statSync(path).isDirectory() ? path : dir;
    const expected = new Set<string>();
    for (const file of files) {
      if (file.endsWith(`${sep}.fixture`)) continue;
      const lines = readFileSync(file, 'utf8').split(/\r?\n/);
      lines.forEach((line, i) => {
        const m = EXPECT.exec(line);
        if (m && m[1]!.split(',').map((s) => s.trim()).includes(checkId)) {
          expected.add(`${relative(base, file).split(sep).join('/')}:${i + 2}`);
        }
      });
    }
    const isDir = statSync(path).isDirectory();
    if (!isDir && name.endsWith('.json') && isProbeKind(checkKind(checkId))) {
      // Snapshot fixtures of probe checks: `{ "expect": [subjects], "snapshot": … }` (see snapshot-fixtures.test.ts).
      const data = JSON.parse(readFileSync(path, 'utf8')) as { expect?: unknown };
      const subjects = Array.isArray(data.expect) ? data.expect.filter((x): x is string => typeof x === 'string') : [];
      cases.push({ checkId, kind, path, expected: new Set(subjects), hostRoot: false, setup: { modes: [], dirs: [] } });
      continue;
    }
    const sidecar = isDir ? readSidecar(join(path, '.fixture'), checkId, expected) : { hostRoot: false, modes: [], dirs: [] };
    const hostRoot = sidecar.hostRoot || (isDir && existsSync(join(path, 'etc')));
    const setup: FixtureSetup = { modes: sidecar.modes, dirs: sidecar.dirs };
    if (sidecar.git) setup.git = sidecar.git;
    cases.push({ checkId, kind, path, expected, hostRoot, setup });
  }
  return cases;
}

function readSidecar(file: string, checkId: string, expected: Set<string>): FixtureSetup & { hostRoot: boolean } {
  const out: FixtureSetup & { hostRoot: boolean } = { hostRoot: false, modes: [], dirs: [] };
  const git = (): NonNullable<FixtureSetup['git']> => (out.git ??= { init: false, gitignore: [], add: [] });
  if (!existsSync(file)) return out;
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [verb, a, b] = line.split(/\s+/);
    if (verb === 'expect' && a && b) {
      if (a === checkId) expected.add(b);
    } else if (verb === 'mode' && a && b && /^[0-7]{3,4}$/.test(b)) out.modes.push({ path: a, mode: parseInt(b, 8) });
    else if (verb === 'dir' && a) out.dirs.push(a);
    else if (verb === 'host-root') out.hostRoot = true;
    else if (verb === 'git-init') git().init = true;
    else if (verb === 'no-git') git();
    else if (verb === 'gitignore' && a) git().gitignore.push(line.slice('gitignore'.length).trim());
    else if (verb === 'git-add' && a) git().add.push(a);
    else throw new Error(`${file}: cannot read line "${line}"`);
  }
  return out;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}
