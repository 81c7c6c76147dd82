/** `bulwark init`: a commented .bulwark.yaml that parses to the defaults, written once, replaced only with --force. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CliIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/program.ts';
import { DEFAULT_CONFIG, parseConfigText } from '../../src/config/load.ts';
import { renderConfigTemplate } from '../../src/config/template.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function workDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'bulwark-init-'));
  dirs.push(d);
  return d;
}

function ioAt(cwd: string): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: {}, cwd }, out: () => out, err: () => err };
}

describe('bulwark init', () => {
  it('writes a template that parses to exactly the defaults and mentions every key', () => {
    const parsed = parseConfigText(renderConfigTemplate(), '.bulwark.yaml');
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.deepEqual(parsed.config, DEFAULT_CONFIG);
    for (const key of ['ignore:', 'disable:', 'severity:', 'edge:', 'bulwark-ignore']) assert.ok(renderConfigTemplate().includes(key), key);
  });

  it('writes .bulwark.yaml (0644), refuses to replace it without --force, and scan reads it', async () => {
    const dir = workDir();
    const first = ioAt(dir);
    assert.equal(await runCli(['init'], first.io), 0, first.err());
    const file = join(dir, '.bulwark.yaml');
    assert.equal(readFileSync(file, 'utf8'), renderConfigTemplate());
    assert.equal(statSync(file).mode & 0o777, 0o644);
    assert.match(first.err(), /wrote \.bulwark\.yaml/);

    writeFileSync(file, 'ignore: [mine/]\n');
    const again = ioAt(dir);
    assert.equal(await runCli(['init'], again.io), 2);
    assert.match(again.err(), /\.bulwark\.yaml exists; use --force to replace it/);
    assert.equal(readFileSync(file, 'utf8'), 'ignore: [mine/]\n', 'left as it was');
    assert.equal(await runCli(['init', '--force'], ioAt(dir).io), 0);
    assert.equal(readFileSync(file, 'utf8'), renderConfigTemplate());

    writeFileSync(join(dir, 'docker-compose.yml'), 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n');
    const scan = ioAt(dir);
    assert.equal(await runCli(['scan', '.', '--checks', 'compose/no-privileged', '--format', 'json', '--fail-on', 'none'], scan.io), 0, scan.err());
    assert.equal((JSON.parse(scan.out()) as { findings: unknown[] }).findings.length, 1);
  });

  it('writes into a named folder, and names a missing one', async () => {
    const dir = workDir();
    const io = ioAt(tmpdir());
    assert.equal(await runCli(['init', dir], io.io), 0, io.err());
    assert.ok(statSync(join(dir, '.bulwark.yaml')).isFile());
    const missing = ioAt(dir);
    assert.equal(await runCli(['init', 'nope'], missing.io), 2);
    assert.match(missing.err(), /no such folder: nope/);
  });
});
