/**
 * One scan in a child process, for tests that must run it as an unprivileged user (root
 * reads files whatever their mode says). Options come as one JSON argument; prints the
 * uid, errors and findings as JSON. Bundled by as-user.ts into a world-readable folder.
 */
import { scan } from '../../src/scan/scan.ts';
import type { ScanOptions } from '../../src/scan/scan.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as ScanOptions;
const result = await scan(options);
process.stdout.write(
  JSON.stringify({
    uid: process.getuid?.(),
    fatal: result.fatal,
    errors: result.errors,
    findings: result.findings.map((f) => ({ checkId: f.checkId, path: f.location.path, line: f.location.line })),
  }),
);
