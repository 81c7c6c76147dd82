/**
 * What the secrets checks share: one finding per hit of their category, at the value's
 * position, the value masked (it is passed as a secret, and messages never contain it),
 * and a severity that the context decides:
 * - git: tracked (committed, or staged) keeps the check's severity; a git-ignored file is
 *   two levels lower (the usual place for a local secret: still worth encrypting, A13);
 *   an untracked file that is not ignored keeps it (one `git add .` away from a commit);
 *   outside any repository an env file (`.env`, `.env.*`, `*.env`: where a deployment keeps
 *   its secrets) is one level lower, any other file keeps it;
 * - the key: a test key (Stripe `sk_test_`) is low; a passphrase-protected key, an
 *   expired token or a URL to localhost is at most medium; a token whose check digits do
 *   not add up is one level lower;
 * - the file: a template (`.env.example`) is one level lower.
 * Under `--host-root` a file on the machine is where a deployment keeps its secrets (its
 * mode is file-modes' business): only files that a checkout on the host tracks are reported.
 */
import type { ReportInput } from '../../core/check.ts';
import type { Severity } from '../../core/severity.ts';
import type { SecretsFile } from '../../inputs/secrets/load.ts';
import type { SecretCategory, SecretHit } from '../../secrets/detect.ts';

const ENV_FILE = /(?:^|\/)(?:\.env(?:\.[^/]*)?|[^/]+\.env)$/;
const LEVELS: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

function lower(s: Severity, steps: number, floor: Severity = 'low'): Severity {
  const i = Math.max(LEVELS.indexOf(s) - steps, LEVELS.indexOf(floor));
  return LEVELS[i]!;
}

function atMost(s: Severity, cap: Severity): Severity {
  return LEVELS.indexOf(s) > LEVELS.indexOf(cap) ? cap : s;
}

export function hitSeverity(base: Severity, file: SecretsFile, hit: SecretHit, checksummed = false): Severity {
  let s = base;
  if (hit.verdict.mode === 'test') s = 'low';
  if (hit.verdict.weakened) s = atMost(s, 'medium');
  if (checksummed && hit.verdict.verified === false) s = lower(s, 1);
  if (file.example) s = lower(s, 1);
  if (file.git === 'ignored') s = lower(s, 2, hit.verdict.mode === 'test' ? 'info' : 'low');
  if (file.git === 'none' && ENV_FILE.test(file.path)) s = lower(s, 1, hit.verdict.mode === 'test' ? 'info' : 'low');
  return s;
}

/** Where the value is, as a message phrase. */
export function placeOf(file: SecretsFile): string {
  switch (file.git) {
    case 'tracked': return 'a file tracked by git (it is in the repository and its history)';
    case 'ignored': return 'a git-ignored file (kept out of the repository, but stored in plain text)';
    case 'untracked': return 'a file git does not ignore (one `git add` away from a commit)';
    default: return file.example ? 'a template file' : 'a plain-text file';
  }
}

export interface HitReportOptions {
  base: Severity;
  /** The rules of this category carry check digits (GitHub, npm). */
  checksummed?: boolean;
  /** What to do, one sentence. */
  advice: string;
}

export function reportHits(model: SecretsFile, report: (r: ReportInput) => void, category: SecretCategory, options: HitReportOptions): void {
  if (model.onHost && model.git !== 'tracked') return;
  for (const hit of model.hits) {
    if (hit.category !== category) continue;
    const qualifiers = [
      hit.verdict.mode === 'test' ? 'a test-mode key' : undefined,
      hit.verdict.weakened,
      hit.verdict.verified === true && options.checksummed ? 'its check digits are valid' : undefined,
    ].filter(Boolean);
    const what = qualifiers.length > 0 ? `${hit.label} (${qualifiers.join(', ')})` : hit.label;
    report({
      at: { path: model.path, line: hit.line, column: hit.column, endLine: hit.line, endColumn: hit.endColumn },
      key: `${hit.ruleId}:${hit.column}`,
      // Every value found on the line, whatever its category: the snippet shows the whole line.
      secrets: model.hits.filter((h) => h.line === hit.line && h.secret !== '').map((h) => h.secret),
      severity: hitSeverity(options.base, model, hit, options.checksummed),
      message: `${capitalize(what)} in ${placeOf(model)}. ${options.advice}`,
    });
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
