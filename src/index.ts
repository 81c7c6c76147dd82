/** Bulwark's public library API: re-exports only. */
export { scan } from './scan/scan.ts';
export type { ScanOptions, ScanOutcome } from './scan/scan.ts';
export { probe } from './probes/probe.ts';
export type { ProbeOptions, ProbeOutcome } from './probes/probe.ts';

export { CHECKS } from './checks/index.ts';
export { defineCheck, checkKind } from './core/check.ts';
export type { CheckContext, CheckDefinition, CheckMeta, CheckSettings, ReportInput, ScanFacts, TextEdit } from './core/check.ts';
export { CHECKLIST, isChecklistId } from './core/checklist.ts';
export type { ChecklistArea, ChecklistItem } from './core/checklist.ts';
export type { Finding, ScanError, SuppressedFinding } from './core/finding.ts';
export type { Located, Location } from './core/location.ts';
export { maskAll, maskSecret } from './core/mask.ts';
export type { ScanResult, ScanSummary } from './core/result.ts';
export { SEVERITIES, atLeast, isSeverity, SECURITY_SEVERITY_SCORE } from './core/severity.ts';
export type { Severity } from './core/severity.ts';

export { renderText } from './reporters/text.ts';
export type { TextReportOptions } from './reporters/text.ts';
export { renderJson, toJsonReport, JSON_REPORT_VERSION } from './reporters/json.ts';
export type { JsonReportOptions } from './reporters/json.ts';
export { renderSarif, toSarif, sarifLevel } from './reporters/sarif.ts';
export type { SarifReportOptions } from './reporters/sarif.ts';
export { renderCatalogMarkdown } from './reporters/catalog.ts';
export { TOOL_NAME, TOOL_VERSION } from './reporters/tool.ts';
