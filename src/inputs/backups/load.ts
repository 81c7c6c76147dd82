/**
 * Database backups on a host, as one model: every scheduled job that runs a dump or backup
 * tool (crontab entries, run-parts scripts in `etc/cron.{hourly,daily,weekly,monthly}`,
 * systemd timers, compose services running a backup image), how often it runs, whether
 * its dumps flow through a pipe without `pipefail`, and what shows that a database lives
 * on the host at all. Scripts a job calls are read too when they lie under the root
 * (absolute paths resolved inside it), bounded in size, count and depth.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';
import type { LiveHost } from '../host/live.ts';
import { findDaemon, systemLiveHost } from '../host/live.ts';
import { RootFs } from '../host/root-fs.ts';
import { filesOfKind } from '../loader.ts';
import type { LoadedUnit, UnitLoadContext, UnitLoader } from '../loader.ts';
import type { SourceStore } from '../source.ts';
import { parseCrontab } from './crontab.ts';
import type { Frequency } from './crontab.ts';
import { analyzeCommand, analyzeScript } from './shell.ts';
import type { DumpUse, ScriptCall, ShellFacts } from './shell.ts';
import { calendarFrequency, execCommand, mostFrequent, parseUnitFile, spanFrequency } from './systemd.ts';

export type { Frequency } from './crontab.ts';
export type { DumpUse } from './shell.ts';

export interface BackupJob {
  source: 'crontab' | 'run-parts' | 'timer' | 'compose';
  /** The crontab line, line 1 of a run-parts script, the timer's trigger line, the compose `image:` line. */
  at: Location;
  frequency: Frequency;
  /** The schedule as written (`0 3 * * 0`, `cron.weekly`, `OnCalendar=weekly`). */
  schedule: string;
  /** Why the schedule is less than daily, when the crontab parser could say. */
  scheduleDetail?: string;
  /** False when cron or systemd never runs it; `notRun` says why. */
  runs: boolean;
  notRun?: string;
  /** Dump and backup tools it runs, directly or through the scripts it calls. */
  dumps: DumpUse[];
  /** Scripts read for this job. */
  scripts: string[];
}

export interface DatabaseEvidence {
  engine: 'PostgreSQL' | 'MySQL/MariaDB' | 'MongoDB';
  /** What shows it: a path under the root, a compose file, or a running process. */
  where: string;
  /** `server`: a database server or its data lives here; `client`: only its dump tool is installed. */
  strength: 'server' | 'client';
}

export interface BackupsModel {
  kind: 'backups';
  host: boolean;
  /** Jobs that run at least one dump or backup tool. */
  jobs: BackupJob[];
  databases: DatabaseEvidence[];
  /** Places where jobs live that could not be read: absence cannot be claimed. */
  hidden: string[];
  files: string[];
}

export const BACKUP_PLACES = { crontab: 'etc/crontab' } as const;

const CRON_DIRS = ['etc/cron.d', 'etc/cron.hourly', 'etc/cron.daily', 'etc/cron.weekly', 'etc/cron.monthly', 'var/spool/cron/crontabs', 'var/spool/cron'];
const RUN_PARTS: Record<string, Frequency> = { hourly: 'sub-daily', daily: 'daily', weekly: 'less-than-daily', monthly: 'less-than-daily' };
/** run-parts' default name rule on Debian (cron.d follows it too). */
const RUN_PARTS_NAME = /^[A-Za-z0-9_-]+$/;

const MAX_SCRIPTS = 64;
const MAX_SCRIPT_BYTES = 256 * 1024;
const MAX_CALL_DEPTH = 3;

