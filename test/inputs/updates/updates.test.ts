/**
 * APT configuration parser (apt.conf syntax with positions, positioned errors, never throws),
 * the merge apt does across apt.conf.d, and the origin patterns unattended-upgrades reads.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { discoverHost } from '../../../src/inputs/host/layout.ts';
import { SourceStore } from '../../../src/inputs/source.ts';
import { parseAptConf } from '../../../src/inputs/updates/parse.ts';
import { allowedOriginCoversSecurity, APT_KEYS, aptReadsPart, loadUpdates, patternCoversSecurity, periodicOn } from '../../../src/inputs/updates/load.ts';
import type { UpdatesModel } from '../../../src/inputs/updates/load.ts';
import { makeTree } from '../../scan/tree.ts';
import type { TempTree } from '../../scan/tree.ts';

const trees: TempTree[] = [];
after(() => trees.forEach((t) => t.remove()));
const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'src', 'checks', 'updates', 'fixtures');

describe('parseAptConf', () => {
  it('reads flat names, nested scopes and list items with positions', () => {
    const text = [
      'APT::Periodic::Update-Package-Lists "1";',
      'APT {',
      '  Periodic {',
      '    Unattended-Upgrade "1"; // why',
      '  };',
      '};',
      'Unattended-Upgrade::Origins-Pattern {',
      '        "origin=Debian,label=Debian-Security";',
      '};',
      'Unattended-Upgrade::Allowed-Origins:: "Debian:stable";',
    ].join('\n');
    const { statements, errors } = parseAptConf(text, 'f');
    assert.deepEqual(errors, []);
    assert.deepEqual(statements.map((s) => [s.type, 'key' in s ? s.key : '', 'value' in s ? s.value : '', s.loc.line, s.loc.column]), [
      ['set', 'apt::periodic::update-package-lists', '1', 1, 1],
      ['scope', 'apt', '', 2, 1],
      ['scope', 'apt::periodic', '', 3, 3],
      ['set', 'apt::periodic::unattended-upgrade', '1', 4, 5],
      ['scope', 'unattended-upgrade::origins-pattern', '', 7, 1],
      ['item', 'unattended-upgrade::origins-pattern', 'origin=Debian,label=Debian-Security', 8, 9],
      ['item', 'unattended-upgrade::allowed-origins', 'Debian:stable', 10, 1],
    ]);
    assert.deepEqual(statements[3]!.loc, { path: 'f', line: 4, column: 5, endLine: 4, endColumn: 27 });
    assert.equal(statements[3]!.type === 'set' && statements[3]!.name, 'APT::Periodic::Unattended-Upgrade');
  });

  it('skips //, /* */ and # comments, but not inside quotes; reads #clear and #include', () => {
    const text = '# hash comment\n/* block\n   comment */ A::B "x // not a comment # nor this";\nC 1; # trailing\n#clear A;\n#include "/etc/apt/other.conf";\n';
    const { statements, errors } = parseAptConf(text, 'f');
    assert.deepEqual(errors, []);
    assert.deepEqual(statements.map((s) => [s.type, 'value' in s ? s.value : 'target' in s ? s.target : s.key, s.loc.line]), [
      ['set', 'x // not a comment # nor this', 3],
      ['set', '1', 4],
      ['clear', 'a', 5],
      ['include', '/etc/apt/other.conf', 6],
    ]);
  });

  it('parses the shipped 50unattended-upgrades and 20auto-upgrades without errors', () => {
    for (const f of ['negative/etc/apt/apt.conf.d/50unattended-upgrades', 'negative/etc/apt/apt.conf.d/20auto-upgrades']) {
      const text = readFileSync(join(FIXTURES, 'require-security-origin', f), 'utf8');
      const { statements, errors } = parseAptConf(text, f);
      assert.deepEqual(errors, [], f);
      assert.ok(statements.length > 0);
    }
  });

  it('reports broken input at its position and goes on', () => {
    const { statements, errors } = parseAptConf('A "open\nB "1";\n}\nC {\n  "x";\n', 'f');
    assert.deepEqual(errors.map((e) => [e.line, e.column, e.reason]), [
      [1, 3, 'string is not closed with "'],
      [3, 1, 'unbalanced "}"'],
      [4, 1, 'scope "C" is not closed with "}"'],
    ]);
    assert.ok(statements.some((s) => s.type === 'set' && s.key === 'b'));
  });

  it('never throws; errors and statements stay inside the input (property)', () => {
    const piece = fc.constantFrom('A::B "1";', 'X {', '};', '}', '"item";', '// c', '/*', '*/', '#clear A;', '#include "x";', 'Y::', '"', ';', '{', 'Z 0;', '# hash');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 12 })), { maxLength: 40 }), fc.constantFrom('\n', ' ', ''), (parts, sep) => {
        const text = parts.join(sep);
        const { statements, errors } = parseAptConf(text, 'p');
        const count = text.split('\n').length;
        for (const e of errors) assert.ok(e.line! >= 1 && e.line! <= count && e.column! >= 1);
        for (const s of statements) assert.ok(s.loc.line >= 1 && s.loc.line <= count);
      }),
      { numRuns: 400 },
    );
  });
});

