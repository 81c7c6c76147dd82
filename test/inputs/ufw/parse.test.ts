import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parsePorts, parseShellAssignments, parseUfwRules } from '../../../src/inputs/ufw/parse.ts';

describe('parseShellAssignments (etc/default/ufw, ufw.conf as ufw-init sources them)', () => {
  it('reads NAME=value with quotes, comments and positions; the last assignment wins for the caller', () => {
    const { assignments, errors } = parseShellAssignments('# c\nIPV6=yes\nDEFAULT_INPUT_POLICY="DROP"\n  ENABLED=\'yes\'  # on\nIPT_MODULES=""\nexport LOGLEVEL=low\r\n', 'etc/default/ufw');
    assert.deepEqual(errors, []);
    assert.deepEqual(assignments.map((a) => [a.name, a.value]), [['IPV6', 'yes'], ['DEFAULT_INPUT_POLICY', 'DROP'], ['ENABLED', 'yes'], ['IPT_MODULES', ''], ['LOGLEVEL', 'low']]);
    assert.deepEqual(assignments[1]!.loc, { path: 'etc/default/ufw', line: 3, column: 1, endLine: 3, endColumn: 28 });
    assert.deepEqual(assignments[2]!.loc, { path: 'etc/default/ufw', line: 4, column: 3, endLine: 4, endColumn: 16 });
    assert.equal(assignments[4]!.loc.column, 8);
  });

  it('handles escapes, several assignments on a line, and ignores commands', () => {
    const { assignments } = parseShellAssignments('A=a\\ b B="x\\"y"\nC=1 some-command\necho hi\nD=2;E=3\n', 'f');
    assert.deepEqual(assignments.map((a) => [a.name, a.value]), [['A', 'a b'], ['B', 'x"y'], ['D', '2'], ['E', '3']]);
  });

  it('reports an unterminated quote with its position', () => {
    const { assignments, errors } = parseShellAssignments('OK=1\n  BAD="open\n', 'f');
    assert.deepEqual(assignments.map((a) => a.name), ['OK']);
    assert.deepEqual(errors.map((e) => [e.line, e.column]), [[2, 3]]);
  });
});

describe('parsePorts', () => {
  it('reads single ports, lists, ranges and any', () => {
    assert.deepEqual(parsePorts('22'), [[22, 22]]);
    assert.deepEqual(parsePorts('80,443,6000:6007'), [[80, 80], [443, 443], [6000, 6007]]);
    assert.equal(parsePorts('any'), 'any');
    assert.equal(parsePorts('ssh'), undefined);
    assert.equal(parsePorts('70000'), undefined);
    assert.equal(parsePorts('10:5'), undefined);
  });
});

describe('parseUfwRules (user.rules tuples)', () => {
  const text = [
    '*filter',
    '### RULES ###',
    '',
    '### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in',
    '-A ufw-user-input -p tcp --dport 22 -j ACCEPT',
    '### tuple ### limit tcp 22 0.0.0.0/0 any 10.8.0.0/24 OpenSSH - in',
    '### tuple ### deny_log any 3306 0.0.0.0/0 any 0.0.0.0/0 in_eth0',
    '### tuple ### route:allow tcp 80 10.0.0.5 any 0.0.0.0/0 in_eth0!out_docker0',
    '### tuple ### allow udp 51820 0.0.0.0/0 any 0.0.0.0/0 in comment=77697265677561726420565044',
    '### tuple ### allow tcp 80,443 0.0.0.0/0 any 0.0.0.0/0 Nginx%20Full - in',
    '### tuple ### reject tcp any 0.0.0.0/0 any 0.0.0.0/0',
    '### tuple ### allow tcp 22 0.0.0.0/0 any',
    '### tuple ### permit tcp 22 0.0.0.0/0 any 0.0.0.0/0 in',
    '### tuple ### allow tcp ssh 0.0.0.0/0 any 0.0.0.0/0 in',
    '### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 sideways',
    '### END RULES ###',
  ].join('\n');

  it('reads every field ufw writes, with the tuple line as position', () => {
    const { rules, errors } = parseUfwRules(text, 'etc/ufw/user.rules', false);
    assert.equal(rules.length, 7);
    const [allow, limit, deny, route, wg, web, legacy] = rules;
    assert.deepEqual(allow!.loc, { path: 'etc/ufw/user.rules', line: 4, column: 1, endLine: 4, endColumn: 54 });
    assert.deepEqual([allow!.action, allow!.proto, allow!.dport, allow!.dst, allow!.src, allow!.direction, allow!.route, allow!.v6], ['allow', 'tcp', '22', '0.0.0.0/0', '0.0.0.0/0', 'in', false, false]);
    assert.deepEqual([limit!.action, limit!.src, limit!.dapp], ['limit', '10.8.0.0/24', 'OpenSSH']);
    assert.deepEqual([deny!.action, deny!.log, deny!.proto, deny!.interfaceIn], ['deny', 'log', 'any', 'eth0']);
    assert.deepEqual([route!.route, route!.interfaceIn, route!.interfaceOut, route!.dst], [true, 'eth0', 'docker0', '10.0.0.5']);
    assert.equal(wg!.comment, 'wireguard VPD');
    assert.deepEqual([web!.ports, web!.dapp], [[[80, 80], [443, 443]], 'Nginx Full']);
    assert.deepEqual([legacy!.action, legacy!.ports, legacy!.direction], ['reject', 'any', 'in']);
    assert.deepEqual(errors.map((e) => e.line), [12, 13, 14, 15]);
    assert.ok(errors.every((e) => e.column === 1 && /ufw skips this rule/.test(e.reason)));
  });

  it('never throws; errors and rules are positioned inside the text (property)', () => {
    const field = fc.constantFrom('allow', 'deny', 'limit', 'route:allow', 'allow_log-all', 'tcp', 'udp', 'any', '22', '80,443', '1:65535', '0.0.0.0/0', '::/0', 'in', 'out', 'in_eth0', 'in_a!out_b', '-', 'x', '', 'comment=41');
    const tuple = fc.array(field, { maxLength: 11 }).map((f) => `### tuple ### ${f.join(' ')}`);
    const text = fc.oneof(fc.string({ maxLength: 200 }), fc.array(fc.oneof(tuple, fc.string({ maxLength: 30 })), { maxLength: 12 }).map((l) => l.join('\n')));
    fc.assert(fc.property(text, fc.boolean(), (t, v6) => {
      const { rules, errors } = parseUfwRules(t, 'r', v6);
      const lines = t.split('\n').length;
      for (const r of rules) {
        assert.ok(r.loc.line >= 1 && r.loc.line <= lines);
        assert.ok(['allow', 'deny', 'reject', 'limit'].includes(r.action));
        assert.ok(r.ports === 'any' || r.ports.every(([a, b]) => a <= b && b <= 65535));
      }
      for (const e of errors) assert.ok(e.line! >= 1 && e.line! <= lines);
    }), { numRuns: 500 });
  });

  it('shell parser never throws (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (t) => {
      const { assignments, errors } = parseShellAssignments(t, 'f');
      const lines = t.split('\n').length;
      for (const a of assignments) assert.ok(a.loc.line >= 1 && a.loc.line <= lines && /^[A-Za-z_]\w*$/.test(a.name));
      for (const e of errors) assert.ok(e.line! >= 1 && e.line! <= lines);
    }), { numRuns: 500 });
  });
});
