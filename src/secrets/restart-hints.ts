/**
 * After a rotation: which Compose services read the rotated keys and must be recreated.
 * A service uses a key when its `env_file` is the secrets file (or its decrypted twin,
 * `x.env` for `x.enc.env`, `.env` for `.env.enc`), or when it interpolates `${KEY}` and
 * the file is the project's `.env`. Only the Compose files beside the secrets file are
 * read; values are never looked at.
 */
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { loadComposeProject } from '../inputs/compose/load.ts';
import type { YNode } from '../inputs/compose/model.ts';
import { dirOf, resolveInRoot } from '../inputs/compose/paths.ts';
import { SourceStore } from '../inputs/source.ts';

const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const OVERRIDE_FILES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];

export interface RestartHint {
  /** The compose file (beside the secrets file). */
  composeFile: string;
  /** Services to recreate, with the rotated keys each one reads. */
  services: { name: string; keys: string[] }[];
}

/** Names the decrypted form of a secrets file may have: itself, without `.enc`, `x.enc.env` → `x.env`. */
export function plaintextNames(fileName: string): string[] {
  const names = new Set([fileName]);
  if (fileName.endsWith('.enc')) names.add(fileName.slice(0, -4));
  if (fileName.includes('.enc.')) names.add(fileName.replace('.enc.', '.'));
  return [...names];
}

export function restartHints(secretsFile: string, keys: readonly string[]): RestartHint | undefined {
  const dir = dirname(secretsFile);
  const main = COMPOSE_FILES.find((f) => existsSync(`${dir}/${f}`));
  if (main === undefined) return undefined;
  const overlays = OVERRIDE_FILES.filter((f) => existsSync(`${dir}/${f}`));
  let result;
  try {
    result = loadComposeProject([main, ...overlays], new SourceStore(dir));
  } catch {
    return undefined;
  }
  if (!result.project) return undefined;
  const names = plaintextNames(basename(secretsFile));
  const isProjectEnv = names.includes('.env');
  const wanted = new Set(keys);
  const services: RestartHint['services'] = [];
  for (const service of result.project.services) {
    const used = new Set<string>();
    const envFiles = envFilePaths(service.node.entries.find((e) => e.key === 'env_file')?.value, dirOf(service.path));
    if (envFiles.some((p) => names.includes(p))) for (const k of keys) used.add(k);
    if (isProjectEnv) for (const name of referencedVars(service.node)) if (wanted.has(name)) used.add(name);
    if (used.size > 0) services.push({ name: service.name, keys: keys.filter((k) => used.has(k)) });
  }
  return { composeFile: main, services };
}

function envFilePaths(node: YNode | undefined, baseDir: string): string[] {
  if (!node) return [];
  const items = node.kind === 'seq' ? node.items : [node];
  const out: string[] = [];
  for (const item of items) {
    const pathNode = item.kind === 'map' ? item.entries.find((e) => e.key === 'path')?.value : item;
    if (pathNode?.kind !== 'scalar' || pathNode.value === null) continue;
    const p = resolveInRoot(baseDir, String(pathNode.value));
    if (p !== undefined) out.push(p);
  }
  return out;
}

function referencedVars(node: YNode): string[] {
  const out: string[] = [];
  const walk = (n: YNode): void => {
    if (n.kind === 'scalar') {
      for (const v of n.vars ?? []) out.push(v.name);
    } else if (n.kind === 'map') {
      for (const e of n.entries) walk(e.value);
    } else {
      for (const item of n.items) walk(item);
    }
  };
  walk(node);
  return out;
}
