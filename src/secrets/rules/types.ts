/**
 * The shape of a secret-detection rule: pure data plus small pure functions, no I/O.
 * One file per provider (or family) under this folder; `index.ts` lists them.
 */

/** Which check reports a rule's hits (`secrets/no-<category>`). */
export type SecretCategory =
  | 'cloud-credentials'
  | 'private-keys'
  | 'code-host-tokens'
  | 'chat-tokens-or-webhooks'
  | 'stripe-keys'
  | 'ai-api-keys'
  | 'email-api-keys'
  | 'package-registry-tokens'
  | 'jwts'
  | 'credentials-in-urls'
  | 'generic-secret-assignments';

/** How sure a hit is and how bad it would be. */
export interface HitVerdict {
  /** `test`: a sandbox key (Stripe `sk_test_`), lower severity. */
  mode?: 'live' | 'test';
  /** The key is protected (passphrase) or limited (expired token): lower severity. */
  weakened?: string;
  /** A check digit or structure confirmed the format: the value is very likely a real credential. */
  verified?: boolean;
  /** Not a secret after all (public role, well-known documentation example): drop the hit. */
  drop?: boolean;
}

export interface LineContext {
  /** Every line of the file (without line ends). */
  lines: readonly string[];
  /** 0-based index of the current line. */
  index: number;
  /** The file's whole text, lower-cased (for "the file also says …" tests). */
  lowerText: string;
}

export interface SecretRule {
  /** Stable id, `<provider>-<what>`; it becomes part of the fingerprint. */
  id: string;
  category: SecretCategory;
  /** What the value is, for messages: `AWS access key id`. Never the value. */
  label: string;
  /**
   * Lower-case substrings one of which every match contains: the cheap prefilter that
   * decides whether the regex runs on a file and on a line.
   */
  keywords: readonly string[];
  /** Global regex; capture group 1 is the secret (what gets masked and judged) unless `secretOf` says otherwise. */
  pattern: RegExp;
  /** The secret in a match when it is not group 1 (undefined: nothing secret is on this line, e.g. a PEM header). */
  secretOf?(match: RegExpExecArray): string | undefined;
  /** Look closer at one match: undefined or `{ drop: true }` to discard it. */
  judge?(secret: string, match: RegExpExecArray, context: LineContext): HitVerdict | undefined;
}

/** True when `text` is made of one repeated character or a short repeated run (`xxxx`, `0000`, `abab`). */
export function isRepetitive(text: string): boolean {
  if (text.length < 4) return true;
  for (let period = 1; period <= 4; period++) {
    let same = true;
    for (let i = period; i < text.length && same; i++) same = text[i] === text[i - period];
    if (same) return true;
  }
  return false;
}

/** Distinct characters in a value: a cheap check that a token is not `aaaa…` or `0123…` filler. */
export function distinctChars(text: string): number {
  return new Set(text).size;
}
