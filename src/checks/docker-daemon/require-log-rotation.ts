import { defineCheck } from '../../core/check.ts';
import type { DaemonConfig } from '../../inputs/docker-daemon/load.ts';
import { daemonLogging } from '../../inputs/docker-daemon/logging.ts';
import { shown } from './_setting.ts';

export default defineCheck<DaemonConfig>({
  id: 'docker-daemon/require-log-rotation',
  title: 'The Docker daemon rotates container logs (log-opts max-size and max-file)',
  severity: 'low',
  checklist: ['D7'],
  rationale:
    "dockerd's default `json-file` driver never rotates: one chatty, crash-looping or attacked container fills the " +
    'disk, and with it the database volumes and the logs needed to investigate. A daemon-wide `max-size` caps every ' +
    'container that does not choose its own driver. With `max-size` but a single file (`max-file` absent or 1) the ' +
    'disk is safe, but each rotation empties the log, so it is reported for information only. The `local` driver ' +
    'rotates by default (20 MB x 5); drivers that ship logs elsewhere (journald, syslog, fluentd, …) are not judged.',
  remediation:
    'In /etc/docker/daemon.json, then `systemctl restart docker` (it applies to containers created afterwards):\n' +
    '```json\n{\n  "log-driver": "json-file",\n  "log-opts": { "max-size": "10m", "max-file": "5" }\n}\n```\n' +
    'or `"log-driver": "local"`, which rotates by default.',
  references: [
    'https://docs.docker.com/engine/logging/drivers/json-file/',
    'https://docs.docker.com/engine/logging/drivers/local/',
    'CIS Docker Benchmark: no item (2.13 asks for remote logging, a different control); docker-bench-security and Lynis do not check rotation',
  ],
  fixable: false,
  run({ model, report }) {
    const logging = daemonLogging(model);
    const where = model.present ? '' : 'Docker is installed without a daemon.json: ';
    if (!logging.bounded) {
      const at = logging.maxSize ?? logging.logOpts ?? logging.driverSetting ?? model.top;
      const why = logging.maxSize ? `"max-size" is ${shown(logging.maxSize.value)}, not a positive size` : 'no "max-size" in "log-opts"';
      report({
        at,
        key: 'max-size',
        message: `${where}the ${logging.driver} log driver runs with ${why}: container logs grow until the disk is full`,
      });
      return;
    }
    if (logging.singleFile) {
      const at = logging.maxFile ?? logging.maxSize ?? logging.driverSetting ?? model.top;
      report({
        at,
        key: 'max-file',
        severity: 'info',
        message: `the ${logging.driver} log driver keeps a single log file per container ("max-file" ${logging.maxFile ? `is ${shown(logging.maxFile.value)}` : 'is not set'}): each rotation throws the log history away`,
      });
    }
  },
});
