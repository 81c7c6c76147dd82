/**
 * Editing decrypted text in the user's editor without leaving plaintext behind: the text
 * goes to a 0600 file in a fresh 0700 directory, in memory where the system offers it
 * (`$XDG_RUNTIME_DIR`, `/dev/shm`), and the directory is removed when the editor is done,
 * when it fails, and when we are interrupted or terminated.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { SecretsError } from './errors.ts';

export type EditOutcome =
  | { status: 'changed'; text: string }
  | { status: 'unchanged' }
  | { status: 'editor-failed'; detail: string };

export interface EditOptions {
  /** The editor command line; run by `/bin/sh -c '<editor> "$1"'` like git does, so it may carry arguments. */
  editor: string;
  env: Record<string, string | undefined>;
  /** Name of the plaintext file, so the editor can pick a syntax. */
  fileName: string;
  /** Called with the private directory once it exists (tests use it). */
  onDirectory?: (dir: string) => void;
}

/** The editor to use: SOPS_EDITOR, EDITOR, VISUAL, then vim, nano or vi from PATH. */
export function pickEditor(env: Record<string, string | undefined>): string {
  for (const name of ['SOPS_EDITOR', 'EDITOR', 'VISUAL']) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return value;
  }
  for (const candidate of ['vim', 'nano', 'vi']) {
    for (const dir of (env.PATH ?? '').split(delimiter)) {
      if (dir === '') continue;
      try {
        if (statSync(join(dir, candidate)).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  throw new SecretsError('no editor found: set EDITOR (or SOPS_EDITOR)');
}

/** A directory only we can read, in memory when the system has one for us. */
export function privateBase(env: Record<string, string | undefined>): string {
  const candidates = [env.XDG_RUNTIME_DIR, '/dev/shm'];
  for (const dir of candidates) {
    if (!dir) continue;
    try {
      const st = statSync(dir);
      if (!st.isDirectory()) continue;
      // The runtime dir must be ours and private; /dev/shm is shared but sticky, and mkdtemp makes a 0700 dir in it.
      if (dir === env.XDG_RUNTIME_DIR && (st.uid !== process.getuid?.() || (st.mode & 0o077) !== 0)) continue;
      if (dir === '/dev/shm' && (st.mode & 0o1000) === 0) continue;
      return dir;
    } catch {
      // not available
    }
  }
  return tmpdir();
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function signalName(n: number): string | undefined {
  return Object.entries(constants.signals).find(([, v]) => v === n)?.[0];
}

export async function editPlaintext(plaintext: string, options: EditOptions): Promise<EditOutcome> {
  const dir = mkdtempSync(join(privateBase(options.env), 'bulwark-edit-'));
  const file = join(dir, options.fileName.replace(/[/\\]/g, '_') || 'secrets.env');
  let child: ChildProcess | undefined;
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals): void => {
    // Ctrl-C reaches the editor too; whether it ends the edit is the editor's call.
    if (signal === 'SIGINT' && child && child.exitCode === null && child.signalCode === null) return;
    if (child && child.exitCode === null) child.kill(signal);
    cleanup();
    removeHandlers();
    process.kill(process.pid, signal);
  };
  const removeHandlers = (): void => {
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    process.removeListener('exit', cleanup);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', cleanup);
  try {
    options.onDirectory?.(dir);
    const fd = openSync(file, 'wx', 0o600);
    try {
      const bytes = Buffer.from(plaintext, 'utf8');
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
    } finally {
      closeSync(fd);
    }
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((done) => {
      // `exec` when the editor is a plain command, so a signal we pass on reaches the editor itself.
      const plain = /^[^\s=;&|<>()`$]+(\s+[^;&|<>()`$]*)?$/.test(options.editor.trim());
      const command = `${plain ? 'exec ' : ''}${options.editor} "$1"`;
      child = spawn('/bin/sh', ['-c', command, 'sh', file], { stdio: 'inherit', env: options.env as NodeJS.ProcessEnv });
      child.on('error', (error) => done({ code: null, signal: null, error }));
      child.on('exit', (code, signal) => done({ code, signal }));
    });
    if (exit.error) return { status: 'editor-failed', detail: `could not start the editor: ${exit.error.message}` };
    if (exit.signal) return { status: 'editor-failed', detail: `the editor was ended by ${exit.signal}` };
    if (exit.code !== 0) {
      // The shell that ran the editor reports a signal death as 128 + n.
      const killedBy = exit.code !== null && exit.code > 128 ? signalName(exit.code - 128) : undefined;
      return { status: 'editor-failed', detail: killedBy ? `the editor was ended by ${killedBy}` : `the editor exited with status ${exit.code}` };
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      return { status: 'editor-failed', detail: `the edited file is gone (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})` };
    }
    return text === plaintext ? { status: 'unchanged' } : { status: 'changed', text };
  } finally {
    cleanup();
    removeHandlers();
  }
}
