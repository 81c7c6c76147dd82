/**
 * What every reporting command (`scan`, `probe`) does after the library call: render
 * the chosen format, deliver it to stdout or atomically to a file, and turn the
 * findings into the exit code. No judging happens here.
 */
import { resolve } from 'node:path';
import type { ScanResult } from '../core/result.ts';
import { atLeast } from '../core/severity.ts';
import type { Severity } from '../core/severity.ts';
import { renderHtml } from '../reporters/html.ts';
import { renderJson } from '../reporters/json.ts';
import { renderJunit } from '../reporters/junit.ts';
import { renderMarkdown } from '../reporters/markdown.ts';
import { renderSarif } from '../reporters/sarif.ts';
import { renderText } from '../reporters/text.ts';
import { colorEnabled, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from './io.ts';
import type { CliIo } from './io.ts';
import { writeFileAtomic } from './write-atomic.ts';

export type ReportFormat = 'text' | 'json' | 'sarif' | 'junit' | 'markdown' | 'html';

export interface ReportView {
  format: ReportFormat;
  color: boolean;
  quiet: boolean;
  /** The root as the user should see it in the JSON report. */
  root: string;
}

export function renderReport(result: ScanResult, view: ReportView): string {
  switch (view.format) {
    case 'json':
      return renderJson(result, { root: view.root });
    case 'sarif':
      return renderSarif(result);
    case 'junit':
      return renderJunit(result);
    case 'markdown':
      return renderMarkdown(result);
    case 'html':
      return renderHtml(result);
    case 'text':
      return renderText(result, { color: view.color, quiet: view.quiet });
  }
}

/** Write the report to `output` (relative to the cwd, atomically) or to stdout. */
export function deliverReport(
  report: string,
  options: { output?: string; format: ReportFormat; quiet: boolean; findings: number },
  io: CliIo,
): void {
  if (options.output === undefined) {
    if (report !== '') io.stdout.write(report);
    return;
  }
  const target = resolve(io.cwd, options.output);
  try {
    writeFileAtomic(target, report);
  } catch (err) {
    throw new UsageError(`cannot write ${options.output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (!options.quiet) {
    const n = options.findings;
    io.stderr.write(`bulwark: wrote ${options.format} report to ${options.output} (${n} ${n === 1 ? 'finding' : 'findings'})\n`);
  }
}

/** Exit 1 when any (unsuppressed) finding is at or above the threshold. */
export function exitCodeFor(result: ScanResult, failOn: Severity | 'none'): number {
  if (failOn === 'none') return EXIT_OK;
  return result.findings.some((f) => atLeast(f.severity, failOn)) ? EXIT_FINDINGS : EXIT_OK;
}

/** What every reporting command (scan, probe) takes from the command line. */
export interface ReportingOptions {
  format: ReportFormat;
  output?: string;
  failOn: Severity | 'none';
  quiet: boolean;
  /** False after `--no-color`. */
  color: boolean;
}

/**
 * The shared life of a reporting command: a progress line on a terminal while `run`
 * works, a fatal outcome as exit 2, else the rendered report delivered and the exit code.
 */
export async function runReporting(
  io: CliIo,
  options: ReportingOptions,
  progressLabel: string,
  run: () => Promise<ScanResult & { fatal?: string }>,
  rootOf: (result: ScanResult) => string,
): Promise<number> {
  const progress = !options.quiet && io.stderr.isTTY === true;
  if (progress) io.stderr.write(`${progressLabel}…`);
  let outcome: ScanResult & { fatal?: string };
  try {
    outcome = await run();
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
    root: rootOf(outcome),
  });
  deliverReport(report, { ...(options.output === undefined ? {} : { output: options.output }), format: options.format, quiet: options.quiet, findings: outcome.findings.length }, io);
  return exitCodeFor(outcome, options.failOn);
}
