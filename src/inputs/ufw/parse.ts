/**
 * Line parsers for UFW's files, with positions.
 *
 * `etc/default/ufw` and `etc/ufw/ufw.conf` are shell fragments: at boot `ufw-init`
 * sources them (default first, then ufw.conf), so `NAME=value` follows shell quoting, a
 * `#` after whitespace starts a comment, and the last assignment wins.
 *
 * `etc/ufw/user.rules` / `user6.rules` hold the rules `ufw allow …` adds. ufw itself reads
 * them back from the comment written before each rule's iptables lines:
 * `### tuple ### <action> <proto> <dport> <dst> <sport> <src> [<dapp> <sapp>] <direction>`
 * (backend_iptables.py `_read_rules`), where action may be `route:allow`, `allow_log`, and
 * direction `in`, `out`, `in_eth0`, `out_eth0` or `in_eth0!out_eth1`. A trailing
 * ` comment=<hex>` is the rule's comment. Malformed tuples are positioned errors (ufw
 * skips them with a warning). Never throws.
 */
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';

/** One `NAME=value` assignment of a shell fragment. */
export interface ShellAssignment {
  name: string;
  /** After shell unquoting. */
  value: string;
  /** From the name to the end of the value. */
  loc: Location;
}

const NAME = /([A-Za-z_][A-Za-z0-9_]*)=/y;

export function parseShellAssignments(text: string, path: string): { assignments: ShellAssignment[]; errors: ScanError[] } {
  const assignments: ShellAssignment[] = [];
  const errors: ScanError[] = [];
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    let row = rows[i]!;
    if (row.endsWith('\r')) row = row.slice(0, -1);
    let pos = skipBlanks(row, 0);
    if (pos >= row.length || row[pos] === '#') continue;
    if (row.startsWith('export', pos) && /[ \t]/.test(row[pos + 6] ?? '')) pos = skipBlanks(row, pos + 6);
    // Statements are separated by `;`; one made only of assignments sets them, `NAME=value command`
    // sets NAME for that command only, and anything else assigns nothing.
    let statement: ShellAssignment[] = [];
    let ok = true;
    while (pos < row.length && row[pos] !== '#') {
      if (row[pos] === ';') {
        if (ok) for (const a of statement) assignments.push(a);
        statement = [];
        ok = true;
        pos = skipBlanks(row, pos + 1);
        continue;
      }
      NAME.lastIndex = pos;
      const m = ok ? NAME.exec(row) : null;
      if (!m) {
        ok = false;
        const next = row.indexOf(';', pos);
        pos = next < 0 ? row.length : next;
        continue;
      }
      const start = pos;
      const word = readWord(row, NAME.lastIndex);
      if (!word.ok) {
        errors.push({ path, line: i + 1, column: pos + 1, reason: `unterminated quote in the value of ${m[1]}` });
        ok = false;
        break;
      }
      statement.push({ name: m[1]!, value: word.value, loc: { path, line: i + 1, column: start + 1, endLine: i + 1, endColumn: word.end + 1 } });
      pos = skipBlanks(row, word.end);
    }
    if (ok) for (const a of statement) assignments.push(a);
  }
  return { assignments, errors };
}

function skipBlanks(row: string, pos: number): number {
  while (pos < row.length && (row[pos] === ' ' || row[pos] === '\t')) pos++;
  return pos;
}

/** One shell word: unquoted text, '…' and "…" pieces, backslash escapes; ends at a blank or `;`. */
function readWord(row: string, pos: number): { ok: true; value: string; end: number } | { ok: false } {
  let value = '';
  while (pos < row.length) {
    const c = row[pos]!;
    if (c === ' ' || c === '\t' || c === ';') break;
    if (c === '\\') {
      if (pos + 1 < row.length) value += row[pos + 1];
      pos += 2;
    } else if (c === "'") {
      const close = row.indexOf("'", pos + 1);
      if (close < 0) return { ok: false };
      value += row.slice(pos + 1, close);
      pos = close + 1;
    } else if (c === '"') {
      let j = pos + 1;
      for (; j < row.length && row[j] !== '"'; j++) {
        if (row[j] === '\\' && j + 1 < row.length && '"\\$`'.includes(row[j + 1]!)) {
          value += row[j + 1];
          j++;
        } else value += row[j];
      }
      if (j >= row.length) return { ok: false };
      pos = j + 1;
    } else {
      value += c;
      pos++;
    }
  }
  return { ok: true, value, end: pos };
}

/** Destination ports: `any`, or inclusive ranges. */
export type PortSet = 'any' | Array<[number, number]>;

/** `22`, `80,443`, `6000:6007`, `any`; undefined when it is none of these. */
export function parsePorts(spec: string): PortSet | undefined {
  if (spec === 'any') return 'any';
  const out: Array<[number, number]> = [];
  for (const part of spec.split(',')) {
    const m = /^(\d{1,5})(?::(\d{1,5}))?$/.exec(part);
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (lo > 65535 || hi > 65535 || hi < lo) return undefined;
    out.push([lo, hi]);
  }
  return out;
}

