import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { getOption, readFail2banConfig } from '../../../src/inputs/fail2ban/config.ts';
import { effectiveJails } from '../../../src/inputs/fail2ban/jails.ts';
import { loadFail2banConfig } from '../../../src/inputs/fail2ban/load.ts';
import { fail2banSeconds, formatSeconds } from '../../../src/inputs/fail2ban/time.ts';
import { memoryAccess } from './memory.ts';

const D = 'etc/fail2ban';

function jailsOf(files: Record<string, string>) {
  const read = readFail2banConfig(D, memoryAccess(files));
  const { jails, errors } = effectiveJails(read.config, D);
  return { read, jails, errors: [...read.errors, ...errors], jail: (n: string) => jails.find((j) => j.name === n)! };
}

describe('fail2ban reading order', () => {
  it('reads jail.conf, jail.d/*.conf, jail.local, jail.d/*.local, sorted, with includes around each file', () => {
    const r = readFail2banConfig(D, memoryAccess({
      [`${D}/jail.conf`]: '[INCLUDES]\nbefore = paths-debian.conf\n[DEFAULT]\nx = conf\n',
      [`${D}/paths-debian.conf`]: '[INCLUDES]\nbefore = paths-common.conf\nafter = paths-overrides.local\n[DEFAULT]\nx = debian\n',
      [`${D}/paths-common.conf`]: '[DEFAULT]\nx = common\n',
      [`${D}/paths-debian.local`]: '[DEFAULT]\nx = debian-local\n',
      [`${D}/jail.d/b.conf`]: '[DEFAULT]\nx = b\n',
      [`${D}/jail.d/a.conf`]: '[DEFAULT]\nx = a\n',
      [`${D}/jail.d/.hidden.conf`]: '[DEFAULT]\nx = hidden\n',
      [`${D}/jail.d/a.local`]: '[DEFAULT]\nx = a-local\n',
      [`${D}/jail.local`]: '[DEFAULT]\nx = local\n',
    }));
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.files.map((f) => f.slice(D.length + 1)), [
      'paths-common.conf', 'paths-debian.conf', 'paths-debian.local', 'jail.conf',
      'jail.d/a.conf', 'jail.d/b.conf', 'jail.local', 'jail.d/a.local',
    ]);
    assert.equal(r.config.defaults.get('x')!.value, 'a-local');
  });

  it('maps absolute includes under /etc/fail2ban into the folder and does not loop', () => {
    const r = readFail2banConfig(D, memoryAccess({
      [`${D}/jail.conf`]: '[INCLUDES]\nbefore = /etc/fail2ban/x.conf\n',
      [`${D}/x.conf`]: '[INCLUDES]\nbefore = jail.conf\n[DEFAULT]\nv = 1\n',
    }));
    assert.deepEqual(r.files.map((f) => f.slice(D.length + 1)), ['x.conf', 'jail.conf']);
    assert.deepEqual(r.errors, []);
  });

  it('notes unreadable places and reports them; missing includes are skipped silently', () => {
    const r = readFail2banConfig(D, memoryAccess({
      [`${D}/jail.conf`]: '[INCLUDES]\nbefore = missing.conf\n[DEFAULT]\nv = 1\n',
      [`${D}/jail.local`]: '[sshd]\nenabled = true\n',
    }, [`${D}/jail.local`, `${D}/jail.d`]));
    assert.deepEqual(r.unreadable.sort(), [`${D}/jail.d`, `${D}/jail.local`]);
    assert.deepEqual(r.files, [`${D}/jail.conf`]);
  });
});

