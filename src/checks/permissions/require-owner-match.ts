import { defineCheck } from '../../core/check.ts';
import type { PermissionsModel } from '../../inputs/permissions/load.ts';

export default defineCheck<PermissionsModel>({
  id: 'permissions/require-owner-match',
  title: 'SSH keys and Docker configuration belong to the user they serve',
  severity: 'medium',
  checklist: ['H5'],
  rationale:
    "A user's `~/.ssh` files owned by someone else can be rewritten by that someone, who then logs in as the user " +
    '(sshd\'s StrictModes refuses such files, so logins also break silently). Host keys and root\'s keys owned by a ' +
    'non-root account let that account impersonate the server or log in as root. Checked under `--host-root`, where ' +
    "the host's etc/passwd names the owners.",
  remediation:
    'Give the files back to their user: `chown -R alice: /home/alice/.ssh`, `chown root: /etc/ssh/ssh_host_* ' +
    '/root/.ssh/authorized_keys /etc/docker/daemon.json`.',
  references: ['https://man.openbsd.org/sshd_config#StrictModes', 'CIS Distribution Independent Linux 5.2.2-5.2.4'],
  fixable: false,
  run({ model, report }) {
    for (const file of model.files) {
      const want = file.expectedOwner;
      if (!want || file.uid === want.uid) continue;
      const actual = model.users.get(file.uid) ?? `uid ${file.uid}`;
      report({ at: file, fileLevel: true, subject: file.path, message: `owned by ${actual}, not by ${want.name}` });
    }
  },
});
