/**
 * SARIF 2.1.0 as GitHub code scanning accepts it (shared/spec/sarif-github.md): relative
 * URIs under %SRCROOT%, a rule for every check that ran, full regions, security-severity
 * strings, our own fingerprints, and never an empty string.
 *
 * Suppressed findings are left out: GitHub ignores SARIF `suppressions` and would open
 * them as alerts, the opposite of what the inline `bulwark-ignore` asked for.
 */
import { createHash } from 'node:crypto';
import { checkKind } from '../core/check.ts';
import type { CheckMeta } from '../core/check.ts';
import type { Finding, ScanError } from '../core/finding.ts';
import { isNetworkLocation } from '../core/location.ts';
import type { ScanResult } from '../core/result.ts';
import { SECURITY_SEVERITY_SCORE } from '../core/severity.ts';
import type { Severity } from '../core/severity.ts';
import { reportPath } from './paths.ts';
import { TOOL_HOMEPAGE, TOOL_NAME, TOOL_VERSION } from './tool.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** GitHub keeps at most this many results per run. */
export const MAX_SARIF_RESULTS = 25_000;

export interface SarifReportOptions {
  /** Set when the scan could not complete (the CLI's `fatal`): marks the invocation failed. */
  fatal?: string;
}

export type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  if (severity === 'critical' || severity === 'high') return 'error';
  if (severity === 'medium') return 'warning';
  return 'note';
}

export function renderSarif(result: ScanResult, options: SarifReportOptions = {}): string {
  return `${JSON.stringify(toSarif(result, options), null, 2)}\n`;
}

export function toSarif(result: ScanResult, options: SarifReportOptions = {}) {
  const rules = rulesFor(result);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const lineHashCounts = new Map<string, number>();
  const kept = result.findings.slice(0, MAX_SARIF_RESULTS);
  const results = kept.map((f) => resultOf(f, ruleIndex.get(f.checkId) ?? 0, result.root, lineHashCounts));

  const notifications = result.errors.map((e) => notificationOf(e, result.root));
  if (result.findings.length > kept.length) {
    notifications.push({
      level: 'warning',
      message: { text: `Only the first ${MAX_SARIF_RESULTS} of ${result.findings.length} findings are included.` },
    });
  }
  if (options.fatal) notifications.push({ level: 'error', message: { text: nonEmpty(options.fatal, 'Scan failed.') } });

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            ...(TOOL_HOMEPAGE ? { informationUri: TOOL_HOMEPAGE } : {}),
            rules: rules.map(ruleOf),
          },
        },
        automationDetails: { id: `${TOOL_NAME}/` },
        columnKind: 'utf16CodeUnits' as const,
        invocations: [
          {
            executionSuccessful: !options.fatal,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results,
      },
    ],
  };
}

/** Every check that ran, then any check a finding names that the list lacks (so every ruleIndex resolves). */
function rulesFor(result: ScanResult): CheckMeta[] {
  const rules: CheckMeta[] = [];
  const seen = new Set<string>();
  for (const check of result.checks) {
    if (seen.has(check.id)) continue;
    seen.add(check.id);
    rules.push(check);
  }
  for (const f of result.findings) {
    if (seen.has(f.checkId)) continue;
    seen.add(f.checkId);
    rules.push({ id: f.checkId, title: f.title, severity: f.severity, checklist: f.checklist, rationale: f.title, remediation: f.remediation });
  }
  return rules;
}

function ruleOf(check: CheckMeta) {
  const references = check.references ?? [];
  const title = nonEmpty(check.title, check.id);
  const rationale = nonEmpty(check.rationale, title);
  const remediation = nonEmpty(check.remediation, 'See the check documentation.');
  const helpText = [rationale, `Remediation: ${remediation}`, ...(references.length ? [`References: ${references.join(', ')}`] : [])].join('\n\n');
  const helpMarkdown = [
    `**Why:** ${rationale}`,
    `**Fix:** ${remediation}`,
    ...(references.length ? [`**References:**\n${references.map((r) => `- ${r}`).join('\n')}`] : []),
  ].join('\n\n');
  const helpUri = references.find((r) => /^https:\/\//.test(r));
  return {
    id: check.id,
    name: ruleName(check.id),
    shortDescription: { text: truncate(title, 1024) },
    fullDescription: { text: truncate(rationale, 1024) },
    help: { text: helpText, markdown: helpMarkdown },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: sarifLevel(check.severity) },
    properties: {
      tags: ['security', checkKind(check.id) || 'config'],
      precision: 'high',
      'security-severity': SECURITY_SEVERITY_SCORE[check.severity],
      checklist: [...check.checklist],
    },
  };
}

