/**
 * Finds every check's fixtures and the lines they expect, following the convention in
 * CONVENTIONS.md: `src/checks/<kind>/fixtures/<slug>/positive*` / `negative*` (files or
 * directories); `# expect: <id>` (or `// expect: <id>`) on the line before a reported line.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const CHECKS_DIR = join(import.meta.dirname, '..', '..', 'src', 'checks');

export interface FixtureCase {
  checkId: string;
  kind: 'positive' | 'negative' | 'fixed';
  /** Absolute path of the fixture file or directory. */
  path: string;
  /** Expected `relative/path:line` entries (relative to the fixture dir for directories, the file name otherwise). */
  expected: Set<string>;
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
      const lines = readFileSync(file, 'utf8').split(/\r?\n/);
      lines.forEach((line, i) => {
        const m = EXPECT.exec(line);
        if (m && m[1]!.split(',').map((s) => s.trim()).includes(checkId)) {
          expected.add(`${relative(base, file).split(sep).join('/')}:${i + 2}`);
        }
      });
    }
    cases.push({ checkId, kind, path, expected });
  }
  return cases;
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
