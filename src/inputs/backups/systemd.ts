/**
 * The parts of systemd units a backup audit needs: a `.timer`'s triggers (`OnCalendar=`,
 * `OnUnitActiveSec=`, …) and `Unit=`, a `.service`'s `ExecStart=` lines, with positions.
 * Unit files are INI-like: `[Section]`, `Key=value`, `#`/`;` comments, a trailing `\`
 * continues the value on the next line. Never throws.
 */
import type { Location } from '../../core/location.ts';
import type { Frequency } from './crontab.ts';

export interface UnitEntry {
  section: string;
  key: string;
  value: string;
  /** 1-based column where the value starts. */
  valueColumn: number;
  loc: Location;
}

export function parseUnitFile(text: string, path: string): UnitEntry[] {
  const out: UnitEntry[] = [];
  const rows = text.split('\n');
  let section = '';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!.replace(/\r$/, '');
    const trimmed = row.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(trimmed);
    if (header) {
      section = header[1]!;
      continue;
    }
    const eq = row.indexOf('=');
    if (eq === -1) continue;
    const line = i + 1;
    const column = row.length - row.trimStart().length + 1;
    const rawValue = row.slice(eq + 1);
    const valueColumn = eq + 2 + (rawValue.length - rawValue.trimStart().length);
    let value = rawValue.trim();
    let last = line;
    while (value.endsWith('\\') && i + 1 < rows.length) {
      i++;
      last = i + 1;
      value = `${value.slice(0, -1)} ${rows[i]!.replace(/\r$/, '').trim()}`;
    }
    out.push({ section, key: row.slice(0, eq).trim(), value, valueColumn, loc: { path, line, column, endLine: last, endColumn: rows[last - 1]!.replace(/\r$/, '').length + 1 } });
  }
  return out;
}

/** `ExecStart=` prefixes (`-`, `@`, `:`, `+`, `!`) are not part of the command. */
export function execCommand(value: string): string {
  return value.replace(/^[-@:+!|]+/, '');
}

const SHORTHANDS: Record<string, Frequency> = {
  minutely: 'sub-daily',
  hourly: 'sub-daily',
  daily: 'daily',
  weekly: 'less-than-daily',
  monthly: 'less-than-daily',
  quarterly: 'less-than-daily',
  semiannually: 'less-than-daily',
  yearly: 'less-than-daily',
  annually: 'less-than-daily',
};

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** How often an `OnCalendar=` expression fires, coarsely (systemd.time(7)). */
export function calendarFrequency(expr: string): Frequency {
  const v = expr.trim().toLowerCase();
  if (v in SHORTHANDS) return SHORTHANDS[v]!;
  const tokens = v.split(/\s+/).filter((t) => t !== '');
  // A time zone may end the expression.
  if (tokens.length > 1 && /^[a-z_]+(?:\/[a-z_]+)*$/i.test(tokens[tokens.length - 1]!) && !/^(?:mon|tue|wed|thu|fri|sat|sun)/.test(tokens[tokens.length - 1]!)) tokens.pop();
  let i = 0;
  let everyDay = true;
  if (tokens[i] && /^[a-z]/.test(tokens[i]!)) {
    const days = weekdays(tokens[i]!);
    if (days === undefined) return 'unknown';
    everyDay = days.size === 7;
    i++;
  }
  let date: string | undefined;
  let time: string | undefined;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.includes(':')) time = t;
    else if (t.includes('-')) date = t;
    else return 'unknown';
  }
  if (date !== undefined) {
    const parts = date.split('-');
    if (parts.length < 2 || parts.length > 3) return 'unknown';
    const [month, day] = parts.slice(-2) as [string, string];
    if (month !== '*' || day !== '*') everyDay = false;
  }
  if (!everyDay) return 'less-than-daily';
  if (time === undefined) return date === undefined ? 'unknown' : 'daily';
  const hour = time.split(':')[0]!;
  return hour === '*' || /[,/]|\.\./.test(hour) ? 'sub-daily' : 'daily';
}

function weekdays(spec: string): Set<number> | undefined {
  const out = new Set<number>();
  for (const part of spec.split(',')) {
    const [a, b] = part.split('..');
    const from = DAYS.indexOf(a!.slice(0, 3));
    if (from === -1) return undefined;
    if (b === undefined) {
      out.add(from);
      continue;
    }
    const to = DAYS.indexOf(b.slice(0, 3));
    if (to === -1) return undefined;
    for (let d = from; ; d = (d + 1) % 7) {
      out.add(d);
      if (d === to) break;
    }
  }
  return out;
}

const UNITS: Array<[RegExp, number]> = [
  [/^(?:us|usec)$/, 1e-6],
  [/^(?:ms|msec)$/, 1e-3],
  [/^(?:s|sec|second|seconds|)$/, 1],
  [/^(?:m|min|minute|minutes)$/, 60],
  [/^(?:h|hr|hour|hours)$/, 3600],
  [/^(?:d|day|days)$/, 86400],
  [/^(?:w|week|weeks)$/, 604800],
  [/^(?:month|months)$/, 2629800],
  [/^(?:y|year|years)$/, 31557600],
];

/** How often a monotonic timer (`OnUnitActiveSec=1d`) fires, from its time span. */
export function spanFrequency(span: string): Frequency {
  let seconds = 0;
  const re = /(\d+(?:\.\d+)?)\s*([a-zA-Z]*)/g;
  let m: RegExpExecArray | null;
  let any = false;
  const text = span.trim();
  if (!/^(?:\d+(?:\.\d+)?\s*[a-zA-Z]*\s*)+$/.test(text)) return 'unknown';
  while ((m = re.exec(text)) !== null) {
    const unitName = m[2]!;
    const unit = unitName === 'M' ? 2629800 : UNITS.find(([r]) => r.test(unitName.toLowerCase()))?.[1];
    if (unit === undefined) return 'unknown';
    seconds += Number(m[1]) * unit;
    any = true;
  }
  if (!any || seconds <= 0) return 'unknown';
  if (seconds < 86400) return 'sub-daily';
  return seconds === 86400 ? 'daily' : 'less-than-daily';
}

/** The most frequent of several triggers; a trigger that cannot be read makes anything but daily unknown. */
export function mostFrequent(list: readonly Frequency[]): Frequency {
  if (list.includes('sub-daily')) return 'sub-daily';
  if (list.includes('daily')) return 'daily';
  if (list.length === 0 || list.includes('unknown')) return 'unknown';
  return list.includes('less-than-daily') ? 'less-than-daily' : 'reboot';
}
