/**
 * A crontab parser that keeps positions, following Vixie/Debian cron (and cronie): system
 * crontabs (`/etc/crontab`, `/etc/cron.d/*`) have a user field after the schedule, user
 * crontabs (`/var/spool/cron/crontabs/<user>`) do not; a schedule is five fields or an
 * `@keyword`; `NAME=value` lines set the environment; an unescaped `%` ends the command
 * (the rest is its stdin). Never throws: a line cron would reject is a positioned error.
 */
import { meaningfulLines } from '../lines.ts';
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';

/** How often a job runs, coarsely: what a backup policy cares about. */
export type Frequency = 'sub-daily' | 'daily' | 'less-than-daily' | 'reboot' | 'unknown';

export interface CronSchedule {
  /** As written: `15 2 * * *`, `@weekly`. */
  text: string;
  frequency: Frequency;
  /** Why a schedule is less than daily, for messages: `only on day-of-week 0`. */
  detail?: string;
}

export interface CronEnv {
  type: 'env';
  name: string;
  value: string;
  loc: Location;
}

export interface CronEntry {
  type: 'entry';
  schedule: CronSchedule;
  /** The user field of system crontabs. */
  user?: string;
  /** The command up to the first unescaped `%`, with `\%` unescaped. */
  command: string;
  /** 1-based column where the command starts on the line. */
  commandColumn: number;
  loc: Location;
}

export type CronLine = CronEnv | CronEntry;

const SPECIAL: Record<string, Frequency> = {
  '@reboot': 'reboot',
  '@yearly': 'less-than-daily',
  '@annually': 'less-than-daily',
  '@monthly': 'less-than-daily',
  '@weekly': 'less-than-daily',
  '@daily': 'daily',
  '@midnight': 'daily',
  '@hourly': 'sub-daily',
};

const ENV_LINE = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(.*)$/;

export function parseCrontab(text: string, path: string, system: boolean): { lines: CronLine[]; errors: ScanError[] } {
  const lines: CronLine[] = [];
  const errors: ScanError[] = [];
  for (const { row, trimmed, line, column, loc } of meaningfulLines(text, path)) {
    const env = ENV_LINE.exec(row);
    if (env && !/^[\d*@]/.test(trimmed)) {
      lines.push({ type: 'env', name: env[1]!, value: unquote(env[2]!.trimEnd()), loc });
      continue;
    }
    const fields = splitFields(row);
    let schedule: CronSchedule;
    let next: number;
    const first = fields[0]!;
    if (first.text.startsWith('@')) {
      const frequency = SPECIAL[first.text.toLowerCase()];
      if (frequency === undefined) {
        errors.push({ path, line, column: first.start + 1, reason: `unknown cron schedule "${clip(first.text)}"` });
        continue;
      }
      schedule = { text: first.text, frequency };
      next = 1;
    } else {
      if (fields.length < 6) {
        errors.push({ path, line, column, reason: 'incomplete cron entry: five time fields and a command expected' });
        continue;
      }
      const judged = judgeFields(fields.slice(0, 5).map((f) => f.text));
      if (!judged.ok) {
        const bad = fields[judged.field]!;
        errors.push({ path, line, column: bad.start + 1, reason: `invalid ${FIELD_NAMES[judged.field]} field "${clip(bad.text)}"` });
        continue;
      }
      schedule = { text: fields.slice(0, 5).map((f) => f.text).join(' '), frequency: judged.frequency };
      if (judged.detail) schedule.detail = judged.detail;
      next = 5;
    }
    let user: string | undefined;
    if (system) {
      const u = fields[next];
      if (!u) {
        errors.push({ path, line, column, reason: 'no user field: entries in a system crontab name the user to run as' });
        continue;
      }
      user = u.text;
      next++;
    }
    const cmd = fields[next];
    if (!cmd) {
      errors.push({ path, line, column, reason: 'cron entry without a command' });
      continue;
    }
    const entry: CronEntry = { type: 'entry', schedule, command: commandPart(row.slice(cmd.start)), commandColumn: cmd.start + 1, loc };
    if (user !== undefined) entry.user = user;
    lines.push(entry);
  }
  return { lines, errors };
}

const FIELD_NAMES = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'];
const RANGES: Array<[number, number]> = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * Expand the five fields and decide whether the job runs every day. Vixie cron: when the
 * day-of-month or day-of-week field starts with `*`, a day must match both; otherwise
 * either one is enough.
 */
function judgeFields(fields: string[]): { ok: true; frequency: Frequency; detail?: string } | { ok: false; field: number } {
  const sets: Array<Set<number>> = [];
  for (let f = 0; f < 5; f++) {
    const set = expandField(fields[f]!, f);
    if (!set) return { ok: false, field: f };
    sets.push(set);
  }
  const [minutes, hours, dom, month, dow] = sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (dow.has(7)) dow.add(0);
  dow.delete(7);
  const allMonths = month.size === 12;
  const allDom = dom.size === 31;
  const allDow = dow.size === 7;
  const star = fields[2]!.startsWith('*') || fields[4]!.startsWith('*');
  const everyDay = allMonths && (star ? allDom && allDow : allDom || allDow);
  if (everyDay) return { ok: true, frequency: minutes.size * hours.size > 1 ? 'sub-daily' : 'daily' };
  const why: string[] = [];
  if (!allMonths) why.push(`only in month ${fields[3]}`);
  if (!allDom && (star || !allDow)) why.push(`only on day-of-month ${fields[2]}`);
  if (!allDow && (star || !allDom)) why.push(`only on day-of-week ${fields[4]}`);
  return { ok: true, frequency: 'less-than-daily', detail: why.join(', ') };
}

function expandField(field: string, index: number): Set<number> | undefined {
  const [lo, hi] = RANGES[index]!;
  const names = index === 3 ? MONTHS : index === 4 ? DAYS : undefined;
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) return undefined;
    let from: number;
    let to: number;
    if (m[1] === '*') {
      from = lo;
      to = index === 4 ? 6 : hi;
    } else {
      const [a, b] = m[1]!.split('-');
      const start = value(a!, names, index === 3 ? 1 : 0);
      if (start === undefined) return undefined;
      from = start;
      if (b === undefined) to = m[2] === undefined ? from : hi;
      else {
        const end = value(b, names, index === 3 ? 1 : 0);
        if (end === undefined) return undefined;
        to = end;
      }
    }
    if (from < lo || to > hi || from > to) return undefined;
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

function value(token: string, names: string[] | undefined, base: number): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  if (!names) return undefined;
  const i = names.indexOf(token.toLowerCase());
  return i === -1 ? undefined : i + base;
}

function splitFields(row: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  const re = /[^ \t]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(row)) !== null) out.push({ text: m[0], start: m.index });
  return out;
}

/** The command up to the first unescaped `%`; `\%` becomes `%`. */
function commandPart(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === '%') {
      out += '%';
      i++;
      continue;
    }
    if (s[i] === '%') break;
    out += s[i];
  }
  return out.trimEnd();
}

function unquote(v: string): string {
  const m = /^(["'])(.*)\1$/.exec(v);
  return m ? m[2]! : v;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
