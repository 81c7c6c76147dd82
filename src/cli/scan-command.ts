/**
 * `bulwark scan`: run the library scan, render the chosen report, write it to stdout or
 * a file, and turn the findings into the exit code. No judging happens here.
 */
import { realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { ScanResult } from '../core/result.ts';
import { atLeast } from '../core/severity.ts';
import type { Severity } from '../core/severity.ts';
import { scan } from '../scan/scan.ts';
import { renderJson } from '../reporters/json.ts';
import { renderSarif } from '../reporters/sarif.ts';
import { renderText } from '../reporters/text.ts';
import { colorEnabled, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from './io.ts';
import type { CliIo } from './io.ts';
import { writeFileAtomic } from './write-atomic.ts';

export interface ScanCommandOptions {
  paths: string[];
  /** `--host-root DIR`. */
  hostRoot?: string;
  format: 'text' | 'json' | 'sarif';
  output?: string;
  failOn: Severity | 'none';
  checks: string[];
  skipChecks: string[];
  config?: string;
  quiet: boolean;
  /** False after `--no-color`. */
  color: boolean;
}

export async function runScanCommand(options: ScanCommandOptions, io: CliIo): Promise<number> {
  const progress = !options.quiet && io.stderr.isTTY === true;
  if (progress) io.stderr.write(`Scanning ${[...(options.hostRoot === undefined ? [] : [`host ${options.hostRoot}`]), ...options.paths].join(' ')}…`);
  let outcome: Awaited<ReturnType<typeof scan>>;
  try {
    outcome = await scan({
      targets: options.paths,
      cwd: io.cwd,
      checks: options.checks,
      skipChecks: options.skipChecks,
      ...(options.hostRoot === undefined ? {} : { hostRoot: options.hostRoot }),
      ...(options.config === undefined ? {} : { configPath: options.config }),
    });
  } finally {
    // Erase the progress line so the report (or an error) starts on a clean line.
    if (progress) io.stderr.write('\r\x1b[K');
  }

  if (outcome.fatal !== undefined) {
    io.stderr.write(`bulwark: ${outcome.fatal}\n`);
    return EXIT_USAGE;
  }

  const toFile = options.output !== undefined;
  const report = render(outcome, options, {
    color: !toFile && colorEnabled(options.color, io.stdout, io.env),
    root: displayRoot(outcome.root, io.cwd),
  });

  if (toFile) {
    const target = resolve(io.cwd, options.output!);
    try {
      writeFileAtomic(target, report);
    } catch (err) {
      throw new UsageError(`cannot write ${options.output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    if (!options.quiet) {
      const n = outcome.findings.length;
      io.stderr.write(`bulwark: wrote ${options.format} report to ${options.output} (${n} ${n === 1 ? 'finding' : 'findings'})\n`);
    }
  } else if (report !== '') {
    io.stdout.write(report);
  }
  return exitCodeFor(outcome, options.failOn);
}

function render(result: ScanResult, options: ScanCommandOptions, view: { color: boolean; root: string }): string {
  switch (options.format) {
    case 'json':
      return renderJson(result, { root: view.root });
    case 'sarif':
      return renderSarif(result);
    case 'text':
      return renderText(result, { color: view.color, quiet: options.quiet });
  }
}

/** Exit 1 when any (unsuppressed) finding is at or above the threshold. */
export function exitCodeFor(result: ScanResult, failOn: Severity | 'none'): number {
  if (failOn === 'none') return EXIT_OK;
  return result.findings.some((f) => atLeast(f.severity, failOn)) ? EXIT_FINDINGS : EXIT_OK;
}

/** The scan root as the user would write it from where they stand: never absolute when avoidable. */
function displayRoot(root: string, cwd: string): string {
  let base = resolve(cwd);
  try {
    base = realpathSync(base); // the scan root is a real path; compare like with like
  } catch {
    // keep the resolved path
  }
  const rel = relative(base, root);
  return rel === '' ? '.' : rel.split(sep).join('/');
}
