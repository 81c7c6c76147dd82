import { targetLocation } from '../../core/location.ts';
import { defineCheck } from '../../core/check.ts';
import { bothDirections } from '../../probes/ssh/snapshot.ts';
import type { SshSnapshot } from '../../probes/ssh/snapshot.ts';

const STRICT_KEX = 'kex-strict-s-v00@openssh.com';
const CHACHA = 'chacha20-poly1305@openssh.com';

export default defineCheck<SshSnapshot>({
  id: 'ssh/require-strict-kex',
  title: 'The SSH server is not open to the Terrapin prefix-truncation attack',
  severity: 'medium',
  checklist: ['H1'],
  rationale:
    'Terrapin (CVE-2023-48795) lets an attacker in the network path delete messages at the start of the encrypted ' +
    'session unnoticed, for example to switch off keystroke-timing protection or downgrade extension negotiation. It ' +
    'works when the server offers chacha20-poly1305@openssh.com, or a CBC cipher together with an -etm MAC, and does not ' +
    'support "strict key exchange" (`kex-strict-s-v00@openssh.com` in its KEXINIT, added in OpenSSH 9.6 and backported by ' +
    'distributions). Both ends need strict kex for the fix to apply, so an unpatched server leaves every client exposed.',
  remediation:
    'Update OpenSSH to 9.6 or later (or your distribution\'s patched package). Until then, remove the affected algorithms ' +
    'in /etc/ssh/sshd_config and reload sshd:\n\n' +
    '    Ciphers -chacha20-poly1305@openssh.com,*-cbc\n    MACs -*-etm@openssh.com',
  references: ['https://terrapin-attack.com/', 'CVE-2023-48795', 'https://www.openssh.com/txt/release-9.6'],
  fixable: false,
  run({ model, report }) {
    if (model.kex.includes(STRICT_KEX)) return;
    const ciphers = bothDirections(model.ciphers);
    const etm = bothDirections(model.macs).some((m) => m.endsWith('-etm@openssh.com'));
    const affected = [
      ...ciphers.filter((c) => c === CHACHA),
      ...(etm ? ciphers.filter((c) => /-cbc(@[\w.-]+)?$/.test(c)) : []),
    ];
    for (const cipher of affected) {
      report({
        at: targetLocation(model.target),
        key: cipher,
        subject: cipher,
        message: `The server offers ${cipher}${cipher === CHACHA ? '' : ' with an -etm MAC'} without strict key exchange (${STRICT_KEX}): open to Terrapin (CVE-2023-48795).`,
      });
    }
  },
});
