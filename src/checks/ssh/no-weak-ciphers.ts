import { defineCheck } from '../../core/check.ts';
import { bothDirections } from '../../probes/ssh/snapshot.ts';
import type { SshSnapshot } from '../../probes/ssh/snapshot.ts';
import { reportWeak, WEAK_CIPHERS } from './_algorithms.ts';

export default defineCheck<SshSnapshot>({
  id: 'ssh/no-weak-ciphers',
  title: 'The SSH server offers only strong ciphers',
  severity: 'medium',
  checklist: ['H1'],
  rationale:
    'Ciphers protect the session contents. RC4 (`arcfour*`), DES and `none` give no real protection (high). 3DES, ' +
    'Blowfish and CAST-128 have 64-bit blocks open to birthday attacks such as Sweet32 (medium, ssh-audit fails them). ' +
    'CBC-mode ciphers (`aes*-cbc`) allow plaintext-recovery attacks (CVE-2008-5161) and were removed from OpenSSH\'s server ' +
    'defaults in 6.7 (low, ssh-audit warns). The AEAD ciphers (chacha20-poly1305, aes-gcm) and aes-ctr are not reported.',
  remediation:
    'List only strong ciphers in /etc/ssh/sshd_config, then reload sshd:\n\n' +
    '    Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr\n\n' +
    'Remove any `Ciphers +…` line that adds legacy ciphers back. Check with `sshd -T | grep ciphers`.',
  references: [
    'https://www.ssh-audit.com/hardening_guides.html',
    'https://sweet32.info/',
    'CVE-2008-5161',
    'https://www.openssh.com/txt/release-6.7',
  ],
  fixable: false,
  run({ model, report }) {
    reportWeak(report, model, WEAK_CIPHERS, bothDirections(model.ciphers), 'cipher');
  },
});
