/**
 * Backup jobs: the crontab parser (system and user crontabs, schedules, positions), the
 * shell reader that finds dumps, pipes without pipefail and called scripts, systemd timer
 * schedules, and the loader that puts them together inside the host root.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { parseCrontab } from '../../../src/inputs/backups/crontab.ts';
import type { CronEntry } from '../../../src/inputs/backups/crontab.ts';
import { loadBackups } from '../../../src/inputs/backups/load.ts';
import type { BackupsModel } from '../../../src/inputs/backups/load.ts';
import { analyzeCommand, analyzeScript, lex } from '../../../src/inputs/backups/shell.ts';
import { calendarFrequency, execCommand, parseUnitFile, spanFrequency } from '../../../src/inputs/backups/systemd.ts';
import { discoverHost } from '../../../src/inputs/host/layout.ts';
import type { LiveHost } from '../../../src/inputs/host/live.ts';
import { SourceStore } from '../../../src/inputs/source.ts';
import requireDatabaseBackup from '../../../src/checks/backups/require-database-backup.ts';
import requirePipefail from '../../../src/checks/backups/require-pipefail.ts';
import requireDailySchedule from '../../../src/checks/backups/require-daily-schedule.ts';
import type { CheckDefinition } from '../../../src/core/check.ts';
import type { Severity } from '../../../src/core/severity.ts';
import { makeTree } from '../../scan/tree.ts';
import type { TempTree } from '../../scan/tree.ts';

const trees: TempTree[] = [];
after(() => trees.forEach((t) => t.remove()));

describe('parseCrontab', () => {
  it('reads a system crontab: env lines, user field, command column, positions', () => {
    const text = 'SHELL=/bin/bash\nMAILTO = "ops@example.com"\n# comment\n15 2 * * *\troot\t/usr/local/bin/pg-backup.sh --full\n@daily postgres pg_dumpall -f /b/all.sql\n';
    const { lines, errors } = parseCrontab(text, 'etc/crontab', true);
    assert.deepEqual(errors, []);
    assert.deepEqual(lines.map((l) => (l.type === 'env' ? ['env', l.name, l.value, l.loc.line] : ['entry', l.user, l.command, l.loc.line, l.commandColumn])), [
      ['env', 'SHELL', '/bin/bash', 1],
      ['env', 'MAILTO', 'ops@example.com', 2],
      ['entry', 'root', '/usr/local/bin/pg-backup.sh --full', 4, 17],
      ['entry', 'postgres', 'pg_dumpall -f /b/all.sql', 5, 17],
    ]);
  });

  it('reads a user crontab without a user field; % ends the command, \\% is a percent', () => {
    const { lines } = parseCrontab('0 1 * * * pg_dump app > /b/app-$(date +\\%F).sql%stdin text\n', 'u', false);
    const e = lines[0] as CronEntry;
    assert.equal(e.user, undefined);
    assert.equal(e.command, 'pg_dump app > /b/app-$(date +%F).sql');
    assert.equal(e.commandColumn, 11);
  });

  it('judges how often a schedule runs, with cron\'s day-of-month/day-of-week rule', () => {
    const cases: Array<[string, string]> = [
      ['15 2 * * *', 'daily'],
      ['*/15 * * * *', 'sub-daily'],
      ['0 2,14 * * *', 'sub-daily'],
      ['0 3 * * 0', 'less-than-daily'],
      ['0 3 * * 7', 'less-than-daily'],
      ['0 2 * * 1-5', 'less-than-daily'],
      ['0 2 * * 0-6', 'daily'],
      ['0 2 * * 0-7', 'daily'],
      ['0 2 1-31 * *', 'daily'],
      ['0 2 */2 * *', 'less-than-daily'],
      ['0 2 1 * 1', 'less-than-daily'],
      ['0 2 * jan-dec *', 'daily'],
      ['0 2 * 1-6 *', 'less-than-daily'],
      ['0 4 * * sun', 'less-than-daily'],
    ];
    for (const [schedule, frequency] of cases) {
      const { lines, errors } = parseCrontab(`${schedule} cmd\n`, 'u', false);
      assert.deepEqual(errors, [], schedule);
      assert.equal((lines[0] as CronEntry).schedule.frequency, frequency, schedule);
    }
    const special = parseCrontab('@reboot a\n@weekly b\n@hourly c\n@midnight d\n@annually e\n', 'u', false).lines as CronEntry[];
    assert.deepEqual(special.map((e) => e.schedule.frequency), ['reboot', 'less-than-daily', 'sub-daily', 'daily', 'less-than-daily']);
  });

  it('reports lines cron would reject, at their position', () => {
    const { lines, errors } = parseCrontab('0 2 * *\n61 2 * * * root x\n@sometimes root x\n0 2 * * *  root\n 0 2 * * mon-fri\n', 'etc/cron.d/x', true);
    assert.deepEqual(errors.map((e) => [e.line, e.column]), [[1, 1], [2, 1], [3, 1], [4, 1], [5, 2]]);
    assert.deepEqual(lines, []);
  });

  it('never throws; positions stay inside the input (property)', () => {
    const field = fc.constantFrom('*', '*/5', '0', '1-5', 'mon', 'jan', '7', '60', 'x', '@daily', '@reboot', '', 'A=1');
    const row = fc.oneof(fc.array(field, { maxLength: 8 }).map((f) => f.join(' ')), fc.string({ maxLength: 30 }));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), fc.boolean(), (rows, system) => {
        const text = rows.join('\n');
        const { lines, errors } = parseCrontab(text, 'p', system);
        const count = text.split('\n').length;
        for (const e of errors) assert.ok(e.line! >= 1 && e.line! <= count && e.column! >= 1);
        for (const l of lines) assert.ok(l.loc.line >= 1 && l.loc.line <= count);
      }),
      { numRuns: 400 },
    );
  });
});

