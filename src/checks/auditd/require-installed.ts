import { defineCheck } from '../../core/check.ts';
import { AUDITD_PLACES } from '../../inputs/auditd/load.ts';
import type { AuditdModel } from '../../inputs/auditd/load.ts';

export default defineCheck<AuditdModel>({
  id: 'auditd/require-installed',
  title: 'The Linux audit daemon (auditd) is installed',
  severity: 'low',
  checklist: ['H4'],
  rationale:
    'Without auditd the kernel audit events (who changed /etc/passwd, who ran what as root, which files under ' +
    '/etc/ssh or /etc/docker were written) are not kept anywhere, so after an intrusion there is no trail to tell ' +
    'what happened and what to rotate or rebuild. It is a detective control, not a barrier: Lynis reports it as a ' +
    'suggestion (ACCT-9628) and CIS puts it at Level 2, hence low.',
  remediation:
    'Install and enable it: `apt-get install auditd audispd-plugins && systemctl enable --now auditd`, then add ' +
    'rules in /etc/audit/rules.d/hardening.rules, for example:\n' +
    '```\n-w /etc/passwd -p wa -k identity\n-w /etc/sudoers -p wa -k scope\n-w /etc/ssh/sshd_config -p wa -k sshd\n' +
    '-a always,exit -F arch=b64 -S execve -F euid=0 -F auid>=1000 -F auid!=unset -k root-commands\n```\n' +
    'and load them with `augenrules --load`.',
  references: ['Lynis ACCT-9628', 'CIS Debian Linux 12 Benchmark v1.1.0 6.2.1.1 (auditd packages installed, Level 2)', 'https://man7.org/linux/man-pages/man8/auditd.8.html'],
  fixable: false,
  run({ model, report }) {
    if (!model.host || model.installed.state !== 'no') return;
    report({
      at: { path: AUDITD_PLACES.config, line: 1, column: 1 },
      message: 'auditd is not installed (no usr/sbin/auditd and no auditd.service unit): kernel audit events are not recorded',
    });
  },
});
