/**
 * Oracle test: our effective sshd values must equal what the real `sshd -T` prints, for
 * every sshd fixture and a few extra configs. Real configs use absolute Include paths,
 * so each config is copied into a temp dir laid out like `/` and its Include arguments
 * rewritten to point there. A missing sshd fails the test (CI installs openssh-server).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SSHD_KEYWORDS } from '../../src/inputs/sshd/effective.ts';
import { loadSshdConfig } from '../../src/inputs/sshd/load.ts';
import { SourceStore } from '../../src/inputs/source.ts';

const SSHD = '/usr/sbin/sshd';
const FIXTURES = join(import.meta.dirname, '..', '..', 'src', 'checks', 'sshd', 'fixtures');
const MAIN = 'etc/ssh/sshd_config';

/** Extra configs (path → text) for corners the check fixtures do not cover. */
const EXTRA: Record<string, Record<string, string>> = {
  empty: { [MAIN]: '' },
  'case-and-equals': { [MAIN]: 'PASSWORDAUTHENTICATION=No\npermitrootlogin = Yes\nx11forwarding  "yes"\nMaxAuthTries\t007\n' },
  'alias-first-wins': { [MAIN]: 'ChallengeResponseAuthentication no\nKbdInteractiveAuthentication yes\n' },
  'trailing-comment': { [MAIN]: 'PubkeyAuthentication no # keys off\nPermitEmptyPasswords yes\n' },
  'match-all-is-global': { [MAIN]: 'Match User bob\n  PasswordAuthentication no\nMatch all\nPasswordAuthentication no\nMaxAuthTries 2\n' },
  'match-in-include-ends-with-file': {
    [MAIN]: 'Include /etc/ssh/sshd_config.d/*.conf\nX11Forwarding yes\n',
    'etc/ssh/sshd_config.d/a.conf': 'Match User alice\n  X11Forwarding no\n',
  },
  'include-order-and-dotfiles': {
    [MAIN]: 'Include sshd_config.d/*\nPermitRootLogin no\n',
    'etc/ssh/sshd_config.d/.hidden': 'PermitRootLogin yes\n',
    'etc/ssh/sshd_config.d/20-b.conf': 'PermitRootLogin forced-commands-only\n',
    'etc/ssh/sshd_config.d/10-a.conf': 'MaxAuthTries 3\n',
    'etc/ssh/sshd_config.d/B-upper.conf': 'PasswordAuthentication no\n',
  },
  'nested-and-missing-include': {
    [MAIN]: 'Include /etc/ssh/missing.conf /etc/ssh/one.conf\nPermitEmptyPasswords yes\n',
    'etc/ssh/one.conf': 'Include two.conf\n',
    'etc/ssh/two.conf': 'PermitEmptyPasswords no\nKbdInteractiveAuthentication no\n',
  },
};

interface ParityCase {
  name: string;
  /** Folder laid out like `/`, holding etc/ssh/sshd_config. */
  dir: string;
}

function fixtureCases(): ParityCase[] {
  const out: ParityCase[] = [];
  for (const check of readdirSync(FIXTURES).sort()) {
    for (const name of readdirSync(join(FIXTURES, check)).sort()) {
      const dir = join(FIXTURES, check, name);
      if (statSync(dir).isDirectory() && existsSync(join(dir, MAIN))) out.push({ name: `${check}/${name}`, dir });
    }
  }
  return out;
}

let work: string;
let hostKey: string;
let extraRoot: string;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** Copy a config tree into the temp dir and point its Include arguments there. */
function materialize(c: ParityCase): string {
  const root = mkdtempSync(join(work, 'case-'));
  cpSync(c.dir, root, { recursive: true });
  for (const file of walk(root)) {
    const text = readFileSync(file, 'utf8');
    const rewritten = text.replace(/^([ \t]*include[ \t]*(?:=[ \t]*)?)(.*)$/gim, (_m, head: string, args: string) => {
      const mapped = args
        .split(/[ \t]+/)
        .filter((a) => a !== '')
        .map((a) => (a.startsWith('/') ? join(root, a) : join(root, 'etc', 'ssh', a)));
      return head + mapped.join(' ');
    });
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
  return join(root, MAIN);
}

function sshdEffective(configFile: string): Record<string, string> {
  const r = spawnSync(SSHD, ['-T', '-f', configFile, '-h', hostKey], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, `sshd -T failed: ${r.stderr}`);
  const out: Record<string, string> = {};
  for (const line of r.stdout.split('\n')) {
    const m = /^(\S+) (.*)$/.exec(line);
    if (m) out[m[1]!] ??= m[2]!;
  }
  return out;
}

function ourEffective(dir: string): Record<string, string> {
  const loaded = loadSshdConfig(MAIN, new SourceStore(dir));
  assert.deepEqual(loaded.errors, [], 'config must parse without errors');
  assert.ok(loaded.config, 'config loaded');
  return Object.fromEntries(SSHD_KEYWORDS.map((k) => [k, loaded.config!.effective.settings[k].value]));
}

describe('sshd effective values match `sshd -T`', () => {
  before(() => {
    assert.ok(existsSync(SSHD), `${SSHD} is missing: install openssh-server (CI does)`);
    work = mkdtempSync(join(tmpdir(), 'bulwark-sshd-'));
    hostKey = join(work, 'hostkey');
    const keygen = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey], { encoding: 'utf8' });
    assert.equal(keygen.status, 0, `ssh-keygen failed: ${keygen.stderr}`);
    // sshd -T checks its privilege-separation directory.
    try {
      mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    } catch {
      // Not root: sshd -T will say so if it needs the directory.
    }
    extraRoot = join(work, 'extra');
    for (const [name, files] of Object.entries(EXTRA)) {
      for (const [path, text] of Object.entries(files)) {
        const abs = join(extraRoot, name, ...path.split('/'));
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, text);
      }
    }
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const cases = [...fixtureCases(), ...Object.keys(EXTRA).map((name) => ({ name: `extra/${name}`, dir: '' }))];
  it('runs against the real sshd (missing sshd is a failure, not a skip)', () => {
    assert.ok(existsSync(SSHD), `${SSHD} is missing: install openssh-server (CI does)`);
  });
  it('covers the sshd fixtures', () => {
    assert.ok(fixtureCases().length >= 12);
  });
  for (const c of cases) {
    it(c.name, () => {
      const dir = c.dir || join(extraRoot, c.name.slice('extra/'.length));
      const theirs = sshdEffective(materialize({ name: c.name, dir }));
      const ours = ourEffective(dir);
      const expected = Object.fromEntries(SSHD_KEYWORDS.map((k) => [k, theirs[k]]));
      assert.deepEqual(ours, expected, `in ${relative(process.cwd(), dir).split(sep).join('/')}`);
    });
  }
});
