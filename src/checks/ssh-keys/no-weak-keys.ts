import { defineCheck } from '../../core/check.ts';
import type { Severity } from '../../core/severity.ts';
import type { AuthorizedKeysModel } from '../../inputs/ssh-keys/load.ts';
import type { AuthorizedKey } from '../../inputs/ssh-keys/parse.ts';

/** How weak a key is, or undefined when it meets the checklist (Ed25519, RSA ≥ 4096). */
function weakness(key: AuthorizedKey): { severity: Severity; why: string } | undefined {
  const plain = key.type.replace(/-cert-v0[01]@openssh\.com$/, '');
  if (plain === 'ssh-dss') return { severity: 'high', why: 'a DSA key (1024-bit, SHA-1 signatures; refused by OpenSSH since 7.0 unless re-enabled)' };
  if (plain === 'ssh-rsa') {
    const bits = key.bits ?? 0;
    if (bits < 2048) return { severity: 'high', why: `an RSA key of ${bits} bits (below 2048 is breakable)` };
    if (bits < 3072) return { severity: 'medium', why: `an RSA key of ${bits} bits (112-bit strength; the checklist asks for RSA ≥ 4096 or Ed25519)` };
    if (bits < 4096) return { severity: 'low', why: `an RSA key of ${bits} bits (the checklist asks for RSA ≥ 4096 or Ed25519)` };
    return undefined;
  }
  if (plain.includes('ecdsa') && key.curve === 'nistp256') return { severity: 'low', why: 'an ECDSA P-256 key (NIST curve; the checklist asks for Ed25519 or RSA ≥ 4096)' };
  return undefined;
}

export default defineCheck<AuthorizedKeysModel>({
  id: 'ssh-keys/no-weak-keys',
  title: 'Authorized SSH keys are Ed25519 or RSA of at least 4096 bits',
  severity: 'medium',
  checklist: ['H2'],
  rationale:
    'An authorized key is a password that never expires. DSA keys are fixed at 1024 bits with SHA-1 signatures, ' +
    'RSA below 2048 bits is within reach of well-funded attackers and 2048 bits gives only 112-bit strength; the ' +
    'hardening guides ask for Ed25519 (or RSA of 4096 bits). The size is read from the decoded key, not from the comment.',
  remediation:
    'Generate a new key with `ssh-keygen -t ed25519` (or `ssh-keygen -t rsa -b 4096`), add its `.pub` line to ' +
    'authorized_keys, log in with it once, then delete the old line.',
  references: ['https://man.openbsd.org/sshd.8#AUTHORIZED_KEYS_FILE_FORMAT', 'NIST SP 800-57 Part 1 Rev. 5, table 2', 'ssh-audit key policy'],
  fixable: false,
  run({ model, report }) {
    for (const key of model.keys) {
      const weak = weakness(key);
      if (!weak) continue;
      report({
        at: key.loc,
        severity: weak.severity,
        key: `${key.loc.line}`,
        subject: key.comment || key.type,
        message: `${model.forRoot ? "root's" : 'this'} authorized_keys accepts ${weak.why}${key.comment ? ` ("${key.comment}")` : ''}`,
      });
    }
  },
});
