import { defineCheck } from '../../core/check.ts';
import { BACKUP_PLACES } from '../../inputs/backups/load.ts';
import type { BackupsModel } from '../../inputs/backups/load.ts';

export default defineCheck<BackupsModel>({
  id: 'backups/require-database-backup',
  title: 'A scheduled job backs up the databases on the host',
  severity: 'medium',
  checklist: ['B1'],
  rationale:
    'Without an automated dump, a failed disk, a bad migration, ransomware or a `docker compose down -v` loses the data ' +
    'for good, and the incident-response step "recreate from a clean state" (B5) has nothing to restore. The check looks ' +
    'for a scheduled job that runs a dump or backup tool: crontab entries (/etc/crontab, /etc/cron.d, user crontabs), ' +
    'scripts in /etc/cron.{hourly,daily,weekly,monthly}, enabled systemd timers, and compose services running a backup ' +
    'image, following the scripts they call. It is medium when a database server or its data is evident on the host ' +
    '(a postgres/mysql/mariadb/mongo image in a compose file, a data directory, a server binary or a running server) and ' +
    'info otherwise, since the databases may live elsewhere. Lynis has no equivalent test.',
  remediation:
    'Schedule a daily dump that fails loudly, e.g. /etc/cron.d/db-backup:\n```\nSHELL=/bin/bash\n' +
    '15 2 * * * root /usr/local/bin/db-backup.sh\n```\nwith /usr/local/bin/db-backup.sh:\n```\n#!/usr/bin/env bash\n' +
    'set -euo pipefail\numask 077\ndocker compose -f /srv/app/docker-compose.yml exec -T db pg_dump -U app -Fc app > "/var/backups/pg/app-$(date +%F).dump"\n' +
    'find /var/backups/pg -name "app-*.dump" -mtime +28 -delete\n```\nKeep weekly copies for 4 weeks, copy them off the host, ' +
    'and test a restore into a scratch database. If backups run elsewhere (managed database, a backup server), suppress this finding with that reason.',
  references: ['CIS Controls v8 11.2 (automated backups)', 'https://www.postgresql.org/docs/current/backup-dump.html'],
  fixable: false,
  run({ model, report }) {
    if (!model.host || model.hidden.length > 0) return;
    if (model.jobs.some((j) => j.runs)) return;
    const servers = model.databases.filter((d) => d.strength === 'server');
    const clients = model.databases.filter((d) => d.strength === 'client');
    const idle = model.jobs.filter((j) => !j.runs);
    const why = idle.length > 0 ? ` A backup job exists but never runs: ${idle.map((j) => j.notRun).join('; ')}.` : '';
    if (servers.length > 0) {
      const seen = servers.slice(0, 3).map((d) => `${d.engine} (${d.where})`).join(', ');
      report({ at: { path: BACKUP_PLACES.crontab, line: 1, column: 1 }, message: `no scheduled database backup, but the host holds a database: ${seen}.${why}` });
      return;
    }
    const hint = clients.length > 0 ? ` (only the client tool ${clients[0]!.where} is installed)` : '';
    report({
      at: { path: BACKUP_PLACES.crontab, line: 1, column: 1 },
      severity: 'info',
      message: `no scheduled database backup and no database server evident on this host${hint}; if databases live elsewhere, back them up there.${why}`,
    });
  },
});
