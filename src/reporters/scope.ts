/** What a run looked at, as every human report words it: files scanned (and skipped) or targets probed. */
import type { ScanSummary } from '../core/result.ts';

export function describeScope(summary: ScanSummary): string {
  const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  if (summary.targetsProbed !== undefined) return `${plural(summary.targetsProbed, 'target', 'targets')} probed`;
  const scanned = `${plural(summary.filesScanned, 'file', 'files')} scanned`;
  // The secret scan passes over binaries and files over 2 MB: say so, or a secret there would seem checked.
  return summary.filesSkipped ? `${scanned}, ${summary.filesSkipped} skipped as binary or over 2 MB` : scanned;
}
