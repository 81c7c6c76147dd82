/**
 * Runs one scan and prints its errors and findings as JSON. The bad-input test starts
 * this as an unprivileged user, because root reads files whatever their mode says.
 * Usage: node --import tsx test/scan/scan-as-user.ts <cwd> <target>…
 */
import { scan } from '../../src/scan/scan.ts';

const [cwd, ...targets] = process.argv.slice(2);
const result = await scan({ cwd: cwd!, targets });
process.stdout.write(
  JSON.stringify({
    uid: process.getuid?.(),
    fatal: result.fatal,
    errors: result.errors,
    findings: result.findings.map((f) => ({ checkId: f.checkId, path: f.location.path, line: f.location.line })),
  }),
);
