import { defineCheck } from '../../core/check.ts';
import type { Severity } from '../../core/severity.ts';
import type { AuthorizedKeysModel } from '../../inputs/authorized-keys/load.ts';
import type { AuthorizedKey } from '../../inputs/authorized-keys/parse.ts';

/**
 * How weak a key is, or undefined when it meets the checklist (H2: Ed25519, or RSA ≥ 4096).
 * Severity follows what an attacker can do with it today:
 * - RSA below 2048 bits: high. 1024-bit RSA is ~80-bit strength and current OpenSSH still
 *   accepts it (RequiredRSASize defaults to 1024).
 * - DSA: medium. Also ~80-bit (fixed 1024-bit prime, SHA-1 signatures), but OpenSSH ≥ 7.0
 *   refuses ssh-dss unless PubkeyAcceptedAlgorithms re-enables it, and 10.0 removed it.
 * - RSA 2048–3071: medium. 112-bit strength, NIST's floor until 2030; ssh-audit warns.
 * - RSA 3072–4095: low. 128-bit strength, fine cryptographically, below the checklist's 4096.
 * - ECDSA P-256 in software: low. 128-bit strength, but a NIST curve whose signatures leak
 *   the key on a bad random nonce; ssh-audit flags nistp256. Security-key (FIDO, `sk-`)
 *   ECDSA is not reported: the private key never leaves the token, the strongest option many
 *   tokens offer.
 */
export function weakness(key: AuthorizedKey): { severity: Severity; why: string } | undefined {
  if (key.baseType === 'ssh-dss') {
    return { severity: 'medium', why: `a DSA key (${key.bits}-bit, SHA-1 signatures; OpenSSH refuses it unless re-enabled)` };
  }
  if (key.baseType === 'ssh-rsa') {
    if (key.bits < 2048) return { severity: 'high', why: `an RSA key of ${key.bits} bits (below 2048 bits is within reach of factoring)` };
    if (key.bits < 3072) return { severity: 'medium', why: `an RSA key of ${key.bits} bits (112-bit strength; the checklist asks for Ed25519 or RSA ≥ 4096)` };
    if (key.bits < 4096) return { severity: 'low', why: `an RSA key of ${key.bits} bits (the checklist asks for Ed25519 or RSA ≥ 4096)` };
    return undefined;
  }
  if (key.curve === 'nistp256' && !key.securityKey) {
    return { severity: 'low', why: 'an ECDSA P-256 key (a NIST curve that leaks the key on a weak signing nonce; the checklist asks for Ed25519 or RSA ≥ 4096)' };
  }
  return undefined;
}

export default defineCheck<AuthorizedKeysModel>({
  id: 'authorized-keys/no-weak-keys',
  title: 'Authorized SSH keys are Ed25519 or RSA of at least 4096 bits',
  severity: 'medium',
  checklist: ['H2'],
  rationale:
    'An authorized key is a password that never expires, and most hosts keep keys for years. DSA keys are fixed at ' +
    '1024 bits with SHA-1 signatures; RSA below 2048 bits is within reach of well-funded attackers, and 2048 bits gives ' +
    'only 112-bit strength; ECDSA on NIST P-256 exposes the private key whenever a signing client has a weak random ' +
    'generator. The checklist asks for Ed25519 (or RSA of 4096 bits). Type and size are read from the decoded key ' +
    'data, never from the comment, and hardware-backed security keys (`sk-…`) are accepted.',
  remediation:
    'Generate a new key on the client with `ssh-keygen -t ed25519` (or `ssh-keygen -t ed25519-sk` for a security ' +
    'key, `ssh-keygen -t rsa -b 4096` where Ed25519 is not supported), add its `.pub` line to authorized_keys:\n' +
    '```\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA… alice@laptop\n```\n' +
    'log in with it once, then delete the old line.',
  references: [
    'https://man.openbsd.org/sshd.8#AUTHORIZED_KEYS_FILE_FORMAT',
    'NIST SP 800-57 Part 1 Rev. 5, table 2 (RSA 2048 = 112-bit, 3072 = 128-bit)',
    'ssh-audit host-key policy, applied to login keys: fails ssh-dss, RSA < 2048 and nistp256, warns on RSA < 3072 (RSA is graded one step above ssh/no-small-host-key: an authorized key is a login, not a server identity)',
    'https://www.openssh.com/txt/release-7.0 (ssh-dss disabled by default)',
    'Lynis: no equivalent test (SSH-7408 reads sshd_config only)',
  ],
  fixable: false,
  run({ model, report }) {
    const seen = new Map<string, number>();
    for (const key of model.keys) {
      const weak = weakness(key);
      if (!weak) continue;
      // Findings are keyed by the key's fingerprint (stable when lines move); a repeated key gets its own.
      const repeat = seen.get(key.fingerprint) ?? 0;
      seen.set(key.fingerprint, repeat + 1);
      const whose = model.forRoot ? "root's authorized_keys" : model.account ? `${model.account}'s authorized_keys` : 'this authorized_keys';
      const what = key.certificate ? `a certificate for ${weak.why}` : key.options.some((o) => o.name === 'cert-authority') ? `a certificate authority with ${weak.why}` : weak.why;
      report({
        at: key,
        severity: weak.severity,
        subject: key.comment || key.fingerprint,
        ...(repeat > 0 ? { key: `repeat-${repeat}` } : {}),
        message: `${whose} accepts ${what} (${key.comment ? `"${key.comment}", ` : ''}${key.fingerprint})`,
      });
    }
  },
});
