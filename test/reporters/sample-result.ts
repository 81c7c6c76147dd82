/** Hand-built scan results for the reporter tests: no scan pipeline involved. */
import type { CheckMeta } from '../../src/core/check.ts';
import type { Finding, ScanError, SuppressedFinding } from '../../src/core/finding.ts';
import type { ScanResult } from '../../src/core/result.ts';
import { SEVERITIES } from '../../src/core/severity.ts';

/** A real-looking live key; only its masked form may ever reach a report. */
export const RAW_SECRET = 'sk_live_51HxYzAbCdEfGhIjKlMn9o0P';
export const MASKED_SECRET = 'sk_l…9o0P';

export const PRIVILEGED: CheckMeta = {
  id: 'compose/no-privileged',
  title: 'Containers do not run privileged',
  severity: 'critical',
  checklist: ['D6'],
  rationale: 'A privileged container gets every capability and all host devices.',
  remediation: 'Remove `privileged: true`.\nGrant only the capability the service needs.',
  references: ['CIS Docker Benchmark 5.4', 'https://docs.docker.com/reference/compose-file/services/#privileged'],
  fixable: false,
};

export const SECRET_CHECK: CheckMeta = {
  id: 'env/no-weak-secret',
  title: 'Secrets are strong',
  severity: 'high',
  checklist: ['A1'],
  rationale: 'A guessable secret key lets anyone forge sessions.',
  remediation: 'Generate 32 random bytes.',
};

export const PIDS: CheckMeta = {
  id: 'compose/require-pids-limit',
  title: 'Containers have a PID limit',
  severity: 'low',
  checklist: ['D4'],
  rationale: 'A fork bomb in one container can exhaust the host PID table.',
  remediation: 'Set `pids_limit: 200`.',
  fixable: 'safe',
};

/** Ran but found nothing: SARIF must still list it as a rule. */
export const QUIET_CHECK: CheckMeta = {
  id: 'compose/no-host-namespaces',
  title: 'Containers do not share host namespaces',
  severity: 'high',
  checklist: ['D6'],
  rationale: 'Host namespaces remove the isolation between container and host.',
  remediation: 'Remove `network_mode: host`.',
};

export function finding(partial: Partial<Finding> & Pick<Finding, 'checkId' | 'severity' | 'location'>): Finding {
  return {
    title: 'title',
    message: 'message',
    checklist: ['D6'],
    remediation: 'remediation',
    fingerprint: `fp-${partial.checkId}-${partial.location.path}-${partial.location.line}`,
    ...partial,
  };
}

export function sampleResult(overrides: Partial<ScanResult> = {}): ScanResult {
  const findings: Finding[] = [
    finding({
      checkId: 'compose/no-privileged',
      severity: 'critical',
      title: PRIVILEGED.title,
      message: 'Service "web" runs privileged.',
      location: { path: 'deploy/docker-compose.yml', line: 7, column: 5 },
      remediation: PRIVILEGED.remediation,
      snippet: '    privileged: true',
      subject: 'web',
    }),
    finding({
      checkId: 'env/no-weak-secret',
      severity: 'high',
      title: SECRET_CHECK.title,
      message: `STRIPE_KEY ${MASKED_SECRET} is committed in plain text.`,
      checklist: ['A1'],
      location: { path: 'deploy/docker-compose.yml', line: 12, column: 19, endLine: 12, endColumn: 28 },
      remediation: SECRET_CHECK.remediation,
      snippet: `      STRIPE_KEY: ${MASKED_SECRET}`,
    }),
    finding({
      checkId: 'compose/require-pids-limit',
      severity: 'low',
      title: PIDS.title,
      message: 'Service "db" has no PID limit.',
      checklist: ['D4'],
      location: { path: 'app dir/compose.yaml', line: 3, column: 3 },
      remediation: PIDS.remediation,
    }),
  ];
  const suppressed: SuppressedFinding[] = [
    {
      ...finding({ checkId: 'compose/no-privileged', severity: 'critical', location: { path: 'deploy/docker-compose.yml', line: 20, column: 5 } }),
      suppression: { reason: 'needs /dev/fuse', location: { path: 'deploy/docker-compose.yml', line: 19, column: 5 } },
    },
  ];
  const errors: ScanError[] = [{ path: 'broken/compose.yml', line: 4, column: 2, reason: 'invalid YAML: bad indentation' }];
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as ScanResult['summary']['bySeverity'];
  return {
    target: ['.'],
    root: '/home/someone/stack',
    findings,
    suppressed,
    errors,
    summary: {
      total: findings.length,
      bySeverity,
      byArea: { containers: 2, network: 0, transport: 0, 'auth-secrets': 1, host: 0, backups: 0 },
      suppressed: suppressed.length,
      filesScanned: 4,
      errors: errors.length,
    },
    checks: [PRIVILEGED, SECRET_CHECK, PIDS, QUIET_CHECK],
    ...overrides,
  };
}

export function emptyResult(): ScanResult {
  return sampleResult({
    findings: [],
    suppressed: [],
    errors: [],
    summary: {
      total: 0,
      bySeverity: { info: 0, low: 0, medium: 0, high: 0, critical: 0 },
      byArea: { containers: 0, network: 0, transport: 0, 'auth-secrets': 0, host: 0, backups: 0 },
      suppressed: 0,
      filesScanned: 2,
      errors: 0,
    },
  });
}

/** Every string anywhere in a JSON value, with its path. */
export function allStrings(value: unknown, path = '$'): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => allStrings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [{ path: `${path}.${k}#key`, value: k }, ...allStrings(v, `${path}.${k}`)]);
  return [];
}
