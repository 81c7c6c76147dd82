/**
 * The jails fail2ban would start, from a merged configuration, the way JailsReader and
 * JailReader read them: every section except `INCLUDES` is a jail; `enabled`, `filter`
 * are read for all, the rest only for enabled jails; `enabled` and `bantime.increment` are
 * true for `1/on/true/yes` (any case) and false otherwise; `maxretry` must be a Python
 * integer (else the server refuses the jail); `bantime`/`findtime` are handed to the
 * server, which evaluates them (time.ts). Options set nowhere take the
 * server's built-in values: maxretry 3, findtime 10m, bantime 10m, no increment.
 */
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';
import { FAIL2BAN_VERSION, getOption, positionedError } from './config.ts';
import type { MergedConfig, MergedOption } from './config.ts';
import { fail2banSeconds } from './time.ts';

/** fail2ban server defaults (server/failmanager.py, filter.py, banmanager.py). */
export const SERVER_DEFAULTS = { maxretry: 3, findtime: 600, bantime: 600 } as const;

/** One effective option of a jail. */
export interface JailSetting<T> {
  /** The value fail2ban uses; undefined when the text cannot be used at all (see `error`). */
  value: T | undefined;
  /** The text after interpolation, as fail2ban hands it on. */
  text?: string;
  /** The assignment that wins; undefined when the option is set nowhere. */
  at?: MergedOption;
  /** Where the winning assignment is: in the jail's own section or in `[DEFAULT]`. */
  scope?: 'jail' | 'default';
  /** The server's built-in value applies (the option is set nowhere). */
  builtin: boolean;
  /** Why the text could not be used (interpolation error, not a number, not a time). */
  error?: string;
}

export interface Fail2banJail {
  name: string;
  /** The section header (first file that has it). */
  loc: Location;
  enabled: JailSetting<boolean>;
  /** `filter` after interpolation, e.g. `sshd[mode=normal]`. */
  filter: JailSetting<string>;
  /** The filter's name without options: `sshd`. */
  filterName?: string;
  /** Read only for enabled jails. */
  maxretry?: JailSetting<number>;
  /** Seconds. */
  findtime?: JailSetting<number>;
  /** Seconds; negative means forever. */
  bantime?: JailSetting<number>;
  banIncrement?: JailSetting<boolean>;
}

/** Evaluate every jail; errors are positioned at the option whose text fail2ban could not use. */
export function effectiveJails(config: MergedConfig, confDir: string): { jails: Fail2banJail[]; errors: ScanError[] } {
  // JailReader.getOptions merges these into [DEFAULT] before reading any jail.
  const synthetic = (name: string, value: string): MergedOption => ({
    name,
    value,
    synthetic: true,
    loc: { path: `${confDir}/jail.conf`, line: 1, column: 1 },
  });
  config.defaults.set('fail2ban_version', synthetic('fail2ban_version', FAIL2BAN_VERSION));
  config.defaults.set('fail2ban_confpath', synthetic('fail2ban_confpath', '/etc/fail2ban'));

  const errors: ScanError[] = [];
  const jails: Fail2banJail[] = [];
  for (const [name] of config.sections) {
    if (name === 'INCLUDES' || name.startsWith('KNOWN/')) continue;
    const loc = config.headers.get(name) ?? { path: `${confDir}/jail.conf`, line: 1, column: 1 };
    const enabled = readSetting(config, name, 'enabled', (t) => ({ value: asBool(t) }), false);
    const filter = readSetting(config, name, 'filter', (t) => ({ value: t }), '');
    const jail: Fail2banJail = { name, loc, enabled, filter };
    if (filter.value !== undefined) jail.filterName = filter.value.split('[')[0]!.trim();
    if (enabled.error) errors.push(positionedError(enabled.at!, enabled.error));
    if (enabled.value !== true) {
      jails.push(jail);
      continue;
    }
    if (filter.error) errors.push(positionedError(filter.at!, filter.error));
    jail.maxretry = readSetting(config, name, 'maxretry', parseMaxretry, SERVER_DEFAULTS.maxretry);
    jail.findtime = readSetting(config, name, 'findtime', parseTime, SERVER_DEFAULTS.findtime);
    jail.bantime = readSetting(config, name, 'bantime', parseTime, SERVER_DEFAULTS.bantime);
    jail.banIncrement = readSetting(config, name, 'bantime.increment', (t) => ({ value: asBool(t) }), false);
    const bad = [jail.maxretry, jail.findtime, jail.bantime, jail.banIncrement].filter((s) => s.error && s.at);
    bad.sort((x, y) => x.at!.loc.line - y.at!.loc.line);
    for (const s of bad) errors.push(positionedError(s.at!, s.error!));
    jails.push(jail);
  }
  return { jails, errors };
}

type Parse<T> = (text: string) => { value: T } | { error: string };

function readSetting<T>(config: MergedConfig, section: string, option: string, parse: Parse<T>, builtin: T): JailSetting<T> {
  const got = getOption(config, section, option);
  if ('missing' in got) return { value: builtin, builtin: true };
  const scope = config.sections.get(section)?.get(option) === got.option ? 'jail' : 'default';
  if ('error' in got) return { value: undefined, at: got.option, scope, builtin: false, error: got.error };
  const parsed = parse(got.value);
  if ('error' in parsed) return { value: undefined, text: got.value, at: got.option, scope, builtin: false, error: `${option} in [${section}]: ${parsed.error}` };
  return { value: parsed.value, text: got.value, at: got.option, scope, builtin: false };
}

/** fail2ban's `_as_bool`. */
export function asBool(text: string): boolean {
  return ['1', 'on', 'true', 'yes'].includes(text.toLowerCase());
}

/**
 * Python's `int()` on a string: optional sign, digits with single underscores, surrounding
 * whitespace. Anything else makes the client send `maxretry None`, which the server refuses.
 */
function parseMaxretry(text: string): { value: number } | { error: string } {
  const m = /^\s*([+-]?\d+(?:_\d+)*)\s*$/.exec(text);
  if (!m) return { error: `"${clip(text)}" is not an integer; fail2ban cannot start the jail with it` };
  return { value: Number(m[1]!.replace(/_/g, '')) };
}

function parseTime(text: string): { value: number } | { error: string } {
  const seconds = fail2banSeconds(text);
  return seconds === undefined ? { error: `"${clip(text)}" is not a time fail2ban can read (e.g. 600, 10m, 1h, 1d, -1)` } : { value: seconds };
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
