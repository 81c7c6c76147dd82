import { defineCheck } from '../../core/check.ts';
import type { SshdConfig } from '../../inputs/sshd/load.ts';
import { judgeSshd } from './_judge.ts';

export default defineCheck<SshdConfig>({
  id: 'sshd/no-x11-forwarding',
  title: 'SSH does not forward X11',
  severity: 'low',
  checklist: ['H1'],
  rationale:
    'A server has no use for X11 forwarding, and it widens the attack surface: a compromised server can reach the ' +
    'X display of the administrator connecting to it (keystrokes, screenshots).',
  remediation: 'Set `X11Forwarding no` (the default) in sshd_config and in every Match block, then reload sshd.',
  references: ['https://man.openbsd.org/sshd_config#X11Forwarding', 'CIS Distribution Independent Linux 5.2.x'],
  fixable: false,
  run({ model, report }) {
    judgeSshd(model, report, ['x11forwarding'], (v) => v === 'yes', 'X11 forwarding is enabled');
  },
});
