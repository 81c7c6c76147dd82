/**
 * Looking at root-relative places the way the host layout does: symbolic links are
 * followed only inside the scan root (an absolute link in a mounted image points into the
 * scanning machine), and a place counts as unreadable when it, or a folder above it, is
 * in the host context's `unreadable` set or cannot be read now. Text goes through the
 * SourceStore so snippets and suppressions work in every file read.
 */
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import type { Stats } from 'node:fs';
import type { HostContext } from '../host/layout.ts';
import { isInside } from '../discover.ts';
import type { SourceStore } from '../source.ts';

export type PlaceState = 'file' | 'dir' | 'other' | 'absent' | 'unreadable';

/** A failed read says whether the place is missing or unreadable, and whether discovery already reported it. */
export type TextRead =
  | { ok: true; text: string }
  | { ok: false; state: 'absent' | 'unreadable'; reason: string; line?: number; reported?: true };

export class HostFiles {
  /** Files whose text was read, in first-read order. */
  readonly read = new Set<string>();
  private readonly rootReal: string;

  constructor(
    private readonly store: SourceStore,
    private readonly host?: HostContext,
  ) {
    let real = store.root;
    try {
      real = realpathSync(store.root);
    } catch {
      // keep the given root
    }
    this.rootReal = real;
  }

  /** What is at `path` (root-relative, `/` separators). */
  stat(path: string): PlaceState {
    if (this.markedUnreadable(path)) return 'unreadable';
    let st: Stats;
    try {
      st = lstatSync(this.store.absolute(path));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? 'absent' : 'unreadable';
    }
    if (st.isSymbolicLink()) {
      let real: string;
      try {
        real = realpathSync(this.store.absolute(path));
        st = lstatSync(real);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // A dangling link is as good as no file; a loop or a denied hop hides what is there.
        return code === 'ENOENT' ? 'absent' : 'unreadable';
      }
      if (!isInside(real, this.rootReal)) return 'unreadable';
    }
    if (st.isDirectory()) return 'dir';
    if (st.isFile()) return 'file';
    return 'other';
  }

  /** Text of a file; a missing file and an unreadable one are told apart. */
  text(path: string): TextRead {
    const state = this.stat(path);
    if (state === 'absent') return { ok: false, state: 'absent', reason: 'no such file or directory' };
    if (state === 'unreadable') {
      const r: TextRead = { ok: false, state: 'unreadable', reason: 'cannot be read (permission, or a link leaving the scan root)' };
      if (this.markedUnreadable(path)) r.reported = true;
      return r;
    }
    if (state !== 'file') return { ok: false, state: 'unreadable', reason: 'not a regular file' };
    const r = this.store.read(path);
    if (!r.ok) return r.line === undefined ? { ok: false, state: 'unreadable', reason: r.reason } : { ok: false, state: 'unreadable', reason: r.reason, line: r.line };
    this.read.add(path);
    return { ok: true, text: r.file.text };
  }

  /** Entry names of a folder, sorted; undefined when absent; 'unreadable' when it cannot be listed. */
  list(dir: string): string[] | undefined | 'unreadable' {
    const state = this.stat(dir);
    if (state === 'absent' || state === 'file' || state === 'other') return undefined;
    if (state === 'unreadable') return 'unreadable';
    try {
      return readdirSync(this.store.absolute(dir)).sort();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      return 'unreadable';
    }
  }

  private markedUnreadable(path: string): boolean {
    const unreadable = this.host?.unreadable;
    if (!unreadable || unreadable.size === 0) return false;
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) if (unreadable.has(parts.slice(0, i).join('/'))) return true;
    return false;
  }
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

export function dirnameOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}
