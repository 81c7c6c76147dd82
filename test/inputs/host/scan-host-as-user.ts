/**
 * Runs one host-root scan of the auditd, updates, backups and disk checks and prints errors
 * and findings as JSON. unprivileged.test.ts starts it as an unprivileged user, because
 * root reads files whatever their mode says. Usage: node scan-host-as-user.mjs <host-root>
 */
import { scan } from '../../../src/scan/scan.ts';

const [root] = process.argv.slice(2);
const result = await scan({ cwd: root!, targets: [], hostRoot: root!, checks: ['auditd/*', 'updates/*', 'backups/*', 'disk/*'] });
process.stdout.write(
  JSON.stringify({
    uid: process.getuid?.(),
    fatal: result.fatal,
    errors: result.errors,
    findings: result.findings.map((f) => `${f.checkId} ${f.location.path}:${f.location.line}`),
  }),
);
