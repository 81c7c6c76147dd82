import { defineCheck } from '../../core/check.ts';
import type { UfwConfig } from '../../inputs/ufw/load.ts';

export default defineCheck<UfwConfig>({
  id: 'ufw/require-enabled',
  title: 'A host firewall is enabled (UFW starts at boot)',
  severity: 'medium',
  checklist: ['N7'],
  rationale:
    'Without a host firewall every service that listens on a public address is reachable from the Internet, ' +
    'including the ones meant only for localhost or the private network (databases, admin panels, debug ports) ' +
    'as soon as one of them binds to 0.0.0.0 by mistake. UFW only filters when `ENABLED=yes` is set in ' +
    '`/etc/ufw/ufw.conf`: with `ENABLED=no` its rules exist on disk but nothing loads them at boot. ' +
    'A host filtered by another tool (nftables, iptables-persistent, firewalld, CSF, Shorewall) passes.',
  remediation:
    'Allow SSH first, set the default policy, then enable UFW (this writes `ENABLED=yes` to `/etc/ufw/ufw.conf`):\n' +
    '```\nufw allow from <admin-or-VPN-network> to any port 22 proto tcp   # or: ufw limit 22/tcp\nufw default deny incoming\nufw enable\n```\n' +
    'Or install UFW (`apt install ufw`) or keep an equivalent nftables ruleset in `/etc/nftables.conf` with `policy drop` on the input chain.',
  references: [
    'Lynis FIRE-4590 (host based firewall active)',
    'CIS Debian Linux 12 Benchmark 4.2.3 (ufw service is enabled)',
    'https://manpages.debian.org/bookworm/ufw/ufw.8.en.html',
  ],
  fixable: false,
  run({ model, report }) {
    if (model.conf.state === 'unreadable' || model.defaults.state === 'unreadable') return;
    const enabled = model.settings.get('ENABLED');
    if (enabled && (enabled.value === 'yes' || enabled.value === 'YES')) {
      // ufw-init sources etc/default/ufw before ufw.conf and aborts when it is missing.
      if (model.mode === 'host' && model.defaults.state === 'absent') {
        report({ at: enabled.loc, key: 'defaults-missing', message: `ENABLED=${enabled.value}, but ${model.defaults.path} is missing: ufw-init aborts at boot and no rule is loaded` });
      }
      return;
    }
    if (model.otherFirewall || model.otherFirewallUnknown) return;
    if (model.conf.state === 'read') {
      if (enabled) {
        report({ at: enabled.loc, key: 'enabled', message: `ENABLED=${enabled.value}: UFW does not start at boot, so its rules are not applied, and no other firewall configuration was found` });
      } else {
        report({ at: { path: model.conf.path, line: 1, column: 1 }, key: 'enabled', message: 'ufw.conf does not set ENABLED=yes: UFW does not start at boot, and no other firewall configuration was found' });
      }
      return;
    }
    if (model.mode !== 'host') return;
    report({
      at: { path: model.conf.path, line: 1, column: 1 },
      key: 'absent',
      message: 'No host firewall: UFW is not installed and no nftables, iptables, firewalld, CSF or Shorewall configuration with filtering rules was found',
    });
  },
});
