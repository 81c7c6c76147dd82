/**
 * The command line: argv → options → command → exit code. Each command's action loads
 * its modules on demand, so `--help` never pays for the scan pipeline, the checks or yaml.
 */
import { Command, CommanderError, Option } from '@commander-js/extra-typings';
import { SEVERITIES } from '../core/severity.ts';
import { TOOL_VERSION } from '../reporters/tool.ts';
import type { CliIo } from './io.ts';
import { EXIT_OK, EXIT_USAGE, UsageError } from './io.ts';

export const SCAN_FORMATS = ['text', 'json', 'sarif'] as const;
export const CATALOG_FORMATS = ['text', 'json', 'markdown'] as const;
export const FAIL_ON = [...[...SEVERITIES].reverse(), 'none'] as const;

/** `--checks a,b --checks c` → `['a', 'b', 'c']`. */
function collectList(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
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
