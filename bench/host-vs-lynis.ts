/**
 * `bulwark scan --host-root /` beside `lynis audit system --quick` (Debian) on this
 * machine, in one run: hyperfine's time ratio and a table of the items both cover.
 *   node --import tsx bench/host-vs-lynis.ts     (needs root, npm run build, lynis, hyperfine)
 * Lynis only audits sshd when one runs, so an sshd on 127.0.0.1 is started for the run
 * when none is (and stopped afterwards). Writes bench/out/host.md and prints it.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
mkdirSync(OUT, { recursive: true });
const REPORT = join(OUT, 'lynis-report.dat');
const LOG = join(OUT, 'lynis.log');
const BULWARK = `node ${join(ROOT, 'bin/bulwark.js')} scan --host-root / --format json --fail-on none`;
const LYNIS = `lynis audit system --quick --no-colors --logfile ${LOG} --report-file ${REPORT}`;

interface Finding {
  checkId: string;
  severity: string;
  message: string;
  location: { path: string; line: number };
}

function sshdRunning(): boolean {
  return spawnSync('pgrep', ['-x', 'sshd']).status === 0;
}

let sshd: ChildProcess | undefined;
if (!sshdRunning()) {
  mkdirSync('/run/sshd', { recursive: true });
  sshd = spawn('/usr/sbin/sshd', ['-D', '-o', 'ListenAddress=127.0.0.1'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
}

let findings: Finding[];
let lynis: string;
let timing: string;
try {
  const hf = join(OUT, 'host.json');
  execFileSync('hyperfine', ['-i', '--runs', process.env.RUNS ?? '3', '--export-json', hf, BULWARK, LYNIS], { stdio: ['ignore', 'ignore', 'inherit'] });
  const [bw, ly] = (JSON.parse(readFileSync(hf, 'utf8')) as { results: { mean: number }[] }).results;
  timing = `bulwark ${bw!.mean.toFixed(2)} s, lynis ${ly!.mean.toFixed(2)} s: bulwark is ${(ly!.mean / bw!.mean).toFixed(0)}x faster`;
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/bulwark.js'), 'scan', '--host-root', '/', '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  findings = (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
  lynis = readFileSync(REPORT, 'utf8');
} finally {
  sshd?.kill();
}

/** Lines of Lynis's report: `suggestion[]=ID|text|details|solution|`, `warning[]=…`, `key=value`. */
const lynisEntries = lynis.split('\n');
const lynisSays = (id: string, detail?: RegExp): string | undefined => {
  const hit = lynisEntries.find((l) => /^(warning|suggestion)\[\]=/.test(l) && l.includes(`=${id}|`) && (!detail || detail.test(l)));
  if (!hit) return undefined;
  const [kind, rest] = hit.split('[]=') as [string, string];
  const parts = rest.split('|');
  return `${kind}: ${parts[1]}${parts[2] && parts[2] !== '-' ? ` (${parts[2]})` : ''}`;
};
const lynisValue = (key: string): string[] => lynisEntries.filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1));
const skipped = (id: string): boolean => (lynisValue('tests_skipped')[0] ?? '').split('|').includes(id);

const bulwarkSays = (pattern: RegExp, where?: RegExp): string | undefined => {
  const hit = findings.filter((f) => pattern.test(f.checkId) && (!where || where.test(`${f.location.path} ${f.message}`)));
  if (hit.length === 0) return undefined;
  return hit.map((f) => `${f.severity} ${f.checkId} (${f.location.path}:${f.location.line})`).join('; ');
};

interface Item {
  item: string;
  lynis: () => string | undefined;
  lynisChecked: () => boolean;
  bulwark: () => string | undefined;
  note?: string;
}

