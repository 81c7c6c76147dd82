/**
 * Files are written atomically: a temp file in the same directory (so the rename stays
 * on one filesystem), fsync, then rename over the target. A reader never sees half a
 * file, and an existing file keeps its mode exactly. A new file gets `options.mode`
 * (default 0644, less the umask) from the moment it is created, so a private file
 * (0600) is never readable by others, not even for an instant. A symlink is followed:
 * the file it points to is replaced, not the link. A device or FIFO (`--output /dev/null`)
 * is written to, never replaced.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface WriteAtomicOptions {
  /** Mode of a new file (default 0o644); an existing file keeps its own. */
  mode?: number;
}

export function writeFileAtomic(path: string, text: string | Uint8Array, options: WriteAtomicOptions = {}): void {
  let target = path;
  let mode = options.mode ?? 0o644;
  let existing = false;
  try {
    target = realpathSync(path);
    const st = statSync(target);
    if (st.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
    if (!st.isFile()) {
      // A device, FIFO or socket (`/dev/null`, `/dev/stdout`, a pipe): renaming over it would replace it
      // with a plain file (as root even /dev/null); such targets have no half-written state to avoid.
      writeDirect(target, text);
      return;
    }
    mode = st.mode & 0o7777;
    existing = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    // A new file: the requested mode.
  }
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', mode);
  try {
    try {
      // The umask may have narrowed the mode of an existing file; restore it before any byte is written.
      if (existing) fchmodSync(fd, mode);
      const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      // Already gone.
    }
    throw err;
  }
}

function writeDirect(target: string, text: string | Uint8Array): void {
  const fd = openSync(target, 'w');
  try {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
  } finally {
    closeSync(fd);
  }
}
