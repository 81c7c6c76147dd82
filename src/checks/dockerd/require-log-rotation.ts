import { defineCheck } from '../../core/check.ts';
import type { DaemonConfig } from '../../inputs/dockerd/load.ts';

/** Drivers that write to the host's disk and keep growing unless told otherwise. `local` rotates by default. */
const GROWING = new Set(['json-file']);

export default defineCheck<DaemonConfig>({
  id: 'dockerd/require-log-rotation',
  title: 'The Docker daemon rotates container logs (log-opts max-size)',
  severity: 'low',
  checklist: ['D7'],
  rationale:
    "dockerd's default `json-file` driver never rotates: one chatty or attacked container fills the disk, and with it " +
    'the database volumes and the logs needed to investigate. A daemon-wide `max-size` covers every container.',
  remediation:
    'In /etc/docker/daemon.json set `"log-driver": "json-file", "log-opts": { "max-size": "10m", "max-file": "5" }` ' +
    '(or `"log-driver": "local"`, which rotates by default) and restart dockerd; it applies to containers created afterwards.',
  references: ['CIS Docker Benchmark 2.13', 'https://docs.docker.com/engine/logging/drivers/json-file/'],
  fixable: false,
  run({ model, report }) {
    const driverSetting = model.settings.get('log-driver');
    const driver = typeof driverSetting?.value === 'string' ? driverSetting.value : 'json-file';
    if (!GROWING.has(driver)) return;
    const optsSetting = model.settings.get('log-opts');
    const opts = optsSetting && typeof optsSetting.value === 'object' && optsSetting.value !== null ? (optsSetting.value as Record<string, unknown>) : undefined;
    const maxSize = opts?.['max-size'];
    if (typeof maxSize === 'string' && maxSize.trim() !== '') return;
    const at = optsSetting ?? driverSetting ?? model.top;
    const where = model.present ? '' : 'Docker is installed without a daemon.json: ';
    report({ at, key: 'log-opts', message: `${where}the ${driver} log driver runs without "max-size": container logs grow until the disk is full` });
  },
});
