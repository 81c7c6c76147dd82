import { defineCheck } from '../../core/check.ts';
import type { BackupsModel } from '../../inputs/backups/load.ts';

export default defineCheck<BackupsModel>({
  id: 'backups/require-daily-schedule',
  title: 'Database backups run at least daily',
  severity: 'low',
  checklist: ['B1'],
  rationale:
    'The backup interval is the most data a restore can lose: a weekly dump loses up to seven days of orders, sign-ups ' +
    'and uploads. The seed guides ask for daily backups, with weekly copies kept four weeks. A less frequent job is ' +
    'reported only when no other backup job on the host runs daily or more often (a weekly job next to a daily one is ' +
    'the recommended retention scheme), and a job whose schedule cannot be read (a compose backup container) counts ' +
    'as daily. Low: there is a backup, it is only too far apart.',
  remediation:
    'Run the dump every day, e.g. `15 2 * * * root /usr/local/bin/db-backup.sh` in /etc/cron.d/db-backup, a script in ' +
    '/etc/cron.daily/, or `OnCalendar=daily` in a systemd timer; keep the weekly job for long-term retention if wanted.',
  references: ['https://www.postgresql.org/docs/current/backup.html'],
  fixable: false,
  run({ model, report }) {
    const running = model.jobs.filter((j) => j.runs);
    if (running.some((j) => j.frequency === 'daily' || j.frequency === 'sub-daily' || j.frequency === 'unknown')) return;
    for (const job of running) {
      const tools = [...new Set(job.dumps.map((d) => d.tool))].join(', ');
      if (job.frequency === 'reboot') {
        report({ at: job.at, message: `${tools} runs only when the host boots (${job.schedule}): a host up for months has no recent backup` });
      } else if (job.frequency === 'less-than-daily') {
        const detail = job.scheduleDetail ? `: ${job.scheduleDetail}` : '';
        report({ at: job.at, message: `${tools} runs less often than daily (${job.schedule}${detail}): a restore can lose more than a day of data` });
      }
    }
  },
});
