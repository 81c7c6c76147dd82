import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CheckDefinition, ReportInput } from '../../../src/core/check.ts';
import { fail2banLoader } from '../../../src/inputs/fail2ban/load.ts';
import type { Fail2banConfig } from '../../../src/inputs/fail2ban/load.ts';
import { SourceStore } from '../../../src/inputs/source.ts';
import requireJail from '../../../src/checks/fail2ban/require-sshd-jail.ts';
import strictLimits from '../../../src/checks/fail2ban/require-strict-sshd-limits.ts';

const temps: string[] = [];
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulwark-f2b-'));
  temps.push(root);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}
function hostModel(root: string, unreadable: string[] = []): { model: Fail2banConfig; files: string[] } {
  const r = fail2banLoader.load({ files: [], store: new SourceStore(root), host: { root, live: false, unreadable: new Set(unreadable) } });
  assert.equal(r.units.length, 1);
  return { model: r.units[0]!.model as Fail2banConfig, files: r.units[0]!.files };
}
function run(check: CheckDefinition<Fail2banConfig>, model: Fail2banConfig): string[] {
  const out: ReportInput[] = [];
  check.run({ model, settings: { edgeServices: [] }, facts: {}, report: (r) => out.push(r) });
  return out.map((r) => {
    const loc = 'path' in r.at ? r.at : r.at.loc;
    return `${loc.path}:${loc.line}`;
  });
}
const WEAK = {
  'etc/ssh/sshd_config': 'PasswordAuthentication yes\n',
  'etc/fail2ban/jail.local': '[DEFAULT]\nbantime  = 10m\nfindtime = 10m\nmaxretry = 10\n\n[sshd]\nenabled = false\n',
};

describe('fail2banLoader', () => {
  it('host mode: one unit, with the files read in fail2ban order', () => {
    const { model, files } = hostModel(tree({
      ...WEAK,
      'etc/fail2ban/jail.conf': '[INCLUDES]\nbefore = paths-debian.conf\n[DEFAULT]\nenabled = false\n[sshd]\nport = ssh\n',
      'etc/fail2ban/paths-debian.conf': '[DEFAULT]\nsshd_log = /var/log/auth.log\n',
    }));
    assert.equal(model.mode, 'host');
    assert.deepEqual(model.files, ['etc/fail2ban/paths-debian.conf', 'etc/fail2ban/jail.conf', 'etc/fail2ban/jail.local']);
    assert.deepEqual(files.sort(), ['etc/fail2ban/jail.conf', 'etc/fail2ban/jail.local', 'etc/fail2ban/paths-debian.conf']);
    assert.deepEqual(run(requireJail, model), ['etc/fail2ban/jail.local:7']);
  });

  it('host mode without fail2ban: still one unit, and the absence is reported only when sshd is configured', () => {
    assert.deepEqual(run(requireJail, hostModel(tree({ 'etc/ssh/sshd_config': '' })).model), ['etc/fail2ban/jail.local:1']);
    assert.deepEqual(run(requireJail, hostModel(tree({ 'etc/hostname': 'x\n' })).model), []);
    assert.deepEqual(run(requireJail, hostModel(tree({ 'etc/ssh/sshd_config': '', 'etc/sshguard/sshguard.conf': 'THRESHOLD=30\n' })).model), []);
  });

  it('unreadable etc/fail2ban, jail.d or a jail file: no finding at all', () => {
    const root = tree({ ...WEAK, 'etc/fail2ban/jail.d/x.local': '[sshd]\nenabled = true\n' });
    for (const hidden of ['etc', 'etc/fail2ban', 'etc/fail2ban/jail.d', 'etc/fail2ban/jail.d/x.local']) {
      const { model } = hostModel(root, [hidden]);
      assert.equal(model.complete, false, hidden);
      assert.deepEqual([...run(requireJail, model), ...run(strictLimits, model)], [], hidden);
    }
  });

  it('copes with a huge jail file (no argument-stack overflow)', () => {
    const { model } = hostModel(tree({ ...WEAK, 'etc/fail2ban/jail.d/big.conf': `[x]\n${'junk line\n'.repeat(200_000)}` }));
    assert.equal(model.complete, true);
  });

  it('repo mode: a unit per configuration folder; nothing is concluded from what a repository lacks', () => {
    const root = tree({ 'roles/f2b/files/jail.local': '[sshd]\nenabled = true\nmaxretry = 8\n', 'other/jail.local': '[nginx-http-auth]\nenabled = true\n' });
    const store = new SourceStore(root);
    const files = [
      { path: 'other/jail.local', kind: 'fail2ban' as const, by: 'name' as const },
      { path: 'roles/f2b/files/jail.local', kind: 'fail2ban' as const, by: 'name' as const },
    ];
    const r = fail2banLoader.load({ files, store });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.units.map((u) => (u.model as Fail2banConfig).confDir), ['other', 'roles/f2b/files']);
    const [other, role] = r.units.map((u) => u.model as Fail2banConfig);
    assert.deepEqual(run(requireJail, other!), [], 'no sshd jail in a repository file says nothing about the host');
    // maxretry is set in the file: judged; bantime would come from the packaged jail.conf: not judged.
    assert.deepEqual(run(strictLimits, role!), ['roles/f2b/files/jail.local:3']);
  });
});
