import type { CheckMeta } from './check.ts';
import type { ChecklistArea } from './checklist.ts';
import type { Finding, ScanError, SuppressedFinding } from './finding.ts';
import type { Severity } from './severity.ts';

export interface ScanSummary {
  total: number;
  bySeverity: Record<Severity, number>;
  byArea: Record<ChecklistArea, number>;
  suppressed: number;
  filesScanned: number;
  /** Set by `bulwark probe`: live targets that answered (then `filesScanned` is 0). */
  targetsProbed?: number;
  /** Files the secret scan passed over on purpose (binary, over 2 MB): counted, not errors. */
  filesSkipped?: number;
  errors: number;
}

/** Everything one scan produced; reporters render this and nothing else. */
export interface ScanResult {
  /** The paths the user asked for, as given. */
  target: string[];
  /** Absolute directory that finding paths are relative to. */
  root: string;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  errors: ScanError[];
  summary: ScanSummary;
  /** Metadata of the checks that ran (for SARIF rules and the catalog). */
  checks: CheckMeta[];
}
