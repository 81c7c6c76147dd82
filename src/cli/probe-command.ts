/**
 * `bulwark probe`: contact live targets (`ssh://host:port`), judge what they answer,
 * render the chosen report and turn the findings into the exit code. Shares rendering,
 * delivery and exit codes with `scan` (report-output.ts); no judging happens here.
 */
import type { Severity } from '../core/severity.ts';
import { probe } from '../probes/probe.ts';
import { colorEnabled, EXIT_USAGE } from './io.ts';
import type { CliIo } from './io.ts';
import { deliverReport, exitCodeFor, renderReport } from './report-output.ts';
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
  quiet: boolean;
  /** False after `--no-color`. */
  color: boolean;
}

export async function runProbeCommand(options: ProbeCommandOptions, io: CliIo): Promise<number> {
  const progress = !options.quiet && io.stderr.isTTY === true;
  if (progress) io.stderr.write(`Probing ${options.targets.join(' ')}…`);
  let outcome: Awaited<ReturnType<typeof probe>>;
  try {
    outcome = await probe({
      targets: options.targets,
      checks: options.checks,
      skipChecks: options.skipChecks,
      timeoutMs: options.timeoutSeconds * 1000,
    });
  } finally {
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
    root: '.',
  });
  deliverReport(report, { output: options.output, format: options.format, quiet: options.quiet, findings: outcome.findings.length }, io);
  return exitCodeFor(outcome, options.failOn);
}
