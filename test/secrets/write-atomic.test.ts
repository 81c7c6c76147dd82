import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, lstatSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { writeFileAtomic } from '../../src/cli/write-atomic.ts';
import { tempDir } from './helpers.ts';

describe('writeFileAtomic, as the secrets commands use it', () => {
  const work = tempDir();
  after(() => work.cleanup());

  it('keeps the exact mode of an existing file, even with a narrow umask', () => {
    const file = join(work.dir, 'kept.env');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o664);
    const previous = process.umask(0o077);
    try {
      writeFileAtomic(file, 'new\n', { mode: 0o600 });
    } finally {
      process.umask(previous);
    }
    assert.equal(statSync(file).mode & 0o777, 0o664);
    assert.equal(readFileSync(file, 'utf8'), 'new\n');
  });

  it('writes to a device or FIFO instead of replacing it (--output /dev/null as root once destroyed /dev/null)', async () => {
    writeFileAtomic('/dev/null', 'report\n');
    assert.ok(statSync('/dev/null').isCharacterDevice(), '/dev/null is still the device');
    assert.deepEqual(readdirSync('/dev').filter((f) => f.startsWith('.null.')), [], 'no temp file left in /dev');
    const fifo = join(work.dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // The reader is another process: opening a FIFO blocks until both ends are open.
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    const received = new Promise<string>((resolve) => {
      let text = '';
      reader.stdout.on('data', (d: Buffer) => (text += d.toString()));
      reader.on('close', () => resolve(text));
    });
    writeFileAtomic(fifo, 'through the pipe\n');
    assert.equal(await received, 'through the pipe\n');
    assert.ok(lstatSync(fifo).isFIFO());
    assert.throws(() => writeFileAtomic(work.dir, 'x'), /is a directory/);
  });

  it('creates a new file with the requested mode and leaves no temp file', () => {
    const file = join(work.dir, 'new.env');
    writeFileAtomic(file, 'x\n', { mode: 0o600 });
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(work.dir).filter((f) => f.endsWith('.tmp')), []);
  });

  it('replaces the target of a symlink, not the link', () => {
    const target = join(work.dir, 'real.env');
    const link = join(work.dir, 'link.env');
    writeFileSync(target, 'a\n', { mode: 0o640 });
    chmodSync(target, 0o640);
    symlinkSync(target, link);
    writeFileAtomic(link, 'b\n');
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readFileSync(target, 'utf8'), 'b\n');
    assert.equal(statSync(target).mode & 0o777, 0o640);
  });
});