export function loadBackups(context: UnitLoadContext, live: LiveHost = systemLiveHost): { units: LoadedUnit[]; errors: ScanError[] } {
  const errors: ScanError[] = [];
  const host = context.host;
  const discovered = filesOfKind(context, 'backups').map((f) => f.path);
  if (!host && discovered.length === 0) return { units: [], errors };
  const fs = host ? RootFs.of(host) : undefined;
  const model: BackupsModel = { kind: 'backups', host: host !== undefined, jobs: [], databases: [], hidden: [], files: [] };
  const files = new Set<string>();
  const scripts = new ScriptReader(context.store, fs, files);

  const paths = new Set(discovered);
  if (fs) {
    for (const dir of CRON_DIRS) {
      const listed = fs.list(dir);
      if (!listed.ok) {
        if (listed.state === 'unknown') model.hidden.push(dir);
        continue;
      }
      if (fs.hidesSomething(dir)) model.hidden.push(dir);
      for (const name of listed.names) if (!name.startsWith('.')) paths.add(`${dir}/${name}`);
    }
    if (fs.lookup(BACKUP_PLACES.crontab).state === 'unknown') model.hidden.push(BACKUP_PLACES.crontab);
    else paths.add(BACKUP_PLACES.crontab);
  }
  const debian = fs?.lookup('etc/debian_version').state === 'present';

  for (const path of [...paths].sort()) {
    const place = classify(path);
    if (!place) continue;
    const text = readText(context.store, fs, path, place.kind === 'script', errors, model.hidden);
    if (!text) continue;
    files.add(text.path);
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (place.kind === 'crontab') {
      const parsed = parseCrontab(text.text, text.path, place.system);
      errors.push(...parsed.errors);
      const skippedName = debian && path.startsWith('etc/cron.d/') && !RUN_PARTS_NAME.test(name);
      for (const line of parsed.lines) {
        if (line.type !== 'entry') continue;
        const facts = analyzeCommand(line.command, { path: text.path, line: line.loc.line, column: line.commandColumn });
        const dumps = scripts.follow(facts);
        if (dumps.dumps.length === 0) continue;
        const job: BackupJob = {
          source: 'crontab',
          at: line.loc,
          frequency: line.schedule.frequency,
          schedule: line.schedule.text,
          runs: !skippedName,
          dumps: dumps.dumps,
          scripts: dumps.scripts,
        };
        if (line.schedule.detail) job.scheduleDetail = line.schedule.detail;
        if (skippedName) job.notRun = `cron skips ${path}: on Debian only names of letters, digits, "_" and "-" are read from /etc/cron.d`;
        model.jobs.push(job);
      }
    } else {
      const facts = analyzeScript(text.text, text.path);
      const dumps = scripts.follow(facts);
      if (dumps.dumps.length === 0) continue;
      const job: BackupJob = {
        source: 'run-parts',
        at: { path: text.path, line: 1, column: 1 },
        frequency: RUN_PARTS[place.period]!,
        schedule: `cron.${place.period}`,
        runs: true,
        dumps: dumps.dumps,
        scripts: dumps.scripts,
      };
      if (debian && !RUN_PARTS_NAME.test(name)) {
        job.runs = false;
        job.notRun = `run-parts skips ${path}: only names of letters, digits, "_" and "-" are run (no dots, so no ".sh")`;
      } else if (text.executable === false) {
        job.runs = false;
        job.notRun = `run-parts skips ${path}: it is not executable`;
      }
      model.jobs.push(job);
    }
  }
  if (fs) {
    loadTimers(fs, context.store, scripts, model, files);
    loadCompose(context, model, files);
    gatherDatabaseEvidence(fs, host!.live ? live : undefined, model);
  }
  model.hidden = [...new Set(model.hidden)].sort();
  model.files = [...files];
  return { units: [{ model, files: model.files }], errors };
}

type Place = { kind: 'crontab'; system: boolean } | { kind: 'script'; period: string };

function classify(path: string): Place | undefined {
  if (path === 'etc/crontab' || /^etc\/cron\.d\/[^/]+$/.test(path)) return { kind: 'crontab', system: true };
  if (/^var\/spool\/cron\/crontabs\/[^/]+$/.test(path) || /^var\/spool\/cron\/[^/]+$/.test(path)) return { kind: 'crontab', system: false };
  const m = /^etc\/cron\.(hourly|daily|weekly|monthly)\/[^/]+$/.exec(path);
  if (m) return { kind: 'script', period: m[1]! };
  return undefined;
}

