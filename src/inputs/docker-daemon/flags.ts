/**
 * dockerd settings given as command-line flags under a host root: the `ExecStart=` of
 * docker.service after its drop-ins (systemd.unit(5): /etc over /run over /lib, drop-ins
 * sorted by name, an empty `ExecStart=` resets), with `$VAR`/`${VAR}` taken from
 * `Environment=` and `EnvironmentFile=` (Debian's docker.io passes `$DOCKER_OPTS` from
 * /etc/default/docker). dockerd refuses a setting given both as a flag and in daemon.json,
 * so a flag is as good as the file. Each flag keeps the position of the text it came from.
 * Never throws; what cannot be read is simply not known.
 */
import type { Location } from '../../core/location.ts';
import type { JsonEntry, JsonNode } from './json.ts';
import type { DaemonSetting } from './load.ts';

/** What the reader needs from the host: root-relative text files and folder listings. */
export interface HostTextAccess {
  read(path: string): string | undefined;
  list(dir: string): string[] | undefined;
}

const UNIT_DIRS = ['etc/systemd/system', 'run/systemd/system', 'lib/systemd/system', 'usr/lib/systemd/system'];
const UNIT = 'docker.service';

interface Word {
  text: string;
  loc: Location;
}

/** The daemon.json-shaped settings dockerd's command line sets (`icc`, `live-restore`, `log-opts`, …). */
export function readDockerdFlags(host: HostTextAccess): Map<string, DaemonSetting> {
  const words = execStartWords(host);
  return words ? flagSettings(words) : new Map();
}

/** Where a character of a (possibly continued) line came from. */
type PositionOf = (offset: number) => { path: string; line: number; column: number };

interface UnitLine {
  key: string;
  value: string;
  /** Position of `value[offset]`. */
  at: PositionOf;
}

/** The words of the effective ExecStart, variables expanded; undefined when there is no unit. */
function execStartWords(host: HostTextAccess): Word[] | undefined {
  const main = UNIT_DIRS.map((d) => `${d}/${UNIT}`).find((p) => host.read(p) !== undefined);
  if (!main) return undefined;
  const dropIns = new Map<string, string>();
  for (const dir of [...UNIT_DIRS].reverse()) {
    for (const name of host.list(`${dir}/${UNIT}.d`) ?? []) if (name.endsWith('.conf')) dropIns.set(name, `${dir}/${UNIT}.d/${name}`);
  }
  const files = [main, ...[...dropIns.keys()].sort().map((n) => dropIns.get(n)!)];
  let exec: UnitLine | undefined;
  const env = new Map<string, Word>();
  for (const path of files) {
    for (const entry of serviceLines(host.read(path) ?? '', path)) {
      if (entry.key === 'ExecStart') exec = entry.value.trim() === '' ? undefined : entry;
      else if (entry.key === 'Environment') for (const w of splitWords(entry.value, entry.at)) assign(env, w);
      else if (entry.key === 'EnvironmentFile') {
        const file = entry.value.trim().replace(/^-/, '').replace(/^\/+/, '');
        if (file !== '') readEnvFile(host.read(file), file, env);
      }
    }
  }
  if (!exec) return undefined;
  const value = exec.value.replace(/^[-@:+!]+/, '');
  const offset = exec.value.length - value.length;
  return expand(splitWords(value, (o) => exec.at(o + offset)), env);
}

/** `Key=Value` lines of the `[Service]` section, continuation lines joined (positions kept). */
function serviceLines(text: string, path: string): UnitLine[] {
  const out: UnitLine[] = [];
  let section = '';
  const rows = text.split('\n').map((r) => r.replace(/\r$/, ''));
  for (let i = 0; i < rows.length; i++) {
    // Pieces of one logical line: where each starts in the joined text, and its line.
    const pieces = [{ start: 0, line: i + 1 }];
    let raw = rows[i]!;
    while (raw.endsWith('\\') && i + 1 < rows.length) {
      raw = `${raw.slice(0, -1)} `;
      pieces.push({ start: raw.length, line: i + 2 });
      raw += rows[++i]!;
    }
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(trimmed);
    if (header) {
      section = header[1]!;
      continue;
    }
    const eq = raw.indexOf('=');
    if (section !== 'Service' || eq === -1) continue;
    const after = raw.slice(eq + 1);
    const base = eq + 1 + (after.length - after.trimStart().length);
    const at: PositionOf = (offset) => {
      const abs = base + offset;
      let piece = pieces[0]!;
      for (const p of pieces) if (p.start <= abs) piece = p;
      return { path, line: piece.line, column: abs - piece.start + 1 };
    };
    out.push({ key: raw.slice(0, eq).trim(), value: after.trim(), at });
  }
  return out;
}

