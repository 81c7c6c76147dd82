/**
 * What the fail2ban checks share: which jails protect sshd, and where a setting is
 * reported (its winning assignment, or `jail.local` line 1 when fail2ban's built-in value
 * applies because nothing sets it).
 */
import type { Location } from '../../core/location.ts';
import type { Fail2banConfig, Fail2banJail, JailSetting } from '../../inputs/fail2ban/load.ts';

/** A jail for OpenSSH: named `sshd`/`ssh`, or using the `sshd` filter under any name. */
export function isSshJail(jail: Fail2banJail): boolean {
  return jail.name === 'sshd' || jail.name === 'ssh' || (jail.filterName ?? '').startsWith('sshd');
}

export function settingLocation(model: Fail2banConfig, setting: JailSetting<unknown>): Location {
  if (setting.at && !setting.at.synthetic) return setting.at.loc;
  return { path: model.localPath, line: 1, column: 1 };
}

/** `(in [sshd] of etc/fail2ban/jail.local)` / `(from [DEFAULT] in …)`. */
export function describeOrigin(jail: Fail2banJail, setting: JailSetting<unknown>): string {
  if (!setting.at || setting.at.synthetic) return '';
  return setting.scope === 'jail' ? ` (in [${jail.name}] of ${setting.at.loc.path})` : ` (from [DEFAULT] in ${setting.at.loc.path})`;
}

/** The value as written, and what it became after interpolation when that differs; newlines shown as `\n`. */
export function shownValue(setting: JailSetting<unknown>): string {
  const raw = setting.at?.value ?? '';
  const text = setting.text ?? raw;
  const esc = (v: string): string => v.replace(/\n/g, '\\n');
  return text === raw ? esc(raw) : `${esc(raw)} (= ${esc(text)})`;
}
