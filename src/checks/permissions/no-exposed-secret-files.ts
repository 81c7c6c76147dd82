import { defineCheck } from '../../core/check.ts';
import type { Severity } from '../../core/severity.ts';
import type { PermissionsModel, SecretFile, SecretFileKind } from '../../inputs/permissions/load.ts';

const DESCRIBE: Record<SecretFileKind, string> = {
  env: 'this .env file (it holds the service\'s secrets)',
  'private-key': 'this private key',
  keystore: 'this keystore',
  'daemon-json': "Docker's daemon.json (it decides how every container runs, as root)",
  'authorized-keys': 'this authorized_keys file (it decides who may log in)',
};

/** The worst exposure of one file, or undefined when its mode is fine for what it holds. */
export function exposure(file: SecretFile): { severity: Severity; why: string } | undefined {
  const m = file.mode;
  const octal = m.toString(8).padStart(4, '0');
  // Files that grant access are dangerous when others can write them.
  if ((m & 0o002) !== 0) return { severity: 'high', why: `is writable by every user (mode ${octal})` };
  if (file.what === 'daemon-json' || file.what === 'authorized-keys') {
    if ((m & 0o020) !== 0) return { severity: 'high', why: `is writable by its group (mode ${octal})` };
    return undefined;
  }
  // Files that hold secrets are dangerous when others can read them; 0640 (service group) is fine.
  if ((m & 0o020) !== 0) return { severity: 'medium', why: `is writable by its group (mode ${octal})` };
  if ((m & 0o004) !== 0) return { severity: 'medium', why: `is readable by every user on the machine (mode ${octal})` };
  return undefined;
}

export default defineCheck<PermissionsModel>({
  id: 'permissions/no-exposed-secret-files',
  title: 'Files holding secrets or granting access are not open to other users',
  severity: 'medium',
  checklist: ['H5'],
  rationale:
    'A `.env` or private key readable by every local user hands the database password or the TLS key to any process ' +
    'that gets a foothold on the host (a compromised container with a host mount, a CI runner, another tenant). Files ' +
    'that grant access are worse when writable: whoever can edit authorized_keys can log in, whoever can edit ' +
    "daemon.json runs code as root. The guides ask for 0600 (or 0640 with the service's group).",
  remediation:
    'Restrict the file to its owner: `chmod 600 .env` (or `chmod 640` with `chgrp <service-group>`), `chmod 600` for ' +
    'private keys, `chmod 644 /etc/docker/daemon.json` owned by root, `chmod 600 ~/.ssh/authorized_keys`. In Compose, ' +
    'prefer `secrets:` files mounted read-only over environment variables.',
  references: ['CIS Distribution Independent Linux 6.1.x (file permissions)', 'Lynis FILE-7524', 'https://man.openbsd.org/sshd.8#FILES'],
  fixable: false,
  run({ model, report }) {
    for (const file of model.files) {
      const exposed = exposure(file);
      if (!exposed) continue;
      report({ at: file, fileLevel: true, severity: exposed.severity, subject: file.path, message: `${DESCRIBE[file.what]} ${exposed.why}` });
    }
  },
});
