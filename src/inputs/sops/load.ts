/**
 * The `sops` loader: files encrypted with SOPS (spec/sops-dotenv.md), in its dotenv,
 * YAML and JSON forms: a dotenv file with `sops_*` metadata lines, a YAML or JSON
 * document with a top-level `sops` mapping. One unit per file, with every value and
 * whether it is encrypted (`ENC[AES256_GCM,…]`) and must be (the file's encryption rule:
 * `unencrypted_suffix`, `encrypted_regex`, …), the MAC, and the `.sops.yaml` that
 * governs the file. Files that are not SOPS files are not units.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';
import { readForSecretScan } from '../../secrets/detect.ts';
import { compileRe2, DEFAULT_RULE, RULE_KINDS } from '../../secrets/sops/rules.ts';
import type { EncryptionRule, RuleKind } from '../../secrets/sops/rules.ts';
import type { LoadedUnit, UnitLoader } from '../loader.ts';

export interface SopsValue {
  /** The keys leading to the value (list indices left out, as sops does). */
  keys: string[];
  loc: Location;
  keyPath: string;
  encrypted: boolean;
  /** Empty values are never encrypted by sops. */
  empty: boolean;
}

export interface SopsConfigState {
  /** `.sops.yaml` that applies, relative to the scan root when inside it. */
  path?: string;
  /** Why the config does not give this file keys: missing, unreadable, no rule, no recipients. */
  problem?: string;
}

export interface SopsFile {
  kind: 'sops';
  path: string;
  format: 'dotenv' | 'yaml' | 'json';
  values: SopsValue[];
  rule: EncryptionRule;
  /** The encrypted MAC, empty when missing. */
  mac: string;
  /** Where the metadata starts (the first `sops_` line, the `sops:` key). */
  metadataLoc: Location;
  config: SopsConfigState;
}

const ENCRYPTED = /^ENC\[AES256_GCM,data:/;
const DOTENV_METADATA = /^sops_[A-Za-z0-9_]+=/m;
const YAML_METADATA = /^sops:[ \t]*(?:#.*)?$/m;
const JSON_METADATA = /"sops"\s*:\s*\{/;
const KEY_SOURCES = ['age', 'pgp', 'kms', 'gcp_kms', 'azure_keyvault', 'azure_kv', 'hc_vault_transit_uri', 'hc_vault', 'hckms', 'plugins'];

export const sopsLoader: UnitLoader<Iterable<LoadedUnit>> = {
  kind: 'sops',
  wantsAllText: true,
  load(context) {
    const errors: ScanError[] = [];
    function* units(): Generator<LoadedUnit> {
      for (const file of context.files) {
        const format = candidateFormat(file.path, file.kind);
        if (!format) continue;
        const read = readForSecretScan(context.store.absolute(file.path));
        if (!read.ok) continue;
        const parsed = format === 'dotenv' ? readDotenv(file.path, read.text) : readStructured(file.path, read.text, format);
        if (!parsed) continue;
        if ('error' in parsed) {
          errors.push(parsed.error);
          continue;
        }
        const config = configState(context.store.root, context.store.absolute(file.path));
        context.store.put(file.path, read.text);
        yield { model: { ...parsed, config } satisfies SopsFile, files: [file.path] };
      }
    }
    return { units: units(), errors };
  },
};

function candidateFormat(path: string, kind: string): SopsFile['format'] | undefined {
  if (kind === 'env' || /(?:^|\/)[^/]*\.env(?:\.[^/]*)?$/.test(path)) return 'dotenv';
  if (kind === 'compose') return undefined;
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  if (/\.json$/i.test(path)) return 'json';
  return undefined;
}

function loc(path: string, line: number, column = 1): Location {
  return { path, line, column };
}

function ruleFrom(get: (key: string) => string | undefined): EncryptionRule {
  for (const kind of RULE_KINDS) {
    const v = get(kind);
    if (v) return { kind: kind as RuleKind, value: v };
  }
  return DEFAULT_RULE;
}

function readDotenv(path: string, text: string): Omit<SopsFile, 'config'> | undefined {
  if (!DOTENV_METADATA.test(text)) return undefined;
  const values: SopsValue[] = [];
  const meta = new Map<string, string>();
  let metadataLine = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq < 0) return;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key.startsWith('sops_')) {
      if (metadataLine === 0) metadataLine = i + 1;
      meta.set(key.slice(5), value);
      return;
    }
    values.push({ keys: [key], loc: loc(path, i + 1), keyPath: `sops.${key}`, encrypted: ENCRYPTED.test(value), empty: value === '' });
  });
  const rule = ruleFrom((k) => meta.get(k));
  return { kind: 'sops', path, format: 'dotenv', values, rule, mac: meta.get('mac') ?? '', metadataLoc: loc(path, metadataLine || 1) };
}

