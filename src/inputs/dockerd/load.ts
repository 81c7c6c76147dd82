/**
 * Docker's `daemon.json` as a model: each top-level setting with the line it is on, so a
 * finding points at `"icc": true`, and a missing setting at line 1. Under a host root with
 * Docker installed but no daemon.json, the model says so and the checks report dockerd's
 * defaults. Validity is JSON.parse's verdict; positions come from `yaml` (JSON is YAML 1.2).
 */
import { LineCounter, parseDocument, isMap, isScalar } from 'yaml';
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';
import { RootFs } from '../host/root-fs.ts';
import { filesOfKind } from '../loader.ts';
import type { LoadedUnit, UnitLoader, UnitLoadContext } from '../loader.ts';
import { parseJson } from './json.ts';

export interface DaemonSetting {
  value: unknown;
  /** The key's position. */
  loc: Location;
  keyPath: string;
}

export interface DaemonConfig {
  kind: 'dockerd';
  /** daemon.json, relative to the scan root (where it is or would be). */
  path: string;
  /** False under a host root where dockerd is installed but daemon.json is absent. */
  present: boolean;
  settings: Map<string, DaemonSetting>;
  /** Line 1 of the file: where a missing setting is reported. */
  top: { loc: Location; keyPath: string };
}

const HOST_PATH = 'etc/docker/daemon.json';
const DOCKERD = ['usr/bin/dockerd', 'usr/sbin/dockerd', 'usr/local/bin/dockerd'];

export function readDaemonJson(path: string, text: string): { config?: DaemonConfig; errors: ScanError[] } {
  const strict = parseJson(text);
  if (!strict.ok) return { errors: [{ path, ...(strict.line ? { line: strict.line } : {}), reason: `invalid JSON: ${strict.reason}` }] };
  if (typeof strict.value !== 'object' || strict.value === null || Array.isArray(strict.value)) {
    return { errors: [{ path, line: 1, reason: 'daemon.json must hold a JSON object' }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  const settings = new Map<string, DaemonSetting>();
  const values = strict.value as Record<string, unknown>;
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || !pair.key.range) continue;
      const name = pair.key.value;
      const at = lineCounter.linePos(pair.key.range[0]);
      const end = lineCounter.linePos(pair.key.range[1]);
      // dockerd refuses duplicate keys; JSON.parse keeps the last, and so do we.
      settings.set(name, { value: values[name], loc: { path, line: at.line, column: at.col, endLine: end.line, endColumn: end.col }, keyPath: name });
    }
  }
  return { config: { kind: 'dockerd', path, present: true, settings, top: topOf(path) }, errors: [] };
}

function topOf(path: string): { loc: Location; keyPath: string } {
  return { loc: { path, line: 1, column: 1 }, keyPath: '(file)' };
}

export const dockerdLoader: UnitLoader = {
  kind: 'dockerd',
  load(context) {
    const units: LoadedUnit[] = [];
    const errors: ScanError[] = [];
    const files = filesOfKind(context, 'docker-daemon');
    for (const file of files) {
      const read = context.store.read(file.path);
      if (!read.ok) {
        errors.push(read.line === undefined ? { path: file.path, reason: read.reason } : { path: file.path, line: read.line, reason: read.reason });
        continue;
      }
      const loaded = readDaemonJson(file.path, read.file.text);
      errors.push(...loaded.errors);
      if (loaded.config) units.push({ model: loaded.config, files: [file.path] });
    }
    const absent = absentOnHost(context, files.length > 0);
    if (absent) units.push({ model: absent, files: [] });
    return { units, errors };
  },
};

/** Docker installed under the host root with no daemon.json (and none unreadable): its defaults apply. */
function absentOnHost(context: UnitLoadContext, found: boolean): DaemonConfig | undefined {
  if (!context.host || found) return undefined;
  const fs = RootFs.of(context.host);
  if (fs.lookup(HOST_PATH).state !== 'absent') return undefined;
  if (fs.anyExists(DOCKERD).answer !== 'yes') return undefined;
  return { kind: 'dockerd', path: HOST_PATH, present: false, settings: new Map(), top: topOf(HOST_PATH) };
}
