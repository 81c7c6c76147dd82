/**
 * `.sops.yaml` creation rules, as sops reads them (config/config.go): the file is found
 * in the working directory or the nearest parent; the first rule whose `path_regex`
 * (RE2, unanchored) matches the file's path relative to the config's directory, or that
 * has no `path_regex`, applies. We use its age recipients (a string with commas or a
 * list, or a single key group's `age` list), its encryption rule and `mac_only_encrypted`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { SecretsError } from './errors.ts';
import { compileRe2, RULE_KINDS } from './sops/rules.ts';
import type { EncryptionRule, RuleKind } from './sops/rules.ts';

export const SOPS_CONFIG_NAME = '.sops.yaml';
const MAX_DEPTH = 100;

export interface CreationRule {
  recipients: string[];
  rule?: EncryptionRule;
  macOnlyEncrypted: boolean;
  /** The rule's index in `creation_rules`, for messages. */
  index: number;
}

/** The nearest `.sops.yaml` from `startDir` upwards, or undefined. */
export function findSopsConfig(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (let i = 0; i < MAX_DEPTH; i++) {
    const candidate = join(dir, SOPS_CONFIG_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

const OTHER_KEY_FIELDS = ['pgp', 'kms', 'gcp_kms', 'azure_keyvault', 'hc_vault_transit_uri', 'hckms', 'plugins'];

/** The creation rule for `filePath` (absolute), or undefined when the config has no creation_rules. */
export function creationRuleFor(configPath: string, configText: string, filePath: string): CreationRule | undefined {
  let doc: unknown;
  try {
    doc = parse(configText, { maxAliasCount: 100 });
  } catch (err) {
    throw new SecretsError(`${configPath}: not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (doc === null || doc === undefined) return undefined;
  if (!isRecord(doc)) throw new SecretsError(`${configPath}: expected a mapping at the top level`);
  const rules = doc.creation_rules;
  if (rules === undefined || rules === null) return undefined;
  if (!Array.isArray(rules)) throw new SecretsError(`${configPath}: creation_rules must be a list`);

  const configDir = dirname(resolve(configPath));
  const rel = filePath.startsWith(configDir + sep) ? relative(configDir, filePath).split(sep).join('/') : filePath;
  for (let index = 0; index < rules.length; index++) {
    const raw: unknown = rules[index];
    if (!isRecord(raw)) throw new SecretsError(`${configPath}: creation_rules[${index}] must be a mapping`);
    const pathRegex = raw.path_regex;
    if (pathRegex !== undefined && pathRegex !== null && pathRegex !== '') {
      if (typeof pathRegex !== 'string') throw new SecretsError(`${configPath}: creation_rules[${index}].path_regex must be a string`);
      if (!compileRe2(pathRegex, `${configPath}: creation_rules[${index}].path_regex`).test(rel)) continue;
    }
    return readRule(configPath, raw, index);
  }
  throw new SecretsError(`${configPath}: no creation rule matches ${rel}`);
}

/** Find and apply `.sops.yaml` for a file; undefined when there is none (or it has no creation rules). */
export function loadCreationRule(cwd: string, filePath: string): { configPath: string; rule: CreationRule } | undefined {
  const configPath = findSopsConfig(cwd);
  if (configPath === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (err) {
    throw new SecretsError(`cannot read ${configPath}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const rule = creationRuleFor(configPath, text, resolve(cwd, filePath));
  return rule === undefined ? undefined : { configPath, rule };
}

function readRule(configPath: string, raw: Record<string, unknown>, index: number): CreationRule {
  const where = `${configPath}: creation_rules[${index}]`;
  const others = OTHER_KEY_FIELDS.filter((f) => raw[f] !== undefined && raw[f] !== null && raw[f] !== '');
  let recipients = keyList(raw.age, `${where}.age`);
  const groups = raw.key_groups;
  if (Array.isArray(groups) && groups.length > 0) {
    if (groups.length > 1) throw new SecretsError(`${where}: several key_groups (Shamir secret sharing) are not supported by bulwark; use sops`);
    const group: unknown = groups[0];
    if (!isRecord(group)) throw new SecretsError(`${where}.key_groups[0] must be a mapping`);
    others.push(...OTHER_KEY_FIELDS.filter((f) => group[f] !== undefined && group[f] !== null).map((f) => `key_groups[0].${f}`));
    if (group.merge !== undefined) throw new SecretsError(`${where}.key_groups[0].merge is not supported by bulwark; use sops`);
    recipients = [...recipients, ...keyList(group.age, `${where}.key_groups[0].age`)];
  }
  if (others.length > 0) {
    throw new SecretsError(`${where} also names ${others.join(', ')} keys, which bulwark cannot wrap the data key for; use sops for this file`);
  }
  const rules: EncryptionRule[] = [];
  for (const kind of RULE_KINDS) {
    const value = raw[kind];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') throw new SecretsError(`${where}.${kind} must be a string`);
    rules.push({ kind: kind as RuleKind, value });
  }
  if (rules.length > 1) {
    throw new SecretsError(`${where}: cannot use more than one of ${RULE_KINDS.join(', ')} in the same rule`);
  }
  for (const r of rules) if (r.kind.endsWith('_regex')) compileRe2(r.value, `${where}.${r.kind}`);
  const macOnly = raw.mac_only_encrypted;
  if (macOnly !== undefined && macOnly !== null && typeof macOnly !== 'boolean') throw new SecretsError(`${where}.mac_only_encrypted must be true or false`);
  return { recipients, ...(rules[0] ? { rule: rules[0] } : {}), macOnlyEncrypted: macOnly === true, index };
}

// sops accepts a comma-separated string or a list of strings.
function keyList(value: unknown, where: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return (value as string[]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  }
  throw new SecretsError(`${where} must be a string or a list of strings`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
