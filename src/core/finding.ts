import type { Location } from './location.ts';
import type { Severity } from './severity.ts';

/** One reported problem. Every value that could be a secret is already masked. */
export interface Finding {
  checkId: string;
  severity: Severity;
  title: string;
  message: string;
  location: Location;
  checklist: string[];
  remediation: string;
  /** Stable across runs and unrelated edits: check id + path + logical key. */
  fingerprint: string;
  /** The offending source line, masked. */
  snippet?: string;
  /** Compose service (or other unit) the finding belongs to, when there is one. */
  subject?: string;
}

/** A file or target that could not be read or parsed; the rest of the scan goes on. */
export interface ScanError {
  path: string;
  line?: number;
  column?: number;
  reason: string;
}

/** A finding silenced by an inline `bulwark-ignore` comment. */
export interface SuppressedFinding extends Finding {
  suppression: { reason: string; location: Location };
}
