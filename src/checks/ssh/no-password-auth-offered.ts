import { targetLocation } from '../../core/location.ts';
import { defineCheck } from '../../core/check.ts';
import type { SshSnapshot } from '../../probes/ssh/snapshot.ts';

const PASSWORD_METHODS = ['password', 'keyboard-interactive'];

export default defineCheck<SshSnapshot>({
  id: 'ssh/no-password-auth-offered',
  title: 'The SSH server does not offer password authentication',
  severity: 'high',
  checklist: ['H1'],
  rationale:
    'The probe starts an authentication with the `none` method; the server answers with the methods it would accept. ' +
    'When that list holds `password` or `keyboard-interactive` (how PAM asks for a password), anyone on the network can ' +
    'run a password-guessing attack against every account, and a password reused elsewhere opens the host. Keys cannot be ' +
    'guessed. A server that accepts `none` itself lets the probed user in without any credential (critical). ' +
    'keyboard-interactive used only as a second factor after a key (`AuthenticationMethods publickey,keyboard-interactive`) ' +
    'is not listed at this point and is not reported.',
  remediation:
    'After installing your public key in ~/.ssh/authorized_keys, set in /etc/ssh/sshd_config (before any Match block):\n\n' +
    '    PasswordAuthentication no\n    KbdInteractiveAuthentication no\n    PermitEmptyPasswords no\n\n' +
    'Check with `sshd -T | grep -i authentication`, reload sshd, and probe again.',
  references: [
    'https://man.openbsd.org/sshd_config#PasswordAuthentication',
    'https://man.openbsd.org/sshd_config#KbdInteractiveAuthentication',
    'RFC 4252 §5.2 (the "none" method)',
  ],
  fixable: false,
  run({ model, report }) {
    const at = targetLocation(model.target);
    if (model.noneAuthAccepted) {
      report({
        at,
        key: 'none',
        subject: 'none',
        severity: 'critical',
        message: 'The server accepted the "none" method: the probed user logged in without any credential.',
      });
    }
    for (const method of PASSWORD_METHODS) {
      if (!model.authMethods?.includes(method)) continue;
      report({
        at,
        key: method,
        subject: method,
        message: `The server offers ${method} authentication (methods: ${model.authMethods.join(', ')}): passwords can be guessed from the network.`,
      });
    }
  },
});
