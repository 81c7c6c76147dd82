import type { Located, Location } from './location.ts';
import type { Severity } from './severity.ts';

/** Facts gathered across inputs that a check may need (e.g. daemon-wide log rotation). */
export interface ScanFacts {
  /** True when a Docker daemon.json in the scan sets log rotation for every container. */
  daemonLogRotation?: boolean;
}

/** User configuration that checks may read (from `.bulwark.yaml`). */
export interface CheckSettings {
  /** Services meant to be reachable from outside (the reverse proxy). Guessed when empty. */
  edgeServices: string[];
}

/** A text edit on one file, applied by the engine; offsets are 0-based UTF-16 indices. */
export interface TextEdit {
  path: string;
  start: number;
  end: number;
  text: string;
}

export interface ReportInput {
  /** The model node the finding is about; the engine takes the location from it. */
  at: Located | Location;
  message: string;
  /** Override the check's default severity for this one finding. */
  severity?: Severity;
  /** Extra key that keeps fingerprints apart when one node gets several findings. */
  key?: string;
  /** Values to mask wherever they appear in the message or snippet. */
  secrets?: string[];
  /** Compose service (or similar unit) the finding is about. */
  subject?: string;
  /** The finding is about the file as a whole (its mode, its owner): no source line is shown. */
  fileLevel?: boolean;
  fix?: TextEdit[];
}

export interface CheckContext<M> {
  model: M;
  settings: CheckSettings;
  facts: ScanFacts;
  report(input: ReportInput): void;
}

export interface CheckMeta {
  /** `<kind>/<kebab-slug>`, equal to the file path under `src/checks/`. */
  id: string;
  /** The desired state, e.g. "Containers drop all Linux capabilities". */
  title: string;
  severity: Severity;
  /** Ids from the hardening checklist (see `checklist.ts`). */
  checklist: string[];
  rationale: string;
  remediation: string;
  references?: string[];
  fixable?: 'safe' | 'suggestion' | false;
}

export interface CheckDefinition<M> extends CheckMeta {
  run(context: CheckContext<M>): void;
}

/** Model kinds checks can read; the first segment of a check id names one of them. */
export type CheckKind = string;

export function checkKind(id: string): CheckKind {
  return id.slice(0, id.indexOf('/'));
}

/** Identity function that gives a check definition its type. */
export function defineCheck<M>(definition: CheckDefinition<M>): CheckDefinition<M> {
  return definition;
}
