/**
 * End to end: the bundled executable (`node bin/bulwark.js`) on small temp trees. The
 * bundle is rebuilt first when it is missing or older than the sources.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, lstatSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'bulwark.js');
const BUNDLE = join(ROOT, 'dist', 'cli.js');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const SECRET = 'Zq8vN3kLw2Rt7pXy5sHb4dMf';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : lstatSync(p).mtimeMs);
  }
  return newest;
}

function ensureBundle(): void {
  const stale =
    !existsSync(BUNDLE) ||
    statSync(BUNDLE).mtimeMs < Math.max(newestMtime(join(ROOT, 'src')), statSync(join(ROOT, 'package.json')).mtimeMs);
  // The build script only (not `npm run build`): generating sources is not a test's job.
  if (stale) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

let work = '';

/** Run the CLI in the temp tree with a colour-neutral environment. */
function bulwark(args: string[], env: Record<string, string> = {}): Run {
  const base = { ...process.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'BULWARK_DEBUG']) delete base[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: 'utf8', env: { ...base, ...env }, timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ONLY_PRIVILEGED = ['--checks', 'compose/no-privileged'];

describe('bulwark CLI (bundled)', () => {
  before(() => {
    ensureBundle();
    work = mkdtempSync(join(tmpdir(), 'bulwark-cli-'));
    mkdirSync(join(work, 'bad'));
    writeFileSync(
      join(work, 'bad', 'docker-compose.yml'),
      [
        'services:',
        '  web:',
        '    image: nginx:1.27',
        '    privileged: true',
        '  db:',
        '    image: postgres:16',
        '    environment:',
        `      POSTGRES_PASSWORD: ${SECRET}`,
        '',
      ].join('\n'),
    );
    mkdirSync(join(work, 'good'));
    writeFileSync(join(work, 'good', 'compose.yaml'), 'services:\n  app:\n    image: nginx:1.27\n    read_only: true\n');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('--version prints the package version and nothing else', () => {
    const r = bulwark(['--version']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `${VERSION}\n`);
    assert.equal(r.stderr, '');
  });

  it('--help lists the commands and exits 0', () => {
    const r = bulwark(['--help']);
    assert.equal(r.status, 0);
    for (const cmd of ['scan', 'checks', 'explain']) assert.match(r.stdout, new RegExp(`^  ${cmd}\\b`, 'm'));
    const scanHelp = bulwark(['scan', '--help']);
    assert.match(scanHelp.stdout, /--fail-on <severity>/);
    assert.match(scanHelp.stdout, /Exit codes: 0/);
  });

  describe('scan exit codes', () => {
    it('0 when nothing is found', () => {
      const r = bulwark(['scan', 'good', ...ONLY_PRIVILEGED]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^No findings\. \(1 file scanned\)$/m);
    });

    it('1 when a finding is at or above the default threshold (high)', () => {
      const r = bulwark(['scan', 'bad', ...ONLY_PRIVILEGED]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /^bad\/docker-compose\.yml$/m);
      assert.match(r.stdout, /critical +compose\/no-privileged {2}4:\d+/);
      assert.match(r.stdout, /^1 finding: 1 critical/m);
    });

    it('--fail-on moves the threshold; none never fails', () => {
      const low = ['--checks', 'compose/require-pids-limit'];
      assert.equal(bulwark(['scan', 'bad', ...low]).status, 0, 'a low finding passes the default');
      assert.equal(bulwark(['scan', 'bad', ...low, '--fail-on', 'low']).status, 1);
      assert.equal(bulwark(['scan', 'bad', ...low, '--fail-on', 'medium']).status, 0);
      assert.equal(bulwark(['scan', 'bad', ...ONLY_PRIVILEGED, '--fail-on', 'critical']).status, 1);
      assert.equal(bulwark(['scan', 'bad', ...ONLY_PRIVILEGED, '--fail-on', 'none']).status, 0);
    });

    it('2 for a path that does not exist, naming it', () => {
      const r = bulwark(['scan', 'no-such-dir']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /no-such-dir/);
      assert.equal(r.stdout, '');
    });

    it('2 for an unknown --format or --fail-on, with the allowed values', () => {
      const format = bulwark(['scan', 'good', '--format', 'xml']);
      assert.equal(format.status, 2);
      assert.match(format.stderr, /'xml' is invalid\. Allowed choices are text, json, sarif/);
      const failOn = bulwark(['scan', 'good', '--fail-on', 'severe']);
      assert.equal(failOn.status, 2);
      assert.match(failOn.stderr, /'severe' is invalid\. Allowed choices are critical, high, medium, low, info, none/);
    });

    it('2 for a --checks pattern that matches no check, and for an unknown command or option', () => {
      const r = bulwark(['scan', 'bad', '--checks', 'compose/no-privilegd']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /compose\/no-privilegd/);
      assert.equal(bulwark(['scna']).status, 2);
      assert.equal(bulwark(['scan', '--frmat', 'json']).status, 2);
    });
  });

  describe('check selection', () => {
    it('--checks and --skip-checks take comma lists, are repeatable, and skip wins', () => {
      const ids = (args: string[]): string[] => {
        const r = bulwark(['scan', 'bad', '--format', 'json', '--fail-on', 'none', ...args]);
        assert.equal(r.status, 0, r.stderr);
        return [...new Set((JSON.parse(r.stdout).findings as { checkId: string }[]).map((f) => f.checkId))].sort();
      };
      assert.deepEqual(ids(['--checks', 'compose/no-privileged,compose/require-pids-limit']), ['compose/no-privileged', 'compose/require-pids-limit']);
      assert.deepEqual(ids(['--checks', 'compose/no-privileged', '--checks', 'compose/require-pids-limit']), ['compose/no-privileged', 'compose/require-pids-limit']);
      assert.deepEqual(ids(['--checks', 'compose/no-privileged,compose/require-pids-limit', '--skip-checks', 'compose/no-privileged']), ['compose/require-pids-limit']);
      const all = ids([]);
      assert.ok(all.includes('compose/no-privileged') && all.length > 2, 'every check runs by default');
      assert.ok(!ids(['--skip-checks', 'compose/no-priv*,compose/require-*']).some((id) => id === 'compose/no-privileged' || id.startsWith('compose/require-')));
    });
  });

  describe('--config', () => {
    it('applies the named file, and a broken one is exit 2 naming the file', () => {
      writeFileSync(join(work, 'quiet.yaml'), 'checks:\n  disable: [compose/no-privileged]\n');
      assert.equal(bulwark(['scan', 'bad', ...ONLY_PRIVILEGED]).status, 1);
      assert.equal(bulwark(['scan', 'bad', ...ONLY_PRIVILEGED, '--config', 'quiet.yaml']).status, 0);
      writeFileSync(join(work, 'broken.yaml'), 'chekcs: {}\n');
      const r = bulwark(['scan', 'bad', '--config', 'broken.yaml']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /broken\.yaml/);
      assert.equal(bulwark(['scan', 'bad', '--config', 'absent.yaml']).status, 2);
    });
  });

  describe('formats', () => {
    it('json parses and carries the findings with relative paths', () => {
      const r = bulwark(['scan', 'bad', ...ONLY_PRIVILEGED, '--format', 'json']);
      assert.equal(r.status, 1);
      const doc = JSON.parse(r.stdout);
      assert.equal(doc.version, 1);
      assert.equal(doc.tool.version, VERSION);
      assert.equal(doc.root, '.');
      assert.deepEqual(doc.target, ['bad']);
      assert.equal(doc.findings.length, 1);
      assert.equal(doc.findings[0].location.path, 'bad/docker-compose.yml');
      assert.equal(doc.findings[0].location.line, 4);
      assert.ok(!r.stdout.includes(work), 'no absolute path');
    });

    it('sarif parses, with a rule per check that ran and a result per finding', () => {
      const r = bulwark(['scan', 'bad', '--checks', 'compose/no-privileged,compose/no-docker-socket-mount', '--format', 'sarif']);
      assert.equal(r.status, 1);
      const log = JSON.parse(r.stdout);
      assert.equal(log.version, '2.1.0');
      const run = log.runs[0];
      assert.deepEqual(run.tool.driver.rules.map((x: { id: string }) => x.id).sort(), ['compose/no-docker-socket-mount', 'compose/no-privileged']);
      assert.equal(run.results.length, 1);
      assert.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, 'bad/docker-compose.yml');
      assert.equal(run.results[0].locations[0].physicalLocation.region.startLine, 4);
      assert.ok(!r.stdout.includes(work), 'no absolute path');
    });

    it('never prints a secret value, in any format', () => {
      for (const format of ['text', 'json', 'sarif', 'junit', 'markdown', 'html']) {
        const r = bulwark(['scan', 'bad', '--format', format, '--fail-on', 'none']);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(r.stdout.includes('POSTGRES_PASSWORD'), `${format}: the finding is there`);
        assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET), `${format}: the value is not`);
      }
    });

    it('--quiet drops the summary', () => {
      const r = bulwark(['scan', 'bad', ...ONLY_PRIVILEGED, '--quiet']);
      assert.match(r.stdout, /compose\/no-privileged/);
      assert.doesNotMatch(r.stdout, /finding:|files? scanned/);
      assert.equal(bulwark(['scan', 'good', ...ONLY_PRIVILEGED, '--quiet']).stdout, '');
    });
  });

  describe('colour', () => {
    it('is off when piped, on with FORCE_COLOR, and off again with NO_COLOR or --no-color', () => {
      const args = ['scan', 'bad', ...ONLY_PRIVILEGED];
      assert.doesNotMatch(bulwark(args).stdout, /\x1b\[/);
      assert.match(bulwark(args, { FORCE_COLOR: '1' }).stdout, /\x1b\[/);
      assert.doesNotMatch(bulwark(args, { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout, /\x1b\[/);
      assert.doesNotMatch(bulwark([...args, '--no-color'], { FORCE_COLOR: '1' }).stdout, /\x1b\[/);
    });
  });

  describe('--output', () => {
    it('writes the report to the file, not stdout, and leaves no temp file', () => {
      mkdirSync(join(work, 'out'), { recursive: true });
      const r = bulwark(['scan', 'bad', ...ONLY_PRIVILEGED, '--format', 'sarif', '--output', 'out/report.sarif']);
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /wrote sarif report to out\/report\.sarif \(1 finding\)/);
      const log = JSON.parse(readFileSync(join(work, 'out', 'report.sarif'), 'utf8'));
      assert.equal(log.runs[0].results.length, 1);
      assert.deepEqual(readdirSync(join(work, 'out')), ['report.sarif']);
    });

    it('overwrites an existing report and writes text without colour', () => {
      writeFileSync(join(work, 'out.txt'), 'old');
      const r = bulwark(['scan', 'bad', ...ONLY_PRIVILEGED, '--output', 'out.txt', '--quiet'], { FORCE_COLOR: '1' });
      assert.equal(r.status, 1);
      assert.equal(r.stderr, '', '--quiet: no note');
      const text = readFileSync(join(work, 'out.txt'), 'utf8');
      assert.match(text, /compose\/no-privileged/);
      assert.doesNotMatch(text, /\x1b\[/);
    });

    it('2 when the file cannot be written', () => {
      const r = bulwark(['scan', 'bad', ...ONLY_PRIVILEGED, '--output', 'missing-dir/report.json']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /cannot write missing-dir\/report\.json: ENOENT/);
    });
  });

  describe('catalog commands', () => {
    it('checks lists id, severity, checklist and title', () => {
      const r = bulwark(['checks']);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^ID +SEVERITY +CHECKLIST +TITLE$/m);
      assert.match(r.stdout, /^compose\/no-privileged +critical +D6 +Containers do not run privileged$/m);
      const json = JSON.parse(bulwark(['checks', '--format', 'json']).stdout);
      assert.ok(json.some((c: { id: string }) => c.id === 'compose/no-privileged'));
      assert.match(bulwark(['checks', '--format', 'markdown']).stdout, /^\| `compose\/no-privileged` \| critical \| D6 \|/m);
      assert.equal(bulwark(['checks', '--format', 'html']).status, 2);
    });

    it('explain prints one check in full', () => {
      const r = bulwark(['explain', 'compose/no-privileged']);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^Containers do not run privileged$/m);
      assert.match(r.stdout, /^Severity: +critical$/m);
      assert.match(r.stdout, /^Checklist: +D6 +no privileged containers/m);
      assert.match(r.stdout, /^Fixable: +no$/m);
      assert.match(r.stdout, /^Why$/m);
      assert.match(r.stdout, /^How to fix$/m);
      assert.match(r.stdout, /CIS Docker Benchmark/);
    });

    it('explain of an unknown id exits 2 and suggests the closest ids', () => {
      const r = bulwark(['explain', 'compose/no-priviledged']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /unknown check "compose\/no-priviledged"; did you mean compose\/no-privileged/);
      assert.equal(r.stdout, '');
    });
  });
});
