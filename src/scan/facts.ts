/**
 * Facts that span inputs. A Docker `daemon.json` with `log-opts.max-size` rotates the logs
 * of every container, so per-service `logging:` is then not needed (checklist D7).
 */
import type { ScanFacts } from '../core/check.ts';
import type { ScanError } from '../core/finding.ts';
import type { DiscoveredFile } from '../inputs/discover.ts';
import type { SourceStore } from '../inputs/source.ts';
import { parseJson } from '../inputs/dockerd/json.ts';

export interface FactsResult {
  facts: ScanFacts;
  errors: ScanError[];
  /** daemon.json files that were read and parsed. */
  filesRead: string[];
}

export function gatherFacts(discovered: readonly DiscoveredFile[], store: SourceStore): FactsResult {
  const facts: ScanFacts = {};
  const errors: ScanError[] = [];
  const filesRead: string[] = [];
  for (const file of discovered) {
    if (file.kind !== 'docker-daemon') continue;
    const read = store.read(file.path);
    if (!read.ok) {
      errors.push(read.line === undefined ? { path: file.path, reason: read.reason } : { path: file.path, line: read.line, reason: read.reason });
      continue;
    }
    const parsed = parseJson(read.file.text);
    if (!parsed.ok) {
      errors.push({ path: file.path, ...(parsed.line ? { line: parsed.line } : {}), reason: `invalid JSON: ${parsed.reason}` });
      continue;
    }
    filesRead.push(file.path);
    if (setsLogRotation(parsed.value)) facts.daemonLogRotation = true;
  }
  return { facts, errors, filesRead };
}

function setsLogRotation(config: unknown): boolean {
  if (!isObject(config)) return false;
  const opts = config['log-opts'];
  if (!isObject(opts)) return false;
  const maxSize = opts['max-size'];
  return typeof maxSize === 'string' && maxSize.trim() !== '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
