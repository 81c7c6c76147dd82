/**
 * One problem, one finding. The env checks judge Compose services too (their
 * `environment:` and `env_file`s), and a `.env` line that a Compose check already
 * reports (a weak password used through `${VAR}`, an `env_file` URL) would otherwise be
 * reported twice. The Compose check owns such a line: an env finding is dropped when a
 * check listed for it here reported (or suppressed) a finding on the same line. When the
 * Compose check is not selected, the env check still reports. The secret scan reads every
 * file, so its findings meet those of the Compose, env and TLS-file checks on the same
 * lines too; the table says which check keeps each.
 */
import type { Finding, SuppressedFinding } from '../core/finding.ts';

/** check -> the checks that report the same problem on the same line (and keep it). */
export const REPORTED_BY: Readonly<Record<string, readonly string[]>> = {
  'env/no-weak-secrets': ['compose/no-weak-default-credentials'],
  'env/no-default-credentials-in-urls': ['compose/no-weak-default-credentials'],
  'env/require-postgres-sslmode': ['compose/require-postgres-sslmode'],
  'env/require-tls-service-urls': ['compose/require-tls-service-url'],
  // A literal secret in Compose `environment:` is the Compose check's; a weak URL password is the env check's.
  'secrets/no-credentials-in-urls': ['env/no-default-credentials-in-urls', 'compose/no-weak-default-credentials'],
  'secrets/no-generic-secret-assignments': ['env/no-weak-secrets', 'compose/no-literal-credentials'],
  // The secret scan knows whether the key file is committed; the TLS files check does not.
  'tls-files/no-committed-private-key': ['secrets/no-private-keys', 'git/no-committed-secret-files'],
  // A committed key file whose key the secret scan reports on the same line (the PEM header, the age key).
  'git/no-committed-secret-files': ['secrets/no-private-keys'],
  // A provider key written literally in Compose `environment:` is reported by the rule that knows the provider.
  'compose/no-literal-credentials': [
    'secrets/no-cloud-credentials', 'secrets/no-code-host-tokens', 'secrets/no-chat-tokens-or-webhooks', 'secrets/no-stripe-keys',
    'secrets/no-ai-api-keys', 'secrets/no-email-api-keys', 'secrets/no-package-registry-tokens', 'secrets/no-jwts',
  ],
};

/** The findings and suppressed findings without those another check owns. */
export function dropOverlaps<R extends { findings: Finding[]; suppressed: SuppressedFinding[] }>(result: R): R {
  const lines = new Set<string>();
  for (const f of [...result.findings, ...result.suppressed]) lines.add(`${f.checkId}\0${f.location.path}\0${f.location.line}`);
  const owned = (f: Finding): boolean =>
    (REPORTED_BY[f.checkId] ?? []).some((owner) => lines.has(`${owner}\0${f.location.path}\0${f.location.line}`));
  return { ...result, findings: result.findings.filter((f) => !owned(f)), suppressed: result.suppressed.filter((f) => !owned(f)) };
}
