/**
 * Audit rules parser (positions, what records events, positioned errors, never throws) and
 * the auditd loader: installed, enabled by link or SysV, masked, running on a live host,
 * and silence where the rules could not be read.
 */
import assert from 'node:assert/strict';
import { symlinkSync, mkdirSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { loadAuditd } from '../../../src/inputs/auditd/load.ts';
import type { AuditdModel } from '../../../src/inputs/auditd/load.ts';
import { parseAuditRules } from '../../../src/inputs/auditd/parse.ts';
import { discoverHost } from '../../../src/inputs/host/layout.ts';
import type { LiveHost } from '../../../src/inputs/host/live.ts';
import { SourceStore } from '../../../src/inputs/source.ts';
import requireEnabled from '../../../src/checks/auditd/require-enabled.ts';
import requireRules from '../../../src/checks/auditd/require-rules.ts';
import requireInstalled from '../../../src/checks/auditd/require-installed.ts';
import type { CheckDefinition } from '../../../src/core/check.ts';
import { makeTree } from '../../scan/tree.ts';
import type { TempTree } from '../../scan/tree.ts';

const trees: TempTree[] = [];
after(() => trees.forEach((t) => t.remove()));

describe('parseAuditRules', () => {
  it('keeps watches, syscall rules and the enable flag with positions', () => {
    const text = '## header\n-D\n  -w /etc/passwd -p wa -k identity\n-a exit,always -F arch=b64 -S execve -k exec\n-a never,task\n-e 2\n--backlog_wait_time 60000\n';
    const { lines, errors } = parseAuditRules(text, 'r');
    assert.deepEqual(errors, []);
    assert.deepEqual(lines.map((l) => [l.kind, l.option, l.records, l.loc.line, l.loc.column]), [
      ['control', '-D', false, 2, 1],
      ['watch', '-w', true, 3, 3],
      ['syscall', '-a', true, 4, 1],
      ['syscall', '-a', false, 5, 1],
      ['enable', '-e', false, 6, 1],
      ['control', '--backlog_wait_time', false, 7, 1],
    ]);
    assert.deepEqual(lines[1]!.loc, { path: 'r', line: 3, column: 3, endLine: 3, endColumn: 35 });
    assert.equal(lines[2]!.action, 'always');
    assert.equal(lines[2]!.list, 'exit');
    assert.equal(lines[4]!.value, '2');
  });

  it('records nothing for exclude and filesystem lists, or for removals', () => {
    const { lines } = parseAuditRules('-a always,exclude -F msgtype=CWD\n-a never,filesystem -F fstype=tracefs\n-W /etc/passwd\n-d always,exit -S all\n', 'r');
    assert.deepEqual(lines.map((l) => l.records), [false, false, false, false]);
  });

  it('reports malformed lines at their position and goes on', () => {
    const { lines, errors } = parseAuditRules('w /etc/passwd\n-a always\n-w relative/path\n-e 5\n-w /etc/shadow -p wa\n', 'r');
    assert.deepEqual(errors.map((e) => [e.line, e.column]), [[1, 1], [2, 1], [3, 1], [4, 1]]);
    assert.deepEqual(lines.map((l) => l.option), ['-w']);
  });

  it('never throws, and every error has a line within the input (property)', () => {
    const line = fc.oneof(
      fc.constantFrom('-w /etc/passwd -p wa -k x', '-a always,exit -S all', '-e 0', '-D', '# c', '', '-a', 'junk', '-e', '-w'),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), (rows, eol) => {
        const text = rows.join(eol);
        const { lines, errors } = parseAuditRules(text, 'p');
        const count = text.split('\n').length;
        for (const e of errors) assert.ok(e.line! >= 1 && e.line! <= count && e.column! >= 1);
        for (const l of lines) assert.ok(l.loc.line >= 1 && l.loc.line <= count);
      }),
      { numRuns: 300 },
    );
  });
});

const stillHost: LiveHost = {
  processes: () => ({ processes: [], complete: true }),
  blockDevices: () => ({ devices: [], complete: true }),
  resolveDevice: () => undefined,
};
const runningHost: LiveHost = { ...stillHost, processes: () => ({ processes: [{ pid: 812, comm: 'auditd', argv: ['/sbin/auditd'] }], complete: true }) };

