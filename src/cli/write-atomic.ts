/**
 * Files are written atomically: a temp file in the same directory (so the rename stays
 * on one filesystem), fsync, then rename over the target. A reader never sees half a
 * file, and an existing file keeps its mode exactly. A new file gets `options.mode`
 * (default 0644, less the umask) from the moment it is created, so a private file
 * (0600) is never readable by others, not even for an instant. A symlink is followed:
 * the file it points to is replaced, not the link.
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
    mode = statSync(target).mode & 0o7777;
    existing = true;
  } catch {
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
