/**
 * fail2ban's own configuration reading (client/configreader.py and configparserinc.py),
 * for one configuration folder (`etc/fail2ban` on a host):
 *
 * - reading order for `jail`: `jail.conf`, `jail.d/*.conf` (sorted), `jail.local`,
 *   `jail.d/*.local` (sorted), existing files only; every file brings its
 *   `[INCLUDES] before = …` files first and `after = …` files last (each with its `.local`
 *   sibling when one exists), so `paths-debian.conf` comes before `jail.conf`;
 * - merging: `[DEFAULT]` options and section options of later files win one by one; the
 *   value a later file replaces stays reachable as `%(known/option)s`; a section named
 *   `name?cond` adds conditional options to `name`;
 * - interpolation on read: `%(option)s` from the section, then `[DEFAULT]`; `%(__name__)s`
 *   is the section name; `%(section/option)s` and `%(default/option)s` read another
 *   section; `%%` is a percent sign; nesting deeper than 10 is an error.
 *
 * Files are read through an access object (the host view, or memory in tests). Never
 * throws: problems are positioned errors; places that could not be read are listed so
 * the caller can refuse to conclude anything from their absence.
 */
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';
import { parseIni } from './ini.ts';
import type { IniFile, IniOption } from './ini.ts';
import type { PlaceState, TextRead } from './host-files.ts';
import { dirnameOf, joinPath } from './host-files.ts';

export interface Fail2banAccess {
  stat(path: string): PlaceState;
  text(path: string): TextRead;
  list(dir: string): string[] | undefined | 'unreadable';
}

/** An option as merged from all files; `synthetic` ones are fail2ban's own (`fail2ban_confpath`). */
export interface MergedOption extends IniOption {
  synthetic?: true;
}

export type OptionMap = Map<string, MergedOption>;

/** The merged configuration: what fail2ban's parser holds after reading every file. */
export interface MergedConfig {
  defaults: OptionMap;
  /** Every section in first-seen order, including the `KNOWN/<name>` ones. */
  sections: Map<string, OptionMap>;
  /** Header of each section, in the first file that has it. */
  headers: Map<string, Location>;
}

export interface ReadResult {
  config: MergedConfig;
  /** Files read, in fail2ban's order (a file included twice is listed twice). */
  files: string[];
  /** Places that exist but could not be read or listed. */
  unreadable: string[];
  errors: ScanError[];
}

/** The value fail2ban reports for `fail2ban_version` (the Debian 12 package). */
export const FAIL2BAN_VERSION = '1.0.2';
const MAX_INCLUDE_DEPTH = 16;

/**
 * Read `<confDir>/<name>.conf` and friends. `confDir` is root-relative (`etc/fail2ban`);
 * absolute include paths under `/etc/fail2ban` map into it.
 */
export function readFail2banConfig(confDir: string, access: Fail2banAccess, name = 'jail'): ReadResult {
  const reader = new ConfigFolderReader(confDir, access);
  const base = joinPath(confDir, name);
  const candidates = [`${base}.conf`, ...reader.glob(`${base}.d`, '.conf'), `${base}.local`, ...reader.glob(`${base}.d`, '.local')];
  const existing = candidates.filter((p) => {
    const s = access.stat(p);
    if (s === 'unreadable') reader.unreadable.add(p);
    return s !== 'absent' && s !== 'unreadable';
  });
  const order = reader.includes(existing, []);
  const config: MergedConfig = { defaults: new Map(), sections: new Map(), headers: new Map() };
  const files: string[] = [];
  for (const path of order) {
    const file = reader.parsed(path);
    if (!file) continue;
    files.push(path);
    mergeFile(config, file);
  }
  return { config, files, unreadable: [...reader.unreadable], errors: reader.errors };
}

class ConfigFolderReader {
  readonly errors: ScanError[] = [];
  readonly unreadable = new Set<string>();
  private readonly cache = new Map<string, IniFile | undefined>();

  constructor(
    private readonly confDir: string,
    private readonly access: Fail2banAccess,
  ) {}

