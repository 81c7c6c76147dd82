import { defineCheck } from '../../core/check.ts';
import type { UfwConfig } from '../../inputs/ufw/load.ts';

export default defineCheck<UfwConfig>({
  id: 'ufw/require-default-deny-incoming',
  title: 'UFW drops incoming traffic that no rule allows',
  severity: 'medium',
  checklist: ['N7'],
  rationale:
    'The default input policy decides what happens to every connection no rule mentions. With ' +
    '`DEFAULT_INPUT_POLICY="ACCEPT"` the firewall is an allow-list turned inside out: every port a service opens is ' +
    'reachable from anywhere unless someone remembered to deny it, which is exactly the state a firewall should prevent. ' +
    'ufw-init reads the policy from `/etc/default/ufw` at boot; a missing policy stops UFW from loading at all.',
  remediation:
    'Run `ufw default deny incoming` (after allowing SSH), which writes to `/etc/default/ufw`:\n' +
    '```\nDEFAULT_INPUT_POLICY="DROP"\n```\n`REJECT` is fine too. Then `ufw reload`.',
  references: [
    'Lynis FIRE-4508 (iptables INPUT chain policy)',
    'CIS Debian Linux 12 Benchmark 4.2.7 (ufw default deny firewall policy)',
    'https://manpages.debian.org/bookworm/ufw/ufw.8.en.html',
  ],
  fixable: false,
  run({ model, report }) {
    if (model.defaults.state !== 'read') return;
    const enabled = model.settings.get('ENABLED');
    const ufwOn = model.conf.state !== 'unreadable' && enabled !== undefined && (enabled.value === 'yes' || enabled.value === 'YES');
    // A UFW that is (or may be) off on a host filtered by another firewall: its policy applies to nothing.
    if (!ufwOn && (model.otherFirewall || model.otherFirewallUnknown)) return;
    const policy = model.settings.get('DEFAULT_INPUT_POLICY');
    if (!policy) {
      report({ at: { path: model.defaults.path, line: 1, column: 1 }, key: 'input-policy', message: 'DEFAULT_INPUT_POLICY is not set: ufw refuses to load its rules without a default input policy' });
      return;
    }
    const value = policy.value.toUpperCase();
    if (value === 'DROP' || value === 'REJECT') return;
    report({
      at: policy.loc,
      key: 'input-policy',
      message: `DEFAULT_INPUT_POLICY="${policy.value}": incoming connections that no rule mentions are ${value === 'ACCEPT' ? 'accepted' : 'not dropped (ufw accepts only ACCEPT, DROP or REJECT)'}`,
    });
  },
});
