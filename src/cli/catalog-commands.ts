/** `bulwark checks` and `bulwark explain <id>`: the catalog, read from the registry. */
import { CHECKS } from '../checks/index.ts';
import { closestIds, renderChecksJson, renderChecksMarkdown, renderChecksTable, renderExplain } from '../reporters/catalog.ts';
import { colorEnabled, EXIT_OK, UsageError } from './io.ts';
import type { CliIo } from './io.ts';

export async function runChecksCommand(opts: { format: 'text' | 'json' | 'markdown'; color: boolean }, io: CliIo): Promise<number> {
  const out =
    opts.format === 'json'
      ? renderChecksJson(CHECKS)
      : opts.format === 'markdown'
        ? renderChecksMarkdown(CHECKS)
        : renderChecksTable(CHECKS, { color: colorEnabled(opts.color, io.stdout, io.env) });
  io.stdout.write(out);
  return EXIT_OK;
}

export async function runExplainCommand(id: string, opts: { color: boolean }, io: CliIo): Promise<number> {
  const check = CHECKS.find((c) => c.id === id);
  if (!check) {
    const near = closestIds(id, CHECKS.map((c) => c.id));
    const hint = near.length > 0 ? `; did you mean ${near.join(', ')}?` : '; `bulwark checks` lists them all';
    throw new UsageError(`unknown check "${id}"${hint}`);
  }
  io.stdout.write(renderExplain(check, { color: colorEnabled(opts.color, io.stdout, io.env) }));
  return EXIT_OK;
}
