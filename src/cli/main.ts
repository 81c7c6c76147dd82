/**
 * The `bulwark` executable. `--version` is answered before anything else loads (cold
 * start is a product promise); every other command goes through the lazily loaded program.
 */
import { TOOL_VERSION } from '../reporters/tool.ts';

// `bulwark scan | head`: the reader went away, which is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  throw err;
});

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${TOOL_VERSION}\n`);
} else {
  const [{ runCli }, { processIo }] = await Promise.all([import('./program.ts'), import('./io.ts')]);
  // exitCode, not exit(): a large report piped to stdout is flushed before the process ends.
  process.exitCode = await runCli(args, processIo());
}
