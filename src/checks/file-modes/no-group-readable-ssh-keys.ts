import { defineCheck } from '../../core/check.ts';
import type { FileModesModel } from '../../inputs/file-modes/load.ts';
import { describeFile, groupOf, octal } from './_describe.ts';

/** Red Hat's sshd reads host keys through this group (mode 0640 root:ssh_keys is its default). */
const SSH_KEYS_GROUP = 'ssh_keys';

export default defineCheck<FileModesModel>({
  id: 'file-modes/no-group-readable-ssh-keys',
  title: 'SSH private keys are readable only by their owner',
  severity: 'low',
  checklist: ['H5'],
  rationale:
    'OpenSSH treats a private key that its group can read as unprotected: ssh refuses to use it and sshd refuses to ' +
    'load such a host key, and every member of the group can copy it. TLS keys are not judged here (0640 with a ' +
    'service group such as `ssl-cert` is the usual way to share them); a user-private group (only the owner) and ' +
    "Red Hat's `ssh_keys` group for host keys are accepted. Keys readable by every user are reported by " +
    '`file-modes/no-world-readable-secrets` instead.',
  remediation: 'Make the key readable by its owner only:\n```sh\nchmod 600 ~/.ssh/id_ed25519 /etc/ssh/ssh_host_*_key\n```',
  references: [
    'CIS Debian Linux 12 Benchmark 5.1.2 (SSH private host key files 0600)',
    'https://man.openbsd.org/ssh.1#FILES',
    'Lynis: no equivalent test',
  ],
  fixable: false,
  run({ model, report }) {
    for (const file of model.files) {
      if (!file.sshKey || (file.mode & 0o004) !== 0 || (file.mode & 0o040) === 0 || file.privateGroup) continue;
      if (file.sshKey === 'host' && file.groupName === SSH_KEYS_GROUP) continue;
      report({
        at: file,
        fileLevel: true,
        subject: file.path,
        message: `${describeFile(file)} is readable by ${groupOf(file)} (mode ${octal(file.mode)}); OpenSSH refuses keys that others can read`,
      });
    }
  },
});
