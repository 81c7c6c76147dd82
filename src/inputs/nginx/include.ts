/**
 * Following nginx's `include`: every pattern is a path in the container (or host) the
 * config runs in. nginx resolves relative patterns against its conf prefix, the
 * directory of the main config (`/etc/nginx`), never against the including file's
 * directory. Patterns with `*`, `?` or `[` expand with glob(3) (sorted, wildcards do not
 * match a leading dot, no match is fine); a plain path that cannot be read is an error,
 * reported at the include statement as nginx does.
 *
 * Container paths map to scanned files through, in order: bind mounts (from a compose
 * service), the main config's directory standing for `/etc/nginx`, and, when the main
 * config sits at `<root>/etc/nginx/`, `<root>` standing for `/`. Paths that map nowhere
 * are not followed (error entry for a plain path, silence for a glob).
 *
 * Included files are parsed once and their directives copied into the including block
 * with the include chain recorded. nginx itself recurses on an include cycle until it
 * crashes; we stop at the first repeat and report it. Never throws.
 */
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';
import { checkNginxDirectives, firstError, parseNginx, topContextOf } from './parse.ts';
import type { NginxComment, NginxDirective, NginxFileParse, NginxParseError } from './parse.ts';
import { globSegment } from '../glob.ts';

/** What the expander needs from the file system, relative to the scan root. */
export interface NginxFileAccess {
  read(path: string): { ok: true; text: string } | { ok: false; reason: string; line?: number };
  /** Entry names of a directory relative to the scan root (`''` is the root), or undefined when it is not one. */
  list(dir: string): string[] | undefined;
}

/** A bind mount into the nginx container: `host` relative to the scan root, `container` absolute. */
export interface NginxMount {
  host: string;
  container: string;
}

export interface NginxIncludeOptions {
  /** Scan-relative directory standing for the conf prefix; default: the main file's directory. */
  confDir?: string;
  /** The conf prefix inside the container; default `/etc/nginx`. */
  containerConfDir?: string;
  /**
   * Context of the main file's top level: `main` for nginx.conf, `http` for a conf.d or
   * site file, `server` for a snippet; default: guessed from its statements (topContextOf).
   */
  context?: 'main' | 'http' | 'server';
  mounts?: readonly NginxMount[];
  /** Keep comments (default true). */
  comments?: boolean;
}

/** One `include` statement and what it brought in. */
export interface NginxInclude {
  directive: NginxDirective;
  /** The pattern as written. */
  pattern: string;
  /** Scan-relative files read, in nginx's order. */
  files: string[];
}

export interface NginxExpanded {
  /** The main file's directives with includes replaced by the included directives. */
  directives: NginxDirective[];
  /** Every file read, main first, in reading order, each once (like `nginx -T`). */
  files: string[];
  includes: NginxInclude[];
  comments: NginxComment[];
  /** `syntaxErrors` then `includeErrors`. */
  errors: ScanError[];
  /** Per file its first syntax error, the one nginx would report: nginx would not load such a config. */
  syntaxErrors: ScanError[];
  /** Includes that could not be followed (missing, unreadable, outside the scanned files, cycles). */
  includeErrors: ScanError[];
  /** False when the main file could not be read. */
  readMain: boolean;
  /** The context the main file's top level was read in. */
  context: 'main' | 'http' | 'server';
}

