/**
 * Writes docs/checks.md from the check registry. `--check` only verifies the file is
 * current (exit 1 if not), so CI catches a check whose docs were not regenerated.
 * An optional path argument names another file (tests use a temp file).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKS } from '../src/checks/index.ts';
import { renderCatalogMarkdown } from '../src/reporters/catalog.ts';

export const CATALOG_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'checks.md');

export function renderCatalog(): string {
  return renderCatalogMarkdown(CHECKS);
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const given = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const target = given ?? CATALOG_PATH;
  const next = renderCatalog();
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (current !== next) {
      console.error(`${given ?? 'docs/checks.md'} is out of date: run \`npm run gen\``);
      process.exit(1);
    }
  } else if (current !== next) {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, next);
  }
}
