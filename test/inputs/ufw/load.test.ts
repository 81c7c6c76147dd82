import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ReportInput } from '../../../src/core/check.ts';
import type { CheckDefinition } from '../../../src/core/check.ts';
import type { HostContext } from '../../../src/inputs/host/layout.ts';
import { HostFiles } from '../../../src/inputs/fail2ban/host-files.ts';
import { SourceStore } from '../../../src/inputs/source.ts';
import { hostPlaces, iptablesFilters, loadUfwConfig, nftablesFilters, ufwLoader } from '../../../src/inputs/ufw/load.ts';
import type { UfwConfig } from '../../../src/inputs/ufw/load.ts';
import requireEnabled from '../../../src/checks/ufw/require-enabled.ts';
import requireDeny from '../../../src/checks/ufw/require-default-deny-incoming.ts';
import noExtra from '../../../src/checks/ufw/no-extra-open-ports.ts';
import noSsh from '../../../src/checks/ufw/no-ssh-open-to-anywhere.ts';

const temps: string[] = [];
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulwark-ufw-'));
  temps.push(root);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}
function load(root: string, unreadable: string[] = []) {
  const host: HostContext = { root, live: false, unreadable: new Set(unreadable) };
  return loadUfwConfig(hostPlaces(), new HostFiles(new SourceStore(root), host), 'host');
}
function run(check: CheckDefinition<UfwConfig>, model: UfwConfig): ReportInput[] {
  const out: ReportInput[] = [];
  check.run({ model, settings: { edgeServices: [] }, facts: {}, report: (r) => out.push(r) });
  return out;
}
const ALL = [requireEnabled, requireDeny, noExtra, noSsh];
const RULES = '*filter\n### RULES ###\n\n### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n-A ufw-user-input -p tcp --dport 22 -j ACCEPT\n\n### tuple ### allow tcp 5432 0.0.0.0/0 any 0.0.0.0/0 in\n### END RULES ###\nCOMMIT\n';
const WEAK = {
  'etc/ufw/ufw.conf': 'ENABLED=no\n',
  'etc/default/ufw': 'IPV6=yes\nDEFAULT_INPUT_POLICY="ACCEPT"\n',
  'etc/ufw/user.rules': RULES,
};

