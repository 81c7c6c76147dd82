import { defineCheck } from '../../core/check.ts';
import type { SshdConfig } from '../../inputs/sshd/load.ts';
import { judgeSshd } from './_judge.ts';

export default defineCheck<SshdConfig>({
  id: 'sshd/no-password-authentication',
  title: 'SSH does not accept passwords',
  severity: 'high',
  checklist: ['H1'],
  rationale:
    'An SSH server that accepts passwords (directly or through keyboard-interactive authentication) can be ' +
    'brute-forced from anywhere on the internet, and a password reused elsewhere opens the host. Keys cannot be guessed.',
  remediation:
    'After installing your public key in ~/.ssh/authorized_keys, set in /etc/ssh/sshd_config (before any Match block ' +
    'and above any Include that could set it first):\n\n    PasswordAuthentication no\n    KbdInteractiveAuthentication no\n\n' +
    'Remove Match blocks that turn them back on, then check with `sshd -T | grep -i authentication` and reload sshd.',
  references: ['https://man.openbsd.org/sshd_config#PasswordAuthentication', 'CIS Distribution Independent Linux 5.2.x'],
  fixable: false,
  run({ model, report }) {
    judgeSshd(model, report, ['passwordauthentication', 'kbdinteractiveauthentication'], (v) => v !== 'no', 'SSH accepts passwords');
  },
});