describe('fail2ban merging and interpolation', () => {
  it('later files win option by option; %(known/x)s is the value replaced', () => {
    const { jail, errors } = jailsOf({
      [`${D}/jail.conf`]: '[DEFAULT]\nmaxretry = 5\nbantime = 10m\nenabled = false\n[sshd]\nport = ssh\nmaxretry = 4\n',
      [`${D}/jail.d/x.conf`]: '[sshd]\nmaxretry = 6\n',
      [`${D}/jail.local`]: '[sshd]\nenabled = true\nmaxretry = %(known/maxretry)s\nport = %(known/port)s,2222\n',
    });
    assert.deepEqual(errors, []);
    const s = jail('sshd');
    assert.equal(s.enabled.value, true);
    assert.equal(s.maxretry!.value, 6);
    assert.equal(s.maxretry!.at!.loc.path, `${D}/jail.local`);
    assert.equal(s.maxretry!.scope, 'jail');
    assert.equal(s.bantime!.value, 600);
    assert.equal(s.bantime!.scope, 'default');
  });

  it('interpolates __name__, section/option, default/option, %% and reports missing keys and loops', () => {
    const files = {
      [`${D}/jail.conf`]: [
        '[DEFAULT]', 'mode = normal', 'filter = %(__name__)s[mode=%(mode)s]', 'bt = 2h', 'loop = %(loop2)s', 'loop2 = %(loop)s',
        '[other]', 'findtime = 20m',
        '[sshd]', 'enabled = yes', 'bantime = %(bt)s', 'findtime = %(other/findtime)s', 'maxretry = %(default/mr)s',
        'mr = 9', '[b]', 'enabled = on', 'bantime = %(nope)s', 'findtime = %(loop)s', 'maxretry = 50%%',
      ].join('\n'),
    };
    const { jail, errors } = jailsOf({ ...files, [`${D}/jail.local`]: '[DEFAULT]\nmr = 3\n' });
    const s = jail('sshd');
    assert.equal(s.filter.value, 'sshd[mode=normal]');
    assert.equal(s.filterName, 'sshd');
    assert.equal(s.bantime!.text, '2h');
    assert.equal(s.bantime!.value, 7200);
    assert.equal(s.findtime!.text, '20m');
    assert.equal(s.maxretry!.value, 3, '%(default/mr)s reads [DEFAULT], not the section');
    const b = jail('b');
    assert.match(b.bantime!.error!, /%\(nope\)s/);
    assert.match(b.findtime!.error!, /nested more than 10/);
    assert.equal(b.maxretry!.text, '50%');
    assert.equal(b.maxretry!.value, undefined, 'not an integer: the server refuses it');
    assert.deepEqual(errors.map((e) => [e.line, e.reason.split(' ')[0]]), [[17, '"bantime"'], [18, '"findtime"'], [19, 'maxretry']]);
  });

  it('stops a value that expands exponentially instead of hanging', () => {
    const lines = ['[DEFAULT]', 'b0 = xxxxxxxxxx'];
    for (let i = 1; i <= 9; i++) lines.push(`b${i} = ${`%(b${i - 1})s`.repeat(100)}`);
    lines.push('[sshd]', 'enabled = %(b9)s');
    const started = Date.now();
    const { jail, errors } = jailsOf({ [`${D}/jail.local`]: lines.join('\n') });
    assert.ok(Date.now() - started < 5000);
    assert.equal(jail('sshd').enabled.value, undefined);
    assert.match(errors[0]!.reason, /more than 1000000 characters/);
  });

  it('adds conditional sections (name?cond) as suffixed options, not over the plain ones', () => {
    const r = readFail2banConfig(D, memoryAccess({ [`${D}/jail.conf`]: '[sshd]\nport = ssh\n[sshd?family=inet6]\nport = 22\n' }));
    assert.deepEqual([...r.config.sections.get('sshd')!.keys()], ['port', 'port?family=inet6']);
    const got = getOption(r.config, 'sshd', 'port');
    assert.ok('value' in got && got.value === 'ssh');
  });

  it('enabled is true only for 1/on/true/yes; unset options take the server defaults', () => {
    const { jail } = jailsOf({ [`${D}/jail.local`]: '[a]\nenabled = True\n[b]\nenabled = enabled\n[c]\nenabled = 1\n' });
    assert.equal(jail('a').enabled.value, true);
    assert.equal(jail('b').enabled.value, false);
    assert.equal(jail('c').maxretry!.value, 3);
    assert.equal(jail('c').maxretry!.builtin, true);
    assert.equal(jail('c').bantime!.value, 600);
    assert.equal(jail('c').findtime!.value, 600);
    assert.equal(jail('c').banIncrement!.value, false);
  });
});

