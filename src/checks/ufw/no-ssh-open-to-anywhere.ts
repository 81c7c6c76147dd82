import { defineCheck } from '../../core/check.ts';
import type { UfwConfig } from '../../inputs/ufw/load.ts';
import { family, openRules, opensTcpPort, ruleKey } from './_exposure.ts';

export default defineCheck<UfwConfig>({
  id: 'ufw/no-ssh-open-to-anywhere',
  title: 'SSH is reachable only from a VPN or admin network',
  severity: 'low',
  checklist: ['N7'],
  rationale:
    'An SSH port open to the whole Internet receives password guessing and exploit attempts around the clock; with ' +
    'keys only and fail2ban that is mostly noise, but a single weak account, a leaked key or an sshd vulnerability is ' +
    'then reachable by anyone. Allowing SSH only from a VPN (WireGuard, Tailscale) or a fixed admin network removes ' +
    'that exposure. A `limit` rule slows guessing down and is reported as info; an `allow` rule as low.',
  remediation:
    'Replace the open rule with one for the admin or VPN network (keep your session open while you test):\n' +
    '```\nufw allow from 10.8.0.0/24 to any port 22 proto tcp   # VPN / admin network\nufw delete allow 22/tcp\n```\n' +
    'If SSH must stay public, at least rate-limit it: `ufw limit 22/tcp`.',
  references: [
    'Lynis: no equivalent (SSH-7408 judges sshd_config, not who may connect)',
    'https://manpages.debian.org/bookworm/ufw/ufw.8.en.html',
  ],
  fixable: false,
  run({ model, report }) {
    for (const rule of openRules(model)) {
      const ports = model.sshPorts.filter((p) => opensTcpPort(rule, p));
      if (ports.length === 0) continue;
      const what = `SSH (${ports.map((p) => `${p}/tcp`).join(', ')})`;
      if (rule.action === 'limit') {
        report({ at: rule, key: ruleKey(rule), severity: 'info', message: `UFW rate-limits ${what} but accepts it from anywhere (${family(rule)})` });
      } else {
        report({ at: rule, key: ruleKey(rule), message: `UFW allows ${what} from anywhere (${family(rule)}) without rate limiting` });
      }
    }
  },
});
