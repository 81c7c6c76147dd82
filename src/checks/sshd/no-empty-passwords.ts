import { defineCheck } from '../../core/check.ts';
import type { SshdConfig } from '../../inputs/sshd/load.ts';
import { judgeSshd } from './_judge.ts';

export default defineCheck<SshdConfig>({
  id: 'sshd/no-empty-passwords',
  title: 'SSH does not accept empty passwords',
  severity: 'critical',
  checklist: ['H1'],
  rationale:
    'With `PermitEmptyPasswords yes` any account whose password is empty (service accounts, freshly created users) ' +
    'can be logged into over the network with no secret at all.',
  remediation: 'Remove `PermitEmptyPasswords yes` or set `PermitEmptyPasswords no` (the default) everywhere in sshd_config, then reload sshd.',
  references: ['https://man.openbsd.org/sshd_config#PermitEmptyPasswords', 'CIS Distribution Independent Linux 5.2.x'],
  fixable: false,
  run({ model, report }) {
    judgeSshd(model, report, ['permitemptypasswords'], (v) => v === 'yes', 'accounts with an empty password can log in');
  },
});