const ITEMS: Item[] = [
  { item: 'sshd PermitRootLogin', lynis: () => lynisSays('SSH-7408', /PermitRootLogin/), lynisChecked: () => !skipped('SSH-7408'), bulwark: () => bulwarkSays(/^sshd\/no-root-login$/) },
  { item: 'sshd MaxAuthTries', lynis: () => lynisSays('SSH-7408', /MaxAuthTries/), lynisChecked: () => !skipped('SSH-7408'), bulwark: () => bulwarkSays(/^sshd\/require-low-max-auth-tries$/) },
  { item: 'sshd X11Forwarding', lynis: () => lynisSays('SSH-7408', /X11Forwarding/), lynisChecked: () => !skipped('SSH-7408'), bulwark: () => bulwarkSays(/^sshd\/no-x11-forwarding$/) },
  {
    item: 'sshd PasswordAuthentication',
    lynis: () => undefined,
    lynisChecked: () => false,
    bulwark: () => bulwarkSays(/^sshd\/no-password-authentication$/),
    note: 'Lynis SSH-7408 does not look at PasswordAuthentication',
  },
  {
    item: 'host firewall enabled',
    lynis: () => lynisSays('FIRE-4512') ?? lynisSays('FIRE-4590') ?? (lynisValue('firewall_empty_ruleset')[0] === '1' ? 'firewall_empty_ruleset=1 (no warning)' : undefined),
    lynisChecked: () => true,
    bulwark: () => bulwarkSays(/^ufw\/require-enabled$/),
  },
  {
    item: 'fail2ban sshd jail',
    lynis: () => (lynisValue('fail2ban_enabled_service[]').includes('sshd') ? undefined : lynisSays('TOOL-5190') ?? 'no sshd jail listed'),
    lynisChecked: () => true,
    bulwark: () => bulwarkSays(/^fail2ban\/require-sshd-jail$/),
    note: 'Lynis reads the enabled jails from the configuration only; on a live host Bulwark also wants a running fail2ban-server',
  },
  { item: 'fail2ban limits (maxretry, bantime, findtime)', lynis: () => undefined, lynisChecked: () => false, bulwark: () => bulwarkSays(/^fail2ban\/require-strict-sshd-limits$/), note: 'Lynis only suggests jail.local (DEB-0880)' },
  { item: 'auditd installed and enabled', lynis: () => lynisSays('ACCT-9628'), lynisChecked: () => !skipped('ACCT-9628'), bulwark: () => bulwarkSays(/^auditd\/require-(installed|enabled)$/) },
  { item: 'automatic security updates', lynis: () => lynisSays('PKGS-7420'), lynisChecked: () => !skipped('PKGS-7420'), bulwark: () => bulwarkSays(/^updates\//) },
  { item: 'disk encryption', lynis: () => lynisSays('CRYP-7930'), lynisChecked: () => !skipped('CRYP-7930'), bulwark: () => bulwarkSays(/^disk\//), note: 'Lynis CRYP-7930 only logs what it finds' },
  {
    item: 'permissions of secret-bearing files',
    lynis: () => lynisSays('FILE-7524'),
    lynisChecked: () => !skipped('FILE-7524'),
    bulwark: () => bulwarkSays(/^file-modes\//),
    note: 'Lynis FILE-7524 compares a fixed list (sshd_config, crontab, grub.cfg) with its profile; Bulwark judges files that hold secrets (.env, private keys, daemon.json)',
  },
  { item: 'database backups', lynis: () => undefined, lynisChecked: () => false, bulwark: () => bulwarkSays(/^backups\//), note: 'no Lynis test' },
];

const rows = ITEMS.map((it) => {
  const l = it.lynis();
  const b = it.bulwark();
  const checked = it.lynisChecked();
  const agree = !checked ? '—' : (l !== undefined) === (b !== undefined) ? 'yes' : `no${it.note ? `: ${it.note}` : ''}`;
  return `| ${it.item} | ${checked ? (l ?? 'ok') : `not checked${it.note ? ` (${it.note})` : ''}`} | ${b ?? 'ok'} | ${agree} |`;
});
const shared = rows.filter((r) => !r.endsWith('| — |'));
const agreeing = shared.filter((r) => r.endsWith('| yes |')).length;
const report = [
  '## bulwark scan --host-root / vs lynis audit system --quick (this machine, same run)',
  '',
  `Time (hyperfine, mean of ${process.env.RUNS ?? '3'} runs): ${timing}.`,
  `Verdicts agree on ${agreeing} of ${shared.length} items both check.`,
  '',
  '| item | Lynis | Bulwark | agree |',
  '|---|---|---|---|',
  ...rows,
  '',
].join('\n');
writeFileSync(join(OUT, 'host.md'), report);
process.stdout.write(report);