/** Text of a host file, read at its real place inside the root (links resolved there). */
function readText(
  store: SourceStore,
  fs: RootFs | undefined,
  path: string,
  wantMode: boolean,
  errors: ScanError[],
  hidden: string[],
): { path: string; text: string; executable?: boolean } | undefined {
  let real = path;
  let executable: boolean | undefined;
  if (fs) {
    const found = fs.lookup(path);
    if (found.state === 'absent') return undefined;
    if (found.state === 'unknown') {
      hidden.push(path);
      return undefined;
    }
    if (found.kind !== 'file') return undefined;
    real = found.real;
    if (wantMode) executable = (found.stats.mode & 0o111) !== 0;
  }
  const r = store.read(real);
  if (!r.ok) {
    hidden.push(path);
    errors.push(r.line === undefined ? { path: real, reason: r.reason } : { path: real, line: r.line, reason: r.reason });
    return undefined;
  }
  return executable === undefined ? { path: real, text: r.file.text } : { path: real, text: r.file.text, executable };
}

/** Reads the scripts jobs call, once each, within the limits. */
class ScriptReader {
  private readonly cache = new Map<string, ShellFacts | null>();

  constructor(
    private readonly store: SourceStore,
    private readonly fs: RootFs | undefined,
    private readonly files: Set<string>,
  ) {}

  /** The dumps of a command or script and of the scripts it calls, transitively. */
  follow(facts: ShellFacts, depth = 0, seen = new Set<string>()): { dumps: DumpUse[]; scripts: string[] } {
    const dumps = [...facts.dumps];
    const scripts: string[] = [];
    if (depth >= MAX_CALL_DEPTH) return { dumps, scripts };
    for (const call of facts.calls) {
      const script = this.resolve(call);
      if (!script || seen.has(script)) continue;
      const inner = this.analyze(script);
      if (!inner) continue;
      seen.add(script);
      scripts.push(script);
      const deeper = this.follow(inner, depth + 1, seen);
      dumps.push(...deeper.dumps);
      scripts.push(...deeper.scripts);
    }
    return { dumps, scripts };
  }

  private resolve(call: ScriptCall): string | undefined {
    if (!this.fs) return undefined;
    const candidates = call.target.startsWith('/')
      ? [call.target.slice(1)]
      : /^[A-Za-z0-9_.+-]+$/.test(call.target)
        ? [`usr/local/bin/${call.target}`, `usr/local/sbin/${call.target}`]
        : [];
    for (const c of candidates) {
      const found = this.fs.lookup(c);
      if (found.state === 'present' && found.kind === 'file' && found.stats.size <= MAX_SCRIPT_BYTES) return found.real;
    }
    return undefined;
  }

  private analyze(real: string): ShellFacts | undefined {
    const cached = this.cache.get(real);
    if (cached !== undefined) return cached ?? undefined;
    if (this.cache.size >= MAX_SCRIPTS || !this.fs || !looksLikeText(this.fs.absolute(real))) {
      this.cache.set(real, null);
      return undefined;
    }
    const r = this.store.read(real);
    if (!r.ok) {
      this.cache.set(real, null);
      return undefined;
    }
    const facts = analyzeScript(r.file.text, real);
    this.cache.set(real, facts);
    this.files.add(real);
    return facts;
  }
}

