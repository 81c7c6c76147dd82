import { defineCheck } from '../../core/check.ts';
import type { SshSnapshot } from '../../probes/ssh/snapshot.ts';
import { reportWeak, WEAK_HOST_KEY_ALGORITHMS } from './_algorithms.ts';

export default defineCheck<SshSnapshot>({
  id: 'ssh/no-weak-host-key-algorithms',
  title: 'The SSH server signs only with strong host key algorithms',
  severity: 'medium',
  checklist: ['H2'],
  rationale:
    'The host key signature is how a client knows it reached the real server. `ssh-rsa` signs with SHA-1, for which ' +
    'chosen-prefix collisions are practical; OpenSSH disabled it by default in 8.8 (medium). `ssh-dss` keys are fixed at ' +
    '1024 bits and DSA reveals the key when a signature nonce is weak; OpenSSH disabled it in 7.0 (medium). The ECDSA ' +
    'NIST-curve algorithms are reported low (ssh-audit fails them over the curves\' provenance; no attack is known). ' +
    'rsa-sha2-256/512 and ssh-ed25519 are not reported.',
  remediation:
    'Remove DSA host keys (`HostKey /etc/ssh/ssh_host_dsa_key`), prefer an Ed25519 key, and list only strong algorithms in ' +
    '/etc/ssh/sshd_config, then reload sshd:\n\n' +
    '    HostKey /etc/ssh/ssh_host_ed25519_key\n    HostKey /etc/ssh/ssh_host_rsa_key\n' +
    '    HostKeyAlgorithms ssh-ed25519,ssh-ed25519-cert-v01@openssh.com,sk-ssh-ed25519@openssh.com,rsa-sha2-512,rsa-sha2-256\n\n' +
    'Remove any `HostKeyAlgorithms +ssh-rsa` or `+ssh-dss` line. Check with `sshd -T | grep hostkeyalgorithms`.',
  references: [
    'https://www.openssh.com/txt/release-8.8',
    'https://www.openssh.com/txt/release-7.0',
    'RFC 8332 (rsa-sha2-256/512)',
    'https://sha-mbles.github.io/',
    'https://www.ssh-audit.com/hardening_guides.html',
  ],
  fixable: false,
  run({ model, report }) {
    reportWeak(report, model, WEAK_HOST_KEY_ALGORITHMS, model.hostKeyAlgorithms, 'host key algorithm');
  },
});
