/**
 * A line parser for audit rules files (`/etc/audit/rules.d/*.rules`, `/etc/audit/audit.rules`),
 * following auditctl's reading: one rule per line, arguments split at whitespace (no
 * quoting), blank lines and lines starting with `#` skipped. It keeps what an audit needs:
 * watches (`-w`), syscall rules (`-a`/`-A` with their action and list, in either order),
 * and the enable flag (`-e`). Control lines (`-D`, `-b`, `-f`, `--backlog_wait_time`, …)
 * are kept as `control`. Never throws: a malformed line is a positioned error.
 */
import { meaningfulLines } from '../lines.ts';
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';

export type AuditLineKind = 'watch' | 'syscall' | 'enable' | 'control';

export interface AuditLine {
  kind: AuditLineKind;
  /** The option as written: `-w`, `-a`, `-A`, `-e`, `-D`, `--backlog_wait_time`, … */
  option: string;
  args: string[];
  /**
   * True for a rule that makes the kernel record events: every `-w` watch, and `-a`/`-A`
   * rules with the `always` action on the `exit`, `task`, `user` or `io_uring` list
   * (`never` rules and the `exclude`/`filesystem` lists only suppress events).
   */
  records: boolean;
  /** For `-a`/`-A`: action and list. */
  action?: string;
  list?: string;
  /** For `-e`: the flag (`0` off, `1` on, `2` on and locked). */
  value?: string;
  /** The rule text, trimmed. */
  text: string;
  loc: Location;
}

const ACTIONS = new Set(['always', 'never', 'possible']);
const LISTS = new Set(['task', 'exit', 'user', 'exclude', 'filesystem', 'io_uring', 'entry']);
const RECORDING_LISTS = new Set(['task', 'exit', 'user', 'io_uring']);

export function parseAuditRules(text: string, path: string): { lines: AuditLine[]; errors: ScanError[] } {
  const lines: AuditLine[] = [];
  const errors: ScanError[] = [];
  for (const { trimmed, line, column, loc } of meaningfulLines(text, path)) {
    const tokens = trimmed.split(/\s+/);
    const option = tokens[0]!;
    const args = tokens.slice(1);
    if (!option.startsWith('-')) {
      errors.push({ path, line, column, reason: `audit rule must start with an option such as -w or -a, found "${clip(option)}"` });
      continue;
    }
    if (option === '-w' || option === '-W') {
      if (args.length === 0 || !args[0]!.startsWith('/')) {
        errors.push({ path, line, column, reason: `${option} needs an absolute path` });
        continue;
      }
      lines.push({ kind: 'watch', option, args, records: option === '-w', text: trimmed, loc });
      continue;
    }
    if (option === '-a' || option === '-A' || option === '-d') {
      const pair = args[0]?.split(',') ?? [];
      const words = pair.map((w) => w.toLowerCase());
      const action = words.find((w) => ACTIONS.has(w));
      const list = words.find((w) => LISTS.has(w));
      if (pair.length !== 2 || action === undefined || list === undefined) {
        errors.push({ path, line, column, reason: `${option} needs "action,list" (e.g. always,exit), found "${clip(args[0] ?? '')}"` });
        continue;
      }
      lines.push({
        kind: 'syscall',
        option,
        args,
        records: option !== '-d' && action === 'always' && RECORDING_LISTS.has(list),
        action,
        list,
        text: trimmed,
        loc,
      });
      continue;
    }
    if (option === '-e') {
      const value = args[0];
      if (value === undefined || !/^[012]$/.test(value)) {
        errors.push({ path, line, column, reason: `-e needs 0, 1 or 2, found "${clip(value ?? '')}"` });
        continue;
      }
      lines.push({ kind: 'enable', option, args, records: false, value, text: trimmed, loc });
      continue;
    }
    lines.push({ kind: 'control', option, args, records: false, text: trimmed, loc });
  }
  return { lines, errors };
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
