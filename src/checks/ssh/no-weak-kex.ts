import { defineCheck } from '../../core/check.ts';
import type { SshSnapshot } from '../../probes/ssh/snapshot.ts';
import { reportWeak, WEAK_KEX } from './_algorithms.ts';

export default defineCheck<SshSnapshot>({
  id: 'ssh/no-weak-kex',
  title: 'The SSH server offers only strong key exchange methods',
  severity: 'medium',
  checklist: ['H1'],
  rationale:
    'The key exchange sets the session keys; a weak one lets an attacker who recorded the traffic (or sits in the path) ' +
    'recover them. `diffie-hellman-group1-sha1` uses a 1024-bit group shared by countless servers, exactly what the ' +
    'Logjam precomputation targets (high). Methods hashing with SHA-1 (`diffie-hellman-group14-sha1`, ' +
    '`diffie-hellman-group-exchange-sha1`) are SHOULD NOT in RFC 9142 and failed by ssh-audit (medium). The NIST ' +
    'P-curve methods (`ecdh-sha2-nistp*`) and the 2048-bit `diffie-hellman-group14-sha256` are reported low: ssh-audit ' +
    'fails or warns about them, but no practical attack is known. A server that offers a weak method lets a client (or ' +
    'a downgrade) pick it, even when better ones are listed first.',
  remediation:
    'List only strong methods in /etc/ssh/sshd_config (OpenSSH 9.x), then reload sshd:\n\n' +
    '    KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha256\n\n' +
    'Remove any `KexAlgorithms +…` line that adds legacy methods back. Check with `sshd -T | grep kexalgorithms`.',
  references: [
    'RFC 9142 (Key Exchange Method Updates and Recommendations for SSH)',
    'https://weakdh.org/ (Logjam)',
    'https://www.ssh-audit.com/hardening_guides.html',
    'https://www.openssh.com/txt/release-7.0',
  ],
  fixable: false,
  run({ model, report }) {
    reportWeak(report, model, WEAK_KEX, model.kex, 'key exchange method');
  },
});