describe('fail2ban times (MyTime.str2seconds)', () => {
  const cases: Array<[string, number | undefined]> = [
    ['600', 600], ['10m', 600], ['1h', 3600], ['1d', 86400], ['-1', -1], ['1w', 604800], ['1d12h', 129600], ['1h 30m', 5400],
    ['1hour+30min', 5400], ['0d 1h 30m', 5400], ['1year-6mo', 15778800], ['6 months', 15778800], ['1mo', 2629800], ['2 * 1h', 7200],
    ['1.5h', 5400], ['10 m', 600], ['1 2 3', undefined], ['forever', undefined], ['010', undefined], ['1e3', undefined], ['', undefined],
  ];
  for (const [text, want] of cases) it(`${JSON.stringify(text)} → ${want}`, () => assert.equal(fail2banSeconds(text), want));
  it('formats seconds for messages', () => {
    assert.deepEqual([600, 3600, 86400, 90, -1, 604800].map(formatSeconds), ['10m', '1h', '1d', '90s', 'forever', '1w']);
  });
  it('never throws on any text (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (t) => {
      const v = fail2banSeconds(t);
      assert.ok(v === undefined || Number.isFinite(v));
    }), { numRuns: 500 });
  });
});

describe('loadFail2banConfig', () => {
  const debian = {
    [`${D}/jail.conf`]: '[DEFAULT]\nenabled = false\nbantime = 10m\nfindtime = 10m\nmaxretry = 5\n[sshd]\nport = ssh\n',
    [`${D}/jail.d/defaults-debian.conf`]: '[sshd]\nenabled = true\n',
    'etc/ssh/sshd_config': 'PasswordAuthentication no\n',
  };

  it('host mode: installed, complete, sshd present, jails with positions', () => {
    const { config, errors } = loadFail2banConfig(D, memoryAccess(debian), 'host');
    assert.deepEqual(errors, []);
    assert.equal(config.installed, true);
    assert.equal(config.complete, true);
    assert.equal(config.baseRead, true);
    assert.equal(config.sshd, 'present');
    assert.equal(config.localPath, `${D}/jail.local`);
    const sshd = config.jails.find((j) => j.name === 'sshd')!;
    assert.deepEqual(sshd.enabled.at!.loc, { path: `${D}/jail.d/defaults-debian.conf`, line: 2, column: 1, endLine: 2, endColumn: 15 });
    assert.deepEqual(sshd.loc, { path: `${D}/jail.conf`, line: 6, column: 1, endLine: 6, endColumn: 7 });
  });

  it('host mode without fail2ban: one model that says so; alternatives are noticed', () => {
    const { config } = loadFail2banConfig(D, memoryAccess({ 'etc/ssh/sshd_config': '', 'etc/crowdsec/config.yaml': 'x: 1\n' }), 'host');
    assert.equal(config.installed, false);
    assert.equal(config.complete, true);
    assert.deepEqual(config.jails, []);
    assert.deepEqual(config.alternatives, ['etc/crowdsec']);
  });

  it('an unreadable folder or file makes the model incomplete', () => {
    assert.equal(loadFail2banConfig(D, memoryAccess({}, [D]), 'host').config.complete, false);
    assert.equal(loadFail2banConfig(D, memoryAccess(debian, [`${D}/jail.d`]), 'host').config.complete, false);
    assert.equal(loadFail2banConfig(D, memoryAccess(debian, ['etc/ssh']), 'host').config.sshd, 'unknown');
  });

  it('never throws on random configuration trees (property)', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.array(fc.constantFrom('[DEFAULT]\n', '[sshd]\n', '[INCLUDES]\n', 'before = jail.local\n', 'after = x.conf\n', 'enabled = true\n', 'bantime = %(bt)s\n', 'bt = %(bantime)s\n', 'maxretry = x\n', '  cont\n', 'findtime = 1d\n', '%(known/x)s\n'), { maxLength: 12 }).map((a) => a.join('')),
    );
    fc.assert(fc.property(text, text, text, (a, b, c) => {
      const { config, errors } = loadFail2banConfig(D, memoryAccess({ [`${D}/jail.conf`]: a, [`${D}/jail.local`]: b, [`${D}/x.conf`]: c }), 'host');
      assert.ok(Array.isArray(config.jails));
      for (const e of errors) assert.ok(e.path.startsWith(D) && (e.line === undefined || e.line >= 1));
    }), { numRuns: 300 });
  });
});
