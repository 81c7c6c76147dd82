import { targetLocation } from '../../core/location.ts';
import { defineCheck } from '../../core/check.ts';
import type { Severity } from '../../core/severity.ts';
import type { SshSnapshot } from '../../probes/ssh/snapshot.ts';

/** RSA modulus sizes: below 1024 is factorable in public, below 2048 below every current minimum, below 3072 under 128-bit strength (ssh-audit warns), below 4096 under the checklist's H2 bar. */
function grade(bits: number): { severity: Severity; why: string } | undefined {
  if (bits < 1024) return { severity: 'high', why: 'keys this small have been factored in public' };
  if (bits < 2048) return { severity: 'medium', why: 'below every current minimum (NIST has disallowed it since 2013; ssh-audit fails it)' };
  if (bits < 3072) return { severity: 'low', why: 'only 112-bit strength (ssh-audit warns below 3072 bits)' };
  if (bits < 4096) return { severity: 'info', why: 'the hardening checklist (H2) asks for Ed25519 or RSA of at least 4096 bits' };
  return undefined;
}

export default defineCheck<SshSnapshot>({
  id: 'ssh/no-small-host-key',
  title: 'The SSH host key is Ed25519 or RSA of at least 3072 bits',
  severity: 'low',
  checklist: ['H2'],
  rationale:
    'Whoever can factor the host key\'s modulus can impersonate the server to every client. The probe negotiates the RSA ' +
    'host key when the server has one (its size is the one that varies) and measures its modulus: under 1024 bits is high, ' +
    'under 2048 medium, under 3072 low (ssh-audit\'s 128-bit-strength bar), under 4096 info (the checklist\'s H2 bar). ' +
    'Ed25519 and ECDSA keys have fixed sizes and are not reported here.',
  remediation:
    'Generate a new host key and list it in /etc/ssh/sshd_config, then reload sshd (clients will see a changed key: ' +
    'publish the new fingerprint first):\n\n' +
    '    ssh-keygen -t ed25519 -N "" -f /etc/ssh/ssh_host_ed25519_key\n    ssh-keygen -t rsa -b 4096 -N "" -f /etc/ssh/ssh_host_rsa_key\n\n' +
    '    HostKey /etc/ssh/ssh_host_ed25519_key\n    HostKey /etc/ssh/ssh_host_rsa_key',
  references: ['https://www.ssh-audit.com/hardening_guides.html', 'NIST SP 800-131A Rev. 2', 'https://man.openbsd.org/ssh-keygen'],
  fixable: false,
  run({ model, report }) {
    const key = model.hostKey;
    if (!key || key.type !== 'ssh-rsa' || key.bits === undefined) return;
    const g = grade(key.bits);
    if (!g) return;
    report({
      at: targetLocation(model.target),
      key: `${key.type}-${key.bits}`,
      subject: key.type,
      severity: g.severity,
      message: `The RSA host key has ${key.bits} bits: ${g.why}.`,
    });
  },
});
