import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseIni } from '../../../src/inputs/fail2ban/ini.ts';

describe('parseIni (Python configparser as fail2ban configures it)', () => {
  it('reads sections, [DEFAULT], lower-cased option names, = and : delimiters, with positions', () => {
    const f = parseIni('# head\n[DEFAULT]\nBanTime = 1h\n\n[sshd]\n  enabled: true\nport=ssh\n', 'j.local');
    assert.deepEqual(f.errors, []);
    assert.equal(f.defaults.get('bantime')!.value, '1h');
    assert.deepEqual(f.defaults.get('bantime')!.loc, { path: 'j.local', line: 3, column: 1, endLine: 3, endColumn: 13 });
    const sshd = f.sections.get('sshd')!;
    assert.deepEqual(sshd.loc, { path: 'j.local', line: 5, column: 1, endLine: 5, endColumn: 7 });
    assert.equal(sshd.options.get('enabled')!.value, 'true');
    assert.equal(sshd.options.get('enabled')!.loc.column, 3);
    assert.equal(sshd.options.get('port')!.value, 'ssh');
    assert.equal(f.sections.has('DEFAULT'), false);
  });

  it('strips ";" comments only after whitespace, never "#" inside a value', () => {
    const f = parseIni('[a]\nx = 1 ; note\ny = 2;3\nz = true # on\n; whole line\n  # indented comment\n', 'f');
    const a = f.sections.get('a')!.options;
    assert.equal(a.get('x')!.value, '1');
    assert.equal(a.get('y')!.value, '2;3');
    assert.equal(a.get('z')!.value, 'true # on');
    assert.equal(a.size, 3);
  });

  it('continues a value on deeper-indented lines, across blank lines, and records the end position', () => {
    const f = parseIni('[sshd]\nlogpath = /a\n          /b\n\n  enabled = true\nbantime = 1h\n', 'f');
    const o = f.sections.get('sshd')!.options;
    assert.equal(o.get('logpath')!.value, '/a\n/b\n\nenabled = true');
    assert.deepEqual(o.get('logpath')!.loc, { path: 'f', line: 2, column: 1, endLine: 5, endColumn: 17 });
    assert.equal(o.has('enabled'), false);
    assert.equal(o.get('bantime')!.value, '1h');
  });

  it('drops trailing blank lines of a value and skips comment lines inside it', () => {
    const f = parseIni('[a]\nv = 1\n  # c\n  2\n\n\n[b]\n', 'f');
    assert.equal(f.sections.get('a')!.options.get('v')!.value, '1\n2');
  });

  it('an indented "[x]" continues a value; header text runs to the last "]"', () => {
    const f = parseIni('[a]\nv = 1\n  [b]\nw = 2\n[c]] junk\n', 'f');
    assert.equal(f.sections.get('a')!.options.get('v')!.value, '1\n[b]');
    assert.equal(f.sections.get('a')!.options.get('w')!.value, '2');
    assert.deepEqual([...f.sections.keys()], ['a', 'c]']);
  });

  it('reports what Python rejects, with positions, and goes on', () => {
    const f = parseIni('x = 1\n[a]\nnovalue\nv = 1\nV = 2\n[a]\n= 3\n', 'f');
    assert.deepEqual(
      f.errors.map((e) => [e.line, e.column, e.reason.split(' ')[0]]),
      [[1, 1, 'line'], [3, 1, 'not'], [5, 1, 'option'], [6, 1, 'section'], [7, 1, 'option']],
    );
    assert.equal(f.sections.get('a')!.options.get('v')!.value, '2');
  });

  it('allows [DEFAULT] more than once and CR/CRLF line ends', () => {
    const f = parseIni('[DEFAULT]\r\na = 1\r\n[DEFAULT]\rb = 2\r', 'f');
    assert.deepEqual(f.errors, []);
    assert.deepEqual([...f.defaults.keys()], ['a', 'b']);
    assert.equal(f.defaults.get('b')!.loc.line, 4);
  });

  it('stays fast on long lines without a delimiter', () => {
    const started = Date.now();
    const f = parseIni(`[a]\n${' x'.repeat(200_000)}\n`, 'f');
    assert.ok(Date.now() - started < 2000);
    assert.equal(f.errors.length, 1);
  });

  it('never throws; errors are positioned inside the text (property)', () => {
    const sample = '[INCLUDES]\nbefore = paths-debian.conf\n[DEFAULT]\nbantime = 10m\n[sshd]\nenabled = true ; on\nlogpath = %(sshd_log)s\n   /var/log/x\n';
    const pieces = fc.constantFrom('[', ']', '=', ':', ';', '#', ' ', '\t', '\n', '\r', '%(', ')s', 'enabled', 'DEFAULT', 'x', '  ');
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.array(pieces, { maxLength: 80 }).map((a) => a.join('')),
      fc.tuple(fc.nat(sample.length), fc.nat(sample.length), fc.string({ maxLength: 20 })).map(([a, b, s]) => sample.slice(0, Math.min(a, b)) + s + sample.slice(Math.max(a, b))),
    );
    fc.assert(
      fc.property(text, (t) => {
        const f = parseIni(t, 'p');
        const lines = t.split(/\r\n|\r|\n/).length;
        for (const e of f.errors) assert.ok(e.line! >= 1 && e.line! <= lines && e.column! >= 1);
        for (const s of f.sections.values()) for (const o of s.options.values()) assert.ok(o.loc.line >= 1 && o.loc.line <= lines);
      }),
      { numRuns: 400 },
    );
  });
});
