/** Words the file-modes checks share: what a file is, its mode, its owner and group. */
import type { SecretFile, SecretFileKind } from '../../inputs/file-modes/load.ts';

const WHAT: Record<SecretFileKind, string> = {
  env: "this .env file (it holds the service's secrets)",
  'private-key': 'this private key',
  keystore: 'this keystore',
  'daemon-json': "Docker's daemon.json (it decides how every container runs, as root)",
  'authorized-keys': 'this authorized_keys file (it decides who may log in)',
};

export function describeFile(file: SecretFile): string {
  if (file.sshKey === 'host') return "this SSH host key (whoever reads it can impersonate the server)";
  if (file.sshKey === 'user') return 'this SSH private key';
  return WHAT[file.what];
}

export function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

export function ownerOf(file: SecretFile): string {
  return file.ownerName ?? `uid ${file.uid}`;
}

export function groupOf(file: SecretFile): string {
  return file.groupName !== undefined ? `group ${file.groupName}` : `gid ${file.gid}`;
}