  /** Python's `sorted(glob('<dir>/*<ext>'))`: no dot files, existing entries of any type. */
  glob(dir: string, ext: string): string[] {
    const names = this.access.list(dir);
    if (names === 'unreadable') {
      this.unreadable.add(dir);
      return [];
    }
    if (!names) return [];
    return names
      .filter((n) => !n.startsWith('.') && n.endsWith(ext))
      .map((n) => joinPath(dir, n))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** One file parsed once; undefined when it is missing or unreadable (fail2ban skips those). */
  parsed(path: string): IniFile | undefined {
    if (this.cache.has(path)) return this.cache.get(path);
    const r = this.access.text(path);
    let file: IniFile | undefined;
    if (r.ok) {
      file = parseIni(r.text, path);
      for (const e of file.errors) this.errors.push(e);
    } else if (r.state === 'unreadable') {
      this.unreadable.add(path);
      if (!r.reported) this.errors.push(r.line === undefined ? { path, reason: r.reason } : { path, line: r.line, reason: r.reason });
    }
    this.cache.set(path, file);
    return file;
  }

  /** `_getIncludes`: each file with its `.local` sibling, expanded by `[INCLUDES]`. */
  includes(paths: string[], seen: string[]): string[] {
    const expanded: string[] = [];
    for (const p of paths) {
      expanded.push(p);
      const local = `${stripExt(p)}.local`;
      if (!paths.includes(local)) {
        const s = this.access.stat(local);
        if (s === 'file') expanded.push(local);
        else if (s === 'unreadable') this.unreadable.add(local);
      }
    }
    return expanded.flatMap((p) => this.includesOf(p, seen));
  }

  private includesOf(resource: string, seen: string[]): string[] {
    const file = this.parsed(resource);
    if (!file) return [];
    if (seen.length >= MAX_INCLUDE_DEPTH) {
      this.errors.push({ path: resource, reason: `[INCLUDES] nested more than ${MAX_INCLUDE_DEPTH} levels; not followed further` });
      return [resource];
    }
    const before: string[] = [];
    const after: string[] = [];
    const section = file.sections.get('INCLUDES');
    if (section) {
      const scope: MergedConfig = { defaults: file.defaults, sections: new Map([...file.sections].map(([n, s]) => [n, s.options])), headers: new Map() };
      for (const [which, list] of [['before', before], ['after', after]] as const) {
        if (!section.options.has(which) && !file.defaults.has(which)) continue;
        const got = getOption(scope, 'INCLUDES', which);
        if ('error' in got) {
          this.errors.push(errorAt(got.option, got.error));
          continue;
        }
        if (!('value' in got)) continue;
        for (const entry of got.value.split('\n')) {
          if (entry === '') continue;
          const target = this.resolve(entry, resource);
          if (!target.ok) {
            const at = got.option;
            this.errors.push({ path: at.loc.path, line: at.loc.line, column: at.loc.column, reason: target.reason });
            this.unreadable.add(entry);
            continue;
          }
          if (seen.includes(target.path)) continue;
          for (const p of this.includes([target.path], [...seen, resource])) list.push(p);
        }
      }
    }
    return [...before, resource, ...after];
  }

  private resolve(entry: string, from: string): { ok: true; path: string } | { ok: false; reason: string } {
    let joined: string;
    if (entry.startsWith('/')) {
      const conf = /^\/etc\/fail2ban(?:\/|$)/.exec(entry);
      if (conf) joined = joinPath(this.confDir, entry.slice(conf[0].length));
      else if (this.confDir === 'etc/fail2ban' || this.confDir.endsWith('/etc/fail2ban')) joined = joinPath(this.confDir.slice(0, -'etc/fail2ban'.length).replace(/\/$/, ''), entry.slice(1));
      else return { ok: false, reason: `cannot follow [INCLUDES] ${entry}: the configuration is not under etc/fail2ban in the scanned folder` };
    } else {
      joined = joinPath(dirnameOf(from), entry);
    }
    const parts: string[] = [];
    for (const seg of joined.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') {
        if (parts.length === 0) return { ok: false, reason: `[INCLUDES] ${entry} points outside the scan root; not followed` };
        parts.pop();
      } else parts.push(seg);
    }
    return { ok: true, path: parts.join('/') };
  }
}

function stripExt(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  // os.path.splitext: a leading dot of the file name is not an extension.
  if (dot <= slash + 1) return path;
  return path.slice(0, dot);
}

const CONDITIONAL = /^([\p{L}\p{N}_]+)(\?.+)$/u;

/** SafeConfigParserWithIncludes.read: merge one file's defaults and sections over the others. */
function mergeFile(config: MergedConfig, file: IniFile): void {
  for (const [k, v] of file.defaults) config.defaults.set(k, v);
  for (const [rawName, section] of file.sections) {
    let name = rawName;
    let options: OptionMap = section.options;
    const cond = CONDITIONAL.exec(rawName);
    if (cond) {
      name = cond[1]!;
      options = new Map([...section.options].map(([k, v]) => [k + cond[2]!, v]));
    }
    const existing = config.sections.get(name);
    if (existing) {
      const knownName = `KNOWN/${name}`;
      const known = config.sections.get(knownName) ?? new Map<string, MergedOption>();
      for (const k of options.keys()) {
        const prev = existing.get(k);
        if (prev) known.set(k, prev);
      }
      config.sections.set(knownName, known);
      for (const [k, v] of options) existing.set(k, v);
    } else {
      config.sections.set(name, new Map(options));
      config.headers.set(name, section.loc);
    }
  }
}

export type GetResult = { value: string; option: MergedOption } | { error: string; option: MergedOption } | { missing: true };