const MAGIC = /[*?[]/;
/** Include nesting nginx would survive; deeper is certainly a mistake. */
const MAX_DEPTH = 32;
/** Upper bound on file inclusions, against include fan-out (a file included twice per level). */
const MAX_INCLUSIONS = 2000;

export function expandNginxConfig(mainPath: string, access: NginxFileAccess, options: NginxIncludeOptions = {}): NginxExpanded {
  const confDir = normalizeRel(options.confDir ?? posixDirname(mainPath));
  const containerConf = normalizeAbs(options.containerConfDir ?? '/etc/nginx');
  const mounts = (options.mounts ?? [])
    .map((m) => ({ host: normalizeRel(m.host), container: normalizeAbs(m.container) }))
    .sort((a, b) => b.container.length - a.container.length);
  const rootPrefix = confDir === 'etc/nginx' ? '' : confDir.endsWith('/etc/nginx') ? confDir.slice(0, -'/etc/nginx'.length) : undefined;

  const result: NginxExpanded = { directives: [], files: [], includes: [], comments: [], errors: [], syntaxErrors: [], includeErrors: [], readMain: false, context: options.context ?? 'main' };
  const parsed = new Map<string, NginxFileParse | { error: string; line?: number }>();
  const syntaxErrors = new Map<string, NginxParseError[]>();
  const includeErrors: ScanError[] = [];
  let inclusions = 0;
  let budgetReported = false;

  const toHost = (cpath: string): string | undefined => {
    for (const m of mounts) {
      if (cpath === m.container) return m.host;
      if (cpath.startsWith(m.container === '/' ? '/' : `${m.container}/`)) return joinRel(m.host, cpath.slice(m.container.length).replace(/^\//, ''));
    }
    if (cpath === containerConf) return confDir;
    if (cpath.startsWith(`${containerConf}/`)) return joinRel(confDir, cpath.slice(containerConf.length + 1));
    if (rootPrefix !== undefined) return joinRel(rootPrefix, cpath.slice(1));
    return undefined;
  };
  const listContainer = (cdir: string): string[] => {
    const names = new Set<string>();
    const host = toHost(cdir);
    if (host !== undefined) for (const name of access.list(host) ?? []) names.add(name);
    for (const m of mounts) {
      if (m.container !== '/' && posixDirnameAbs(m.container) === cdir) names.add(m.container.slice(m.container.lastIndexOf('/') + 1));
    }
    return [...names];
  };
  const existsContainer = (cpath: string): boolean => {
    const name = cpath.slice(cpath.lastIndexOf('/') + 1);
    return listContainer(posixDirnameAbs(cpath)).includes(name);
  };

  const parseFile = (path: string): NginxFileParse | { error: string; line?: number } => {
    let p = parsed.get(path);
    if (!p) {
      const read = access.read(path);
      if (!read.ok) p = read.line === undefined ? { error: read.reason } : { error: read.reason, line: read.line };
      else {
        p = parseNginx(read.text, path, { comments: options.comments ?? true });
        syntaxErrors.set(path, [...p.errors]);
        result.comments.push(...p.comments);
      }
      parsed.set(path, p);
    }
    return p;
  };
  const noteFile = (path: string): void => {
    if (!result.files.includes(path)) result.files.push(path);
  };
  const includeError = (d: NginxDirective, reason: string): void => {
    includeErrors.push({ path: d.file, line: d.loc.line, column: d.loc.column, reason });
  };

  const expandList = (list: readonly NginxDirective[], chain: Location[], stack: string[]): NginxDirective[] => {
    const out: NginxDirective[] = [];
    for (const d of list) {
      const copy: NginxDirective = { ...d, includeChain: chain };
      if (d.name !== 'include' || d.block || d.rawBody) {
        if (d.block) copy.block = expandList(d.block, chain, stack);
        out.push(copy);
        continue;
      }
      if (d.args.length !== 1) {
        // nginx: invalid number of arguments, at the end of the statement.
        const errs = syntaxErrors.get(d.file) ?? [];
        errs.push({ path: d.file, line: d.terminator.line, column: d.terminator.column, reason: 'invalid number of arguments in "include" directive' });
        syntaxErrors.set(d.file, errs);
        continue;
      }
      const pattern = d.args[0]!.value;
      const record: NginxInclude = { directive: copy, pattern, files: [] };
      result.includes.push(record);
      if (stack.length > MAX_DEPTH) {
        includeError(d, `include nested more than ${MAX_DEPTH} levels deep; not followed`);
        continue;
      }
      const cpattern = normalizeAbs(pattern.startsWith('/') ? pattern : `${containerConf}/${pattern}`);
      let files: string[];
      if (MAGIC.test(cpattern)) {
        files = [];
        for (const cpath of globContainer(cpattern, listContainer)) {
          if (!existsContainer(cpath)) continue;
          const host = toHost(cpath);
          if (host !== undefined) files.push(host);
        }
      } else {
        const host = toHost(cpattern);
        if (host === undefined) {
          includeError(d, `included file ${pattern} is outside the scanned files; not followed`);
          continue;
        }
        if (host.startsWith('../') || host === '..') {
          includeError(d, `included file ${pattern} points outside the scan root; not followed`);
          continue;
        }
        files = [host];
      }
      for (const file of files) {
        if (file.startsWith('../') || file === '..') continue;
        if (stack.includes(file)) {
          includeError(d, `include cycle: ${file} is already being read (nginx would recurse until it crashes)`);
          continue;
        }
        if (++inclusions > MAX_INCLUSIONS) {
          if (!budgetReported) includeError(d, `more than ${MAX_INCLUSIONS} file inclusions; stopped following includes`);
          budgetReported = true;
          break;
        }
        const p = parseFile(file);
        if ('error' in p) {
          includeError(d, `cannot read included file ${file}: ${p.error}`);
          continue;
        }
        record.files.push(file);
        noteFile(file);
        out.push(...expandList(p.directives, [...chain, d.loc], [...stack, file]));
      }
    }
    return out;
  };

  const main = parseFile(mainPath);
  if ('error' in main) {
    const e: ScanError = main.line === undefined ? { path: mainPath, reason: main.error } : { path: mainPath, line: main.line, reason: main.error };
    result.errors.push(e);
    return result;
  }
  result.readMain = true;
  result.context = options.context ?? topContextOf(main.directives);
  noteFile(mainPath);
  result.directives = expandList(main.directives, [], [mainPath]);
  for (const e of checkNginxDirectives(result.directives, result.context)) {
    const errs = syntaxErrors.get(e.path) ?? [];
    if (!errs.some((x) => x.line === e.line && x.column === e.column && x.reason === e.reason)) errs.push(e);
    syntaxErrors.set(e.path, errs);
  }
  for (const file of result.files) result.syntaxErrors.push(...firstError(syntaxErrors.get(file) ?? []));
  result.includeErrors = includeErrors;
  result.errors = [...result.syntaxErrors, ...includeErrors];
  return result;
}

/** glob(3) over container paths, segment by segment; results sorted as the C locale sorts. */
function globContainer(pattern: string, list: (dir: string) => string[]): string[] {
  let paths = [''];
  for (const seg of pattern.split('/').slice(1)) {
    const next: string[] = [];
    for (const base of paths) {
      if (!MAGIC.test(seg)) {
        next.push(`${base}/${seg}`);
        continue;
      }
      const re = globSegment(seg, { dotAll: true });
      for (const name of list(base === '' ? '/' : base)) {
        if (name.startsWith('.') && !seg.startsWith('.')) continue;
        if (re.test(name)) next.push(`${base}/${name}`);
      }
    }
    paths = next;
  }
  return paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `/a//b/./c/../d/` → `/a/b/d`; `..` above `/` stays at `/`, as the kernel does. */
function normalizeAbs(path: string): string {
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

/** Normalize a scan-relative path; `..` that leaves the root is kept as a leading `..`. */
function normalizeRel(path: string): string {
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0 || parts[parts.length - 1] === '..') parts.push('..');
      else parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

function joinRel(dir: string, rest: string): string {
  return normalizeRel(dir === '' ? rest : rest === '' ? dir : `${dir}/${rest}`);
}

function posixDirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

function posixDirnameAbs(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}
