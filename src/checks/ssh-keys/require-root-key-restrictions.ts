import { defineCheck } from '../../core/check.ts';
import type { AuthorizedKeysModel } from '../../inputs/ssh-keys/load.ts';

const RESTRICTING = new Set(['from', 'command', 'restrict']);

export default defineCheck<AuthorizedKeysModel>({
  id: 'ssh-keys/require-root-key-restrictions',
  title: "Keys that log in as root are restricted (from=, command= or restrict)",
  severity: 'info',
  checklist: ['H2', 'H8'],
  rationale:
    'A key in root\'s authorized_keys gives whoever holds it the whole machine, from anywhere. Options limit the ' +
    'damage of a stolen key: `from="10.8.0.0/24"` accepts it only from the VPN, `command=` pins it to one task ' +
    '(a backup pull), `restrict` turns off forwarding and pseudo-terminals. Regular work should use a named user and sudo.',
  remediation:
    'Prefix the key with options, e.g. `restrict,from="10.8.0.0/24" ssh-ed25519 AAAA… admin@laptop`, or move the key ' +
    'to a named user and log in as root only through sudo (`PermitRootLogin no`).',
  references: ['https://man.openbsd.org/sshd.8#AUTHORIZED_KEYS_FILE_FORMAT', 'CIS Distribution Independent Linux 5.2.x'],
  fixable: false,
  run({ model, report }) {
    if (!model.forRoot) return;
    for (const key of model.keys) {
      if (key.options.some((o) => RESTRICTING.has(o))) continue;
      report({
        at: key.loc,
        key: `${key.loc.line}`,
        subject: key.comment || key.type,
        message: `a key that logs in as root without from=, command= or restrict${key.comment ? ` ("${key.comment}")` : ''}`,
      });
    }
  },
});