function load(files: Record<string, string>, opts: { live?: LiveHost; unreadable?: string[]; setup?: (t: TempTree) => void; liveRoot?: boolean } = {}): AuditdModel {
  const t = makeTree(files);
  trees.push(t);
  opts.setup?.(t);
  const found = discoverHost(t.root);
  const host = { ...found.context, live: opts.liveRoot ?? false, unreadable: new Set([...found.context.unreadable, ...(opts.unreadable ?? [])]) };
  const { units, errors } = loadAuditd({ files: found.files, store: new SourceStore(t.root), host }, opts.live ?? stillHost);
  assert.deepEqual(errors, []);
  assert.equal(units.length, 1);
  return units[0]!.model as AuditdModel;
}

function judge(check: CheckDefinition<AuditdModel>, model: AuditdModel): string[] {
  const out: string[] = [];
  check.run({ model, settings: { edgeServices: [] }, facts: {}, report: (r) => out.push(`${'loc' in r.at ? r.at.loc.path : r.at.path}:${'loc' in r.at ? r.at.loc.line : r.at.line} ${r.message}`) });
  return out;
}

describe('loadAuditd', () => {
  it('makes one unit on an empty host root, saying auditd is absent', () => {
    const m = load({ 'etc/hostname': 'x\n' });
    assert.deepEqual([m.installed.state, m.enabled.state, m.rules.length, m.running], ['no', 'no', 0, undefined]);
    assert.equal(judge(requireInstalled, m).length, 1);
    assert.deepEqual(judge(requireEnabled, m), []);
    assert.deepEqual(judge(requireRules, m), []);
  });

  it('reads rules.d in lexical order, then audit.rules, and keeps the last rules.d -e', () => {
    const m = load({
      'usr/sbin/auditd': '',
      'etc/audit/rules.d/20-b.rules': '-e 1\n',
      'etc/audit/rules.d/10-a.rules': '-w /etc/passwd -p wa\n-e 0\n',
      'etc/audit/rules.d/README': '-e 0\n',
      'etc/audit/audit.rules': '-e 0\n',
    });
    assert.deepEqual(m.ruleFiles, ['etc/audit/rules.d/10-a.rules', 'etc/audit/rules.d/20-b.rules', 'etc/audit/audit.rules']);
    assert.equal(m.enableFlag?.value, '1');
    assert.deepEqual(judge(requireRules, m), []);
  });

  it('sees a live host\'s daemon: enabled but not running is reported, running is not', () => {
    const setup = (t: TempTree): void => {
      mkdirSync(t.path('etc/systemd/system/multi-user.target.wants'), { recursive: true });
      symlinkSync('/lib/systemd/system/auditd.service', t.path('etc/systemd/system/multi-user.target.wants/auditd.service'));
    };
    const stopped = load({ 'usr/sbin/auditd': '' }, { setup, liveRoot: true });
    assert.equal(stopped.running, 'no');
    assert.deepEqual(judge(requireEnabled, stopped).map((s) => s.split(' ')[0]), ['etc/systemd/system/multi-user.target.wants/auditd.service:1']);
    const running = load({ 'usr/sbin/auditd': '' }, { setup, liveRoot: true, live: runningHost });
    assert.equal(running.running, 'yes');
    assert.deepEqual(judge(requireEnabled, running), []);
  });

  it('says a daemon started by hand will not survive a reboot', () => {
    const m = load({ 'usr/sbin/auditd': '', 'etc/systemd/system/sshd.service': '' }, { liveRoot: true, live: runningHost });
    assert.match(judge(requireEnabled, m)[0]!, /runs now, but will not after a reboot/);
  });

  it('claims nothing about rules or links it could not see', () => {
    const m = load({ 'usr/sbin/auditd': '', 'etc/audit/rules.d/audit.rules': '-D\n' }, { unreadable: ['etc/audit/rules.d', 'etc/systemd/system'] });
    assert.equal(m.rulesVisible, false);
    assert.equal(m.enabled.state, 'unknown');
    assert.deepEqual(judge(requireRules, m), []);
    assert.deepEqual(judge(requireEnabled, m), []);
  });

  it('produces no unit in repo mode without audit files', () => {
    const t = makeTree({ 'docker-compose.yml': 'services: {}\n' });
    trees.push(t);
    assert.deepEqual(loadAuditd({ files: [], store: new SourceStore(t.root) }).units, []);
  });
});
