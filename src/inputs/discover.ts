/**
 * Walking the scan targets and picking the files Bulwark reads. Git-ignored files are
 * still audited (a git-ignored `.env` is exactly what must be checked); only `.git`,
 * `node_modules` and the config's `ignore` patterns are skipped. Every problem on the way
 * (unreadable folder, symlink loop, link leaving the root, FIFO named like a compose file)
 * becomes an error entry, never an exception or a hang.
 */
import type { Dirent, Stats } from 'node:fs';
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import ignore from 'ignore';
import type { ScanError } from '../core/finding.ts';
import { describeFsError, readError } from './source.ts';
import type { SourceStore } from './source.ts';
import { classifyName, isSkippedDirName, looksLikeCompose } from './discover/classify.ts';
import type { InputKind } from './discover/classify.ts';
import { classifyNginxPath, looksLikeNginxConfig } from './nginx/discover.ts';

export type { InputKind } from './discover/classify.ts';

export interface DiscoveredFile {
  /** Relative to the scan root, `/` separators. */
  path: string;
  kind: InputKind;
  /** `name`: the file name (or path) says it; `content`: a YAML file with top-level `services:`, or an nginx config in a folder other software shares; `target`: the user named the file. */
  by: 'name' | 'content' | 'target';
}

export interface DiscoverOptions {
  /** Absolute real path every target lies in; output paths are relative to it. */
  root: string;
  /** Absolute real paths of existing targets (files or directories). */
  targets: string[];
  store: SourceStore;
  /** gitignore-style patterns relative to the root. */
  ignore?: string[];
  /** Also list every other regular file, as kind `text` (asked for by loaders with `wantsAllText`: the secret scan). */
  allText?: boolean;
}

export interface DiscoverResult {
  files: DiscoveredFile[];
  errors: ScanError[];
  /** Targets that could be walked (directories) or are a recognised input (files). */
  reachedTargets: number;
}

interface Candidate extends DiscoveredFile {
  /** Real path, to list a file reached through several links only once. */
  real: string;
  viaLink: boolean;
}

export function discover(options: DiscoverOptions): DiscoverResult {
  const walker = new Walker(options);
  for (const target of options.targets) walker.target(target);
  return { files: walker.files(), errors: walker.errors, reachedTargets: walker.reached };
}

class Walker {
  readonly errors: ScanError[] = [];
  reached = 0;
  private readonly found: Candidate[] = [];
  private readonly visitedDirs = new Set<string>();
  private readonly targetDirs: string[] = [];
  private readonly ignored: ((relPath: string) => boolean) | undefined;

  constructor(private readonly options: DiscoverOptions) {
    if (options.ignore && options.ignore.length > 0) {
      const matcher = ignore().add(options.ignore);
      this.ignored = (p) => matcher.ignores(p);
    }
    for (const t of options.targets) if (isDirectory(t)) this.targetDirs.push(t);
  }

  target(absolute: string): void {
    const rel = this.rel(absolute);
    let st: Stats;
    try {
      st = statSync(absolute);
    } catch (err) {
      this.error(rel, describeFsError(err));
      return;
    }
    if (st.isDirectory()) {
      if (this.walkDir(absolute, rel, [absolute])) this.reached++;
      return;
    }
    if (!st.isFile()) {
      this.error(rel, `not a regular file (${specialKind(st)}); skipped`);
      return;
    }
    const name = classifyName(basename(absolute));
    const kind: InputKind | undefined = name === 'yaml' ? this.yamlTarget(rel) : name ?? this.nginxTarget(rel) ?? (this.options.allText ? 'text' : undefined);
    if (!kind) {
      this.error(rel, 'not a recognised input (expected a Compose file, an .env file or daemon.json); skipped');
      return;
    }
    // A file the user named is read now, so a target that cannot be read does not count as scanned.
    const read = this.options.store.read(rel);
    if (!read.ok) {
      this.errors.push(readError(rel, read));
      return;
    }
    this.found.push({ path: rel, kind, by: 'target', real: absolute, viaLink: false });
    this.reached++;
  }

