import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { effectiveSshd } from '../../src/inputs/sshd/effective.ts';
import { parseSshdConfig, parseSshdLines, splitArgs } from '../../src/inputs/sshd/parse.ts';
import type { SshdFileAccess } from '../../src/inputs/sshd/parse.ts';
import { discover } from '../../src/inputs/discover.ts';
import { SourceStore } from '../../src/inputs/source.ts';
import { scan } from '../../src/scan/scan.ts';

/** An in-memory file tree for the parser. */
function memory(files: Record<string, string>): SshdFileAccess {
  return {
    read: (p) => (p in files ? { ok: true, text: files[p]! } : { ok: false, reason: 'no such file or directory' }),
    list: (dir) => {
      const prefix = dir === '' ? '' : `${dir}/`;
      const names = new Set<string>();
      for (const p of Object.keys(files)) if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]!);
      return names.size > 0 ? [...names] : undefined;
    },
  };
}

const MAIN = 'etc/ssh/sshd_config';
const temps: string[] = [];
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulwark-sshd-unit-'));
  temps.push(root);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe('parseSshdLines', () => {
  it('reads keywords case-insensitively, with spaces or = and positions', () => {
    const { lines, errors } = parseSshdLines('# c\n\n  PasswordAuthentication no\r\nPermitRootLogin=yes\nMaxAuthTries = 3  # why\n', 'x');
    assert.deepEqual(errors, []);
    assert.deepEqual(lines.map((l) => [l.keyword, l.args]), [['passwordauthentication', ['no']], ['permitrootlogin', ['yes']], ['maxauthtries', ['3']]]);
    assert.deepEqual(lines[0]!.loc, { path: 'x', line: 3, column: 3, endLine: 3, endColumn: 28 });
    assert.equal(lines[1]!.name, 'PermitRootLogin');
  });

  it('unquotes arguments like sshd', () => {
    assert.deepEqual(splitArgs('"a b" c\\ d \'e\' # rest'), { ok: true, args: ['a b', 'c d', 'e'] });
    assert.deepEqual(splitArgs('"open'), { ok: false });
  });

  it('reports malformed lines with their position and goes on', () => {
    const { lines, errors } = parseSshdLines('Port\nBanner "x\nX11Forwarding no\n', 'f');
    assert.deepEqual(errors.map((e) => [e.line, e.column]), [[1, 1], [2, 1]]);
    assert.deepEqual(lines.map((l) => l.keyword), ['x11forwarding']);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const parsed = parseSshdConfig(MAIN, memory({ [MAIN]: text, 'etc/ssh/a.conf': text }));
        const eff = effectiveSshd(parsed.directives);
        for (const e of [...parsed.errors, ...eff.errors]) assert.ok(typeof e.path === 'string' && (e.line === undefined || e.line >= 1));
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseSshdConfig includes and Match', () => {
  it('expands globs in lexical order, relative to the main file directory, skipping dotfiles and missing files', () => {
    const parsed = parseSshdConfig(MAIN, memory({
      [MAIN]: 'Include sshd_config.d/*.conf /etc/ssh/missing.conf /etc/other.conf\nPort 22\n',
      'etc/ssh/sshd_config.d/b.conf': 'MaxAuthTries 2\n',
      'etc/ssh/sshd_config.d/a.conf': 'MaxAuthTries 3\n',
      'etc/ssh/sshd_config.d/.x.conf': 'MaxAuthTries 9\n',
      'etc/other.conf': 'X11Forwarding no\n',
    }));
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.files, [MAIN, 'etc/ssh/sshd_config.d/a.conf', 'etc/ssh/sshd_config.d/b.conf', 'etc/other.conf']);
    assert.equal(effectiveSshd(parsed.directives).effective.settings.maxauthtries.value, '3');
  });

  it('reports include loops and paths leaving the root', () => {
    const parsed = parseSshdConfig(MAIN, memory({ [MAIN]: 'Include /etc/ssh/a.conf\nInclude ../../../x\n', 'etc/ssh/a.conf': 'Include sshd_config\n' }));
    assert.equal(parsed.errors.length, 2);
    assert.match(parsed.errors[0]!.reason, /loop/);
    assert.equal(parsed.errors[0]!.path, 'etc/ssh/a.conf');
    assert.match(parsed.errors[1]!.reason, /outside the scan root/);
  });

  it('ends a Match block with its file and keeps included files inside the includer block', () => {
    const parsed = parseSshdConfig(MAIN, memory({
      [MAIN]: 'Include a.conf\nX11Forwarding yes\nMatch User bob\nInclude b.conf\n',
      'etc/ssh/a.conf': 'Match User alice\nX11Forwarding no\n',
      'etc/ssh/b.conf': 'Match all\nPermitRootLogin yes\n',
    }));
    const [x11alice, x11, root] = parsed.directives;
    assert.equal(x11alice!.match?.criteria, 'User alice');
    assert.equal(x11!.match, undefined);
    assert.equal(root!.match?.criteria, 'User bob');
    const { effective } = effectiveSshd(parsed.directives);
    assert.equal(effective.settings.x11forwarding.value, 'yes');
    assert.equal(effective.settings.permitrootlogin.value, 'without-password');
    assert.deepEqual(effective.overrides.map((o) => [o.keyword, o.value]), [['x11forwarding', 'no'], ['permitrootlogin', 'yes']]);
  });
});

describe('effectiveSshd', () => {
  it('applies defaults, aliases, first value wins and Match all over global', () => {
    const parsed = parseSshdConfig(MAIN, memory({
      [MAIN]: 'ChallengeResponseAuthentication no\nKbdInteractiveAuthentication yes\nPermitRootLogin prohibit-password\nMaxAuthTries 3\nMatch all\nMaxAuthTries 5\n',
    }));
    const { effective, errors } = effectiveSshd(parsed.directives);
    assert.deepEqual(errors, []);
    const values = Object.fromEntries(Object.entries(effective.settings).map(([k, s]) => [k, s.value]));
    assert.deepEqual(values, {
      passwordauthentication: 'yes',
      kbdinteractiveauthentication: 'no',
      permitrootlogin: 'without-password',
      pubkeyauthentication: 'yes',
      permitemptypasswords: 'no',
      x11forwarding: 'no',
      maxauthtries: '5',
    });
    assert.equal(effective.settings.passwordauthentication.directive, undefined);
    assert.equal(effective.settings.maxauthtries.directive?.loc.line, 6);
  });

  it('reports values sshd would refuse, with their position', () => {
    const parsed = parseSshdConfig(MAIN, memory({ [MAIN]: 'Port 22\nPasswordAuthentication maybe\nMaxAuthTries -1\n' }));
    const { errors, effective } = effectiveSshd(parsed.directives);
    assert.deepEqual(errors.map((e) => [e.path, e.line]), [[MAIN, 2], [MAIN, 3]]);
    assert.equal(effective.settings.passwordauthentication.value, 'yes');
  });
});

describe('sshd in the scan pipeline', () => {
  it('discovers files named sshd_config as kind sshd', () => {
    const root = tree({ [MAIN]: 'Port 22\n', 'etc/ssh/sshd_config.d/a.conf': 'Port 22\n', 'backup/sshd_config': 'Port 22\n' });
    const found = discover({ root, targets: [root], store: new SourceStore(root) });
    assert.deepEqual(found.files.map((f) => `${f.kind}:${f.path}`), ['sshd:backup/sshd_config', `sshd:${MAIN}`]);
  });

  it('reports defaults at line 1 of the main file, one finding per keyword', async () => {
    const root = tree({ [MAIN]: '# defaults only\nPort 22\n' });
    const r = await scan({ targets: ['.'], cwd: root, checks: ['sshd/*'] });
    assert.equal(r.fatal, undefined);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.findings.map((f) => [f.checkId, `${f.location.path}:${f.location.line}`]),
      [
        ['sshd/no-password-authentication', `${MAIN}:1`],
        ['sshd/no-password-authentication', `${MAIN}:1`],
        ['sshd/require-low-max-auth-tries', `${MAIN}:1`],
      ],
    );
    assert.equal(r.summary.filesScanned, 1);
  });

  it('gives snippets and honours suppressions in included files; bad lines are positioned errors', async () => {
    const root = tree({
      [MAIN]: 'Include /etc/ssh/sshd_config.d/*.conf\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nMaxAuthTries 3\nBogus\n',
      'etc/ssh/sshd_config.d/a.conf': 'PermitEmptyPasswords yes\n# bulwark-ignore sshd/no-x11-forwarding -- lab machine\nX11Forwarding yes\n',
    });
    const r = await scan({ targets: ['.'], cwd: root, checks: ['sshd/*'] });
    assert.deepEqual(r.errors.map((e) => [e.path, e.line]), [[MAIN, 5]]);
    assert.deepEqual(r.findings.map((f) => [f.checkId, f.location.path, f.location.line, f.snippet]), [
      ['sshd/no-empty-passwords', 'etc/ssh/sshd_config.d/a.conf', 1, 'PermitEmptyPasswords yes'],
    ]);
    assert.deepEqual(r.suppressed.map((f) => [f.checkId, f.location.line, f.suppression.reason]), [['sshd/no-x11-forwarding', 3, 'lab machine']]);
  });
});
