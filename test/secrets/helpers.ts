/**
 * Shared pieces of the secrets tests: temp dirs, an in-process CLI run with captured
 * output, the public age test key pair from sops's own tests, and the real `age` CLI.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/program.ts';

/** Public test material from sops `age/keysource_test.go` (spec §8). */
export const TEST_IDENTITY = 'AGE-SECRET-KEY-1G0Q5K9TV4REQ3ZSQRMTMG8NSWQGYT0T7TZ33RAZEE0GZYVZN0APSU24RK7';
export const TEST_RECIPIENT = 'age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun';

export function tempDir(prefix = 'bulwark-secrets-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `bulwark …` in-process with a controlled environment (no inherited SOPS_* or HOME). */
export async function cli(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: { PATH: process.env.PATH, HOME: join(cwd, 'no-home'), ...env },
    cwd,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Whether the Debian `age` CLI is here. In CI it must be: a missing tool fails there instead of skipping. */
export const HAVE_AGE_CLI = spawnSync('age', ['--version'], { encoding: 'utf8' }).status === 0;
export const AGE_SKIP = HAVE_AGE_CLI || process.env.CI ? false : 'the age CLI is not installed (apt-get install age)';

/** Run the real `age` CLI with input on stdin. */
export function ageCli(args: string[], input?: string | Uint8Array): { status: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync('age', args, { input, maxBuffer: 1 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

/** Assert-free check that none of `secrets` occurs in `text`. Returns the first leaked one. */
export function leaked(text: string, secrets: readonly string[]): string | undefined {
  return secrets.find((s) => s !== '' && text.includes(s));
}
