/**
 * How strong a chosen secret is (checklist A1, A2: "32+ random bytes, not a placeholder").
 * A value is judged by what it is made of, never by comparing it with other secrets:
 * - a placeholder (`changeme`, `dev-secret`, `<your key>`, `django-insecure-…`) or a
 *   well-known default password: as good as public;
 * - made of dictionary words (`MySuperSecretKey2024`): guessable;
 * - otherwise its entropy is estimated from its length and alphabet (hex 4 bits a
 *   character, base64 6, mixed with symbols ~6.6), lowered for repetitive values, and
 *   compared with the 256 bits of 32 random bytes.
 */
import { isWeakPassword } from './names.ts';

export type SecretVerdict =
  /** A template value or a well-known default: no better than no secret. */
  | 'placeholder'
  /** Built from dictionary words: guessable however long. */
  | 'dictionary'
  /** Estimated under 128 bits. */
  | 'weak'
  /** Estimated 128 to 255 bits: below the 32 random bytes the checklist asks. */
  | 'short'
  | 'strong';

export interface SecretStrength {
  verdict: SecretVerdict;
  /** Estimated entropy in bits. */
  bits: number;
}

/** 32 random bytes. */
export const STRONG_BITS = 256;
const WEAK_BITS = 128;

const PLACEHOLDER_WHOLE = new RegExp(
  '^(?:' +
    [
      'change[\\W_]*(?:me|it|this|later)', 'replace[\\W_]*(?:me|this)?', 'please[\\W_]*change[\\W_]*\\w*', 'todo', 'tbd', 'fixme', 'none', 'null', 'nil',
      'undefined', 'empty', 'placeholder', 'dummy', 'fake', 'sample', 'example', 'insecure', 'unsafe', 'not[\\W_]*(?:a[\\W_]*)?secret', 'secret',
      'password', 'passwd', 'key', 'token', 'x+', '\\*+', '\\.+', '-+', '_+', '0+', '1+', '1234\\d*', 'abc\\d*', 'abcdef(?:g\\w*|\\d{0,8})', 'qwerty(?:uiop)?\\d{0,8}',
    ].join('|') +
    ')$',
  'i',
);
/** `your-secret`, `dev-key`, `test_secret`, `insecure-…`, `default-…`. */
const PLACEHOLDER_PREFIX = /^(?:your|my|some|enter|insert|put|generate|dev|devel|development|test|testing|local|demo|example|sample|default|insecure|unsafe|dummy|fake|temp|tmp|changeme)(?:[\W_]|$)/i;
/** `…-here`, `…_dev`, `…-changeme`, `…-placeholder`. */
const PLACEHOLDER_SUFFIX = /[\W_](?:here|dev|development|test|testing|local|example|sample|changeme|placeholder|dummy|fake|insecure)$/i;
/** Template syntax left in the value: `<secret>`, `[key]`, `{{ token }}`, `%SECRET%`, `__SECRET__`. */
const TEMPLATE_SYNTAX = /^(?:<[^>]*>|\[[^\]]*\]|\{\{.*\}\}|%[^%]+%|__[A-Z0-9_]+__)$/;
const PLACEHOLDER_ANYWHERE = /^django-insecure-|(?:change|replace)[\W_]*(?:me|this|it)(?:$|[\W_])|generate[\W_]+(?:a|one|with)[\W_]|not[\W_]+for[\W_]+production/i;

