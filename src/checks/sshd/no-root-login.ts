import { defineCheck } from '../../core/check.ts';
import type { SshdConfig } from '../../inputs/sshd/load.ts';
import { judgeSshd } from './_judge.ts';

const SAFE = new Set(['no', 'without-password', 'prohibit-password', 'forced-commands-only']);

export default defineCheck<SshdConfig>({
  id: 'sshd/no-root-login',
  title: 'SSH does not let root log in with a password',
  severity: 'high',
  checklist: ['H1'],
  rationale:
    'root exists on every Linux host, so an attacker only has to guess its password. `PermitRootLogin yes` allows ' +
    'exactly that; logging in as a normal user and escalating with sudo also leaves an audit trail of who did what.',
  remediation: 'Set `PermitRootLogin no` (or `prohibit-password` when root must log in with a key) in sshd_config, in the global section and in every Match block, then reload sshd.',
  references: ['https://man.openbsd.org/sshd_config#PermitRootLogin', 'CIS Distribution Independent Linux 5.2.x'],
  fixable: false,
  run({ model, report }) {
    judgeSshd(model, report, ['permitrootlogin'], (v) => !SAFE.has(v), 'root may log in with a password');
  },
});
