/**
 * Reading scanned files once, with the guards every input needs: size limit, binary
 * detection, strict UTF-8. Files are cached so snippets and suppressions reuse the text.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { ScanError } from '../core/finding.ts';

/** Larger files are not parsed: configs this big are generated data, or an attack. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface SourceFile {
  /** Relative to the scan root, `/` separators. */
  path: string;
  text: string;
}

export type ReadResult = { ok: true; file: SourceFile } | { ok: false; reason: string; line?: number };

export class SourceStore {
  private readonly cache = new Map<string, ReadResult>();
  private readonly lineCache = new Map<string, string[]>();

  constructor(readonly root: string) {}

  absolute(path: string): string {
    return join(this.root, path.split('/').join(sep));
  }

  /** Read a file relative to the root; failures are reasons, never exceptions. */
  read(path: string): ReadResult {
    const cached = this.cache.get(path);
    if (cached) return cached;
    const result = readSource(this.absolute(path), path);
    this.cache.set(path, result);
    return result;
  }

  /** Register text that did not come from disk (tests, stdin). */
  put(path: string, text: string): void {
    this.cache.set(path, { ok: true, file: { path, text } });
    this.lineCache.delete(path);
  }

  /** Forget cached text (after a project is judged) so memory stays flat on big trees; a later read goes to disk again. */
  evict(paths: Iterable<string>): void {
    for (const path of paths) {
      this.cache.delete(path);
      this.lineCache.delete(path);
    }
  }

  linesOf(path: string): string[] | undefined {
    let lines = this.lineCache.get(path);
    if (lines) return lines;
    const r = this.cache.get(path);
    if (!r || !r.ok) return undefined;
    lines = r.file.text.split(/\r?\n/);
    this.lineCache.set(path, lines);
    return lines;
  }
}

/** A failed read as a scan error entry: the path, the line when the reason has one. */
export function readError(path: string, failure: { reason: string; line?: number }): ScanError {
  return failure.line === undefined ? { path, reason: failure.reason } : { path, line: failure.line, reason: failure.reason };
}

/** Reading text files and listing folders by root-relative path: what parsers that follow includes need. */
export interface TextFileAccess {
  read(path: string): { ok: true; text: string } | { ok: false; reason: string; line?: number };
  /** Entry names of a directory relative to the scan root (`''` is the root), or undefined when it is not one. */
  list(dir: string): string[] | undefined;
}

/** File access through the store: cached, size- and encoding-checked reads; plain directory listings. */
export function storeFileAccess(store: SourceStore): TextFileAccess {
  return {
    read(p) {
      const r = store.read(p);
      return r.ok ? { ok: true, text: r.file.text } : r.line === undefined ? { ok: false, reason: r.reason } : { ok: false, reason: r.reason, line: r.line };
    },
    list(dir) {
      try {
        return readdirSync(store.absolute(dir));
      } catch {
        return undefined;
      }
    },
  };
}

export function readSource(absolutePath: string, path: string): ReadResult {
  let size: number;
  try {
    const st = statSync(absolutePath);
    if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
    size = st.size;
  } catch (err) {
    return { ok: false, reason: describeFsError(err) };
  }
  if (size > MAX_FILE_BYTES) {
    return { ok: false, reason: `file too large (${formatBytes(size)}, limit ${formatBytes(MAX_FILE_BYTES)}); skipped` };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolutePath);
  } catch (err) {
    return { ok: false, reason: describeFsError(err) };
  }
  return decodeSource(bytes, path);
}

export function decodeSource(bytes: Uint8Array, path: string): ReadResult {
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes); skipped' };
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, file: { path, text } };
  } catch {
    const line = firstInvalidUtf8Line(bytes);
    return { ok: false, reason: `not valid UTF-8 (first invalid byte on line ${line}); skipped`, line };
  }
}

/** 1-based line of the first byte sequence that is not UTF-8. */
function firstInvalidUtf8Line(bytes: Uint8Array): number {
  const text = new TextDecoder('utf-8').decode(bytes);
  const at = text.indexOf('\uFFFD');
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'too many levels of symbolic links (loop)';
    case 'EISDIR': return 'is a directory';
    default: return e.message ?? String(err);
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}