describe('loadUfwConfig', () => {
  it('reads the switch, the policies (default file first, ufw.conf last) and both rule files', () => {
    const { config, errors } = load(tree({ ...WEAK, 'etc/ufw/ufw.conf': 'ENABLED=yes\nIPV6=no\n', 'etc/ufw/user6.rules': RULES.replace(/0\.0\.0\.0\/0/g, '::/0') }));
    assert.deepEqual(errors, []);
    assert.equal(config.settings.get('ENABLED')!.value, 'yes');
    assert.equal(config.ipv6, false, 'ufw.conf is sourced last');
    assert.deepEqual(config.rules.map((r) => [r.v6, r.dport, r.loc.path, r.loc.line]), [
      [false, '22', 'etc/ufw/user.rules', 4], [false, '5432', 'etc/ufw/user.rules', 7],
      [true, '22', 'etc/ufw/user6.rules', 4], [true, '5432', 'etc/ufw/user6.rules', 7],
    ]);
    assert.deepEqual([config.conf.state, config.rulesV6.state], ['read', 'read']);
    assert.deepEqual(config.sshPorts, [22]);
  });

  it('takes SSH ports from sshd_config and its includes', () => {
    const { config } = load(tree({ ...WEAK, 'etc/ssh/sshd_config': 'Include /etc/ssh/sshd_config.d/*.conf\nPort 2222\nMatch User x\n  Port 3333\n', 'etc/ssh/sshd_config.d/a.conf': 'Port 2200\n' }));
    assert.deepEqual(config.sshPorts, [2200, 2222]);
  });

  it('finds another firewall: filtering nftables, iptables-persistent, firewalld; ignores Debian\'s empty nftables.conf', () => {
    assert.equal(load(tree({ 'etc/nftables.conf': 'table inet filter {\n chain input {\n  type filter hook input priority filter;\n }\n}\n' })).config.otherFirewall, undefined);
    assert.deepEqual(load(tree({ 'etc/nftables.conf': 'table inet filter { chain input { type filter hook input priority 0; policy drop; } }\n' })).config.otherFirewall, { path: 'etc/nftables.conf', what: 'nftables' });
    assert.deepEqual(load(tree({ 'etc/iptables/rules.v4': '*filter\n:INPUT DROP [0:0]\nCOMMIT\n' })).config.otherFirewall?.what, 'iptables rules');
    assert.deepEqual(load(tree({ 'etc/firewalld/firewalld.conf': 'DefaultZone=public\n' })).config.otherFirewall?.what, 'firewalld');
    assert.equal(nftablesFilters('# policy drop\ntable ip t { chain c { accept } }'), false);
    assert.equal(nftablesFilters('chain input { tcp dport 23 reject }'), true);
    assert.equal(iptablesFilters(':INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 23 -j REJECT\n'), true);
    assert.equal(iptablesFilters(':INPUT ACCEPT [0:0]\n-A OUTPUT -j DROP\n'), false);
  });

  it('host without ufw or any firewall: one model; require-enabled reports at ufw.conf line 1', () => {
    const { config } = load(tree({ 'etc/hostname': 'x\n' }));
    assert.equal(config.conf.state, 'absent');
    assert.deepEqual(run(requireEnabled, config).map((r) => ('path' in r.at ? r.at : r.at.loc)), [{ path: 'etc/ufw/ufw.conf', line: 1, column: 1 }]);
  });

  it('unreadable places: nothing is concluded from them', () => {
    const root = tree({ ...WEAK, 'etc/nftables.conf': 'table inet f { chain input { policy drop; } }\n' });
    // etc/ufw could not be listed or read: no claim about UFW at all.
    const hidden = load(root, ['etc/ufw']).config;
    assert.deepEqual([hidden.conf.state, hidden.rulesV4.state], ['unreadable', 'unreadable']);
    for (const check of ALL) assert.deepEqual(run(check, hidden).filter((r) => r.severity !== 'info'), [], check.id);
    // No ufw, and the other firewall's file could not be read: no "no firewall" claim.
    const unknown = load(tree({ 'etc/nftables.conf': 'x' }), ['etc/nftables.conf']).config;
    assert.equal(unknown.otherFirewallUnknown, true);
    assert.deepEqual(run(requireEnabled, unknown), []);
  });

  it('follows links only inside the root', () => {
    const outside = tree({ 'ufw.conf': 'ENABLED=no\n' });
    const root = tree({ 'etc/default/ufw': 'DEFAULT_INPUT_POLICY="DROP"\n' });
    mkdirSync(join(root, 'etc/ufw'), { recursive: true });
    symlinkSync(join(outside, 'ufw.conf'), join(root, 'etc/ufw/ufw.conf'));
    const { config } = load(root);
    assert.equal(config.conf.state, 'unreadable');
    assert.deepEqual(run(requireEnabled, config), []);
  });

  it('copes with huge files (no argument-stack overflow, no quadratic time)', () => {
    const started = Date.now();
    const { config, errors } = load(tree({
      'etc/ufw/ufw.conf': 'A=1 '.repeat(300_000),
      'etc/ufw/user.rules': '### tuple ### allow tcp 8080 0.0.0.0/0 any 0.0.0.0/0 in\n### tuple ### bad\n'.repeat(60_000),
    }));
    assert.equal(config.rules.length, 60_000);
    assert.equal(errors.length, 60_000);
    assert.equal(config.settings.get('A')!.value, '1');
    assert.equal(run(noExtra, config).length, 60_000);
    assert.ok(Date.now() - started < 20_000);
  });

  it('weak host: every ufw check reports, at the right lines', () => {
    const { config } = load(tree(WEAK));
    const at = (c: CheckDefinition<UfwConfig>) => run(c, config).map((r) => `${'path' in r.at ? r.at.path : r.at.loc.path}:${'path' in r.at ? r.at.line : r.at.loc.line}${r.severity ? `:${r.severity}` : ''}`);
    assert.deepEqual(at(requireEnabled), ['etc/ufw/ufw.conf:1']);
    assert.deepEqual(at(requireDeny), ['etc/default/ufw:2']);
    assert.deepEqual(at(noExtra), ['etc/ufw/user.rules:7:high']);
    assert.deepEqual(at(noSsh), ['etc/ufw/user.rules:4']);
  });
});

describe('ufwLoader', () => {
  it('repo mode: one unit per folder holding ufw files, none without them; host mode: always one', () => {
    const root = tree({ 'ansible/files/etc/ufw/user.rules': RULES, 'ansible/files/etc/default/ufw': 'DEFAULT_INPUT_POLICY=ACCEPT\n' });
    const store = new SourceStore(root);
    const files = [
      { path: 'ansible/files/etc/default/ufw', kind: 'ufw' as const, by: 'name' as const },
      { path: 'ansible/files/etc/ufw/user.rules', kind: 'ufw' as const, by: 'name' as const },
    ];
    const repo = ufwLoader.load({ files, store });
    assert.deepEqual(repo.errors, []);
    assert.equal(repo.units.length, 1);
    const model = repo.units[0]!.model as UfwConfig;
    assert.equal(model.mode, 'repo');
    assert.deepEqual(repo.units[0]!.files.sort(), ['ansible/files/etc/default/ufw', 'ansible/files/etc/ufw/user.rules']);
    assert.deepEqual(run(requireEnabled, model), [], 'no absence claims in repo mode');
    assert.equal(ufwLoader.load({ files: [], store }).units.length, 0);
    const host = ufwLoader.load({ files: [], store, host: { root, live: false, unreadable: new Set() } });
    assert.equal(host.units.length, 1);
    assert.equal((host.units[0]!.model as UfwConfig).mode, 'host');
  });
});
