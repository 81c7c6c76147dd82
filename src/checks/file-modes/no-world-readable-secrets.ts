import { defineCheck } from '../../core/check.ts';
import type { FileModesModel, SecretFile } from '../../inputs/file-modes/load.ts';
import { describeFile, octal } from './_describe.ts';

/** Files whose content is the secret (not daemon.json or authorized_keys, which are not secret). */
export function holdsSecret(file: SecretFile): boolean {
  return file.what === 'env' || file.what === 'private-key' || file.what === 'keystore';
}

export default defineCheck<FileModesModel>({
  id: 'file-modes/no-world-readable-secrets',
  title: '.env files, private keys and keystores are not readable by every local user',
  severity: 'medium',
  checklist: ['H5'],
  rationale:
    'A `.env` file or a private key readable by every account hands the database password, the API tokens or the ' +
    'TLS and SSH host keys to any process that gets a foothold on the host: a compromised service running as its own ' +
    'user, a container with a host mount, a CI runner, another tenant. With a host key an attacker impersonates the ' +
    'server; with a TLS key, the site. The checklist asks for 0600, or 0640 with the service\'s group. In a ' +
    'repository scan the mode of the checked-out file is judged the same way (a deployment folder is often a checkout).',
  remediation:
    'Take the read bit away from other users, keeping the service able to read its file:\n' +
    '```sh\nchmod 600 /opt/app/.env            # or: chgrp app /opt/app/.env && chmod 640 /opt/app/.env\n' +
    'chmod 600 /etc/ssh/ssh_host_*_key /etc/ssl/private/*.key ~/.ssh/id_*\n```\n' +
    'Set `umask 027` for the deploy user so new files start closed, and prefer Compose `secrets:` files over ' +
    'environment variables.',
  references: [
    'Lynis FILE-7524 (permissions of a fixed list of files: its profile, not these)',
    'CIS Debian Linux 12 Benchmark 5.1.2 (permissions on SSH private host key files)',
    'https://man.openbsd.org/sshd.8#FILES',
    'https://docs.docker.com/compose/how-tos/use-secrets/',
  ],
  fixable: false,
  run({ model, report }) {
    for (const file of model.files) {
      if (!holdsSecret(file) || (file.mode & 0o004) === 0) continue;
      report({
        at: file,
        fileLevel: true,
        subject: file.path,
        message: `${describeFile(file)} is readable by every user on the machine (mode ${octal(file.mode)})`,
      });
    }
  },
});
