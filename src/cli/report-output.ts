/**
 * What every reporting command (`scan`, `probe`) does after the library call: render
 * the chosen format, deliver it to stdout or atomically to a file, and turn the
 * findings into the exit code. No judging happens here.
 */
import { resolve } from 'node:path';
import type { ScanResult } from '../core/result.ts';
import { atLeast } from '../core/severity.ts';
import type { Severity } from '../core/severity.ts';
import { renderJson } from '../reporters/json.ts';
import { renderSarif } from '../reporters/sarif.ts';
import { renderText } from '../reporters/text.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from './io.ts';
import type { CliIo } from './io.ts';
import { writeFileAtomic } from './write-atomic.ts';

export type ReportFormat = 'text' | 'json' | 'sarif';

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