/** `compose/no-privileged` → `ComposeNoPrivileged`: SARIF wants an identifier-like name. */
export function ruleName(id: string): string {
  const name = id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  return truncate(name || 'Rule', 255);
}

function resultOf(f: Finding, ruleIndex: number, root: string, lineHashCounts: Map<string, number>) {
  const network = isNetworkLocation(f.location.path);
  // A live target is an absolute URI of its own, not a file under the checkout.
  const uri = network ? f.location.path : artifactUri(reportPath(root, f.location.path));
  const lineHash = lineHashOf(f);
  const occurrenceKey = `${f.checkId}\0${uri}\0${lineHash}`;
  const occurrence = (lineHashCounts.get(occurrenceKey) ?? 0) + 1;
  lineHashCounts.set(occurrenceKey, occurrence);
  return {
    ruleId: f.checkId,
    ruleIndex,
    level: sarifLevel(f.severity),
    message: { text: nonEmpty(f.message, f.title) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: network ? { uri } : { uri, uriBaseId: '%SRCROOT%' },
          region: regionOf(f),
        },
      },
    ],
    partialFingerprints: {
      primaryLocationLineHash: `${lineHash}:${occurrence}`,
      'auditFingerprint/v1': f.fingerprint,
    },
    properties: {
      checklist: [...f.checklist],
      ...(f.subject ? { subject: f.subject } : {}),
    },
  };
}

/**
 * GitHub lists all four region fields as required. Without a known end we cover the rest
 * of the offending line (the snippet); a zero-width region would show as nothing.
 */
function regionOf(f: Finding) {
  // Defensive: a location without numbers must still make a valid region.
  const startLine = positive(f.location.line);
  const startColumn = positive(f.location.column);
  const { endLine, endColumn } = f.location;
  if (endLine !== undefined && endColumn !== undefined && (endLine > startLine || (endLine === startLine && endColumn > startColumn))) {
    return { startLine, startColumn, endLine, endColumn };
  }
  const lineEnd = f.snippet === undefined ? 0 : f.snippet.replace(/\s+$/, '').length + 1;
  return { startLine, startColumn, endLine: startLine, endColumn: Math.max(lineEnd, startColumn + 1) };
}

/**
 * Stands in for codeql-action's line hash, which needs the file text we do not carry:
 * the trimmed, whitespace-collapsed (masked) line, so an alert survives lines moving.
 */
function lineHashOf(f: Finding): string {
  const basis = f.snippet === undefined ? f.fingerprint : f.snippet.trim().replace(/\s+/g, ' ');
  return createHash('sha256').update(`${f.checkId}\0${basis}`).digest('hex').slice(0, 16);
}

/** A relative URI reference: `/` separators, spaces and non-ASCII percent-encoded, `?`/`#` escaped. */
export function artifactUri(path: string): string {
  const clean = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '');
  return encodeURI(clean || '.').replace(/[?#]/g, (ch) => encodeURIComponent(ch));
}

function notificationOf(e: ScanError, root: string) {
  const path = reportPath(root, e.path);
  const where = e.line === undefined ? path : `${path}:${e.line}`;
  return {
    level: 'error' as SarifLevel,
    message: { text: nonEmpty(`${where}: ${e.reason}`, 'Scan error.') },
    ...(path && path !== '.'
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(path), uriBaseId: '%SRCROOT%' },
                ...(e.line === undefined ? {} : { region: { startLine: e.line, ...(e.column === undefined ? {} : { startColumn: e.column }) } }),
              },
            },
          ],
        }
      : {}),
  };
}

function positive(n: number | undefined): number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1;
}

function nonEmpty(text: string | undefined, fallback: string): string {
  return text !== undefined && text.trim() !== '' ? text : fallback;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
