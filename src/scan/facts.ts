/**
 * Facts that span inputs. A Docker `daemon.json` whose default log driver cannot fill the
 * disk (json-file with `log-opts.max-size`, `local`, or a driver that does not write to
 * the host) covers every container, so per-service `logging:` is then not needed
 * (checklist D7). daemon.json is read through the same model as the docker-daemon checks.
 */
import type { ScanFacts } from '../core/check.ts';
import type { ScanError } from '../core/finding.ts';
import type { DiscoveredFile } from '../inputs/discover.ts';
import type { SourceStore } from '../inputs/source.ts';
import { readDaemonJson } from '../inputs/docker-daemon/load.ts';
import { daemonLogging } from '../inputs/docker-daemon/logging.ts';
import { readError } from '../inputs/source.ts';

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
      errors.push(readError(file.path, read));
      continue;
    }
    const loaded = readDaemonJson(file.path, read.file.text);
    errors.push(...loaded.errors);
    if (!loaded.config) continue;
    filesRead.push(file.path);
    if (daemonLogging(loaded.config).bounded) facts.daemonLogRotation = true;
  }
  return { facts, errors, filesRead };
}
