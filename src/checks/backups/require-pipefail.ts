import { defineCheck } from '../../core/check.ts';
import type { BackupsModel } from '../../inputs/backups/load.ts';

export default defineCheck<BackupsModel>({
  id: 'backups/require-pipefail',
  title: 'Database dumps piped into another command fail the job when the dump fails',
  severity: 'medium',
  checklist: ['B1'],
  rationale:
    'A pipeline exits with the status of its last command. In `pg_dump app | gzip > app.sql.gz` a pg_dump that fails ' +
    '(wrong password, database down, disk full on the server) still leaves a valid, truncated gzip file and an exit ' +
    'status of 0, so `set -e`, `&&` chains, cron mail and monitoring all see success, and rotation then deletes the last ' +
    'good backups. The failure is found only at restore time. `set -o pipefail` (bash, zsh, ksh) makes the pipeline fail ' +
    'when any part fails. No Lynis or CIS equivalent.',
  remediation:
    'Start backup scripts with `set -euo pipefail` under bash (`#!/usr/bin/env bash`); in a crontab set `SHELL=/bin/bash` and ' +
    'write `set -o pipefail; pg_dump app | gzip > /var/backups/app.sql.gz`, or avoid the pipe: `pg_dump -Fc -f /var/backups/app.dump app` ' +
    '(custom format is already compressed). Checking `${PIPESTATUS[0]}` after the pipeline also works.',
  references: ['https://www.gnu.org/software/bash/manual/html_node/Pipelines.html', 'https://www.gnu.org/software/bash/manual/html_node/The-Set-Builtin.html'],
  fixable: false,
  run({ model, report }) {
    for (const job of model.jobs) {
      for (const d of job.dumps) {
        if (d.category !== 'dump' || !d.piped || d.guarded) continue;
        report({
          at: d.loc,
          key: d.tool,
          message: `${d.tool} writes into a pipe without pipefail: when ${d.tool} fails the pipeline still exits 0 and leaves a truncated backup that looks fine`,
        });
      }
    }
  },
});
