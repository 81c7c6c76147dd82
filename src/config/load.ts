/**
 * Finding, reading and validating the user's configuration: `.bulwark.yaml` (or
 * `.bulwark.yml`) at the scan root, or the file named by `--config`. An invalid config is
 * an error naming the file, the line and the key, never a silently ignored setting.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import * as v from 'valibot';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { readSource } from '../inputs/source.ts';
import { ConfigSchema, DEFAULT_CONFIG } from './schema.ts';
import type { BulwarkConfig } from './schema.ts';

export type { BulwarkConfig } from './schema.ts';
export { DEFAULT_CONFIG } from './schema.ts';

export const CONFIG_NAMES = ['.bulwark.yaml', '.bulwark.yml'] as const;

export type ConfigLoadResult = { ok: true; config: BulwarkConfig } | { ok: false; error: string };

export interface ConfigLoadOptions {
  /** Absolute scan root, where `.bulwark.yaml` is looked for. */
  root: string;
  /** Directory an explicit `configPath` is relative to. */
  cwd: string;
  /** `--config FILE`: must exist. */
  configPath?: string;
}

export function loadConfig(options: ConfigLoadOptions): ConfigLoadResult {
  let absolute: string | undefined;
  if (options.configPath !== undefined) {
    absolute = resolve(options.cwd, options.configPath);
  } else {
    absolute = CONFIG_NAMES.map((name) => join(options.root, name)).find((p) => existsSync(p));
    if (absolute === undefined) return { ok: true, config: structuredClone(DEFAULT_CONFIG) };
  }
  const shown = displayPath(absolute, options.cwd);
  const read = readSource(absolute, shown);
  if (!read.ok) return { ok: false, error: `config ${shown}: ${read.reason}` };
  const parsed = parseConfigText(read.file.text, shown);
  if (!parsed.ok) return parsed;
  return { ok: true, config: { ...parsed.config, path: absolute } };
}

/** Validate config text; `name` is used in error messages. */
export function parseConfigText(text: string, name: string): ConfigLoadResult {
  const lineCounter = new LineCounter();
  // maxAliasCount keeps a hostile config from expanding aliases without bound.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = lineCounter.linePos(yamlError.pos[0]).line;
    return { ok: false, error: `config ${name}:${line}: invalid YAML: ${firstLine(yamlError.message)}` };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    return { ok: false, error: `config ${name}: invalid YAML: ${firstLine((err as Error).message)}` };
  }
  const result = v.safeParse(ConfigSchema, data);
  if (!result.success) {
    const issue = result.issues[0];
    const keys = (issue.path ?? []).map((item) => item.key as string | number);
    const line = lineOfPath(doc, keys, lineCounter);
    const where = line === undefined ? name : `${name}:${line}`;
    const key = keys.length > 0 ? keys.join('.') : '(top level)';
    return { ok: false, error: `config ${where}: ${key}: ${issue.message}` };
  }
  const out = result.output;
  return {
    ok: true,
    config: {
      ignore: out.ignore,
      checks: { disable: out.checks.disable, severity: out.checks.severity },
      edge: out.edge,
    },
  };
}

/** Line of the key (or list item) at `keys`, so the error points where the user must edit. */
function lineOfPath(doc: Document, keys: (string | number)[], lineCounter: LineCounter): number | undefined {
  let node: unknown = doc.contents;
  let at: YamlNode | undefined = doc.contents ?? undefined;
  for (const key of keys) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) break;
      at = (pair.key as YamlNode | undefined) ?? at;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      if (!item) break;
      at = item as YamlNode;
      node = item;
    } else {
      break;
    }
  }
  const offset = at?.range?.[0];
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return absolute;
  return rel.split(sep).join('/');
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
