import type { CheckDefinition, CheckSettings, ReportInput, ScanFacts } from './check.ts';
import { checkKind } from './check.ts';
import type { Finding, ScanError, SuppressedFinding } from './finding.ts';
import { fingerprintOf } from './fingerprint.ts';
import type { Location } from './location.ts';
import { compareLocations } from './location.ts';
import { maskAll, maskLine } from './mask.ts';
import { findSuppression } from './suppressions.ts';

/** One parsed model of some kind (a compose project, an nginx config, …). */
export interface ModelUnit {
  kind: string;
  model: unknown;
}

export interface EngineInput {
  units: ModelUnit[];
  checks: readonly CheckDefinition<any>[];
  settings: CheckSettings;
  facts: ScanFacts;
  /** Source lines of a scanned file, for snippets and suppressions. */
  linesOf(path: string): readonly string[] | undefined;
}

export interface EngineResult {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  errors: ScanError[];
}

function isLocation(at: ReportInput['at']): at is Location {
  // A model node may carry a `path` of its own (ComposeService does): `loc` tells them apart.
  return !('loc' in at) && typeof (at as Location).path === 'string';
}

/** Run every check on every model of its kind and collect the findings, sorted and deduplicated. */
export function runChecks(input: EngineInput): EngineResult {
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const errors: ScanError[] = [];
  const seen = new Set<string>();

  for (const unit of input.units) {
    for (const check of input.checks) {
      if (checkKind(check.id) !== unit.kind) continue;
      const report = (r: ReportInput): void => {
        const location = isLocation(r.at) ? r.at : r.at.loc;
        const keyPath = isLocation(r.at) ? undefined : r.at.keyPath;
        const key = [keyPath ?? `L${location.line}`, r.key ?? ''].join('#');
        const fingerprint = fingerprintOf(check.id, location.path, key);
        if (seen.has(fingerprint)) return;
        seen.add(fingerprint);
        const secrets = r.secrets ?? [];
        const lines = input.linesOf(location.path);
        const rawLine = lines?.[location.line - 1];
        const finding: Finding = {
          checkId: check.id,
          severity: r.severity ?? check.severity,
          title: check.title,
          message: maskAll(r.message, secrets),
          location,
          checklist: [...check.checklist],
          remediation: check.remediation,
          fingerprint,
        };
        if (rawLine !== undefined && !r.fileLevel) finding.snippet = maskAll(maskLine(rawLine.slice(0, 400)), secrets);
        if (r.subject) finding.subject = r.subject;
        const suppression = lines ? findSuppression(lines, location.line, check.id) : undefined;
        if (suppression) {
          suppressed.push({
            ...finding,
            suppression: { reason: suppression.reason, location: { path: location.path, line: suppression.line, column: suppression.column } },
          });
        } else {
          findings.push(finding);
        }
      };
      try {
        check.run({ model: unit.model, settings: input.settings, facts: input.facts, report });
      } catch (err) {
        errors.push({ path: describeUnit(unit), reason: `check ${check.id} failed: ${(err as Error).message}` });
      }
    }
  }
  findings.sort(compareFindings);
  suppressed.sort(compareFindings);
  return { findings, suppressed, errors };
}

/** Report order: file, line, column, check id, then fingerprint, so output is deterministic. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareLocations(a.location, b.location) || (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0) ||
    (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0)
  );
}

function describeUnit(unit: ModelUnit): string {
  const m = unit.model as { path?: unknown };
  return typeof m?.path === 'string' ? m.path : unit.kind;
}
