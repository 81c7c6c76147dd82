/** A CliIo that keeps what the CLI writes, for in-process CLI tests. */
import { tmpdir } from 'node:os';
import type { CliIo } from '../../src/cli/io.ts';

export function memoryIo(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: {}, cwd: tmpdir() },
    out: () => out,
    err: () => err,
  };
}
