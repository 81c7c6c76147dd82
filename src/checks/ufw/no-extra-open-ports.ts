import { defineCheck } from '../../core/check.ts';
import type { UfwConfig } from '../../inputs/ufw/load.ts';
import { describeRanges, describeSource, exposureSeverity, openRules, ruleKey, withoutPorts } from './_exposure.ts';

export default defineCheck<UfwConfig>({
  id: 'ufw/no-extra-open-ports',
  title: 'UFW opens only SSH and HTTP(S) to the Internet',
  severity: 'medium',
  checklist: ['N7'],
  rationale:
    'A self-hosted stack needs 80 and 443 for the reverse proxy and SSH for administration; every other port ' +
    'allowed from anywhere is a service exposed to the whole Internet: databases, caches, search engines and the ' +
    'Docker API are scanned for continuously and are a common source of breaches and ransom notes. Such services ' +
    'belong on localhost, a private network or a VPN. Severity is high for data stores and control APIs (PostgreSQL, ' +
    'MySQL, Redis, MongoDB, Elasticsearch, Docker, etcd, …) or when all ports are open, low for ports usually meant to be ' +
    'public (mail, DNS, VPN endpoints such as WireGuard), medium otherwise. Note that ports Docker publishes bypass UFW ' +
    'altogether; those are judged by the compose checks. `ufw route allow` rules from anywhere are judged the same way, ' +
    'since they expose the containers or VMs the host forwards to.',
  remediation:
    'Delete the rule, or restrict it to the networks that need it:\n' +
    '```\nufw status numbered\nufw delete <number>\nufw allow from 10.8.0.0/24 to any port 5432 proto tcp   # VPN / private network only\n```\n' +
    'Bind internal services to 127.0.0.1 or a private address as well, so a firewall mistake does not expose them.',
  references: [
    'CIS Debian Linux 12 Benchmark 4.2.6 (ufw firewall rules exist for all open ports)',
    'Lynis: no equivalent (FIRE-4590 only checks that some firewall is active)',
    'https://manpages.debian.org/bookworm/ufw/ufw.8.en.html',
  ],
  fixable: false,
  run({ model, report }) {
    // A routed rule's destination is a container or VM, not this host's sshd.
    const hostAllowed = [22, 80, 443, ...model.sshPorts];
    for (const rule of openRules(model, true)) {
      const verb = rule.action === 'limit' ? 'rate-limits but allows' : 'allows';
      if (rule.ports === 'any') {
        report({
          at: rule,
          key: ruleKey(rule),
          severity: 'high',
          message: `UFW ${verb} every ${rule.proto === 'any' ? '' : `${rule.proto} `}port ${describeSource(rule)}: the firewall lets everything in`,
        });
        continue;
      }
      const extra = withoutPorts(rule.ports, rule.route ? [80, 443] : hostAllowed);
      if (extra.length === 0) continue;
      report({
        at: rule,
        key: ruleKey(rule),
        severity: exposureSeverity(extra),
        message: `UFW ${verb} ${describeRanges(extra, rule.proto)} ${describeSource(rule)}`,
      });
    }
  },
});
