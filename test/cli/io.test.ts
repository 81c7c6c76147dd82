import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { colorEnabled } from '../../src/cli/io.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/program.ts';
import { exitCodeFor } from '../../src/cli/scan-command.ts';
import { writeFileAtomic } from '../../src/cli/write-atomic.ts';
import { sampleResult } from '../reporters/sample-result.ts';

describe('colour decision', () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true, isTTY: false };
  it('follows the TTY by default', () => {
    assert.equal(colorEnabled(true, tty, {}), true);
    assert.equal(colorEnabled(true, pipe, {}), false);
    assert.equal(colorEnabled(true, tty, { TERM: 'dumb' }), false);
  });
  it('--no-color beats everything, NO_COLOR beats FORCE_COLOR, an empty NO_COLOR is ignored', () => {
    assert.equal(colorEnabled(false, tty, { FORCE_COLOR: '1' }), false);
    assert.equal(colorEnabled(true, tty, { NO_COLOR: '1' }), false);
    assert.equal(colorEnabled(true, pipe, { NO_COLOR: '1', FORCE_COLOR: '1' }), false);
    assert.equal(colorEnabled(true, tty, { NO_COLOR: '' }), true);
    assert.equal(colorEnabled(true, pipe, { FORCE_COLOR: '1' }), true);
    assert.equal(colorEnabled(true, tty, { FORCE_COLOR: '0' }), false);
  });
});

describe('exit code from findings', () => {
  it('is 1 only for a finding at or above the threshold, never for none', () => {
    const result = sampleResult(); // critical, high, low
    assert.equal(exitCodeFor(result, 'critical'), 1);
    assert.equal(exitCodeFor(result, 'info'), 1);
    assert.equal(exitCodeFor(result, 'none'), 0);
    const lowOnly = sampleResult({ findings: result.findings.filter((f) => f.severity === 'low') });
    assert.equal(exitCodeFor(lowOnly, 'medium'), 0);
    assert.equal(exitCodeFor(lowOnly, 'low'), 1);
  });
});

describe('atomic write', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-write-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  it('replaces the content, keeps an existing mode and leaves no temp file', () => {
    const file = join(dir, 'report.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    writeFileAtomic(file, 'new ✓');
    assert.equal(readFileSync(file, 'utf8'), 'new ✓');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['report.json']);
  });
  it('throws for a missing directory and leaves nothing behind', () => {
    assert.throws(() => writeFileAtomic(join(dir, 'nope', 'x.json'), 'x'), /ENOENT/);
    assert.deepEqual(readdirSync(dir), ['report.json']);
  });
});

describe('runCli in process', () => {
  function capture(): { io: CliIo; out: () => string; err: () => string } {
    let out = '';
    let err = '';
    return {
      io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: {}, cwd: process.cwd() },
      out: () => out,
      err: () => err,
    };
  }
  it('maps commander usage errors to exit 2 and help to 0', async () => {
    const bad = capture();
    assert.equal(await runCli(['scan', '--fail-on', 'loud'], bad.io), 2);
    assert.match(bad.err(), /'loud' is invalid/);
    const help = capture();
    assert.equal(await runCli(['checks', '--help'], help.io), 0);
    assert.match(help.out(), /--format <format>/);
  });
  it('explain writes to the given streams', async () => {
    const c = capture();
    assert.equal(await runCli(['explain', 'compose/no-privileged'], c.io), 0);
    assert.match(c.out(), /^compose\/no-privileged\n/);
    const unknown = capture();
    assert.equal(await runCli(['explain', 'nope/nothing-like-it-at-all'], unknown.io), 2);
    assert.match(unknown.err(), /unknown check "nope\/nothing-like-it-at-all"; `bulwark checks` lists them all/);
  });
});
