/**
 * `bulwark scan`: run the library scan, render the chosen report, write it to stdout or
 * a file, and turn the findings into the exit code. No judging happens here.
 */
import type { ReportFormat } from './report-output.ts';
import { realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { Severity } from '../core/severity.ts';
import { scan } from '../scan/scan.ts';
import type { CliIo } from './io.ts';
import { runReporting } from './report-output.ts';

export { exitCodeFor } from './report-output.ts';

export interface ScanCommandOptions {
  paths: string[];
  /** `--host-root DIR`. */
  hostRoot?: string;
  format: ReportFormat;
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
  const label = [...(options.hostRoot === undefined ? [] : [`host ${options.hostRoot}`]), ...options.paths].join(' ');
  return runReporting(
    io,
    options,
    `Scanning ${label}`,
    () =>
      scan({
        targets: options.paths,
        cwd: io.cwd,
        checks: options.checks,
        skipChecks: options.skipChecks,
        ...(options.hostRoot === undefined ? {} : { hostRoot: options.hostRoot }),
        ...(options.config === undefined ? {} : { configPath: options.config }),
      }),
    (result) => displayRoot(result.root, io.cwd),
  );
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
