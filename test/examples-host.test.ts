/**
 * The two example host roots: the weak one must report every planted problem at its exact
 * line, the hardened one nothing at medium or above (in fact nothing) with every check a
 * host scan runs.
 */
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { atLeast } from '../src/core/severity.ts';
import { scan } from '../src/scan/scan.ts';

const EXAMPLES = join(import.meta.dirname, '..', 'examples');
const copies: string[] = [];
after(() => copies.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The weak root as a deployed host has it: git keeps no modes, so the world-readable .env is made so here. */
function weakRoot(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'bulwark-host-weak-')), 'root');
  copies.push(join(dir, '..'));
  cpSync(join(EXAMPLES, 'host-weak'), dir, { recursive: true, verbatimSymlinks: true });
  chmodSync(join(dir, 'opt/app/.env'), 0o644);
  return dir;
}

// Every problem planted in examples/host-weak (see its README), as `check path:line severity`.
const PLANTED = [
  'sshd/no-root-login etc/ssh/sshd_config:3 high',
  'sshd/no-password-authentication etc/ssh/sshd_config:4 high',
  'sshd/no-x11-forwarding etc/ssh/sshd_config:7 low',
  'sshd/require-low-max-auth-tries etc/ssh/sshd_config:8 low',
  'authorized-keys/no-weak-keys home/deploy/.ssh/authorized_keys:2 medium',
  'authorized-keys/no-weak-keys home/deploy/.ssh/authorized_keys:3 medium',
  'authorized-keys/no-weak-keys home/deploy/.ssh/authorized_keys:4 low',
  'authorized-keys/no-weak-keys root/.ssh/authorized_keys:2 medium',
  'authorized-keys/require-root-key-restrictions root/.ssh/authorized_keys:2 info',
  'docker-daemon/require-live-restore etc/docker/daemon.json:1 low',
  'docker-daemon/require-no-new-privileges etc/docker/daemon.json:1 medium',
  'docker-daemon/require-userns-remap etc/docker/daemon.json:1 low',
  'docker-daemon/require-log-rotation etc/docker/daemon.json:2 low',
  'docker-daemon/no-inter-container-communication etc/docker/daemon.json:3 low',
  'file-modes/no-world-readable-secrets opt/app/.env:1 medium',
  'env/no-weak-secrets opt/app/.env:2 medium',
  'env/require-postgres-sslmode opt/app/.env:2 medium',
  'env/no-weak-secrets opt/app/.env:3 low',
  'ufw/require-enabled etc/ufw/ufw.conf:6 medium',
  'ufw/require-default-deny-incoming etc/default/ufw:11 medium',
  'ufw/no-ssh-open-to-anywhere etc/ufw/user.rules:20 low',
  'ufw/no-extra-open-ports etc/ufw/user.rules:29 high',
  'ufw/no-extra-open-ports etc/ufw/user.rules:32 medium',
  'fail2ban/require-sshd-jail etc/fail2ban/jail.local:7 medium',
  'auditd/require-installed etc/audit/auditd.conf:1 low',
  'updates/require-unattended-upgrades etc/apt/apt.conf.d/20auto-upgrades:1 medium',
  'backups/require-pipefail etc/cron.d/pg-backup:2 medium',
  'backups/require-daily-schedule etc/cron.d/pg-backup:2 low',
  'disk/require-encrypted-data-disks etc/crypttab:1 low',
];

describe('examples/host-weak', () => {
  it('reports every planted problem, and nothing else', async () => {
    const result = await scan({ targets: [], hostRoot: weakRoot() });
    assert.equal(result.fatal, undefined);
    assert.deepEqual(result.errors, []);
    const got = result.findings.map((f) => `${f.checkId} ${f.location.path}:${f.location.line} ${f.severity}`);
    assert.deepEqual(got.sort(), [...PLANTED].sort());
  });
});

describe('examples/host-hardened', () => {
  it('gives no finding at medium or above (none at all)', async () => {
    const result = await scan({ targets: [], hostRoot: join(EXAMPLES, 'host-hardened') });
    assert.equal(result.fatal, undefined);
    assert.deepEqual(result.errors, []);
    // A checkout belongs to whoever cloned it: root's files owned by a non-root tester are a
    // true finding about the checkout, not about the host it stands for (CI runs as root).
    if (process.getuid?.() !== 0) result.findings = result.findings.filter((f) => f.checkId !== 'file-modes/require-owner-match');
    assert.deepEqual(result.findings.filter((f) => atLeast(f.severity, 'medium')).map((f) => f.checkId), []);
    assert.deepEqual(result.findings.map((f) => `${f.checkId} ${f.location.path}:${f.location.line}`), []);
  });
});
