/**
 * Real OpenSSH servers for the live probe tests: host keys from `ssh-keygen` in a temp
 * dir, a config written here, `sshd -D -e` on 127.0.0.1 at a free port, stopped by
 * `stop()`; on ::1 when asked. Two flavours: `weak` (passwords, legacy algorithms, RSA-2048 and DSA host
 * keys) and `hardened` (Ed25519, keys only, modern algorithms).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDaemon } from '../support/daemon.ts';

export { freePort } from '../support/ports.ts';

export const SSHD = '/usr/sbin/sshd';

export interface RunningSshd {
  port: number;
  target: string;
  dir: string;
  /** Everything sshd wrote to stderr (`-e`), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export type Flavour = 'weak' | 'hardened';

export function sshdAvailable(): boolean {
  return existsSync(SSHD) && existsSync('/usr/bin/ssh-keygen');
}

export function configFor(flavour: Flavour, dir: string): string {
  const common = [
    `PidFile none`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'UsePAM no',
    'PermitRootLogin no',
    'LogLevel INFO',
    'MaxStartups 50',
  ];
  if (flavour === 'weak') {
    return [
      `HostKey ${join(dir, 'ssh_host_rsa_key')}`,
      `HostKey ${join(dir, 'ssh_host_dsa_key')}`,
      ...common,
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication yes',
      'KexAlgorithms +diffie-hellman-group1-sha1,diffie-hellman-group14-sha1',
      'Ciphers +aes128-cbc,3des-cbc',
      'MACs +hmac-sha1,hmac-md5',
      'HostKeyAlgorithms +ssh-rsa,ssh-dss',
      '',
    ].join('\n');
  }
  return [
    `HostKey ${join(dir, 'ssh_host_ed25519_key')}`,
    ...common,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha256',
    'Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr',
    'MACs hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,umac-128-etm@openssh.com',
    'HostKeyAlgorithms ssh-ed25519,rsa-sha2-512,rsa-sha2-256',
    '',
  ].join('\n');
}

export interface SshdOptions {
  address?: '127.0.0.1' | '::1';
  /** Extra `-o Keyword=value` settings; the command line beats the config file. */
  settings?: string[];
}

export async function startSshd(flavour: Flavour, options: SshdOptions = {}): Promise<RunningSshd> {
  const address = options.address ?? '127.0.0.1';
  const dir = mkdtempSync(join(tmpdir(), `bulwark-sshd-${flavour}-`));
  const keygen = (type: string, file: string, bits?: number): void => {
    execFileSync('/usr/bin/ssh-keygen', ['-q', '-t', type, ...(bits ? ['-b', String(bits)] : []), '-N', '', '-C', '', '-f', join(dir, file)], { stdio: 'ignore' });
  };
  if (flavour === 'weak') {
    keygen('rsa', 'ssh_host_rsa_key', 2048);
    keygen('dsa', 'ssh_host_dsa_key');
  } else {
    keygen('ed25519', 'ssh_host_ed25519_key');
  }
  const config = join(dir, 'sshd_config');
  writeFileSync(config, configFor(flavour, dir));
  // sshd insists on its privilege-separation directory when started as root.
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  execFileSync(SSHD, ['-t', '-f', config, ...(options.settings ?? []).flatMap((o) => ['-o', o])], { stdio: 'pipe' });

  const daemon = await startDaemon({
    name: 'sshd',
    address,
    portCount: 1,
    dir,
    command: ([port]) => ({
      bin: SSHD,
      args: ['-D', '-e', '-f', config, '-p', String(port), '-o', `ListenAddress=${address}`, ...(options.settings ?? []).flatMap((o) => ['-o', o])],
    }),
  });
  const port = daemon.ports[0]!;
  return {
    port,
    target: address === '::1' ? `ssh://[::1]:${port}` : `ssh://127.0.0.1:${port}`,
    dir,
    log: daemon.log,
    stop: daemon.stop,
  };
}