/** True for a value that stands for a secret rather than being one. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v === '') return false;
  if (PLACEHOLDER_WHOLE.test(v) || TEMPLATE_SYNTAX.test(v) || PLACEHOLDER_ANYWHERE.test(v)) return true;
  // `dev-secret` is a placeholder; a random value that happens to start with `My_` or `mY-` is not: its
  // remainder is itself random (WEAK_BITS, not STRONG_BITS: 40 random characters left of 43 fall short of 256).
  const prefix = PLACEHOLDER_PREFIX.exec(v);
  if (prefix && estimateBits(v.slice(prefix[0].length)) < WEAK_BITS) return true;
  const suffix = PLACEHOLDER_SUFFIX.exec(v);
  return suffix !== null && estimateBits(v.slice(0, suffix.index)) < WEAK_BITS;
}

// Words people build "secrets" from: English basics, the vocabulary of config files, and
// names of frameworks and products. Small on purpose: a random value never segments into them.
const WORDS = new Set(`
my me is it to of no go on up ok so we us an at be by do if in or as
the and for you your our this that with from not are was all any new one two
secret secrets password passwd pass key keys token tokens api app apps admin root user users login auth session sessions
cookie cookies jwt sign signing hash salt pepper crypt crypto encrypt encryption private public master super very top
really long strong random string value values default defaults change changeme replace please here there
dev devel develop development prod production stage staging test testing local demo example sample temp
insecure secure safe unsafe hello world foo bar baz qux lorem ipsum dolor amet welcome letmein
django flask fastapi rails node express next nuxt laravel symfony spring react vue angular python java ruby
postgres postgresql mysql mariadb mongo mongodb redis rabbit rabbitmq celery kafka elastic minio qdrant nginx docker
database data base server service services client web site backend frontend worker cache queue broker
company project name team office home house cat dog love life money summer winter spring autumn
monkey dragon shadow sunshine princess football baseball master access trust guest demo open sesame
blue red green black white gold silver orange purple yellow pink
one two three four five six seven eight nine ten first last new old big small good bad best
abc xyz qwerty asdf zxcv pwd pw kiss
`.split(/\s+/).filter(Boolean));

/** True when a word-like run is made only of dictionary words (`supersecret`, `mysecretkey`). */
function segments(word: string): boolean {
  const w = word.toLowerCase();
  const ok: boolean[] = new Array(w.length + 1).fill(false);
  ok[0] = true;
  for (let i = 1; i <= w.length; i++) {
    for (let j = Math.max(0, i - 12); j < i && !ok[i]; j++) {
      if (ok[j] && WORDS.has(w.slice(j, i))) ok[i] = true;
    }
  }
  return ok[w.length]!;
}

/**
 * True when most of the value is dictionary words: the letter runs (split at case
 * changes, digits and punctuation) that segment into words cover 60% of it or more.
 */
export function isDictionaryValue(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return false;
  const runs = v.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
  // A camel-case split of `MySecret` gives `My`, `Secret`; an all-letters run may hold several words.
  let covered = 0;
  for (const run of runs) if (run.length >= 2 && segments(run)) covered += run.length;
  return covered >= 3 && covered / v.length >= 0.6;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Estimated entropy of a value in bits, from its length and alphabet, lowered for repetitive values. */
export function estimateBits(value: string): number {
  const v = value;
  if (v.length === 0) return 0;
  if (UUID.test(v)) return 122;
  const lower = /[a-z]/.test(v);
  const upper = /[A-Z]/.test(v);
  const digit = /[0-9]/.test(v);
  const other = /[^A-Za-z0-9]/.test(v);
  const hex = /^[0-9a-f]+$/.test(v) || /^[0-9A-F]+$/.test(v);
  const counted = hex && digit ? 16 : (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 33 : 0);
  // Mixed-case tokens of base64's characters are base64 (or base62): a random one may
  // simply lack digits or `+/-_`, which would otherwise under-count its alphabet.
  const base64 = lower && upper && /^[A-Za-z0-9+/_-]+=*$/.test(v);
  const alphabet = base64 ? Math.max(counted, 64) : counted;
  const perChar = Math.log2(Math.max(alphabet, 2));
  const counts = new Map<string, number>();
  for (const c of v) counts.set(c, (counts.get(c) ?? 0) + 1);
  let shannon = 0;
  for (const n of counts.values()) shannon -= (n / v.length) * Math.log2(n / v.length);
  // A random value uses its alphabet evenly; `aaaa…`, `abcabc…`, `0000…` do not.
  const bits = v.length >= 8 && shannon < 0.5 * perChar ? v.length * shannon : v.length * perChar;
  return Math.round(bits);
}

/** The strength of a secret; `user` makes a password equal to its user name weak. */
export function judgeSecret(value: string, user?: string): SecretStrength {
  const v = value.trim();
  const bits = estimateBits(v);
  if (isWeakPassword(v, user) || isPlaceholderValue(v)) return { verdict: 'placeholder', bits };
  if (isDictionaryValue(v)) return { verdict: 'dictionary', bits };
  if (bits < WEAK_BITS) return { verdict: 'weak', bits };
  if (bits < STRONG_BITS) return { verdict: 'short', bits };
  return { verdict: 'strong', bits };
}