  /** Walk one directory; `chain` holds the real paths of it and its ancestors (loop detection). */
  private walkDir(realDir: string, relDir: string, chain: string[]): boolean {
    if (this.visitedDirs.has(realDir)) return true;
    this.visitedDirs.add(realDir);
    let entries: Dirent[];
    try {
      entries = readdirSync(realDir, { withFileTypes: true });
    } catch (err) {
      this.error(relDir, `cannot read directory: ${describeFsError(err)}`);
      return false;
    }
    // Directory order differs between file systems; sort for a deterministic walk.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const relPath = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      const realPath = join(realDir, entry.name);
      const type = entryType(entry, realPath);
      if (type === 'dir') {
        if (this.skipDir(entry.name, relPath)) continue;
        this.walkDir(realPath, relPath, [...chain, realPath]);
      } else if (type === 'file') {
        this.file(entry.name, relPath, realPath, false);
      } else if (type === 'link') {
        this.link(entry.name, relPath, realPath, chain);
      } else if (type !== 'gone') {
        this.special(entry.name, relPath, type);
      }
    }
    return true;
  }

  private link(name: string, relPath: string, linkPath: string, chain: string[]): void {
    let real: string;
    let st: Stats;
    try {
      real = realpathSync(linkPath);
      st = statSync(real);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') this.error(relPath, 'symbolic link loop (the link resolves to itself); not followed');
      else if (code === 'ENOENT') {
        if (classifyName(name)) this.error(relPath, `broken symbolic link (to ${readLink(linkPath)}); skipped`);
      } else this.error(relPath, `cannot follow symbolic link: ${describeFsError(err)}`);
      return;
    }
    if (!isInside(real, this.options.root)) {
      this.error(relPath, `symbolic link points outside the scan root (to ${readLink(linkPath)}); not followed`);
      return;
    }
    if (st.isDirectory()) {
      if (this.skipDir(name, relPath)) return;
      if (chain.some((dir) => isInside(dir, real))) {
        const to = this.rel(real) || '.';
        this.error(relPath, `symbolic link loop (points back to its ancestor ${to}); not followed`);
        return;
      }
      // A folder a target walks anyway would only be listed twice under another name.
      if (this.targetDirs.some((t) => isInside(real, t))) return;
      this.walkDir(real, relPath, [...chain, real]);
    } else if (st.isFile()) {
      this.file(name, relPath, real, true);
    } else {
      this.special(name, relPath, specialKind(st));
    }
  }

  private file(name: string, relPath: string, real: string, viaLink: boolean): void {
    const cls = classifyName(name);
    if (!cls) {
      if (!this.nginx(relPath, real, viaLink)) this.text(relPath, real, viaLink);
      return;
    }
    if (this.ignored?.(relPath)) return;
    if (cls !== 'yaml') {
      this.found.push({ path: relPath, kind: cls, by: 'name', real, viaLink });
      return;
    }
    // Only YAML files are opened here, to decide whether they are Compose files at all.
    const read = this.options.store.read(relPath);
    if (!read.ok) {
      // Binary, oversized or non-UTF-8 YAML is data, not configuration; an unreadable one might be either.
      if (read.reason === 'permission denied') {
        this.error(relPath, 'permission denied; cannot tell whether it is a Compose file');
      }
      this.text(relPath, real, viaLink);
      return;
    }
    if (looksLikeCompose(read.file.text)) {
      this.found.push({ path: relPath, kind: 'compose', by: 'content', real, viaLink });
    } else {
      this.text(relPath, real, viaLink);
    }
  }

  /** Any other file, when a loader asked for all text; the loader reads (or skips) it. */
  private text(relPath: string, real: string, viaLink: boolean): void {
    if (!this.options.allText || this.ignored?.(relPath)) return;
    this.found.push({ path: relPath, kind: 'text', by: 'name', real, viaLink });
  }

  /** nginx configs are known by their path; in folders other software shares (`conf.d`), by their text too. True when listed. */
  private nginx(relPath: string, real: string, viaLink: boolean): boolean {
    const match = classifyNginxPath(relPath);
    if (!match || this.ignored?.(relPath)) return false;
    if (match === 'content') {
      const read = this.options.store.read(relPath);
      if (!read.ok || !looksLikeNginxConfig(read.file.text)) return false;
    }
    this.found.push({ path: relPath, kind: 'nginx', by: match, real, viaLink });
    return true;
  }

  /** A YAML file the user named is a Compose file, unless the secret scan wants text and it has no `services:`. */
  private yamlTarget(relPath: string): InputKind {
    if (!this.options.allText) return 'compose';
    const read = this.options.store.read(relPath);
    return read.ok && !looksLikeCompose(read.file.text) ? 'text' : 'compose';
  }

  /** A file the user named that reads like an nginx config (`site.conf`, `default`), whatever its folder. */
  private nginxTarget(relPath: string): InputKind | undefined {
    if (classifyNginxPath(relPath) === 'name') return 'nginx';
    const read = this.options.store.read(relPath);
    return read.ok && looksLikeNginxConfig(read.file.text) ? 'nginx' : undefined;
  }

  /** FIFOs, sockets and devices are never opened (reading a FIFO blocks); report only ones named like an input. */
  private special(name: string, relPath: string, kind: SpecialKind): void {
    if (!classifyName(name) || this.ignored?.(relPath)) return;
    this.error(relPath, `not a regular file (${kind}); skipped`);
  }

  private skipDir(name: string, relPath: string): boolean {
    return isSkippedDirName(name) || (this.ignored?.(`${relPath}/`) ?? false);
  }

  files(): DiscoveredFile[] {
    // One entry per real file: the real path when it was walked, else the first link to it.
    const byReal = new Map<string, Candidate>();
    for (const c of this.found) {
      const prev = byReal.get(c.real);
      if (!prev || preferred(c, prev)) byReal.set(c.real, c);
    }
    return [...byReal.values()]
      .map(({ path, kind, by }) => ({ path, kind, by }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private rel(absolute: string): string {
    return relative(this.options.root, absolute).split(sep).join('/');
  }

  private error(path: string, reason: string): void {
    this.errors.push({ path: path === '' ? '.' : path, reason });
  }
}

function preferred(a: Candidate, b: Candidate): boolean {
  if (a.by === 'target' !== (b.by === 'target')) return a.by === 'target';
  if (a.viaLink !== b.viaLink) return !a.viaLink;
  return a.path < b.path;
}

type SpecialKind = 'FIFO' | 'socket' | 'device' | 'special file';
type EntryType = 'dir' | 'file' | 'link' | 'gone' | SpecialKind;

function entryType(entry: Dirent, path: string): EntryType {
  if (entry.isDirectory()) return 'dir';
  if (entry.isFile()) return 'file';
  if (entry.isSymbolicLink()) return 'link';
  if (entry.isFIFO()) return 'FIFO';
  if (entry.isSocket()) return 'socket';
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return 'device';
  // Some file systems do not report the type in the directory listing.
  try {
    const st = lstatSync(path);
    if (st.isDirectory()) return 'dir';
    if (st.isFile()) return 'file';
    if (st.isSymbolicLink()) return 'link';
    return specialKind(st);
  } catch {
    return 'gone';
  }
}

function specialKind(st: Stats): SpecialKind {
  if (st.isFIFO()) return 'FIFO';
  if (st.isSocket()) return 'socket';
  if (st.isBlockDevice() || st.isCharacterDevice()) return 'device';
  return 'special file';
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** True when `path` is `dir` or lies below it (both absolute real paths). */
export function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

function readLink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '?';
  }
}