const at = { path: 'c', line: 7, column: 20 };
const dumps = (command: string): string[] => analyzeCommand(command, at).dumps.map((d) => `${d.tool}@${d.loc.line}:${d.loc.column} piped=${d.piped} guarded=${d.guarded}`);

describe('analyzeCommand and analyzeScript', () => {
  it('finds dumps through the usual wrappers, at their column', () => {
    assert.deepEqual(dumps('pg_dump -Fc -f /b/app.dump app'), ['pg_dump@7:20 piped=false guarded=true']);
    assert.deepEqual(dumps('sudo -u postgres pg_dump app | gzip > x'), ['pg_dump@7:37 piped=true guarded=false']);
    assert.deepEqual(dumps('env PGPASSWORD=x nice -n 19 ionice -c3 timeout 2h /usr/bin/pg_dumpall > x'), ['pg_dumpall@7:70 piped=false guarded=true']);
    assert.deepEqual(dumps('su postgres -c "pg_dump app | gzip > /b/x.gz"'), ['pg_dump@7:36 piped=true guarded=false']);
    assert.deepEqual(dumps("flock -n /run/b.lock -c 'set -o pipefail; mysqldump db | gzip > x'"), ['mysqldump@7:62 piped=true guarded=true']);
    assert.deepEqual(dumps('kubectl exec -n db pg-0 -- pg_dump app | gzip > x'), ['pg_dump@7:47 piped=true guarded=false']);
    assert.deepEqual(dumps('docker compose exec -T redis redis-cli --rdb /data/dump.rdb'), ['redis-cli@7:49 piped=false guarded=true']);
    assert.deepEqual(dumps('sqlite3 /srv/app.db ".backup /b/app.db"'), ['sqlite3@7:20 piped=false guarded=true']);
    assert.deepEqual(dumps('restic backup /var/backups 2>&1 | logger -t restic'), ['restic@7:20 piped=true guarded=false']);
  });

  it('ignores tool names that are not commands', () => {
    assert.deepEqual(dumps('echo "pg_dump failed" | mail root'), []);
    assert.deepEqual(dumps('/usr/local/bin/pg_dump.sh'), []);
    assert.deepEqual(dumps('redis-cli ping'), []);
    assert.deepEqual(dumps('grep pg_dump /var/log/syslog | tail'), []);
  });

  it('tracks pipefail, +o pipefail and PIPESTATUS through a script', () => {
    const script = '#!/bin/bash\nset -euo pipefail\npg_dump a | gzip > a.gz\nset +o pipefail\npg_dump b | gzip > b.gz\nout=$(mysqldump c |\n  gzip)\ncat <<EOF\npg_dump d | gzip\nEOF\n';
    assert.deepEqual(analyzeScript(script, 's').dumps.map((d) => `${d.tool}@${d.loc.line} ${d.guarded}`), ['pg_dump@3 true', 'pg_dump@5 false', 'mysqldump@6 false']);
    assert.deepEqual(analyzeScript('pg_dump a | gzip > a.gz\nexit "${PIPESTATUS[0]}"\n', 's').dumps.map((d) => d.guarded), [true]);
  });

  it('lists the scripts a command calls, resolving cd', () => {
    const calls = (c: string): string[] => analyzeCommand(c, at).calls.map((x) => x.target).filter((x) => x.includes('/'));
    assert.deepEqual(calls('/usr/local/bin/backup.sh --all'), ['/usr/local/bin/backup.sh']);
    assert.deepEqual(calls('bash /opt/app/bin/dump.sh'), ['/opt/app/bin/dump.sh']);
    assert.deepEqual(calls('cd /opt/app && ./backup.sh 2>&1 | logger'), ['/opt/app/backup.sh']);
    assert.deepEqual(calls('. /etc/profile.d/x.sh; run'), ['/etc/profile.d/x.sh']);
    assert.deepEqual(calls('test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }'), []);
  });

  it('never throws and always terminates on any text (property)', () => {
    const piece = fc.constantFrom('pg_dump x', ' | ', '|', '||', '&&', ';', '"', "'", '$(', ')', '`', '\\', '\n', '<<EOF\n', 'EOF\n', '#', '2>&1', 'set -o pipefail', 'sh -c ', 'docker exec db ', '${', '}', '$((1+', '>(', '&>');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 10 })), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const facts = analyzeScript(text, 'p');
        const count = text.split('\n').length;
        for (const d of facts.dumps) assert.ok(d.loc.line >= 1 && d.loc.line <= count && d.loc.column >= 1);
        lex(text, { line: 1, column: 1 });
        analyzeCommand(text.split('\n')[0]!, at);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseUnitFile', () => {
  it('reads sections and keys with positions, joining continued lines', () => {
    const text = '# c\n[Service]\nType=oneshot\n  ExecStart = -/usr/bin/pg_dumpall \\\n    --file=/b/all.sql\n; note\n[Timer]\nOnCalendar=daily\n';
    const entries = parseUnitFile(text, 'u');
    assert.deepEqual(entries.map((e) => [e.section, e.key, e.value, e.loc.line, e.loc.column, e.valueColumn, e.loc.endLine]), [
      ['Service', 'Type', 'oneshot', 3, 1, 6, 3],
      ['Service', 'ExecStart', '-/usr/bin/pg_dumpall  --file=/b/all.sql', 4, 3, 15, 5],
      ['Timer', 'OnCalendar', 'daily', 8, 1, 12, 8],
    ]);
    assert.equal(execCommand(entries[1]!.value), '/usr/bin/pg_dumpall  --file=/b/all.sql');
  });

  it('never throws; entries stay inside the input (property)', () => {
    const row = fc.oneof(fc.constantFrom('[Timer]', '[Service]', 'OnCalendar=daily', 'ExecStart=/x \\', '=', '# c', ''), fc.string({ maxLength: 20 }));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), (rows) => {
        const text = rows.join('\n');
        const count = text.split('\n').length;
        for (const e of parseUnitFile(text, 'p')) assert.ok(e.loc.line >= 1 && e.loc.endLine! <= count && e.valueColumn >= 1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('systemd timer schedules', () => {
  it('reads OnCalendar expressions and time spans', () => {
    const cal: Array<[string, string]> = [
      ['daily', 'daily'], ['hourly', 'sub-daily'], ['weekly', 'less-than-daily'], ['*-*-* 02:15:00', 'daily'], ['02:00', 'daily'],
      ['*-*-* *:00/30:00', 'sub-daily'], ['Mon *-*-* 03:00', 'less-than-daily'], ['Mon..Sun 02:00', 'daily'], ['Mon,Wed,Fri 02:00', 'less-than-daily'],
      ['*-*-01 04:00:00', 'less-than-daily'], ['*-*-* 02:00:00 Europe/Berlin', 'daily'], ['garbage here', 'unknown'],
    ];
    for (const [expr, f] of cal) assert.equal(calendarFrequency(expr), f, expr);
    assert.deepEqual(['1d', '12h', '1w', '30min', '2 days', '90', 'soon'].map(spanFrequency), ['daily', 'sub-daily', 'less-than-daily', 'sub-daily', 'less-than-daily', 'sub-daily', 'unknown']);
  });
});

const still: LiveHost = { processes: () => ({ processes: [], complete: true }), blockDevices: () => ({ devices: [], complete: true }), resolveDevice: () => undefined };

function load(files: Record<string, string>, opts: { setup?: (t: TempTree) => void; unreadable?: string[]; live?: LiveHost } = {}): BackupsModel {
  const t = makeTree(files);
  trees.push(t);
  opts.setup?.(t);
  const found = discoverHost(t.root);
  const host = { ...found.context, live: opts.live !== undefined, unreadable: new Set([...found.context.unreadable, ...(opts.unreadable ?? [])]) };
  const { units, errors } = loadBackups({ files: found.files, store: new SourceStore(t.root), host }, opts.live ?? still);
  assert.deepEqual(errors, []);
  return units[0]!.model as BackupsModel;
}

function judge(check: CheckDefinition<BackupsModel>, model: BackupsModel): Array<{ where: string; severity?: Severity; message: string }> {
  const out: Array<{ where: string; severity?: Severity; message: string }> = [];
  check.run({
    model,
    settings: { edgeServices: [] },
    facts: {},
    report: (r) => {
      const loc = 'loc' in r.at ? r.at.loc : r.at;
      out.push({ where: `${loc.path}:${loc.line}`, ...(r.severity ? { severity: r.severity } : {}), message: r.message });
    },
  });
  return out;
}

describe('loadBackups', () => {
  it('follows a cron.daily link and the scripts it calls, inside the root', () => {
    const m = load(
      {
        'usr/local/bin/backup-all': '#!/bin/bash\nset -e\n/usr/local/lib/backup/pg.sh\n',
        'usr/local/lib/backup/pg.sh': '#!/bin/bash\npg_dump app | gzip > /b/app.gz\n',
      },
      {
        setup: (t) => {
          mkdirSync(t.path('etc/cron.daily'), { recursive: true });
          // Absolute, as on the host: resolved inside the root, not on the scanning machine.
          symlinkSync('/usr/local/bin/backup-all', t.path('etc/cron.daily/backup-all'));
          chmodSync(t.path('usr/local/bin/backup-all'), 0o755);
        },
      },
    );
    assert.equal(m.jobs.length, 1);
    assert.deepEqual([m.jobs[0]!.source, m.jobs[0]!.frequency, m.jobs[0]!.runs], ['run-parts', 'daily', true]);
    assert.deepEqual(m.jobs[0]!.scripts, ['usr/local/lib/backup/pg.sh']);
    assert.deepEqual(judge(requirePipefail, m).map((f) => f.where), ['usr/local/lib/backup/pg.sh:2']);
  });

  it('finds a PATH script in /usr/local/bin by its bare name', () => {
    const m = load({ 'etc/cron.d/db': '0 1 * * * root db-backup\n', 'usr/local/bin/db-backup': '#!/bin/sh\nmongodump --archive=/b/m.gz --gzip\n' });
    assert.deepEqual(m.jobs.map((j) => j.dumps.map((d) => d.tool)), [['mongodump']]);
  });

  it('never reads outside the root, and skips binaries', () => {
    const m = load({ 'etc/cron.d/db': '0 1 * * * root /../../../etc/passwd\n0 2 * * * root /usr/bin/tool\n', 'usr/bin/tool': 'ELF\0\0binary pg_dump | gzip' });
    assert.deepEqual(m.jobs, []);
    assert.ok(!m.files.includes('usr/bin/tool'));
  });

  it('bounds the depth of script calls', () => {
    const files: Record<string, string> = { 'etc/cron.d/db': '0 1 * * * root /s/1.sh\n' };
    for (let i = 1; i <= 6; i++) files[`s/${i}.sh`] = i === 6 ? 'pg_dump x > y\n' : `/s/${i + 1}.sh\n`;
    assert.deepEqual(load(files).jobs, []);
  });

  it('does not claim "no backup" when crontabs could not be read', () => {
    const m = load({ 'var/lib/postgresql/15/main/PG_VERSION': '15\n', 'etc/crontab': '' }, { unreadable: ['var/spool/cron/crontabs'] });
    assert.deepEqual(m.hidden, ['var/spool/cron/crontabs']);
    assert.deepEqual(judge(requireDatabaseBackup, m), []);
  });

  it('rates the missing backup medium only when a database is evident (a running server on a live host)', () => {
    const none = load({ 'etc/crontab': '' });
    assert.deepEqual(judge(requireDatabaseBackup, none).map((f) => f.severity), ['info']);
    const client = load({ 'etc/crontab': '', 'usr/bin/pg_dump': '' });
    assert.match(judge(requireDatabaseBackup, client)[0]!.message, /only the client tool usr\/bin\/pg_dump/);
    const live: LiveHost = { ...still, processes: () => ({ processes: [{ pid: 901, comm: 'postgres', argv: ['/usr/lib/postgresql/16/bin/postgres', '-D', '/var/lib/postgresql/16/main'] }], complete: true }) };
    const running = load({ 'etc/crontab': '' }, { live });
    const f = judge(requireDatabaseBackup, running);
    assert.equal(f[0]!.severity, undefined, 'the check default, medium');
    assert.match(f[0]!.message, /running process postgres \(pid 901\)/);
  });

  it('counts docker volumes named for a database as evidence', () => {
    const m = load({ 'etc/crontab': '', 'var/lib/docker/volumes/app_pgdata/_data/PG_VERSION': '16\n' });
    assert.deepEqual(m.databases.map((d) => [d.engine, d.where]), [['PostgreSQL', 'var/lib/docker/volumes/app_pgdata']]);
  });

  it('takes a daily job as enough, even next to a weekly one; a compose backup container counts as daily', () => {
    const weekly = { 'etc/cron.d/w': '0 4 * * 0 root pg_dump -f /b/w.sql app\n' };
    assert.equal(judge(requireDailySchedule, load(weekly)).length, 1);
    assert.deepEqual(judge(requireDailySchedule, load({ ...weekly, 'etc/cron.d/d': '0 2 * * * root pg_dump -f /b/d.sql app\n' })), []);
    assert.deepEqual(judge(requireDailySchedule, load({ ...weekly, 'srv/app/compose.yaml': 'services:\n  backup:\n    image: tiredofit/db-backup:4.1\n' })), []);
  });
});
