/**
 * What a daemon.json means for container logs on the host's disk (checklist D7), shared
 * by the daemon check and the scan fact that spares Compose services their own `logging:`.
 * Semantics follow moby's log drivers: `json-file` (the default) grows without limit
 * unless `max-size` is a positive size and keeps `max-file` files (default 1); `local`
 * rotates by default (20 MB x 5); other drivers do not keep logs on the Docker host (or,
 * like journald, cap them themselves).
 */
import { nestedSetting } from './load.ts';
import type { DaemonConfig, DaemonSetting } from './load.ts';

export interface DaemonLogging {
  /** `log-driver`, default `json-file`. */
  driver: string;
  driverSetting?: DaemonSetting;
  logOpts?: DaemonSetting;
  maxSize?: DaemonSetting;
  maxFile?: DaemonSetting;
  /** Logs of containers that take the daemon's default cannot fill the disk. */
  bounded: boolean;
  /** Bounded, but only one file is kept: every rotation throws the history away. */
  singleFile: boolean;
}

/** go-units FromHumanSize, as json-file reads `max-size`: decimal units, optional `i`/`b`. */
const HUMAN_SIZE = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/;

export function positiveSize(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = HUMAN_SIZE.exec(value.trim());
  return m !== null && Number.parseFloat(m[1]!) > 0;
}

export function daemonLogging(config: DaemonConfig): DaemonLogging {
  const driverSetting = config.settings.get('log-driver');
  const driver = typeof driverSetting?.value === 'string' && driverSetting.value !== '' ? driverSetting.value : 'json-file';
  const logOpts = config.settings.get('log-opts');
  const maxSize = nestedSetting(logOpts, 'max-size');
  const maxFile = nestedSetting(logOpts, 'max-file');
  const files = maxFile === undefined ? undefined : Number(typeof maxFile.value === 'string' ? maxFile.value.trim() : maxFile.value);
  let bounded = true;
  let singleFile = false;
  if (driver === 'json-file') {
    bounded = positiveSize(maxSize?.value);
    singleFile = bounded && (files === undefined || files === 1);
  } else if (driver === 'local') {
    singleFile = files === 1;
  }
  return {
    driver,
    ...(driverSetting ? { driverSetting } : {}),
    ...(logOpts ? { logOpts } : {}),
    ...(maxSize ? { maxSize } : {}),
    ...(maxFile ? { maxFile } : {}),
    bounded,
    singleFile,
  };
}
