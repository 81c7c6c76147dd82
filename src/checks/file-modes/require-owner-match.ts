import { defineCheck } from '../../core/check.ts';
import type { Severity } from '../../core/severity.ts';
import type { FileModesModel, SecretFile } from '../../inputs/file-modes/load.ts';
import { describeFile, ownerOf } from './_describe.ts';

/**
 * How bad a wrong owner is, or undefined when the owner is right:
 * - a host key or daemon.json owned by an account: it reads the host key (impersonates the
 *   server) or rewrites how dockerd runs containers as root: high.
 * - root's files, or a user's files, owned by another account: that account can rewrite the
 *   keys that let it in as the user (root), or read the user's secrets: medium.
 * - a user's SSH key or config owned by root: nobody else gains anything, but the user cannot
 *   read or rotate their own key (a provisioning step ran as root): low.
 */
export function ownerProblem(file: SecretFile): { severity: Severity; why: string } | undefined {
  const want = file.expectedOwner;
  if (!want || file.uid === want.uid) return undefined;
  if (file.uid === 0 && want.rootAccepted) return undefined;
  if (file.uid === 0) return { severity: 'low', why: `${want.name} cannot read or replace it` };
  if (want.role === 'host') return { severity: 'high', why: `${ownerOf(file)} can read and change it without being root` };
  return { severity: 'medium', why: `${ownerOf(file)} can read and change what ${want.name} relies on` };
}

export default defineCheck<FileModesModel>({
  id: 'file-modes/require-owner-match',
  title: 'Keys, secrets and daemon.json belong to the account they serve',
  severity: 'medium',
  checklist: ['H5'],
  rationale:
    "The owner of a file can always change its mode and content. A user's `~/.ssh` files owned by another account " +
    "let that account add a key and log in as the user, or copy the user's private key; host keys and daemon.json " +
    'owned by anyone but root let that account impersonate the server or run containers as root. sshd accepts ' +
    'authorized_keys owned by root or the user (StrictModes), so a root-owned authorized_keys is fine. Judged under ' +
    "`--host-root`, where the host's etc/passwd says whose home is whose; files under /opt or /srv belong to service " +
    'accounts Bulwark cannot name and are not judged.',
  remediation:
    'Give the files back to the account they serve:\n' +
    '```sh\nchown -R alice:alice /home/alice/.ssh\nchown root:root /etc/ssh/ssh_host_*_key /etc/docker/daemon.json /root/.ssh/authorized_keys\n```',
  references: [
    'https://man.openbsd.org/sshd_config#StrictModes',
    'CIS Debian Linux 12 Benchmark 5.1.2 (SSH private host keys owned by root)',
    'CIS Docker Benchmark v1.6 3.17 (daemon.json owned by root:root)',
    'Lynis: no equivalent test (FILE-7524 checks modes of a fixed list)',
  ],
  fixable: false,
  run({ model, report }) {
    for (const file of model.files) {
      const problem = ownerProblem(file);
      if (!problem) continue;
      report({
        at: file,
        fileLevel: true,
        severity: problem.severity,
        subject: file.path,
        message: `${describeFile(file)} is owned by ${ownerOf(file)}, not ${file.expectedOwner!.name}: ${problem.why}`,
      });
    }
  },
});
