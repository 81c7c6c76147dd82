/**
 * Places a non-root scan cannot read, with real file modes: the ufw and fail2ban checks must
 * not claim anything is missing or off where they could not look, and must still judge
 * what they could read. Runs the scan as uid 65534 (setpriv from util-linux, as CI has it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildSync } from 'esbuild';

const repoRoot = join(import.meta.dirname, '..', '..', '..');

function unprivileged(): { cmd: string; args: string[] } | string {
  if (process.getuid?.() !== 0) return 'needs root to drop privileges to another user';
  const setpriv = ['--reuid=65534', '--regid=65534', '--clear-groups'];
  if (spawnSync('setpriv', [...setpriv, 'true']).status === 0) return { cmd: 'setpriv', args: [...setpriv, process.execPath] };
  return 'setpriv cannot drop root privileges here';
}

const how = unprivileged();
let work: string;
let bundle: string;

function host(name: string, files: Record<string, string>, modes: Record<string, number>): string {
  const root = join(work, name);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true, mode: 0o755 });
    writeFileSync(join(root, p), text, { mode: 0o644 });
  }
  chmodSync(root, 0o755);
  for (const [p, mode] of Object.entries(modes)) chmodSync(join(root, p), mode);
  return root;
}

function scanAsNobody(root: string): { errors: Array<{ path: string; reason: string }>; findings: string[] } {
  const { cmd, args } = how as { cmd: string; args: string[] };
  const child = spawnSync(cmd, [...args, bundle, root], { cwd: dirname(bundle), encoding: 'utf8', timeout: 60_000 });
  assert.equal(child.status, 0, `child failed: ${child.stderr}`);
  const out = JSON.parse(child.stdout) as { uid: number; fatal?: string; errors: Array<{ path: string; reason: string }>; findings: string[] };
  assert.notEqual(out.uid, 0, 'the child must not run as root');
  assert.equal(out.fatal, undefined);
  return out;
}

const SSHD = { 'etc/ssh/sshd_config': 'PasswordAuthentication no\n' };

describe('ufw and fail2ban on places a non-root scan cannot read', { skip: typeof how === 'string' ? how : false }, () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'bulwark-host-modes-'));
    chmodSync(work, 0o755);
    bundle = join(work, 'scan-host-as-user.mjs');
    buildSync({
      entryPoints: [join(repoRoot, 'test/inputs/fail2ban/scan-host-as-user.ts')],
      outfile: bundle,
      bundle: true,
      format: 'esm',
      platform: 'node',
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    chmodSync(bundle, 0o644);
  });
  after(() => {
    if (!work) return;
    spawnSync('chmod', ['-R', 'u+rwx', work]);
    rmSync(work, { recursive: true, force: true });
  });

  it('a 0700 etc/fail2ban: no fail2ban finding, an error instead', () => {
    const root = host('f2b-locked', { ...SSHD, 'etc/fail2ban/jail.local': '[sshd]\nenabled = false\nmaxretry = 10\n' }, { 'etc/fail2ban': 0o700 });
    const out = scanAsNobody(root);
    assert.deepEqual(out.findings.filter((f) => f.startsWith('fail2ban/')), []);
    assert.ok(out.errors.some((e) => e.path.startsWith('etc/fail2ban')), JSON.stringify(out.errors));
  });

  it('a 0700 jail.d: the readable jail.local is not trusted to be the whole story', () => {
    const root = host('f2b-jaild-locked', { ...SSHD, 'etc/fail2ban/jail.local': '[sshd]\nenabled = false\n', 'etc/fail2ban/jail.d/sshd.local': '[sshd]\nenabled = true\n' }, { 'etc/fail2ban/jail.d': 0o700 });
    const out = scanAsNobody(root);
    assert.deepEqual(out.findings.filter((f) => f.startsWith('fail2ban/')), []);
  });

  it('a 0640 user.rules: no port findings and an error, while ufw.conf is still judged', () => {
    const root = host('ufw-rules-locked', {
      'etc/ufw/ufw.conf': 'ENABLED=no\n',
      'etc/default/ufw': 'DEFAULT_INPUT_POLICY="DROP"\n',
      'etc/ufw/user.rules': '### tuple ### allow tcp 5432 0.0.0.0/0 any 0.0.0.0/0 in\n',
    }, { 'etc/ufw/user.rules': 0o600 });
    const out = scanAsNobody(root);
    assert.deepEqual(out.findings, ['ufw/require-enabled etc/ufw/ufw.conf:1']);
    assert.ok(out.errors.some((e) => e.path === 'etc/ufw/user.rules' && /permission denied/.test(e.reason)), JSON.stringify(out.errors));
  });

  it('a 0700 etc/ufw: no "no firewall" claim', () => {
    const root = host('ufw-dir-locked', { 'etc/ufw/ufw.conf': 'ENABLED=no\n', 'etc/default/ufw': 'DEFAULT_INPUT_POLICY="ACCEPT"\n' }, { 'etc/ufw': 0o700 });
    const out = scanAsNobody(root);
    assert.deepEqual(out.findings.filter((f) => f.startsWith('ufw/require-enabled')), []);
  });
});
