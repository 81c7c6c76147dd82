import { defineCheck } from '../../core/check.ts';
import { AUDITD_PLACES } from '../../inputs/auditd/load.ts';
import type { AuditdModel } from '../../inputs/auditd/load.ts';

export default defineCheck<AuditdModel>({
  id: 'auditd/require-rules',
  title: 'auditd loads rules that record events',
  severity: 'low',
  checklist: ['H4'],
  rationale:
    'auditd with an empty rule set (Debian ships /etc/audit/rules.d/audit.rules with only buffer settings), with only ' +
    '`never` exclusions, or switched off with `-e 0` records almost nothing: changes to accounts, sudoers, sshd_config ' +
    'and commands run as root go unseen. Lynis reports an empty rule set as a suggestion (ACCT-9630), hence low.',
  remediation:
    'Add watches and syscall rules in a file under /etc/audit/rules.d/ and load them with `augenrules --load`:\n' +
    '```\n-w /etc/passwd -p wa -k identity\n-w /etc/shadow -p wa -k identity\n-w /etc/sudoers -p wa -k scope\n' +
    '-w /etc/sudoers.d/ -p wa -k scope\n-w /etc/ssh/sshd_config -p wa -k sshd\n-w /etc/docker/daemon.json -p wa -k docker\n' +
    '-a always,exit -F arch=b64 -S execve -F euid=0 -F auid>=1000 -F auid!=unset -k root-commands\n```\n' +
    'Remove any `-e 0`; end with `-e 2` to lock the rules until reboot once they are stable.',
  references: ['Lynis ACCT-9630', 'CIS Debian Linux 12 Benchmark v1.1.0 6.2.3 (configure auditd rules, Level 2)', 'https://man7.org/linux/man-pages/man7/audit.rules.7.html'],
  fixable: false,
  run({ model, report }) {
    if (model.host && model.installed.state !== 'yes') return;
    if (!model.host && model.ruleFiles.length === 0) return;
    const flag = model.enableFlag;
    if (flag?.value === '0') {
      report({ at: flag, key: 'disabled', message: '`-e 0` switches kernel auditing off: no rule records anything' });
    }
    if (!model.rulesVisible) return;
    if (model.rules.some((r) => r.records)) return;
    const anchor = model.ruleFiles.find((p) => p.includes('rules.d/')) ?? model.ruleFiles[0] ?? AUDITD_PLACES.rules;
    const exclusions = model.rules.some((r) => r.kind === 'syscall');
    report({
      at: { path: anchor, line: 1, column: 1 },
      key: 'empty',
      message: exclusions
        ? 'the audit rules only exclude events (`never` or exclude-list rules): nothing is recorded'
        : 'no audit rules: neither a watch (-w) nor an `-a always,…` syscall rule, so auditd records next to nothing',
    });
  },
});