function readStructured(path: string, text: string, format: 'yaml' | 'json'): Omit<SopsFile, 'config'> | { error: ScanError } | undefined {
  if (!(format === 'json' ? JSON_METADATA : YAML_METADATA).test(text)) return undefined;
  const counter = new LineCounter();
  // A file with SOPS metadata that does not parse cannot be judged: say so rather than pass it over.
  const unreadable = (line?: number): { error: ScanError } => ({
    error: { path, ...(line === undefined ? {} : { line }), reason: `has SOPS metadata but is not valid ${format.toUpperCase()}, so its encryption cannot be checked` },
  });
  let doc;
  try {
    doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  } catch {
    return unreadable();
  }
  const parseError = doc.errors[0];
  if (parseError) return unreadable(counter.linePos(parseError.pos[0]).line);
  if (!isMap(doc.contents)) return undefined;
  const top = doc.contents;
  const sopsPair = top.items.find((p) => isScalar(p.key) && p.key.value === 'sops');
  if (!sopsPair || !isMap(sopsPair.value)) return undefined;
  const metadata = sopsPair.value;
  const metaString = (key: string): string | undefined => {
    const v = metadata.get(key);
    return typeof v === 'string' ? v : undefined;
  };
  const at = (node: YamlNode | null | undefined): Location => {
    const range = node?.range;
    if (!range) return loc(path, 1);
    const p = counter.linePos(range[0]);
    return loc(path, p.line, p.col);
  };
  const values: SopsValue[] = [];
  const walk = (node: unknown, keys: string[], keyNode: YamlNode | null | undefined): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : '';
        walk(pair.value, [...keys, k], pair.key as YamlNode);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item, keys, (item as YamlNode) ?? keyNode);
    } else if (isScalar(node)) {
      const v = node.value;
      const empty = v === null || v === '';
      const encrypted = typeof v === 'string' && ENCRYPTED.test(v);
      values.push({ keys, loc: at(keyNode ?? node), keyPath: `sops.${keys.join('.')}#${values.length}`, encrypted, empty });
    }
  };
  for (const pair of top.items) {
    if (pair === sopsPair) continue;
    const k = isScalar(pair.key) ? String(pair.key.value) : '';
    walk(pair.value, [k], pair.key as YamlNode);
  }
  return { kind: 'sops', path, format, values, rule: ruleFrom(metaString), mac: metaString('mac') ?? '', metadataLoc: at(sopsPair.key as YamlNode) };
}

/** True when the file's rule says the value at `keys` is encrypted. */
export function mustBeEncrypted(rule: EncryptionRule, keys: readonly string[]): boolean {
  let re: RegExp | undefined;
  if (rule.kind.endsWith('_regex')) {
    try {
      re = compileRe2(rule.value, rule.kind);
    } catch {
      return true;
    }
  }
  switch (rule.kind) {
    case 'unencrypted_suffix': return !keys.some((k) => k.endsWith(rule.value));
    case 'encrypted_suffix': return keys.some((k) => k.endsWith(rule.value));
    case 'unencrypted_regex': return !keys.some((k) => re!.test(k));
    case 'encrypted_regex': return keys.some((k) => re!.test(k));
    // Comment rules decide by the comments above a value; values are encrypted otherwise.
    default: return true;
  }
}

/** The `.sops.yaml` nearest to the file (its folder, then parents up to the filesystem root), and whether it gives the file keys. */
function configState(root: string, absolute: string): SopsConfigState {
  let dir = dirname(absolute);
  for (let i = 0; i < 100; i++) {
    const candidate = join(dir, '.sops.yaml');
    if (existsSync(candidate)) return judgeConfig(root, candidate, absolute);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { problem: 'no .sops.yaml was found in its folder or any parent' };
}

function judgeConfig(root: string, configPath: string, file: string): SopsConfigState {
  const shown = configPath.startsWith(root + sep) ? relative(root, configPath).split(sep).join('/') : configPath;
  let doc: unknown;
  try {
    doc = parseDocument(readFileSync(configPath, 'utf8')).toJS({ maxAliasCount: 100 });
  } catch {
    return { path: shown, problem: `${shown} cannot be read as YAML` };
  }
  const rules = (doc as { creation_rules?: unknown } | null)?.creation_rules;
  if (!Array.isArray(rules) || rules.length === 0) return { path: shown, problem: `${shown} has no creation_rules` };
  const rel = relative(dirname(configPath), file).split(sep).join('/');
  for (const raw of rules) {
    if (raw === null || typeof raw !== 'object') continue;
    const rule = raw as Record<string, unknown>;
    const pathRegex = rule.path_regex;
    if (typeof pathRegex === 'string' && pathRegex !== '') {
      let re: RegExp;
      try {
        re = compileRe2(pathRegex, 'path_regex');
      } catch {
        continue;
      }
      if (!re.test(rel)) continue;
    }
    return hasRecipients(rule) ? { path: shown } : { path: shown, problem: `the creation rule of ${shown} that matches it names no recipients (age, pgp, kms, …)` };
  }
  return { path: shown, problem: `no creation rule of ${shown} matches it` };
}

function hasRecipients(rule: Record<string, unknown>): boolean {
  const named = (r: Record<string, unknown>): boolean =>
    KEY_SOURCES.some((k) => {
      const v = r[k];
      return (typeof v === 'string' && v.trim() !== '') || (Array.isArray(v) && v.length > 0);
    });
  if (named(rule)) return true;
  const groups = rule.key_groups;
  return Array.isArray(groups) && groups.some((g) => g !== null && typeof g === 'object' && named(g as Record<string, unknown>));
}