export type UfwAction = 'allow' | 'deny' | 'reject' | 'limit';

/** One rule of user.rules / user6.rules, as ufw reads it back. */
export interface UfwRule {
  /** The `### tuple ###` line. */
  loc: Location;
  action: UfwAction;
  /** `log` or `log-all` when the rule logs. */
  log?: string;
  /** A `ufw route` rule (forwarded traffic), not traffic to this host. */
  route: boolean;
  /** `tcp`, `udp`, `any`, … */
  proto: string;
  /** As written: `22`, `80,443`, `6000:6007`, `any`. */
  dport: string;
  /** Parsed `dport`. */
  ports: PortSet;
  dst: string;
  sport: string;
  src: string;
  /** Application profile names (`OpenSSH`, `Nginx Full`), when the rule was added by profile. */
  dapp?: string;
  sapp?: string;
  direction: 'in' | 'out';
  interfaceIn?: string;
  interfaceOut?: string;
  /** From user6.rules. */
  v6: boolean;
  /** The rule comment (ufw stores it hex-encoded), decoded. */
  comment?: string;
}

const TUPLE = /^### tuple ###\s*/;
const ACTIONS: readonly string[] = ['allow', 'deny', 'reject', 'limit'];

export function parseUfwRules(text: string, path: string, v6: boolean): { rules: UfwRule[]; errors: ScanError[] } {
  const rules: UfwRule[] = [];
  const errors: ScanError[] = [];
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    let row = rows[i]!;
    if (row.endsWith('\r')) row = row.slice(0, -1);
    let line = row;
    let comment: string | undefined;
    const c = row.indexOf(' comment=');
    if (c >= 0) {
      line = row.slice(0, c);
      comment = decodeHex(row.slice(c + ' comment='.length).trim());
    }
    const m = TUPLE.exec(line);
    if (!m) continue;
    const loc: Location = { path, line: i + 1, column: 1, endLine: i + 1, endColumn: row.length + 1 };
    const fail = (reason: string): void => {
      errors.push({ path, line: i + 1, column: 1, reason: `${reason}; ufw skips this rule` });
    };
    const tuple = line.slice(m[0].length).trim();
    const f = tuple === '' ? [] : tuple.split(/\s+/);
    if (f.length < 6 || f.length > 9) {
      fail(`malformed ufw rule tuple (${f.length} fields, expected 6 to 9)`);
      continue;
    }
    let direction = 'in';
    let interfaceIn: string | undefined;
    let interfaceOut: string | undefined;
    if (f.length === 7 || f.length === 9) {
      const last = f[f.length - 1]!;
      direction = last.split('_')[0]!;
      if (last.includes('_')) {
        const both = /^in_(.+)!out_(.+)$/.exec(last);
        if (last.includes('!') && both) {
          interfaceIn = both[1];
          interfaceOut = both[2];
        } else if (last.startsWith('in_')) interfaceIn = last.slice(3);
        else if (last.startsWith('out_')) interfaceOut = last.slice(4);
        else {
          fail(`malformed interface in ufw rule tuple: ${last}`);
          continue;
        }
      }
    }
    if (direction !== 'in' && direction !== 'out') {
      fail(`unknown direction "${direction}" in ufw rule tuple`);
      continue;
    }
    let action = f[0]!;
    let route = false;
    if (action.includes(':')) {
      route = action.split(':')[0] === 'route';
      action = action.split(':')[1] ?? '';
    }
    let log: string | undefined;
    const under = action.indexOf('_');
    if (under >= 0) {
      log = action.slice(under + 1);
      action = action.slice(0, under);
    }
    if (!ACTIONS.includes(action)) {
      fail(`unknown action "${f[0]}" in ufw rule tuple`);
      continue;
    }
    const ports = parsePorts(f[2]!);
    if (ports === undefined) {
      fail(`unreadable port "${f[2]}" in ufw rule tuple`);
      continue;
    }
    const rule: UfwRule = {
      loc,
      action: action as UfwAction,
      route,
      proto: f[1]!,
      dport: f[2]!,
      ports,
      dst: f[3]!,
      sport: f[4]!,
      src: f[5]!,
      direction,
      v6,
    };
    if (log !== undefined) rule.log = log;
    if (f.length >= 8) {
      if (f[6] !== '-') rule.dapp = f[6]!.replace(/%20/g, ' ');
      if (f[7] !== '-') rule.sapp = f[7]!.replace(/%20/g, ' ');
    }
    if (interfaceIn !== undefined) rule.interfaceIn = interfaceIn;
    if (interfaceOut !== undefined) rule.interfaceOut = interfaceOut;
    if (comment !== undefined) rule.comment = comment;
    rules.push(rule);
  }
  return { rules, errors };
}

function decodeHex(hex: string): string {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) return hex;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(hex, 'hex'));
  } catch {
    return hex;
  }
}
