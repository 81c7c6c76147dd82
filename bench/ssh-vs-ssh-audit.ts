/**
 * `bulwark probe ssh://` beside `ssh-audit` (Debian) against the same two local sshd
 * servers the live tests use (weak and hardened): a verdict table per offered algorithm
 * and host key, and the time ratio measured by hyperfine in the same run.
 *   node --import tsx bench/ssh-vs-ssh-audit.ts      (needs: npm run build, ssh-audit, hyperfine, sshd)
 * Writes bench/out/ssh.md and prints it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSshd } from '../test/probes/sshd-server.ts';
import type { Flavour, RunningSshd } from '../test/probes/sshd-server.ts';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
mkdirSync(OUT, { recursive: true });

type Verdict = 'fail' | 'warn' | 'ok';
const RANK: Record<Verdict, number> = { ok: 0, warn: 1, fail: 2 };
const CATEGORY: Record<string, string> = { kex: 'kex', key: 'host key', enc: 'cipher', mac: 'mac' };

/** ssh-audit's text report: `(kex) name -- [fail] …` with continuation lines `` `- [warn] …``. */
function sshAuditVerdicts(port: number): Map<string, { category: string; verdict: Verdict; note: string }> {
  const run = spawnSync('ssh-audit', ['-n', '-p', String(port), '127.0.0.1'], { encoding: 'utf8' });
  const verdicts = new Map<string, { category: string; verdict: Verdict; note: string }>();
  let current: string | undefined;
  for (const line of run.stdout.split('\n')) {
    const head = /^\((kex|key|enc|mac)\) (\S+)(?: \((\d+)-bit\))?\s+-- \[(\w+)\] (.*)$/.exec(line);
    const cont = /^\s+`- \[(\w+)\] (.*)$/.exec(line);
    if (head) {
      current = `${head[1]}:${head[2]}`;
      verdicts.set(current, { category: CATEGORY[head[1]!]!, verdict: toVerdict(head[4]!), note: head[4] === 'info' ? '' : head[5]! });
      if (head[3] && head[1] === 'key') verdicts.set(`keysize:${head[2]}`, { category: 'host key size', verdict: 'ok', note: `${head[3]}-bit` });
    } else if (cont && current) {
      const v = verdicts.get(current)!;
      const next = toVerdict(cont[1]!);
      if (RANK[next] > RANK[v.verdict]) verdicts.set(current, { ...v, verdict: next, note: cont[2]! });
    } else if (!line.startsWith(' ')) {
      current = undefined;
    }
  }
  return verdicts;
}

/**
 * Why a verdict differs. Debian 12 ships ssh-audit 2.5.0; our grading follows ssh-audit
 * 3.x's policy database (see src/checks/ssh/_algorithms.ts), plus one deliberate deviation.
 */
function whyDifferent(name: string): string {
  if (/nistp/.test(name)) return 'deliberate: NIST curves at low (no known attack; RFC 9142 keeps them)';
  if (/^sntrup761/.test(name)) return 'ssh-audit 2.5 predates sntrup761 (3.x rates it ok)';
  if (/-cbc$/.test(name)) return 'ssh-audit 3.x grades CBC as warn';
  if (/sha1/.test(name)) return 'ssh-audit 3.x fails SHA-1 (2.5 only warns)';
  if (/group14-sha256/.test(name)) return 'ssh-audit 3.x warns on 2048-bit groups';
  return 'unexplained';
}

function toVerdict(tag: string): Verdict {
  return tag === 'fail' ? 'fail' : tag === 'warn' ? 'warn' : 'ok';
}

interface JsonFinding {
  checkId: string;
  severity: string;
  subject?: string;
  message: string;
}

function bulwarkFindings(target: string): JsonFinding[] {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/bulwark.js'), 'probe', target, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8' });
  return (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
}

const CHECK_OF: Record<string, string> = { kex: 'ssh/no-weak-kex', key: 'ssh/no-weak-host-key-algorithms', enc: 'ssh/no-weak-ciphers', mac: 'ssh/no-weak-macs' };

/** Agreement: ssh-audit fail ⇔ bulwark medium or above; warn ⇔ low/info; ok ⇔ nothing or info. */
function agrees(sa: Verdict, severity: string | undefined): 'yes' | 'no' {
  const b = severity === undefined ? 'none' : severity;
  if (sa === 'fail') return ['critical', 'high', 'medium'].includes(b) ? 'yes' : 'no';
  if (sa === 'warn') return ['low', 'info'].includes(b) ? 'yes' : 'no';
  return b === 'none' || b === 'info' ? 'yes' : 'no';
}

const rows: string[] = [];
const timing: string[] = [];
const servers: Record<Flavour, RunningSshd | undefined> = { weak: undefined, hardened: undefined };
try {
  for (const flavour of ['weak', 'hardened'] as const) {
    const sshd = await startSshd(flavour);
    servers[flavour] = sshd;
    const audit = sshAuditVerdicts(sshd.port);
    const findings = bulwarkFindings(sshd.target);
    for (const [key, v] of audit) {
      const [kind, name] = key.split(':') as [string, string];
      if (kind === 'keysize') {
        const f = findings.find((x) => x.checkId === 'ssh/no-small-host-key');
        rows.push(`| ${flavour} | host key size | ${name} ${v.note} | not rated separately by ssh-audit 2.5 | ${f ? f.severity : 'none'} | — |`);
        continue;
      }
      if (name.startsWith('kex-strict-') || name.startsWith('ext-info-')) continue; // markers, not algorithms
      const f = findings.find((x) => x.checkId === CHECK_OF[kind] && x.subject === name);
      const agree = agrees(v.verdict, f?.severity);
      rows.push(`| ${flavour} | ${v.category} | \`${name}\` | ${v.verdict}${v.note ? ` (${v.note})` : ''} | ${f ? f.severity : 'none'} | ${agree === 'yes' ? 'yes' : `no: ${whyDifferent(name)}`} |`);
    }
    for (const f of findings.filter((x) => x.checkId === 'ssh/no-password-auth-offered')) {
      rows.push(`| ${flavour} | auth method | \`${f.subject}\` | not checked by ssh-audit 2.5 | ${f.severity} | — |`);
    }
    const hf = join(OUT, `ssh-${flavour}.json`);
    execFileSync('hyperfine', ['-i', '--warmup', '2', '--runs', '10', '-N', '--export-json', hf,
      `node ${join(ROOT, 'bin/bulwark.js')} probe ${sshd.target} --format json --fail-on none`,
      `ssh-audit -n -p ${sshd.port} 127.0.0.1`], { stdio: 'ignore' });
    const [bw, sa] = (JSON.parse(readFileSync(hf, 'utf8')) as { results: { mean: number }[] }).results;
    timing.push(`| ${flavour} | ${(bw!.mean * 1000).toFixed(0)} ms | ${(sa!.mean * 1000).toFixed(0)} ms | ${(sa!.mean / bw!.mean).toFixed(2)}x |`);
  }
} finally {
  for (const s of Object.values(servers)) await s?.stop();
}

const agreeing = rows.filter((r) => r.endsWith('| yes |')).length;
const compared = rows.filter((r) => r.endsWith('| yes |') || / \| no: [^|]*\|$/.test(r)).length;
const unexplained = rows.filter((r) => r.includes('no: unexplained')).length;
const report = [
  '## bulwark probe vs ssh-audit (same sshd, same run)',
  '',
  `Verdicts agree on ${agreeing} of ${compared} algorithms both rate (fail ⇔ medium+, warn ⇔ low/info, ok ⇔ none/info); ${compared - agreeing - unexplained} differences are explained, ${unexplained} unexplained.`,
  '',
  '| server | item | name | ssh-audit | bulwark | agree |',
  '|---|---|---|---|---|---|',
  ...rows,
  '',
  '| server | bulwark probe (mean) | ssh-audit (mean) | ssh-audit / bulwark |',
  '|---|---|---|---|',
  ...timing,
  '',
].join('\n');
writeFileSync(join(OUT, 'ssh.md'), report);
process.stdout.write(report);
