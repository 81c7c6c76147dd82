/**
 * Which checks run and at what severity: `--checks` / `--skip-checks` globs, the config's
 * `checks.disable` and `checks.severity`.
 */
import type { CheckDefinition } from '../core/check.ts';
import type { Finding } from '../core/finding.ts';
import type { Severity } from '../core/severity.ts';
import { idMatches } from '../core/suppressions.ts';

export interface CheckSelection {
  /** Globs of ids to run; empty or undefined runs every check. */
  only?: readonly string[];
  /** Globs of ids not to run (command line and config `checks.disable`). */
  skip?: readonly string[];
  /** Config `checks.severity`: id glob → severity. */
  severity?: Readonly<Record<string, Severity>>;
}

export interface SelectedChecks {
  checks: CheckDefinition<any>[];
  /** `only` patterns that name no check at all: almost always a typo the user must hear about. */
  unmatched: string[];
}

export function selectChecks(registry: readonly CheckDefinition<any>[], selection: CheckSelection): SelectedChecks {
  const only = selection.only ?? [];
  const skip = selection.skip ?? [];
  const unmatched = only.filter((p) => !registry.some((c) => idMatches(p, c.id)));
  const checks = registry
    .filter((c) => only.length === 0 || only.some((p) => idMatches(p, c.id)))
    .filter((c) => !skip.some((p) => idMatches(p, c.id)))
    .map((c) => {
      const severity = severityOverride(c.id, selection.severity);
      return severity && severity !== c.severity ? { ...c, severity } : c;
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { checks, unmatched };
}

/**
 * The configured severity for a check id. An exact id beats a glob; among globs the
 * longest (most specific) wins, so `compose/*: low` with `compose/no-privileged: high`
 * does what it reads like.
 */
export function severityOverride(id: string, overrides: Readonly<Record<string, Severity>> | undefined): Severity | undefined {
  if (!overrides) return undefined;
  if (Object.hasOwn(overrides, id)) return overrides[id];
  let best: string | undefined;
  for (const pattern of Object.keys(overrides)) {
    if (idMatches(pattern, id) && (best === undefined || pattern.length > best.length)) best = pattern;
  }
  return best === undefined ? undefined : overrides[best];
}

/** Findings keep the configured severity even when a check chose one per finding. */
export function applySeverityOverrides<F extends Finding>(findings: F[], overrides: Readonly<Record<string, Severity>> | undefined): F[] {
  if (!overrides || Object.keys(overrides).length === 0) return findings;
  return findings.map((f) => {
    const severity = severityOverride(f.checkId, overrides);
    return severity && severity !== f.severity ? { ...f, severity } : f;
  });
}
