/**
 * `bulwark scan`: run the library scan, render the chosen report, write it to stdout or
 * a file, and turn the findings into the exit code. No judging happens here.
 */
import { realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { Severity } from '../core/severity.ts';
import { scan } from '../scan/scan.ts';
import { colorEnabled, EXIT_USAGE } from './io.ts';
import type { CliIo } from './io.ts';
import { deliverReport, exitCodeFor, renderReport } from './report-output.ts';

export { exitCodeFor } from './report-output.ts';

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
  const report = renderReport(outcome, {
    format: options.format,
    color: !toFile && colorEnabled(options.color, io.stdout, io.env),
    quiet: options.quiet,
    root: displayRoot(outcome.root, io.cwd),
  });
  deliverReport(report, { output: options.output, format: options.format, quiet: options.quiet, findings: outcome.findings.length }, io);
  return exitCodeFor(outcome, options.failOn);
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
