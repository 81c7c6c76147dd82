import { defineCheck } from '../../core/check.ts';
import type { Severity } from '../../core/severity.ts';
import type { FileModesModel, SecretFile } from '../../inputs/file-modes/load.ts';
import { describeFile, groupOf, octal } from './_describe.ts';

/**
 * Who besides the owner can change the file, and how bad that is:
 * - daemon.json: anyone who can write it runs containers as root after the next restart
 *   (high for every user, medium for a group: CIS Docker 3.18 asks for 644).
 * - authorized_keys: sshd's StrictModes (the default) refuses a group- or world-writable
 *   file, so key logins break; with StrictModes off the writer logs in as the user: medium.
 * - .env files and keys: every user can swap the secret or the settings a service runs
 *   with (high); a shared group can (low: a service group is the usual 0660 case).
 * A group that holds only the owner (a user-private group) gives nobody else access.
 */
export function writeExposure(file: SecretFile): { severity: Severity; who: string } | undefined {
  const world = (file.mode & 0o002) !== 0;
  const group = (file.mode & 0o020) !== 0 && !file.privateGroup;
  if (!world && !group) return undefined;
  const who = world ? 'every user on the machine' : `members of ${groupOf(file)}`;
  if (file.what === 'authorized-keys') return { severity: 'medium', who };
  if (file.what === 'daemon-json') return { severity: world ? 'high' : 'medium', who };
  return { severity: world ? 'high' : 'low', who };
}

export default defineCheck<FileModesModel>({
  id: 'file-modes/no-writable-by-others',
  title: 'Files that hold secrets or grant access are writable only by their owner',
  severity: 'high',
  checklist: ['H5'],
  rationale:
    'Whoever can write a file that grants access gets that access: a writable daemon.json runs containers as root on ' +
    "the next restart, a writable authorized_keys lets the writer add a key (sshd's StrictModes refuses such a file, " +
    'so at best key logins break), a writable `.env` or key lets the writer swap the database URL or the key a service ' +
    'trusts. A group bit is judged by who is in the group: a user-private group (only the owner) is fine.',
  remediation:
    'Remove the write bits for group and others:\n' +
    '```sh\nchmod 644 /etc/docker/daemon.json && chown root:root /etc/docker/daemon.json\n' +
    'chmod 600 ~/.ssh/authorized_keys /opt/app/.env\nchmod go-w ~/.ssh\n```',
  references: [
    'CIS Docker Benchmark v1.6 3.17-3.18 (daemon.json owned by root, mode 644 or stricter)',
    'https://man.openbsd.org/sshd_config#StrictModes',
    'Lynis FILE-7524 (permissions of a fixed list of files: its profile, not these)',
  ],
  fixable: false,
  run({ model, report }) {
    for (const file of model.files) {
      const exposed = writeExposure(file);
      if (!exposed) continue;
      report({
        at: file,
        fileLevel: true,
        severity: exposed.severity,
        subject: file.path,
        message: `${describeFile(file)} can be changed by ${exposed.who} (mode ${octal(file.mode)})`,
      });
    }
  },
});
