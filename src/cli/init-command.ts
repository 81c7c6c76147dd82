/** `bulwark init [DIR]`: write a commented `.bulwark.yaml` that keeps every default. */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CONFIG_NAMES } from '../config/load.ts';
import { renderConfigTemplate } from '../config/template.ts';
import { EXIT_OK, UsageError } from './io.ts';
import type { CliIo } from './io.ts';
import { writeFileAtomic } from './write-atomic.ts';

export async function runInitCommand(dir: string | undefined, opts: { force: boolean }, io: CliIo): Promise<number> {
  const folder = resolve(io.cwd, dir ?? '.');
  if (!existsSync(folder)) throw new UsageError(`no such folder: ${dir ?? '.'}`);
  const present = CONFIG_NAMES.map((name) => join(folder, name)).find((p) => existsSync(p));
  if (present && !opts.force) throw new UsageError(`${relative(io.cwd, present) || present} exists; use --force to replace it`);
  const target = present ?? join(folder, CONFIG_NAMES[0]);
  try {
    writeFileAtomic(target, renderConfigTemplate(), { mode: 0o644 });
  } catch (err) {
    throw new UsageError(`cannot write ${relative(io.cwd, target)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  io.stderr.write(`bulwark: wrote ${relative(io.cwd, target) || target}\n`);
  return EXIT_OK;
}
