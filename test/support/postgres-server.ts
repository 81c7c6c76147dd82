/**
 * Real PostgreSQL servers for the live probe tests: Debian's PostgreSQL, a fresh data
 * directory from `initdb` in a temp dir, `postgres` in the foreground on 127.0.0.1 at a
 * free port (Unix socket in the temp dir, fsync off), stopped by `stop()`. PostgreSQL
 * refuses to run as root, so a root test runner starts it (and initdb) as the
 * `postgres` user with setpriv and hands it the temp dir; anyone else runs it as
 * themselves.
 *
 * - `weak`: `host all all 127.0.0.1/32 trust`, ssl off.
 * - `legacy`: ssl on but limited to TLS 1.0-1.1, `password` (cleartext) for
 *   `bulwark_probe`, `md5` for everyone else with `password_encryption = md5`, plain
 *   connections allowed.
 * - `hardened`: ssl on (TLS 1.2+), `hostssl all all 127.0.0.1/32 scram-sha-256`,
 *   `hostnossl all all all reject`, `password_encryption = scram-sha-256`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDaemon } from './daemon.ts';

export type PostgresFlavour = 'weak' | 'legacy' | 'hardened';

export interface RunningPostgres {
  flavour: PostgresFlavour;
  port: number;
  /** `postgres://127.0.0.1:<port>` */
  target: string;
  dir: string;
  /** What the server wrote to stderr, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/** The newest installed server's bin directory (`/usr/lib/postgresql/<major>/bin`), if any. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] !== undefined ? join(root, majors[0], 'bin') : undefined;
}

/** Why the live tests cannot run here, or undefined. */
export function postgresUnavailable(): string | undefined {
  if (postgresBinDir() === undefined) return 'PostgreSQL is not installed (apt-get install postgresql)';
  if (process.getuid?.() === 0 && spawnSync('setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', 'true']).status !== 0) {
    return 'running as root and cannot switch to the postgres user (setpriv, user "postgres")';
  }
  return undefined;
}

const AS_POSTGRES = ['--reuid=postgres', '--regid=postgres', '--init-groups'];

/** The command, as the postgres user when we are root. */
function asServerUser(bin: string, args: string[]): { bin: string; args: string[] } {
  return process.getuid?.() === 0 ? { bin: 'setpriv', args: [...AS_POSTGRES, bin, ...args] } : { bin, args };
}

function hbaFor(flavour: PostgresFlavour, override?: string[]): string {
  const local = 'local all all trust';
  if (override) return [local, ...override, ''].join('\n');
  if (flavour === 'weak') return [local, 'host all all 127.0.0.1/32 trust', ''].join('\n');
  if (flavour === 'legacy') return [local, 'host all bulwark_probe 127.0.0.1/32 password', 'host all all 127.0.0.1/32 md5', ''].join('\n');
  return [local, 'hostnossl all all all reject', 'hostssl all all 127.0.0.1/32 scram-sha-256', ''].join('\n');
}

function settingsFor(flavour: PostgresFlavour): string[] {
  const common = ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off', 'shared_buffers = 16MB', 'max_connections = 20', "log_min_messages = warning"];
  if (flavour === 'weak') return [...common, 'ssl = off', 'password_encryption = md5'];
  const ssl = ['ssl = on', "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'"];
  if (flavour === 'legacy') {
    return [...common, ...ssl, "ssl_min_protocol_version = 'TLSv1'", "ssl_max_protocol_version = 'TLSv1.1'", "ssl_ciphers = 'DEFAULT:@SECLEVEL=0'", 'password_encryption = md5'];
  }
  return [...common, ...ssl, "ssl_min_protocol_version = 'TLSv1.2'", 'password_encryption = scram-sha-256'];
}

export interface PostgresOptions {
  /** pg_hba.conf lines for TCP clients instead of the flavour's (a `local … trust` line is always first). */
  hba?: string[];
}

export async function startPostgres(flavour: PostgresFlavour, options: PostgresOptions = {}): Promise<RunningPostgres> {
  const bin = postgresBinDir();
  if (bin === undefined) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const dir = mkdtempSync(join(tmpdir(), `bulwark-postgres-${flavour}-`));
  const data = join(dir, 'data');
  const root = process.getuid?.() === 0;
  try {
    if (root) execFileSync('chown', ['postgres:postgres', dir]);
    const init = asServerUser(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    const r = spawnSync(init.bin, init.args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`initdb failed (${r.status}):\n${r.stderr}${r.stdout}`);
    writeFileSync(join(data, 'pg_hba.conf'), hbaFor(flavour, options.hba));
    appendFileSync(join(data, 'postgresql.conf'), `\n# bulwark live test (${flavour})\n${settingsFor(flavour).join('\n')}\n`);
    if (flavour !== 'weak') {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(data, 'server.key'), '-out', join(data, 'server.crt'), '-days', '30', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: ['ignore', 'ignore', 'pipe'] });
      chmodSync(join(data, 'server.key'), 0o600);
    }
    if (root) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const daemon = await startDaemon({
    name: `postgres (${flavour})`,
    address: '127.0.0.1',
    portCount: 1,
    dir,
    command: ([port]) => asServerUser(join(bin, 'postgres'), ['-D', data, '-k', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1']),
  });
  const port = daemon.ports[0]!;
  return { flavour, port, target: `postgres://127.0.0.1:${port}`, dir, log: daemon.log, stop: daemon.stop };
}
