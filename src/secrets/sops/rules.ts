/**
 * Which values sops encrypts. At most one rule per file; without one, keys ending in
 * `_unencrypted` stay plaintext (and that rule is written to the file). For dotenv the
 * path of a value is just its key; a comment has an empty path, so only the
 * "unencrypted" rules and the comment rules can encrypt comments.
 */
import { SecretsError } from '../errors.ts';

export const RULE_KINDS = [
  'unencrypted_suffix',
  'encrypted_suffix',
  'unencrypted_regex',
  'encrypted_regex',
  'unencrypted_comment_regex',
  'encrypted_comment_regex',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface EncryptionRule {
  kind: RuleKind;
  value: string;
}

export const DEFAULT_RULE: EncryptionRule = { kind: 'unencrypted_suffix', value: '_unencrypted' };

/**
 * Decides, walking the items in order, whether each one is encrypted. Comment rules look
 * at the comments seen since the last value, as sops's walk does.
 */
export class RuleWalker {
  private readonly regex: RegExp | undefined;
  private comments: string[] = [];

  constructor(readonly rule: EncryptionRule) {
    this.regex = rule.kind.endsWith('_regex') ? compileRe2(rule.value, `the ${rule.kind} rule`) : undefined;
  }

  /** Call for each comment, in order; returns whether the comment is encrypted. */
  comment(text: string): boolean {
    this.comments.push(text);
    return this.decide([], true);
  }

  /** Call for each value, in order; returns whether the value is encrypted. */
  value(key: string): boolean {
    const encrypted = this.decide([key], false);
    this.comments = [];
    return encrypted;
  }

  private decide(path: string[], isComment: boolean): boolean {
    const { kind, value } = this.rule;
    const re = this.regex;
    switch (kind) {
      case 'unencrypted_suffix':
        return !path.some((p) => p.endsWith(value));
      case 'encrypted_suffix':
        return path.some((p) => p.endsWith(value));
      case 'unencrypted_regex':
        return !path.some((p) => re!.test(p));
      case 'encrypted_regex':
        return path.some((p) => re!.test(p));
      case 'unencrypted_comment_regex':
        return !this.comments.some((c) => re!.test(c));
      case 'encrypted_comment_regex': {
        // The comment line that matches is itself left readable; later ones are encrypted.
        const seen = isComment ? this.comments.slice(0, -1) : this.comments;
        return seen.some((c) => re!.test(c));
      }
    }
  }
}

/**
 * A Go RE2 pattern as a JavaScript RegExp, for the subset both read the same way. RE2
 * has no lookaround or backreferences; we refuse them rather than match differently.
 */
export function compileRe2(pattern: string, what: string): RegExp {
  let source = pattern;
  let flags = '';
  const leading = /^\(\?([imsU]+)\)/.exec(source);
  if (leading) {
    if (leading[1]!.includes('U')) throw new SecretsError(`${what}: the (?U) flag is not supported`);
    flags = leading[1]!;
    source = source.slice(leading[0].length);
  }
  source = source.replace(/\(\?P</g, '(?<');
  if (/\(\?<?[=!]/.test(source)) throw new SecretsError(`${what}: lookaround is not valid in RE2 (the regex dialect of sops)`);
  if (/\\[1-9]|\\k</.test(source)) throw new SecretsError(`${what}: backreferences are not valid in RE2 (the regex dialect of sops)`);
  if (/\(\?[a-zA-Z]/.test(source)) throw new SecretsError(`${what}: inline flags are supported only at the start of the pattern`);
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new SecretsError(`${what}: invalid regular expression (${(err as Error).message})`);
  }
}
