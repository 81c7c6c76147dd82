/**
 * The shape the daemon.json checks share: look at one setting; report it where it is set
 * to a bad value, or at line 1 when it is absent and dockerd's default is the bad value.
 */
import type { ReportInput } from '../../core/check.ts';
import type { DaemonConfig } from '../../inputs/docker-daemon/load.ts';

export function judgeSetting(
  model: DaemonConfig,
  report: (input: ReportInput) => void,
  name: string,
  isGood: (value: unknown) => boolean,
  why: { unset: string; bad: (value: unknown) => string },
): void {
  const setting = model.settings.get(name);
  if (setting === undefined) {
    const where = model.present ? 'daemon.json does not set' : 'Docker is installed without a daemon.json, so dockerd runs without';
    report({ at: model.top, key: name, message: `${where} "${name}": ${why.unset}` });
    return;
  }
  if (!isGood(setting.value)) report({ at: setting, key: name, message: why.bad(setting.value) });
}

/** A setting's value for a message: JSON, cut short (a misplaced value could be anything). */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
