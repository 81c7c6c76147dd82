/**
 * Places a non-root scan cannot read, with real file modes (Debian's own: crontabs 1730,
 * /etc/audit 0750): the auditd, updates, backups and disk checks must not claim anything
 * is missing where they could not look. Each case is also scanned as root, to show the
 * same tree does produce the finding when it can be read. Runs as uid 65534 via setpriv.
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

interface Out {
  uid: number;
  fatal?: string;
  errors: Array<{ path: string; reason: string }>;
  findings: string[];
}

function scanAs(root: string, asRoot: boolean): Out {
  const { cmd, args } = asRoot ? { cmd: process.execPath, args: [] } : (how as { cmd: string; args: string[] });
  const child = spawnSync(cmd, [...args, bundle, root], { cwd: dirname(bundle), encoding: 'utf8', timeout: 60_000 });
  assert.equal(child.status, 0, `child failed: ${child.stderr}`);
  const out = JSON.parse(child.stdout) as Out;
  if (!asRoot) assert.notEqual(out.uid, 0, 'the child must not run as root');
  assert.equal(out.fatal, undefined);
  return out;
}

const of = (out: Out, prefix: string): string[] => out.findings.filter((f) => f.startsWith(prefix));

describe('host audits on places a non-root scan cannot read', { skip: typeof how === 'string' ? how : false }, () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'bulwark-host-modes-'));
    chmodSync(work, 0o755);
    bundle = join(work, 'scan-host-as-user.mjs');
    buildSync({
      entryPoints: [join(repoRoot, 'test/inputs/host/scan-host-as-user.ts')],
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

  it('crontabs 1730 (Debian): no "no database backup" claim', () => {
    const root = host('cron-locked', {
      'etc/crontab': 'SHELL=/bin/sh\n',
      'var/spool/cron/crontabs/postgres': '@daily pg_dumpall -f /b/all.sql\n',
      'var/lib/postgresql/15/main/PG_VERSION': '15\n',
    }, { 'var/spool/cron/crontabs': 0o1730 });
    assert.deepEqual(of(scanAs(root, true), 'backups/require-database-backup'), []);
    const out = scanAs(root, false);
    assert.deepEqual(of(out, 'backups/'), []);
    assert.ok(out.errors.some((e) => e.path === 'var/spool/cron/crontabs'), JSON.stringify(out.errors));
    // Readable and empty, the same tree is reported.
    chmodSync(join(root, 'var/spool/cron/crontabs/postgres'), 0o644);
    writeFileSync(join(root, 'var/spool/cron/crontabs/postgres'), '# nothing\n');
    chmodSync(join(root, 'var/spool/cron/crontabs'), 0o755);
    assert.deepEqual(of(scanAs(root, false), 'backups/'), ['backups/require-database-backup etc/crontab:1']);
  });

  it('/etc/audit 0750 (Debian): installed is still judged, rules are not', () => {
    const root = host('audit-locked', {
      'usr/sbin/auditd': '',
      'etc/audit/auditd.conf': 'log_file = /var/log/audit/audit.log\n',
      'etc/audit/rules.d/audit.rules': '-D\n-b 8192\n',
    }, { 'etc/audit': 0o750 });
    assert.deepEqual(of(scanAs(root, true), 'auditd/require-rules'), ['auditd/require-rules etc/audit/rules.d/audit.rules:1']);
    const out = scanAs(root, false);
    assert.deepEqual(of(out, 'auditd/require-rules'), []);
    assert.deepEqual(of(out, 'auditd/require-installed'), []);
  });

  it('apt.conf.d 0700: no unattended-upgrades claim', () => {
    const root = host('apt-locked', {
      'usr/bin/unattended-upgrade': '',
      'etc/apt/apt.conf.d/20auto-upgrades': 'APT::Periodic::Unattended-Upgrade "0";\n',
    }, { 'etc/apt/apt.conf.d': 0o700 });
    assert.deepEqual(of(scanAs(root, true), 'updates/'), ['updates/require-unattended-upgrades etc/apt/apt.conf.d/20auto-upgrades:1']);
    assert.deepEqual(of(scanAs(root, false), 'updates/'), []);
  });

  it('crypttab 0600: no "nothing is encrypted" claim', () => {
    const root = host('crypttab-locked', {
      'etc/fstab': 'UUID=x / ext4 defaults 0 1\n',
      'etc/crypttab': 'data_crypt UUID=y none luks\n',
    }, { 'etc/crypttab': 0o600 });
    assert.deepEqual(of(scanAs(root, false), 'disk/'), []);
    chmodSync(join(root, 'etc/crypttab'), 0o644);
    writeFileSync(join(root, 'etc/crypttab'), '# none\n');
    assert.deepEqual(of(scanAs(root, false), 'disk/'), ['disk/require-encrypted-data-disks etc/crypttab:1']);
  });
});
