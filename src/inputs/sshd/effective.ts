/**
 * The effective sshd settings by OpenSSH's rule: for each keyword the first value read
 * wins, across included files in reading order. sshd then re-reads the configuration for
 * each connection, applying only the Match blocks that match (first value wins again) over
 * the global values: so a value under `Match all` beats any global one, and other `Match`
 * blocks may set another value for the connections they match. Values are normalized
 * to what `sshd -T` prints (lower-case flags, `without-password` for `prohibit-password`).
 */
import type { ScanError } from '../../core/finding.ts';
import type { SshdDirective, SshdMatchBlock } from './parse.ts';

/** Security-relevant keywords we evaluate, with the defaults of current OpenSSH. */
export const SSHD_DEFAULTS = {
  passwordauthentication: 'yes',
  kbdinteractiveauthentication: 'yes',
  permitrootlogin: 'without-password',
  pubkeyauthentication: 'yes',
  permitemptypasswords: 'no',
  x11forwarding: 'no',
  maxauthtries: '6',
} as const;

export type SshdKeyword = keyof typeof SSHD_DEFAULTS;

export const SSHD_KEYWORDS = Object.keys(SSHD_DEFAULTS) as SshdKeyword[];

/** Keywords sshd accepts under another name. */
const ALIASES: Record<string, SshdKeyword> = { challengeresponseauthentication: 'kbdinteractiveauthentication' };

const FLAG = new Set(['yes', 'no']);
const ROOT_LOGIN: Record<string, string> = {
  'without-password': 'without-password',
  'prohibit-password': 'without-password',
  'forced-commands-only': 'forced-commands-only',
  yes: 'yes',
  no: 'no',
};

export interface SshdSetting {
  keyword: SshdKeyword;
  /** Normalized value, as `sshd -T` prints it. */
  value: string;
  /** The directive that sets it; undefined when the value is OpenSSH's default. */
  directive?: SshdDirective;
}

/** A `Match` block that sets a keyword to something other than the global value. */
export interface SshdMatchOverride {
  keyword: SshdKeyword;
  value: string;
  directive: SshdDirective;
  match: SshdMatchBlock;
}

export interface SshdEffective {
  settings: Record<SshdKeyword, SshdSetting>;
  overrides: SshdMatchOverride[];
}

/** The canonical keyword for a directive, when it is one we evaluate. */
export function sshdKeywordOf(keyword: string): SshdKeyword | undefined {
  const k = keyword.toLowerCase();
  if (k in SSHD_DEFAULTS) return k as SshdKeyword;
  return ALIASES[k];
}

/** Normalize a value of a known keyword, or undefined when sshd would reject it. */
export function normalizeSshdValue(keyword: SshdKeyword, args: readonly string[]): string | undefined {
  if (args.length !== 1) return undefined;
  const raw = args[0]!.toLowerCase();
  if (keyword === 'permitrootlogin') return ROOT_LOGIN[raw];
  if (keyword === 'maxauthtries') return /^\d+$/.test(raw) && Number(raw) <= 2147483647 ? String(Number(raw)) : undefined;
  return FLAG.has(raw) ? raw : undefined;
}

export function effectiveSshd(directives: readonly SshdDirective[]): { effective: SshdEffective; errors: ScanError[] } {
  const errors: ScanError[] = [];
  const settings = {} as Record<SshdKeyword, SshdSetting>;
  const inMatch: { keyword: SshdKeyword; value: string; directive: SshdDirective; match: SshdMatchBlock }[] = [];
  const forAll = {} as Partial<Record<SshdKeyword, SshdSetting>>;
  const seenInBlock = new Set<string>();
  for (const directive of directives) {
    const keyword = sshdKeywordOf(directive.keyword);
    if (!keyword) continue;
    const value = normalizeSshdValue(keyword, directive.args);
    if (value === undefined) {
      errors.push({
        path: directive.loc.path,
        line: directive.loc.line,
        column: directive.loc.column,
        reason: `unsupported value for ${directive.name}: sshd would refuse to start`,
      });
      continue;
    }
    if (directive.match) {
      // Within one block, too, the first value wins.
      const blockKey = `${directive.match.loc.path}:${directive.match.loc.line}:${keyword}`;
      if (seenInBlock.has(blockKey)) continue;
      seenInBlock.add(blockKey);
      // A Match block read after a `Match all` value never gets to set it.
      if (!forAll[keyword]) inMatch.push({ keyword, value, directive, match: directive.match });
    } else if (directive.matchAll) {
      forAll[keyword] ??= { keyword, value, directive };
    } else if (!settings[keyword]) {
      settings[keyword] = { keyword, value, directive };
    }
  }
  for (const keyword of SSHD_KEYWORDS) {
    settings[keyword] = forAll[keyword] ?? settings[keyword] ?? { keyword, value: SSHD_DEFAULTS[keyword] };
  }
  const overrides = inMatch.filter((o) => o.value !== settings[o.keyword].value);
  return { effective: { settings, overrides }, errors };
}
