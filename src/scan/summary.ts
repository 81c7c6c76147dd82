/** Totals for the report header and the exit code. */
import { CHECKLIST } from '../core/checklist.ts';
import type { ChecklistArea } from '../core/checklist.ts';
import type { Finding } from '../core/finding.ts';
import type { ScanSummary } from '../core/result.ts';
import { SEVERITIES } from '../core/severity.ts';
import type { Severity } from '../core/severity.ts';

const AREAS: readonly ChecklistArea[] = ['containers', 'network', 'transport', 'auth-secrets', 'host', 'backups'];

export function summarize(input: {
  findings: readonly Finding[];
  suppressed: number;
  filesScanned: number;
  targetsProbed?: number;
  filesSkipped?: number;
  errors: number;
}): ScanSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byArea = Object.fromEntries(AREAS.map((a) => [a, 0])) as Record<ChecklistArea, number>;
  for (const f of input.findings) {
    bySeverity[f.severity]++;
    // A finding counts once, in the area of the first checklist item it serves.
    const first = f.checklist[0];
    const area = first !== undefined && Object.hasOwn(CHECKLIST, first) ? CHECKLIST[first]!.area : undefined;
    if (area) byArea[area]++;
  }
  return {
    total: input.findings.length,
    bySeverity,
    byArea,
    suppressed: input.suppressed,
    filesScanned: input.filesScanned,
    ...(input.targetsProbed === undefined ? {} : { targetsProbed: input.targetsProbed }),
    ...(input.filesSkipped === undefined ? {} : { filesSkipped: input.filesSkipped }),
    errors: input.errors,
  };
}
