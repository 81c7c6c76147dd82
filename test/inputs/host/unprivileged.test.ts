/**
 * Places a non-root scan cannot read, with real file modes (Debian's own: crontabs 1730,
 * /etc/audit 0750): the auditd, updates, backups and disk checks must not claim anything
 * is missing where they could not look. Each case is also scanned as root, to show the
 * same tree does produce the finding when it can be read. Runs as uid 65534 via setpriv.
 */

import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cannotDropPrivileges, findingLines, scanRunner } from '../../support/as-user.ts';
import type { ChildScan, ScanRunner } from '../../support/as-user.ts';

const skip = cannotDropPrivileges();
let runner: ScanRunner;

function scanAs(root: string, asRoot: boolean): ChildScan & { lines: string[] } {
  const out = runner.scan({ cwd: root, targets: [], hostRoot: root, checks: ['auditd/*', 'updates/*', 'backups/*', 'disk/*'] }, asRoot);
  assert.equal(out.fatal, undefined);
  return { ...out, lines: findingLines(out) };
}

const of = (out: { lines: string[] }, prefix: string): string[] => out.lines.filter((f) => f.startsWith(prefix));

describe('host audits on places a non-root scan cannot read', { skip: skip ?? false }, () => {
  before(() => {
    runner = scanRunner();
  });
  after(() => runner?.dispose());

  it('crontabs 1730 (Debian): no "no database backup" claim', () => {
    const root = runner.tree('cron-locked', {
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
    const root = runner.tree('audit-locked', {
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
    const root = runner.tree('apt-locked', {
      'usr/bin/unattended-upgrade': '',
      'etc/apt/apt.conf.d/20auto-upgrades': 'APT::Periodic::Unattended-Upgrade "0";\n',
    }, { 'etc/apt/apt.conf.d': 0o700 });
    assert.deepEqual(of(scanAs(root, true), 'updates/'), ['updates/require-unattended-upgrades etc/apt/apt.conf.d/20auto-upgrades:1']);
    assert.deepEqual(of(scanAs(root, false), 'updates/'), []);
  });

  it('crypttab 0600: no "nothing is encrypted" claim', () => {
    const root = runner.tree('crypttab-locked', {
      'etc/fstab': 'UUID=x / ext4 defaults 0 1\n',
      'etc/crypttab': 'data_crypt UUID=y none luks\n',
    }, { 'etc/crypttab': 0o600 });
    assert.deepEqual(of(scanAs(root, false), 'disk/'), []);
    chmodSync(join(root, 'etc/crypttab'), 0o644);
    writeFileSync(join(root, 'etc/crypttab'), '# none\n');
    assert.deepEqual(of(scanAs(root, false), 'disk/'), ['disk/require-encrypted-data-disks etc/crypttab:1']);
  });
});
