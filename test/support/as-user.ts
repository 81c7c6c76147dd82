/**
 * Running a scan as uid 65534 (setpriv from util-linux, as CI has it), for tests of files
 * a non-root scan cannot read. The child is a self-contained bundle in a world-readable
 * folder, because the unprivileged user may not be able to read the checkout (a 0700 clone).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import type { ScanError } from '../../src/core/finding.ts';
import type { ScanOptions } from '../../src/scan/scan.ts';

const SETPRIV = ['--reuid=65534', '--regid=65534', '--clear-groups'];

/**
 * Why the tests must be skipped here, or undefined when an unprivileged child can run.
 * `selfWillDo`: a non-root test runner is unprivileged already (but cannot also scan as root).
 */
export function cannotDropPrivileges(selfWillDo = false): string | undefined {
  if (process.getuid?.() !== 0) return selfWillDo ? undefined : 'needs root to drop privileges to another user';
  if (spawnSync('setpriv', [...SETPRIV, 'true']).status !== 0) return 'setpriv cannot drop root privileges here';
  return undefined;
}

export interface ChildScan {
  uid: number;
  fatal?: string;
  errors: ScanError[];
  findings: Array<{ checkId: string; path: string; line: number }>;
}

export interface ScanRunner {
  /** The folder the bundle lives in (world-readable); test trees go here too. */
  dir: string;
  /** A world-readable tree `<dir>/<name>` holding `files` (0644), then `modes` applied. */
  tree(name: string, files: Record<string, string>, modes?: Record<string, number>): string;
  /** Scan as uid 65534, or as the current user with `asRoot`. */
  scan(options: ScanOptions, asRoot?: boolean): ChildScan;
  dispose(): void;
}

export function scanRunner(): ScanRunner {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-as-user-'));
  chmodSync(dir, 0o755);
  const bundle = join(dir, 'scan-child.mjs');
  buildSync({
    entryPoints: [join(import.meta.dirname, 'scan-child.ts')],
    outfile: bundle,
    bundle: true,
    format: 'esm',
    platform: 'node',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'silent',
  });
  chmodSync(bundle, 0o644);
  return {
    dir,
    tree(name, files, modes = {}) {
      const root = join(dir, name);
      for (const [p, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, p)), { recursive: true, mode: 0o755 });
        writeFileSync(join(root, p), text, { mode: 0o644 });
      }
      mkdirSync(root, { recursive: true });
      chmodSync(root, 0o755);
      for (const [p, mode] of Object.entries(modes)) chmodSync(join(root, p), mode);
      return root;
    },
    scan(options, asRoot = false) {
      const self = asRoot || process.getuid?.() !== 0;
      const [cmd, args] = self ? [process.execPath, []] : ['setpriv', [...SETPRIV, process.execPath]];
      const child = spawnSync(cmd, [...args, bundle, JSON.stringify(options)], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      assert.equal(child.status, 0, `child failed: ${child.stderr}`);
      const out = JSON.parse(child.stdout) as ChildScan;
      if (!asRoot) assert.notEqual(out.uid, 0, 'the child must not run as root, or modes are not enforced');
      return out;
    },
    dispose() {
      spawnSync('chmod', ['-R', 'u+rwx', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Findings as `check path:line`, for compact assertions. */
export function findingLines(out: ChildScan): string[] {
  return out.findings.map((f) => `${f.checkId} ${f.path}:${f.line}`);
}
