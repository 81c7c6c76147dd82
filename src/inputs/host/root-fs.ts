/**
 * Looking at places under a host root as the host itself would see them: symbolic links
 * are resolved as if the root were `/` (an absolute link `sbin -> /usr/sbin` in a mounted
 * image means `<root>/usr/sbin`, never the scanning machine's `/usr/sbin`), `..` stops at
 * the root, and every answer says whether the place is there, absent, or could not be seen
 * (permission denied, link loop), so a check never calls "missing" what it could not read.
 */
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import type { Stats } from 'node:fs';
import type { HostContext } from './layout.ts';

export type PlaceKind = 'file' | 'dir' | 'link' | 'other';

/** A place that exists, with its root-relative real path (links resolved inside the root). */
export interface FoundPlace {
  state: 'present';
  kind: PlaceKind;
  /** Root-relative path after resolving links; equal to the asked path when no link was on the way. */
  real: string;
  stats: Stats;
}

export type PlaceLookup = FoundPlace | { state: 'absent' } | { state: 'unknown'; reason: string };

/** Linux's MAXSYMLINKS. */
const MAX_LINKS = 40;

export class RootFs {
  constructor(
    /** Absolute path of the host root. */
    readonly root: string,
    /** Root-relative places discovery could not read (`HostContext.unreadable`). */
    private readonly unreadable: ReadonlySet<string> = new Set(),
  ) {}

  static of(host: HostContext): RootFs {
    return new RootFs(host.root, host.unreadable);
  }

  /** Absolute path of a root-relative path, without resolving anything. */
  absolute(rel: string): string {
    const clean = rel.replace(/^\/+/, '');
    if (clean === '') return this.root;
    return this.root === '/' ? `/${clean}` : `${this.root.replace(/\/+$/, '')}/${clean}`;
  }

  /**
   * What is at `rel` (root-relative or absolute-as-on-the-host). Links on the way are
   * followed inside the root; `followLast: false` looks at a final link itself (lstat).
   */
  lookup(rel: string, followLast = true): PlaceLookup {
    if (this.markedUnreadable(rel)) return { state: 'unknown', reason: 'could not be read during discovery' };
    let pending = splitPath(rel);
    const done: string[] = [];
    let links = 0;
    while (pending.length > 0) {
      const seg = pending.shift()!;
      if (seg === '.') continue;
      if (seg === '..') {
        done.pop();
        continue;
      }
      const candidate = [...done, seg].join('/');
      let st: Stats;
      try {
        st = lstatSync(this.absolute(candidate));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return { state: 'absent' };
        return { state: 'unknown', reason: describeCode(code) };
      }
      const last = pending.length === 0;
      if (st.isSymbolicLink() && (!last || followLast)) {
        if (++links > MAX_LINKS) return { state: 'unknown', reason: 'too many levels of symbolic links' };
        let target: string;
        try {
          target = readlinkSync(this.absolute(candidate));
        } catch (err) {
          return { state: 'unknown', reason: describeCode((err as NodeJS.ErrnoException).code) };
        }
        if (target.startsWith('/')) done.length = 0;
        pending = [...splitPath(target), ...pending];
        continue;
      }
      done.push(seg);
      if (last) return { state: 'present', kind: kindOf(st), real: done.join('/'), stats: st };
      if (!st.isDirectory()) return { state: 'absent' };
    }
    // The root itself.
    try {
      const st = lstatSync(this.root);
      return { state: 'present', kind: kindOf(st), real: '', stats: st };
    } catch (err) {
      return { state: 'unknown', reason: describeCode((err as NodeJS.ErrnoException).code) };
    }
  }

  /** 'yes' when the first of `paths` that exists is a regular file (or, with `anyKind`, anything); 'unknown' when none exists and one could not be looked at. */
  anyExists(paths: readonly string[], anyKind = false): { answer: 'yes'; path: string } | { answer: 'no' } | { answer: 'unknown'; path: string; reason: string } {
    let unknown: { path: string; reason: string } | undefined;
    for (const p of paths) {
      const found = this.lookup(p);
      if (found.state === 'present' && (anyKind || found.kind === 'file')) return { answer: 'yes', path: p };
      if (found.state === 'unknown' && !unknown) unknown = { path: p, reason: found.reason };
    }
    return unknown ? { answer: 'unknown', ...unknown } : { answer: 'no' };
  }

  /** Sorted entry names of a folder (links on the way resolved inside the root). */
  list(rel: string): { ok: true; names: string[]; real: string } | { ok: false; state: 'absent' | 'unknown'; reason?: string } {
    const found = this.lookup(rel);
    if (found.state === 'absent') return { ok: false, state: 'absent' };
    if (found.state === 'unknown') return { ok: false, state: 'unknown', reason: found.reason };
    if (found.kind !== 'dir') return { ok: false, state: 'absent' };
    try {
      return { ok: true, names: readdirSync(this.absolute(found.real)).sort(), real: found.real };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? { ok: false, state: 'absent' } : { ok: false, state: 'unknown', reason: describeCode(code) };
    }
  }

  /** The target of a link, as written (absolute links stay absolute: they mean the host's `/`). */
  readLink(rel: string): string | undefined {
    try {
      return readlinkSync(this.absolute(rel));
    } catch {
      return undefined;
    }
  }

  /** True when discovery could not read `rel` or a folder above it. */
  markedUnreadable(rel: string): boolean {
    const path = splitPath(rel).join('/');
    for (const u of this.unreadable) {
      if (u === '' || u === path || path.startsWith(`${u}/`)) return true;
    }
    return false;
  }

  /** True when discovery could not read `rel`, a folder above it, or something inside it (a listing of it may be incomplete). */
  hidesSomething(rel: string): boolean {
    const path = splitPath(rel).join('/');
    if (this.markedUnreadable(path)) return true;
    for (const u of this.unreadable) if (u.startsWith(`${path}/`)) return true;
    return false;
  }
}

function splitPath(p: string): string[] {
  return p.split('/').filter((s) => s !== '');
}

function kindOf(st: Stats): PlaceKind {
  if (st.isSymbolicLink()) return 'link';
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  return 'other';
}

function describeCode(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return code ? `cannot be read (${code})` : 'cannot be read';
  }
}