/** A program, not a script: NUL bytes in its first kilobyte. */
function looksLikeText(absolute: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(absolute, 'r');
    const buf = Buffer.alloc(1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return !buf.subarray(0, n).includes(0);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Enabled systemd timers in etc/systemd/system whose service runs a dump or backup tool. */
function loadTimers(fs: RootFs, store: SourceStore, scripts: ScriptReader, model: BackupsModel, files: Set<string>): void {
  const dir = 'etc/systemd/system';
  const listed = fs.list(dir);
  if (!listed.ok) {
    if (listed.state === 'unknown') model.hidden.push(dir);
    return;
  }
  const wanted = new Set<string>();
  for (const sub of listed.names.filter((n) => n.endsWith('.wants'))) {
    const inner = fs.list(`${dir}/${sub}`);
    if (inner.ok) for (const n of inner.names) wanted.add(n);
    else if (inner.state === 'unknown') model.hidden.push(`${dir}/${sub}`);
  }
  for (const name of listed.names.filter((n) => n.endsWith('.timer'))) {
    const timerPath = `${dir}/${name}`;
    const timer = fs.lookup(timerPath, false);
    if (timer.state !== 'present' || timer.kind !== 'file') continue;
    const timerText = store.read(timerPath);
    if (!timerText.ok) {
      model.hidden.push(timerPath);
      continue;
    }
    const entries = parseUnitFile(timerText.file.text, timerPath).filter((e) => e.section === 'Timer');
    const unitName = entries.find((e) => e.key === 'Unit')?.value ?? name.replace(/\.timer$/, '.service');
    const servicePath = `${dir}/${unitName}`;
    const service = fs.lookup(servicePath, false);
    if (service.state !== 'present' || service.kind !== 'file') continue;
    const serviceText = store.read(servicePath);
    if (!serviceText.ok) {
      model.hidden.push(servicePath);
      continue;
    }
    const dumps: DumpUse[] = [];
    const used: string[] = [];
    for (const e of parseUnitFile(serviceText.file.text, servicePath)) {
      if (e.section !== 'Service' || !/^Exec(?:Start|StartPre|StartPost)$/.test(e.key)) continue;
      const column = e.valueColumn + (e.value.length - execCommand(e.value).length);
      const followed = scripts.follow(analyzeCommand(execCommand(e.value), { path: servicePath, line: e.loc.line, column }));
      dumps.push(...followed.dumps);
      used.push(...followed.scripts);
    }
    if (dumps.length === 0) continue;
    files.add(timerPath);
    files.add(servicePath);
    const triggers = entries.filter((e) => /^On(?:Calendar|UnitActiveSec|UnitInactiveSec|ActiveSec|BootSec|StartupSec)$/.test(e.key));
    const frequencies = triggers.map((t) => (t.key === 'OnCalendar' ? calendarFrequency(t.value) : /^On(?:Boot|Startup)Sec$/.test(t.key) ? 'reboot' : spanFrequency(t.value)));
    const main = triggers.find((t) => t.key === 'OnCalendar') ?? triggers[0];
    const job: BackupJob = {
      source: 'timer',
      at: main?.loc ?? { path: timerPath, line: 1, column: 1 },
      frequency: mostFrequent(frequencies),
      schedule: triggers.map((t) => `${t.key}=${t.value}`).join(', ') || 'no trigger',
      runs: wanted.has(name),
      dumps,
      scripts: used,
    };
    if (!job.runs) job.notRun = `${name} is not enabled (no *.wants/${name} link): it never fires`;
    model.jobs.push(job);
  }
}

const DB_IMAGE = /^(?:postgres(?:ql)?|postgis|timescaledb[\w.-]*|pgvector|mysql(?:-server)?|mariadb|percona(?:-server)?[\w.-]*|mongo(?:db)?[\w.-]*)$/i;
const BACKUP_IMAGE = /backup|borgmatic|restic|pgbackrest|wal-g|barman|kopia|duplicati/i;

function engineOf(name: string): DatabaseEvidence['engine'] {
  if (/mongo/i.test(name)) return 'MongoDB';
  if (/mysql|mariadb|percona/i.test(name)) return 'MySQL/MariaDB';
  return 'PostgreSQL';
}

/** Compose files under the root: database images are evidence, backup images are jobs (schedule unknown). */
function loadCompose(context: UnitLoadContext, model: BackupsModel, files: Set<string>): void {
  for (const f of filesOfKind(context, 'compose')) {
    const r = context.store.read(f.path);
    if (!r.ok) continue;
    let used = false;
    r.file.text.split('\n').forEach((row, i) => {
      const m = /^([ \t]*)image:[ \t]*["']?([^\s"'#]+)/.exec(row);
      if (!m) return;
      const ref = m[2]!;
      const name = ref.replace(/[@:][^/]*$/, '').split('/').pop() ?? '';
      const loc: Location = { path: f.path, line: i + 1, column: m[1]!.length + 1 };
      if (DB_IMAGE.test(name)) {
        model.databases.push({ engine: engineOf(name), where: `image ${ref} in ${f.path}:${i + 1}`, strength: 'server' });
        used = true;
      } else if (BACKUP_IMAGE.test(ref)) {
        model.jobs.push({
          source: 'compose',
          at: loc,
          frequency: 'unknown',
          schedule: 'set inside the container',
          runs: true,
          dumps: [{ tool: ref, category: 'backup', loc, piped: false, guarded: true }],
          scripts: [],
        });
        used = true;
      }
    });
    if (used) files.add(f.path);
  }
}

const SERVER_PLACES: Array<{ path: string; engine: DatabaseEvidence['engine']; dir?: true }> = [
  { path: 'var/lib/postgresql', engine: 'PostgreSQL', dir: true },
  { path: 'usr/lib/postgresql', engine: 'PostgreSQL', dir: true },
  { path: 'var/lib/mysql', engine: 'MySQL/MariaDB', dir: true },
  { path: 'usr/sbin/mysqld', engine: 'MySQL/MariaDB' },
  { path: 'usr/sbin/mariadbd', engine: 'MySQL/MariaDB' },
  { path: 'var/lib/mongodb', engine: 'MongoDB', dir: true },
  { path: 'usr/bin/mongod', engine: 'MongoDB' },
];
const CLIENT_PLACES: Array<{ path: string; engine: DatabaseEvidence['engine'] }> = [
  { path: 'usr/bin/pg_dump', engine: 'PostgreSQL' },
  { path: 'usr/bin/mysqldump', engine: 'MySQL/MariaDB' },
  { path: 'usr/bin/mariadb-dump', engine: 'MySQL/MariaDB' },
  { path: 'usr/bin/mongodump', engine: 'MongoDB' },
];
const SERVER_PROCESSES: Array<{ name: string; engine: DatabaseEvidence['engine'] }> = [
  { name: 'postgres', engine: 'PostgreSQL' },
  { name: 'mysqld', engine: 'MySQL/MariaDB' },
  { name: 'mariadbd', engine: 'MySQL/MariaDB' },
  { name: 'mongod', engine: 'MongoDB' },
];
const VOLUME_NAME = /postgres|pgdata|pg_data|mysql|mariadb|mongo/i;

function gatherDatabaseEvidence(fs: RootFs, live: LiveHost | undefined, model: BackupsModel): void {
  for (const p of SERVER_PLACES) {
    if (p.dir) {
      const listed = fs.list(p.path);
      if (listed.ok && listed.names.length > 0) model.databases.push({ engine: p.engine, where: p.path, strength: 'server' });
    } else if (fs.anyExists([p.path]).answer === 'yes') {
      model.databases.push({ engine: p.engine, where: p.path, strength: 'server' });
    }
  }
  const volumes = fs.list('var/lib/docker/volumes');
  if (volumes.ok) {
    for (const v of volumes.names.filter((n) => VOLUME_NAME.test(n))) {
      model.databases.push({ engine: engineOf(v), where: `var/lib/docker/volumes/${v}`, strength: 'server' });
    }
  }
  if (live) {
    const processes = live.processes();
    for (const p of SERVER_PROCESSES) {
      const found = findDaemon(processes, p.name);
      if (found) model.databases.push({ engine: p.engine, where: `running process ${p.name} (pid ${found.pid})`, strength: 'server' });
    }
  }
  for (const p of CLIENT_PLACES) {
    if (fs.anyExists([p.path]).answer === 'yes') model.databases.push({ engine: p.engine, where: p.path, strength: 'client' });
  }
}

export function backupsLoaderWith(live: LiveHost): UnitLoader {
  return { kind: 'backups', load: (context) => loadBackups(context, live) };
}

export const backupsLoader: UnitLoader = backupsLoaderWith(systemLiveHost);
