/**
 * `bulwark probe`: contact live targets (`ssh://host:port`, `https://…`), judge what they answer,
 * render the chosen report and turn the findings into the exit code. Shares rendering,
 * delivery and exit codes with `scan` (report-output.ts); no judging happens here.
 */
import type { Severity } from '../core/severity.ts';
import { probe } from '../probes/probe.ts';
import type { CliIo } from './io.ts';
import { runReporting } from './report-output.ts';
import type { ReportFormat } from './report-output.ts';

export interface ProbeCommandOptions {
  targets: string[];
  format: ReportFormat;
  output?: string;
  failOn: Severity | 'none';
  checks: string[];
  skipChecks: string[];
  /** Per-target time bound in seconds. */
  timeoutSeconds: number;
  caFile?: string;
  rateLimitPath?: string;
  quiet: boolean;
  /** False after `--no-color`. */
  color: boolean;
}

export async function runProbeCommand(options: ProbeCommandOptions, io: CliIo): Promise<number> {
  return runReporting(
    io,
    options,
    `Probing ${options.targets.join(' ')}`,
    () =>
      probe({
        targets: options.targets,
        checks: options.checks,
        skipChecks: options.skipChecks,
        timeoutMs: options.timeoutSeconds * 1000,
        settings: {
          ...(options.caFile === undefined ? {} : { caFile: options.caFile }),
          ...(options.rateLimitPath === undefined ? {} : { rateLimitPath: options.rateLimitPath }),
        },
      }),
    () => '.',
  );
}
