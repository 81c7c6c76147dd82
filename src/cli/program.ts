/**
 * The command line: argv → options → command → exit code. Each command's action loads
 * its modules on demand, so `--help` never pays for the scan pipeline, the checks or yaml.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { SEVERITIES } from '../core/severity.ts';
import { TOOL_VERSION } from '../reporters/tool.ts';
import type { CliIo } from './io.ts';
import { EXIT_OK, EXIT_USAGE, UsageError } from './io.ts';

export const SCAN_FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown', 'html'] as const;
export const CATALOG_FORMATS = ['text', 'json', 'markdown'] as const;
export const FAIL_ON = [...[...SEVERITIES].reverse(), 'none'] as const;

/** `--checks a,b --checks c` → `['a', 'b', 'c']`. */
function collectList(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

/** `--timeout 2.5` → 2.5; commander reports the thrown message as a usage error. */
function parseSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n >= 0.1 && n <= 300)) {
    throw new InvalidArgumentError('expected a number of seconds between 0.1 and 300');
  }
  return n;
}

/** `--length 32` → 32; anything but a whole number from 1 up is a usage error. */
function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number from 1 up');
  return n;
}

/** Run the CLI on `args` (without `node` and the script); resolves to the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command()
    .name('bulwark')
    .description('Audit and harden self-hosted stacks (Docker Compose first).')
    .version(TOOL_VERSION, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
    })
    .showSuggestionAfterError(true);

  program
    .command('scan')
    .description('static audit of files and folders')
    .argument('[paths...]', 'files or folders to scan (default: .)')
    .addOption(new Option('--format <format>', 'report format').choices(SCAN_FORMATS).default('text' as const))
    .option('-o, --output <file>', 'write the report to FILE (atomically) instead of stdout')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(FAIL_ON).default('high' as const),
    )
    .option('--checks <globs>', 'run only checks whose id matches (comma-separated, repeatable, e.g. compose/*)', collectList, [] as string[])
    .option('--skip-checks <globs>', 'skip checks whose id matches (comma-separated, repeatable)', collectList, [] as string[])
    .option('-c, --config <file>', 'configuration file (default: .bulwark.yaml in the scanned root)')
    .option(
      '--host-root <dir>',
      "audit DIR as a Linux host's / (sshd, authorized_keys, UFW, fail2ban, auditd, daemon.json, updates, backups, file modes); '/' audits this machine",
    )
    .option('-q, --quiet', 'text: findings only, no summary or progress')
    .option('--no-color', 'no ANSI colours (also NO_COLOR, or when not on a terminal)')
    .addHelpText(
      'after',
      '\nExit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or nothing could be scanned.',
    )
    .action(async (paths, opts) => {
      const { runScanCommand } = await import('./scan-command.ts');
      exitCode = await runScanCommand(
        {
          paths: paths.length > 0 || opts.hostRoot !== undefined ? paths : ['.'],
          ...(opts.hostRoot === undefined ? {} : { hostRoot: opts.hostRoot }),
          format: opts.format,
          ...(opts.output === undefined ? {} : { output: opts.output }),
          failOn: opts.failOn,
          checks: opts.checks,
          skipChecks: opts.skipChecks,
          ...(opts.config === undefined ? {} : { config: opts.config }),
          quiet: opts.quiet === true,
          color: opts.color,
        },
        io,
      );
    });

  program
    .command('probe')
    .description('live audit of running services (SSH, TLS, HTTP, Redis, PostgreSQL, port exposure): what they offer to anyone who connects')
    .argument('<targets...>', 'services to probe: ssh://host:22, https://host[:port][/path], http://host[:port][/path], tls://host:port, redis://host:6379 (rediss:// over TLS), postgres://host:5432, host://host (which well-known ports it exposes; no port) (IPv6: ssh://[::1]:22)')
    .addOption(new Option('--format <format>', 'report format').choices(SCAN_FORMATS).default('text' as const))
    .option('-o, --output <file>', 'write the report to FILE (atomically) instead of stdout')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(FAIL_ON).default('high' as const),
    )
    .option('--checks <globs>', 'run only checks whose id matches (comma-separated, repeatable, e.g. ssh/*)', collectList, [] as string[])
    .option('--skip-checks <globs>', 'skip checks whose id matches (comma-separated, repeatable)', collectList, [] as string[])
    .addOption(new Option('--timeout <seconds>', 'time bound per target, connections included (0.1-300)').argParser(parseSeconds).default(10))
    .option('--ca-file <file>', 'https/tls: PEM file of CAs to trust besides the system ones (an internal CA)')
    .option('--rate-limit-path <path>', 'http(s): send a bounded burst to PATH (e.g. /api/login) and report whether it is rate-limited')
    .option('-q, --quiet', 'text: findings only, no summary or progress')
    .option('--no-color', 'no ANSI colours (also NO_COLOR, or when not on a terminal)')
    .addHelpText(
      'after',
      [
        '',
        'Limits: only the hosts and ports given are contacted (a host name is looked up',
        'once); at most 4 targets at a time and 64 per run. Each target gets --timeout',
        'seconds in all: one that does not answer in time, refuses the connection or is',
        'not the service its scheme names is reported as an error, not waited for.',
        'ssh://: at most 2 TCP connections per target, one after the other. The first',
        'reads the identification and algorithm lists in clear text (at most 78 KB);',
        'the second does a key exchange and sends one "none" authentication request',
        'for the user "bulwark-probe" to learn the allowed methods. No credential is',
        'ever sent and no session is opened.',
        'https:// and tls://: at most 80 connections per target, 8 at a time: one TLS',
        'handshake per version (1.0-1.3) and short ClientHellos (closed at the',
        'ServerHello) for SSLv2, SSLv3 and legacy cipher suites. No application data.',
        'https:// and http://: at most 6 keep-alive connections; GET of the URL (HTTPS:',
        'same-origin redirects followed, at most 3), the same GET with a foreign Origin,',
        'and GETs of 7 well-known status paths (/metrics, /actuator, /actuator/env,',
        '/server-status, /nginx_status, /.env, /.git/config); bodies read up to 64 KB.',
        'With --rate-limit-path: at most 60 GETs to that path within 10 s, stopping at',
        'the first 429 or 503. Only GET is ever sent; no credential, no form.',
        'redis:// and rediss://: one connection; PING without a password and, only if',
        'that is obeyed, INFO server (for the version). No key is read or written.',
        'postgres://: at most 4 connections; an SSLRequest, and a startup message as the',
        'users "bulwark_probe" and "postgres" to learn the authentication method. No',
        'password and no query is ever sent; a session the server grants is closed at once.',
        'host://: which of 39 well-known ports (databases, caches, brokers, vector stores,',
        'Docker/kubelet APIs, dashboards, metrics; SSH/HTTP/HTTPS recorded, not judged)',
        'accept a TCP connection on the first address the host resolves to: one',
        'connection per port, at most 16 at a time, each within 1.5 s. Nothing is sent;',
        'an open port gets 300 ms to send a banner (at most 512 bytes read, 120 printable',
        'characters kept). Run it from another machine: against a loopback address the',
        'host sees its own listeners, so findings there are info only.',
        '',
        'Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,',
        '2 usage error or no target could be probed.',
      ].join('\n'),
    )
    .action(async (targets, opts) => {
      const { runProbeCommand } = await import('./probe-command.ts');
      exitCode = await runProbeCommand(
        {
          targets,
          format: opts.format,
          ...(opts.output === undefined ? {} : { output: opts.output }),
          failOn: opts.failOn,
          checks: opts.checks,
          skipChecks: opts.skipChecks,
          timeoutSeconds: opts.timeout,
          ...(opts.caFile === undefined ? {} : { caFile: opts.caFile }),
          ...(opts.rateLimitPath === undefined ? {} : { rateLimitPath: opts.rateLimitPath }),
          quiet: opts.quiet === true,
          color: opts.color,
        },
        io,
      );
    });

  program
    .command('init')
    .description('write a commented .bulwark.yaml (ignored paths, disabled checks, severities, edge services) that keeps every default')
    .argument('[dir]', 'folder to write it in (default: .)')
    .option('--force', 'replace an existing .bulwark.yaml')
    .action(async (dir, opts) => {
      const { runInitCommand } = await import('./init-command.ts');
      exitCode = await runInitCommand(dir, { force: opts.force === true }, io);
    });

  program
    .command('checks')
    .description('list every check: id, severity, checklist ids, title')
    .addOption(new Option('--format <format>', 'output format').choices(CATALOG_FORMATS).default('text' as const))
    .option('--no-color', 'no ANSI colours')
    .action(async (opts) => {
      const { runChecksCommand } = await import('./catalog-commands.ts');
      exitCode = await runChecksCommand(opts, io);
    });

  program
    .command('explain')
    .description("one check in full: why it matters, how to fix it, the checklist items it covers")
    .argument('<id>', 'check id, e.g. compose/no-privileged')
    .option('--no-color', 'no ANSI colours')
    .action(async (id, opts) => {
      const { runExplainCommand } = await import('./catalog-commands.ts');
      exitCode = await runExplainCommand(id, opts, io);
    });

  // `secrets`: SOPS-compatible age encryption of dotenv files (src/secrets/). The
  // encodings mirror SECRET_ENCODINGS in src/secrets/generate.ts, inlined so that
  // building the program does not load the secrets code.
  const secretEncodings = ['base64url', 'base64', 'hex', 'alnum'] as const;
  const addIdentity = (value: string, previous: string[]): string[] => [...previous, value];
  const secrets = program
    .command('secrets')
    .description('SOPS-compatible age encryption of .env files: keygen, encrypt, decrypt, edit, gen, rotate, status')
    .addHelpText(
      'after',
      '\nIdentities are found as sops finds them: --identity FILE, SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, then ~/.config/sops/age/keys.txt.' +
        '\nExit codes: 0 done, 1 (status) the file is not safely encrypted, 2 usage error, wrong key or tampered file.',
    );
  secrets
    .command('keygen')
    .description('create an age identity (written 0600, never overwritten) and print its public key')
    .option('-o, --output <file>', 'identity file (default: ~/.config/sops/age/keys.txt)')
    .option('--append', 'add the new identity to an existing file')
    .action(async (opts) => {
      const { runSecretsKeygen } = await import('./secrets-command.ts');
      exitCode = await runSecretsKeygen(opts, io);
    });
  secrets
    .command('encrypt')
    .description('encrypt a dotenv file for age recipients (from --age or .sops.yaml), to FILE.enc by default')
    .argument('<file>', 'plaintext dotenv file')
    .option('-o, --output <file>', 'write here instead of FILE.enc (- for stdout)')
    .option('-i, --in-place', 'replace FILE with its encrypted form')
    .option('-f, --force', 'replace an existing output file')
    .option('--age <recipients>', 'age recipients, age1… (comma-separated, repeatable)', collectList, [] as string[])
    .option('--encrypted-regex <re>', 'encrypt only keys matching this RE2 regex')
    .option('--unencrypted-regex <re>', 'leave keys matching this RE2 regex readable')
    .option('--encrypted-suffix <suffix>', 'encrypt only keys ending with this')
    .option('--unencrypted-suffix <suffix>', 'leave keys ending with this readable (default: _unencrypted)')
    .option('--mac-only-encrypted', 'the MAC covers only encrypted values')
    .action(async (file, opts) => {
      const { runSecretsEncrypt } = await import('./secrets-command.ts');
      exitCode = await runSecretsEncrypt(file, opts, io);
    });
  secrets
    .command('decrypt')
    .description('decrypt a sops dotenv file to stdout, or to a file created 0600')
    .argument('<file>', 'encrypted dotenv file')
    .option('-o, --output <file>', 'write the plaintext here (created 0600) instead of stdout')
    .option('-i, --in-place', 'replace FILE with its plaintext')
    .option('--identity <file>', 'age identity file to try first (repeatable)', addIdentity, [] as string[])
    .action(async (file, opts) => {
      const { runSecretsDecrypt } = await import('./secrets-command.ts');
      exitCode = await runSecretsDecrypt(file, opts, io);
    });
  secrets
    .command('edit')
    .description('decrypt into a private temp file, open $EDITOR, re-encrypt (unchanged values keep their ciphertext)')
    .argument('<file>', 'encrypted dotenv file')
    .option('--identity <file>', 'age identity file to try first (repeatable)', addIdentity, [] as string[])
    .action(async (file, opts) => {
      const { runSecretsEdit } = await import('./secrets-command.ts');
      exitCode = await runSecretsEdit(file, opts, io);
    });
  secrets
    .command('gen')
    .description('print a strong random secret')
    .addOption(new Option('--encoding <encoding>', 'alphabet').choices(secretEncodings).default('base64url' as const))
    .option('--length <n>', 'number of characters', positiveInt)
    .option('--bytes <n>', 'number of random bytes to encode (default 32)', positiveInt)
    .action(async (opts) => {
      const { runSecretsGen } = await import('./secrets-command.ts');
      exitCode = await runSecretsGen(opts, io);
    });
  secrets
    .command('rotate')
    .description('give named keys new strong values, re-encrypt, and print what must be restarted')
    .argument('<file>', 'encrypted dotenv file')
    .argument('<keys...>', 'keys to rotate')
    .addOption(new Option('--encoding <encoding>', 'alphabet (default: like the old value)').choices(secretEncodings))
    .option('--length <n>', 'number of characters', positiveInt)
    .option('--bytes <n>', 'number of random bytes to encode', positiveInt)
    .option('--identity <file>', 'age identity file to try first (repeatable)', addIdentity, [] as string[])
    .action(async (file, keys, opts) => {
      const { runSecretsRotate } = await import('./secrets-command.ts');
      exitCode = await runSecretsRotate(file, keys, opts, io);
    });
  secrets
    .command('status')
    .description('is the file encrypted, for whom, and does your key open it')
    .argument('<file>', 'dotenv file')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json'] as const).default('text' as const))
    .option('--identity <file>', 'age identity file to try first (repeatable)', addIdentity, [] as string[])
    .action(async (file, opts) => {
      const { runSecretsStatus } = await import('./secrets-command.ts');
      exitCode = await runSecretsStatus(file, opts, io);
    });

  try {
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (err instanceof UsageError) {
      io.stderr.write(`bulwark: ${err.message}\n`);
      return EXIT_USAGE;
    }
    // A bug, not an input problem: say so briefly; the stack only on request.
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`bulwark: internal error: ${message}\n`);
    if (io.env.BULWARK_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return EXIT_USAGE;
  }
}
