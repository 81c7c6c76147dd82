/**
 * Where the CLI writes and what it knows about its environment. Passed in rather than
 * read from `process` so the whole CLI can also run in-process (tests, embedding).
 */
export interface CliStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/**
 * Colour only on a terminal, and never when asked not to: `--no-color` first, then
 * NO_COLOR (https://no-color.org: present and non-empty), then FORCE_COLOR, then the TTY.
 */
export function colorEnabled(flag: boolean, stream: CliStream, env: CliIo['env']): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** 0: nothing at or above --fail-on; 1: findings at or above it; 2: usage error or nothing could be scanned. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** An error the user caused (bad flag value, missing path): exit 2 with the message, no stack. */
export class UsageError extends Error {}