/** Shell-like words (double and single quotes), each with its position. */
function splitWords(value: string, at: PositionOf): Word[] {
  const words: Word[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const text = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] !== undefined ? m[2] : m[3]!;
    const start = at(m.index);
    const end = at(m.index + m[0].length);
    words.push({ text, loc: { path: start.path, line: start.line, column: start.column, endLine: end.line, endColumn: end.column } });
  }
  return words;
}

function assign(env: Map<string, Word>, w: Word): void {
  const eq = w.text.indexOf('=');
  if (eq > 0) env.set(w.text.slice(0, eq), { text: w.text.slice(eq + 1), loc: w.loc });
}

/** `KEY=value` lines (quotes stripped), as systemd reads an EnvironmentFile. */
function readEnvFile(text: string | undefined, path: string, env: Map<string, Word>): void {
  if (text === undefined) return;
  text.split('\n').forEach((raw, i) => {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(raw.replace(/\r$/, ''));
    if (!m) return;
    const value = m[2]!.trim();
    const unquoted = /^"(.*)"$|^'(.*)'$/.exec(value);
    const text = unquoted ? (unquoted[1] ?? unquoted[2] ?? '') : value;
    const column = raw.indexOf('=') + 2 + (unquoted ? 1 : 0) + (m[2]!.length - m[2]!.trimStart().length);
    env.set(m[1]!, { text, loc: { path, line: i + 1, column } });
  });
}

/** systemd's rule: `$VAR` splits into words, `${VAR}` stays one word; unknown variables are empty. */
function expand(words: Word[], env: Map<string, Word>): Word[] {
  const out: Word[] = [];
  for (const w of words) {
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(w.text);
    if (whole) {
      const v = env.get(whole[1]!);
      if (v) out.push(...splitWords(v.text, (o) => ({ path: v.loc.path, line: v.loc.line, column: v.loc.column + o })));
      continue;
    }
    out.push({ text: w.text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env.get(name)?.text ?? ''), loc: w.loc });
  }
  return out;
}

const BOOL_FLAGS = new Set(['icc', 'live-restore', 'no-new-privileges']);
const VALUE_FLAGS = new Set(['userns-remap', 'log-driver', 'log-opt']);

function flagSettings(words: Word[]): Map<string, DaemonSetting> {
  const settings = new Map<string, DaemonSetting>();
  const logOpts: JsonEntry[] = [];
  let logOptsLoc: Location | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(w.text);
    if (!m) continue;
    const name = m[1]!;
    if (BOOL_FLAGS.has(name)) {
      // Go's flag package: a bool flag takes its value only after `=`.
      const value = m[2] === undefined ? true : /^(1|t|true)$/i.test(m[2]) ? true : /^(0|f|false)$/i.test(m[2]) ? false : undefined;
      if (value === undefined) continue;
      settings.set(name, { value, node: { type: 'boolean', value, loc: w.loc }, loc: w.loc, keyPath: `--${name}` });
    } else if (VALUE_FLAGS.has(name)) {
      const value = m[2] ?? words[++i]?.text;
      if (value === undefined) continue;
      if (name === 'log-opt') {
        const eq = value.indexOf('=');
        if (eq <= 0) continue;
        logOpts.push({ key: value.slice(0, eq), keyLoc: w.loc, value: { type: 'string', value: value.slice(eq + 1), loc: w.loc } });
        logOptsLoc ??= w.loc;
      } else {
        settings.set(name, { value, node: { type: 'string', value, loc: w.loc }, loc: w.loc, keyPath: `--${name}` });
      }
    }
  }
  if (logOptsLoc) {
    const node: JsonNode = { type: 'object', entries: logOpts, loc: logOptsLoc };
    settings.set('log-opts', { value: Object.fromEntries(logOpts.map((e) => [e.key, (e.value as { value: string }).value])), node, loc: logOptsLoc, keyPath: '--log-opt' });
  }
  return settings;
}
