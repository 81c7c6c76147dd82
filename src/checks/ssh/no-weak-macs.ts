import { defineCheck } from '../../core/check.ts';
import { bothDirections } from '../../probes/ssh/snapshot.ts';
import type { SshSnapshot } from '../../probes/ssh/snapshot.ts';
import { reportWeak, WEAK_MACS } from './_algorithms.ts';

export default defineCheck<SshSnapshot>({
  id: 'ssh/no-weak-macs',
  title: 'The SSH server offers only strong MACs',
  severity: 'medium',
  checklist: ['H1'],
  rationale:
    'The MAC keeps an attacker from altering the session. MD5 and SHA-1 based MACs (`hmac-md5*`, `hmac-sha1*`, including ' +
    'their -96 and -etm forms) are failed by ssh-audit and dropped from hardened configurations (medium). 64-bit and 96-bit ' +
    'tags (`umac-64*`, `*-96`) make forgeries likelier (low). Encrypt-and-MAC variants of strong MACs (`hmac-sha2-256`, ' +
    '`hmac-sha2-512`, `umac-128@openssh.com`) MAC the plaintext rather than the ciphertext; no attack is known, so they are ' +
    'reported as info. The `-etm@openssh.com` SHA-2 and umac-128 MACs are not reported; AEAD ciphers need no MAC at all.',
  remediation:
    'List only encrypt-then-MAC SHA-2 MACs in /etc/ssh/sshd_config, then reload sshd:\n\n' +
    '    MACs hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,umac-128-etm@openssh.com\n\n' +
    'Remove any `MACs +…` line that adds legacy MACs back. Check with `sshd -T | grep macs`.',
  references: ['https://www.ssh-audit.com/hardening_guides.html', 'https://man.openbsd.org/sshd_config#MACs', 'RFC 6668'],
  fixable: false,
  run({ model, report }) {
    reportWeak(report, model, WEAK_MACS, bothDirections(model.macs), 'MAC');
  },
});
