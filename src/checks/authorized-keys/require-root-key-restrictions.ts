import { defineCheck } from '../../core/check.ts';
import type { AuthorizedKeysModel } from '../../inputs/authorized-keys/load.ts';

const RESTRICTING = new Set(['from', 'command', 'restrict']);

export default defineCheck<AuthorizedKeysModel>({
  id: 'authorized-keys/require-root-key-restrictions',
  title: "Keys that log in as root are restricted (from=, command= or restrict)",
  severity: 'info',
  checklist: ['H2', 'H8'],
  rationale:
    'A key in root\'s authorized_keys gives whoever holds it the whole machine, from anywhere. Options limit the ' +
    'damage of a stolen key: `from="10.8.0.0/24"` accepts it only from the VPN, `command=` pins it to one task ' +
    '(a backup pull), `restrict` turns off forwarding and pseudo-terminals. Regular work should use a named user and sudo.',
  remediation:
    'Prefix the key with options in /root/.ssh/authorized_keys:\n' +
    '```\nrestrict,from="10.8.0.0/24" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA… admin@laptop\n' +
    'command="/usr/local/bin/backup-pull",restrict ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA… backup@nas\n```\n' +
    'or move the key to a named user who uses sudo, and set `PermitRootLogin no` in sshd_config.',
  references: [
    'https://man.openbsd.org/sshd.8#AUTHORIZED_KEYS_FILE_FORMAT',
    'CIS Debian Linux 12 Benchmark, 5.1 (sshd PermitRootLogin): the same risk from the server side',
    'Lynis SSH-7408 judges PermitRootLogin; no Lynis test reads authorized_keys',
  ],
  fixable: false,
  run({ model, report }) {
    if (!model.forRoot) return;
    const seen = new Map<string, number>();
    for (const key of model.keys) {
      if (key.options.some((o) => RESTRICTING.has(o.name))) continue;
      // Findings are keyed by the key's fingerprint (stable when lines move); a repeated key gets its own.
      const repeat = seen.get(key.fingerprint) ?? 0;
      seen.set(key.fingerprint, repeat + 1);
      report({
        at: key,
        subject: key.comment || key.fingerprint,
        ...(repeat > 0 ? { key: `repeat-${repeat}` } : {}),
        message: `a key that logs in as root from anywhere, for anything: no from=, command= or restrict (${key.comment ? `"${key.comment}", ` : ''}${key.fingerprint})`,
      });
    }
  },
});
