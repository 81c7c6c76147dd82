import { defineCheck } from '../../core/check.ts';
import type { SshdConfig } from '../../inputs/sshd/load.ts';
import { judgeSshd } from './_judge.ts';

export default defineCheck<SshdConfig>({
  id: 'sshd/require-pubkey-authentication',
  title: 'SSH accepts public-key authentication',
  severity: 'medium',
  checklist: ['H1'],
  rationale:
    'With public-key authentication off, the server falls back to passwords or other weaker methods, and the ' +
    'recommended hardening (passwords off, keys only) cannot be applied without locking everyone out.',
  remediation: 'Remove `PubkeyAuthentication no` or set `PubkeyAuthentication yes` (the default) in sshd_config and in every Match block, then reload sshd.',
  references: ['https://man.openbsd.org/sshd_config#PubkeyAuthentication'],
  fixable: false,
  run({ model, report }) {
    judgeSshd(model, report, ['pubkeyauthentication'], (v) => v === 'no', 'public-key authentication is disabled');
  },
});