/**
 * `ConfigParser.get(section, option)` with fail2ban's interpolation. `missing` when neither
 * the section nor `[DEFAULT]` sets the option (or the section does not exist).
 */
export function getOption(config: MergedConfig, section: string, option: string): GetResult {
  const own = config.sections.get(section);
  if (!own && section !== 'DEFAULT') return { missing: true };
  const key = option.toLowerCase();
  const found = own?.get(key) ?? config.defaults.get(key);
  if (!found) return { missing: true };
  const lookup = (name: string): string | undefined => own?.get(name)?.value ?? config.defaults.get(name)?.value;
  try {
    const out: string[] = [];
    interpolate(config, section, key, out, found.value, lookup, new Map(), 1, { left: MAX_INTERPOLATED });
    return { value: out.join(''), option: found };
  } catch (err) {
    if (err instanceof InterpolationError) return { error: err.message, option: found };
    throw err;
  }
}

class InterpolationError extends Error {}

const MAX_INTERPOLATION_DEPTH = 10;
/**
 * Characters one value may expand to. Python has no such limit (ten levels of a value that
 * repeats a reference a hundred times would never finish); real values are a few hundred.
 */
const MAX_INTERPOLATED = 1_000_000;
const KEY = /^%\(([^)]+)\)s/;
const SECTION_REF = /%\(([\p{L}\p{N}_-]+\/([^)]+))\)s/gu;

/** BasicInterpolation._interpolate_some as fail2ban extends it (`__name__`, `section/option`). */
function interpolate(
  config: MergedConfig,
  section: string,
  option: string,
  accum: string[],
  rest: string,
  lookup: (name: string) => string | undefined,
  inherited: Map<string, string>,
  depth: number,
  budget: { left: number },
): void {
  const vars = new Map(inherited);
  vars.set('__name__', section);
  mapSectionOptions(config, section, rest, vars, lookup);
  if (depth > MAX_INTERPOLATION_DEPTH) {
    throw new InterpolationError(`"${option}" in [${section}]: interpolation nested more than ${MAX_INTERPOLATION_DEPTH} levels (a reference loop?)`);
  }
  const push = (piece: string): void => {
    budget.left -= piece.length + 1;
    if (budget.left < 0) throw new InterpolationError(`"${option}" in [${section}]: interpolation expands to more than ${MAX_INTERPOLATED} characters`);
    accum.push(piece);
  };
  while (rest !== '') {
    const p = rest.indexOf('%');
    if (p < 0) {
      push(rest);
      return;
    }
    if (p > 0) {
      push(rest.slice(0, p));
      rest = rest.slice(p);
    }
    const c = rest.slice(1, 2);
    if (c === '%') {
      push('%');
      rest = rest.slice(2);
    } else if (c === '(') {
      const m = KEY.exec(rest);
      if (!m) throw new InterpolationError(`"${option}" in [${section}]: bad interpolation reference ${clip(rest)}`);
      const name = m[1]!.toLowerCase();
      rest = rest.slice(m[0].length);
      const v = vars.has(name) ? vars.get(name)! : lookup(name);
      if (v === undefined) throw new InterpolationError(`"${option}" in [${section}] refers to %(${m[1]})s, which is not set`);
      if (v.includes('%')) interpolate(config, section, option, accum, v, lookup, vars, depth + 1, budget);
      else push(v);
    } else {
      throw new InterpolationError(`"${option}" in [${section}]: "%" must be followed by "%" or "(" (found ${clip(rest)})`);
    }
  }
}

/** `_map_section_options`: make `%(sec/opt)s`, `%(default/opt)s` and `%(known/opt)s` resolvable. */
function mapSectionOptions(config: MergedConfig, section: string, rest: string, vars: Map<string, string>, lookup: (name: string) => string | undefined): void {
  if (!rest.includes('/') || !rest.includes('%(')) return;
  for (const m of rest.matchAll(SECTION_REF)) {
    const sopt = m[1]!;
    const opt = m[2]!;
    if (vars.has(sopt) || lookup(sopt) !== undefined) continue;
    const sec = sopt.slice(0, sopt.length - opt.length - 1);
    const lower = sec.toLowerCase();
    let v: string | undefined;
    let useDefault = lower === 'default';
    if (lower === 'known') {
      v = config.sections.get(`KNOWN/${section}`)?.get(opt)?.value;
      if (v === undefined) useDefault = true;
    } else if (!useDefault) {
      const other = config.sections.get(sec);
      if (!other) continue;
      v = other.get(opt)?.value;
      if (v === undefined) useDefault = true;
    }
    if (useDefault) {
      v = config.defaults.get(opt)?.value;
      if (v === undefined) continue;
    }
    vars.set(sopt, v!);
  }
}

function errorAt(option: MergedOption, reason: string): ScanError {
  return { path: option.loc.path, line: option.loc.line, column: option.loc.column, reason };
}

export function positionedError(option: MergedOption, reason: string): ScanError {
  return errorAt(option, reason);
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
