import { defineCheck } from '../../core/check.ts';
import type { SshdConfig } from '../../inputs/sshd/load.ts';
import { judgeSshd } from './_judge.ts';

export default defineCheck<SshdConfig>({
  id: 'sshd/require-low-max-auth-tries',
  title: 'SSH allows at most 4 authentication attempts per connection',
  severity: 'low',
  checklist: ['H1'],
  rationale:
    'Each connection may try up to MaxAuthTries credentials (6 by default). A low limit slows down online guessing ' +
    'and makes brute force show up sooner in the logs that fail2ban reads.',
  remediation: 'Set `MaxAuthTries 4` (or lower) in sshd_config and in every Match block, then reload sshd.',
  references: ['https://man.openbsd.org/sshd_config#MaxAuthTries', 'CIS Distribution Independent Linux 5.2.x'],
  fixable: false,
  run({ model, report }) {
    judgeSshd(model, report, ['maxauthtries'], (v) => Number(v) > 4, 'more than 4 authentication attempts per connection');
  },
});
