/**
 * Places a non-root scan cannot read, with real file modes: the ufw and fail2ban checks must
 * not claim anything is missing or off where they could not look, and must still judge
 * what they could read. Runs the scan as uid 65534 (setpriv from util-linux, as CI has it).
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cannotDropPrivileges, findingLines, scanRunner } from '../../support/as-user.ts';
import type { ScanRunner } from '../../support/as-user.ts';

const skip = cannotDropPrivileges();
let runner: ScanRunner;

function scanAsNobody(root: string): { errors: Array<{ path: string; reason: string }>; findings: string[] } {
  const out = runner.scan({ cwd: root, targets: [], hostRoot: root, checks: ['ufw/*', 'fail2ban/*'] });
  assert.equal(out.fatal, undefined);
  return { errors: out.errors, findings: findingLines(out) };
}

const SSHD = { 'etc/ssh/sshd_config': 'PasswordAuthentication no\n' };

describe('ufw and fail2ban on places a non-root scan cannot read', { skip: skip ?? false }, () => {
  before(() => {
    runner = scanRunner();
  });
  after(() => runner?.dispose());

  it('a 0700 etc/fail2ban: no fail2ban finding, an error instead', () => {
    const root = runner.tree('f2b-locked', { ...SSHD, 'etc/fail2ban/jail.local': '[sshd]\nenabled = false\nmaxretry = 10\n' }, { 'etc/fail2ban': 0o700 });
    const out = scanAsNobody(root);
    assert.deepEqual(out.findings.filter((f) => f.startsWith('fail2ban/')), []);
    assert.ok(out.errors.some((e) => e.path.startsWith('etc/fail2ban')), JSON.stringify(out.errors));
  });

  it('a 0700 jail.d: the readable jail.local is not trusted to be the whole story', () => {
    const root = runner.tree('f2b-jaild-locked', { ...SSHD, 'etc/fail2ban/jail.local': '[sshd]\nenabled = false\n', 'etc/fail2ban/jail.d/sshd.local': '[sshd]\nenabled = true\n' }, { 'etc/fail2ban/jail.d': 0o700 });
    const out = scanAsNobody(root);
    assert.deepEqual(out.findings.filter((f) => f.startsWith('fail2ban/')), []);
  });

  it('a 0640 user.rules: no port findings and an error, while ufw.conf is still judged', () => {
    const root = runner.tree('ufw-rules-locked', {
      'etc/ufw/ufw.conf': 'ENABLED=no\n',
      'etc/default/ufw': 'DEFAULT_INPUT_POLICY="DROP"\n',
      'etc/ufw/user.rules': '### tuple ### allow tcp 5432 0.0.0.0/0 any 0.0.0.0/0 in\n',
    }, { 'etc/ufw/user.rules': 0o600 });
    const out = scanAsNobody(root);
    assert.deepEqual(out.findings, ['ufw/require-enabled etc/ufw/ufw.conf:1']);
    assert.ok(out.errors.some((e) => e.path === 'etc/ufw/user.rules' && /permission denied/.test(e.reason)), JSON.stringify(out.errors));
  });

  it('a 0700 etc/ufw: no "no firewall" claim', () => {
    const root = runner.tree('ufw-dir-locked', { 'etc/ufw/ufw.conf': 'ENABLED=no\n', 'etc/default/ufw': 'DEFAULT_INPUT_POLICY="ACCEPT"\n' }, { 'etc/ufw': 0o700 });
    const out = scanAsNobody(root);
    assert.deepEqual(out.findings.filter((f) => f.startsWith('ufw/require-enabled')), []);
  });
});