describe('apt and unattended-upgrades semantics', () => {
  it('reads only the part names apt reads', () => {
    assert.deepEqual(['20auto-upgrades', '50unattended-upgrades', '99local.conf', '99x.dpkg-old', '99x.disabled', 'a b', '99x.conf.bak', '01autoremove'].filter(aptReadsPart), [
      '20auto-upgrades',
      '50unattended-upgrades',
      '99local.conf',
      '01autoremove',
    ]);
  });

  it('reads periodic intervals like apt.systemd.daily', () => {
    assert.deepEqual(['1', '0', '7', 'always', '0d', '12h', '', 'yes', undefined].map(periodicOn), [true, false, true, true, false, true, false, false, false]);
  });

  it('knows which origin patterns let security updates through', () => {
    const yes = [
      'origin=Debian,codename=${distro_codename},label=Debian-Security',
      'origin=Debian,codename=${distro_codename}-security,label=Debian-Security',
      'o=Debian,a=stable-security',
      'origin=Debian',
      'origin=*',
      'o=${distro_id},c=main',
      'o=Debian,n=*',
    ];
    const no = ['origin=Debian,codename=${distro_codename},label=Debian', 'origin=Debian,codename=${distro_codename}-updates', 'o=Debian,a=stable', 'o=Debian Backports,a=${distro_codename}-backports', 'origin=Docker'];
    for (const p of yes) assert.equal(patternCoversSecurity(p), true, p);
    for (const p of no) assert.equal(patternCoversSecurity(p), false, p);
    assert.equal(allowedOriginCoversSecurity('${distro_id}:${distro_codename}-security'), true);
    assert.equal(allowedOriginCoversSecurity('${distro_id}ESMApps:${distro_codename}-apps-security'), true);
    assert.equal(allowedOriginCoversSecurity('${distro_id}:${distro_codename}-updates'), false);
    assert.equal(allowedOriginCoversSecurity('no-colon'), false);
  });
});

function load(files: Record<string, string>, unreadable: string[] = []): UpdatesModel {
  const t = makeTree(files);
  trees.push(t);
  const found = discoverHost(t.root);
  const host = { ...found.context, unreadable: new Set([...found.context.unreadable, ...unreadable]) };
  const { units, errors } = loadUpdates({ files: found.files, store: new SourceStore(t.root), host });
  assert.deepEqual(errors, []);
  return units[0]!.model as UpdatesModel;
}

describe('loadUpdates', () => {
  it('merges apt.conf.d in lexical order, then apt.conf; lists accumulate; #clear empties', () => {
    const m = load({
      'usr/bin/unattended-upgrade': '',
      'etc/apt/apt.conf.d/20auto-upgrades': 'APT::Periodic::Unattended-Upgrade "1";\n',
      'etc/apt/apt.conf.d/10periodic': 'APT::Periodic::Unattended-Upgrade "0";\n',
      'etc/apt/apt.conf.d/50a': 'Unattended-Upgrade::Origins-Pattern { "o=Debian,a=stable"; };\n',
      'etc/apt/apt.conf.d/60b': 'Unattended-Upgrade::Origins-Pattern { "o=Debian,a=stable-security"; };\n',
      'etc/apt/apt.conf.d/70c': '#clear Unattended-Upgrade::Origins-Pattern;\nUnattended-Upgrade::Origins-Pattern { "o=Debian,a=stable-updates"; };\n',
      'etc/apt/apt.conf': 'APT::Periodic::Unattended-Upgrade "7";\n',
      'etc/apt/apt.conf.d/99x.dpkg-old': 'APT::Periodic::Unattended-Upgrade "0";\n',
    });
    assert.deepEqual(m.files, ['etc/apt/apt.conf.d/10periodic', 'etc/apt/apt.conf.d/20auto-upgrades', 'etc/apt/apt.conf.d/50a', 'etc/apt/apt.conf.d/60b', 'etc/apt/apt.conf.d/70c', 'etc/apt/apt.conf']);
    assert.deepEqual(m.skipped, ['etc/apt/apt.conf.d/99x.dpkg-old']);
    assert.equal(m.settings[APT_KEYS.unattended]?.value, '7');
    assert.deepEqual(m.lists[APT_KEYS.originsPattern]?.map((i) => i.value), ['o=Debian,a=stable-updates']);
    assert.deepEqual([m.apt, m.installed, m.visible], ['yes', 'yes', true]);
  });

  it('does not judge a folder it could not read', () => {
    const m = load({ 'etc/apt/apt.conf.d/20auto-upgrades': 'APT::Periodic::Unattended-Upgrade "1";\n' }, ['etc/apt/apt.conf.d']);
    assert.equal(m.visible, false);
  });

  it('keeps a name like __proto__ as a plain name', () => {
    const m = load({ 'etc/apt/apt.conf.d/10x': '__proto__ "1";\nconstructor::x "2";\n' });
    assert.equal(m.settings['__proto__']?.value, '1');
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });
});
