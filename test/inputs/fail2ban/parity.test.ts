/**
 * Oracle tests against the real fail2ban (CI installs the `fail2ban` package):
 * - `fail2ban-client -c <dir> -d` dumps the jails fail2ban would start, without a server;
 *   for every check fixture and a few realistic configurations on top of Debian's shipped
 *   /etc/fail2ban, our enabled jails and their maxretry, findtime, bantime and
 *   bantime.increment must equal fail2ban's;
 * - fail2ban's own MyTime.str2seconds must agree with our time evaluation;
 * - Python's configparser, configured as fail2ban configures it, must agree with our INI
 *   reader on random input (same sections and values, or both reject the text).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { parseIni } from '../../../src/inputs/fail2ban/ini.ts';
import { HostFiles } from '../../../src/inputs/fail2ban/host-files.ts';
import { loadFail2banConfig } from '../../../src/inputs/fail2ban/load.ts';
import { fail2banSeconds } from '../../../src/inputs/fail2ban/time.ts';
import { SourceStore } from '../../../src/inputs/source.ts';

const CLIENT = '/usr/bin/fail2ban-client';
const PYTHON = '/usr/bin/python3';
const SHIPPED = '/etc/fail2ban';
const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'src', 'checks', 'fail2ban', 'fixtures');
const CONF = 'etc/fail2ban';

/** Realistic configurations laid over the shipped /etc/fail2ban (jail.conf, jail.d/defaults-debian.conf). */
const EXTRA: Record<string, Record<string, string>> = {
  'debian-stock': {},
  'hardened-local': {
    'jail.local': '[DEFAULT]\nbantime  = 24h\nfindtime = 10m\nmaxretry = 3\n\n[sshd]\nenabled  = true\nport     = ssh\nbackend  = systemd\n',
  },
  'every-jail-enabled': { 'jail.local': '[DEFAULT]\nenabled = true\n' },
  'syntax-corners': {
    'jail.local': [
      '; a comment', '[DEFAULT]', 'BanTime: 1d12h', 'bantime.increment = TRUE ; grow bans', 'bantime.maxtime = 5w',
      '', '[sshd]', 'enabled = yes ; on', 'MaxRetry=4', 'findtime = %(sshd/bantime)s', 'bantime = 2h 30m',
      'logpath = /var/log/auth.log', '          /var/log/secure', '', '[sshd?family=inet6]', 'maxretry = 9', '',
      '[recidive]', 'enabled = 1', 'bantime = -1', 'findtime = 2d',
    ].join('\n'),
  },
  'jail-d-order-and-known': {
    'jail.d/10-sshd.conf': '[sshd]\nenabled = true\nmaxretry = 7\nbantime = 1h\n',
    'jail.d/20-sshd.local': '[sshd]\nmaxretry = %(known/maxretry)s\nbantime = %(known/bantime)s\n',
    'jail.local': '[sshd]\nmaxretry = 2\nbantime = 1m\nenabled = false\n',
  },
  'paths-overrides-before-jail-conf': {
    // paths-overrides.local is read after paths-debian.conf, before jail.conf: jail.conf's DEFAULT wins.
    'paths-overrides.local': '[DEFAULT]\nbantime = 2h\nmaxretry = 1\nssh_bt = 3h\n',
    'jail.local': '[sshd]\nbantime = %(ssh_bt)s\n',
  },
  'interpolated-values': {
    'jail.local': '[DEFAULT]\nbt = 3h\nmr = 4\n\n[sshd]\nbantime = %(bt)s\nmaxretry = %(mr)s\nfindtime = %(default/bt)s\n\n[recidive]\nenabled = true\n',
  },
  'invalid-maxretry-and-bool': {
    'jail.local': '[sshd]\nmaxretry = five\n\n[nginx-http-auth]\nenabled = true # on\n',
  },
  'custom-ssh-jail': {
    'jail.d/ssh-custom.local': '[ssh-custom]\nenabled  = true\nfilter   = sshd[mode=aggressive]\nport     = 2222\nlogpath  = /var/log/auth.log\nmaxretry = 2\nbantime  = 1w\n',
  },
};

let work: string;
before(() => {
  assert.ok(existsSync(CLIENT), `${CLIENT} is missing: install the fail2ban package (CI does)`);
  assert.ok(existsSync(join(SHIPPED, 'jail.conf')), `${SHIPPED}/jail.conf is missing: install the fail2ban package`);
  work = mkdtempSync(join(tmpdir(), 'bulwark-f2b-parity-'));
});
after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A host root whose etc/fail2ban is the shipped configuration without local files, with `overlay` on top. */
function materialize(name: string, overlay: (confDir: string) => void): string {
  const root = join(work, name.replace(/[^\w-]/g, '_'));
  const conf = join(root, CONF);
  mkdirSync(dirname(conf), { recursive: true });
  cpSync(SHIPPED, conf, { recursive: true });
  overlay(conf);
  return root;
}

interface DumpJail {
  settings: Map<string, unknown>;
}

function dump(root: string): { jails: Map<string, DumpJail>; configErrors: string[] } {
  const r = spawnSync(CLIENT, ['-c', join(root, CONF), '-d'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `fail2ban-client failed: ${r.stderr}`);
  const py = spawnSync(PYTHON, ['-c', 'import ast,json,sys\nprint(json.dumps([ast.literal_eval(l) for l in sys.stdin if l.startswith("[")]))'], { input: r.stdout, encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const jails = new Map<string, DumpJail>();
  const configErrors: string[] = [];
  for (const cmd of JSON.parse(py.stdout) as unknown[][]) {
    if (cmd[0] === 'add') jails.set(String(cmd[1]), { settings: new Map() });
    else if (cmd[0] === 'set' && cmd.length === 4 && jails.has(String(cmd[1]))) jails.get(String(cmd[1]))!.settings.set(String(cmd[2]), cmd[3]);
    else if (cmd[0] === 'config-error') configErrors.push(/Jail '([^']+)'/.exec(String(cmd[1]))?.[1] ?? '?');
  }
  return { jails, configErrors };
}

/** fail2ban's own str2seconds for each text (null when it raises). */
function serverSeconds(texts: string[]): Array<number | null> {
  const code = [
    'import json,sys',
    'from fail2ban.server.mytime import MyTime',
    'out=[]',
    'for t in json.load(sys.stdin):',
    '    try: out.append(float(MyTime.str2seconds(t)))',
    '    except Exception: out.append(None)',
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', code], { input: JSON.stringify(texts), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Array<number | null>;
}

function compare(root: string): void {
  const { jails: theirs, configErrors } = dump(root);
  const { config, errors } = loadFail2banConfig(CONF, new HostFiles(new SourceStore(root)), 'host');
  const expected = errors.filter((e) => /is not an integer/.test(e.reason));
  assert.deepEqual(errors.filter((e) => !expected.includes(e)), [], 'our reader reports no errors where fail2ban reads the configuration');
  const ours = config.jails.filter((j) => j.enabled.value === true);
  assert.deepEqual(ours.map((j) => j.name).sort(), [...theirs.keys(), ...configErrors].sort(), 'enabled jails');
  const times: string[] = [];
  const expectSeconds: Array<[string, number]> = [];
  for (const jail of ours) {
    const d = theirs.get(jail.name);
    if (!d) continue;
    const label = `[${jail.name}]`;
    if (d.settings.has('maxretry')) {
      assert.equal(jail.maxretry!.builtin, false, `${label} maxretry is set`);
      // fail2ban sends `maxretry None` for a value that is no integer; we mark it unusable.
      assert.equal(jail.maxretry!.value, d.settings.get('maxretry') ?? undefined, `${label} maxretry`);
    } else assert.equal(jail.maxretry!.builtin, true, `${label} maxretry falls back to the server default`);
    for (const opt of ['findtime', 'bantime'] as const) {
      const s = jail[opt]!;
      if (d.settings.has(opt)) {
        assert.equal(s.text, d.settings.get(opt), `${label} ${opt} text`);
        times.push(String(d.settings.get(opt)));
        expectSeconds.push([`${label} ${opt}`, s.value!]);
      } else assert.equal(s.builtin, true, `${label} ${opt} unset`);
    }
    if (d.settings.has('bantime.increment')) assert.equal(jail.banIncrement!.value, d.settings.get('bantime.increment'), `${label} bantime.increment`);
    else assert.equal(jail.banIncrement!.builtin, true, `${label} bantime.increment unset`);
  }
  const server = serverSeconds(times);
  expectSeconds.forEach(([label, value], i) => assert.equal(value, server[i], `${label} seconds`));
}

describe('fail2ban parity: fail2ban-client -d', () => {
  for (const check of existsSync(FIXTURES) ? readdirSync(FIXTURES).sort() : []) {
    for (const name of readdirSync(join(FIXTURES, check)).sort()) {
      const fixture = join(FIXTURES, check, name, CONF);
      if (!existsSync(fixture) || !statSync(fixture).isDirectory()) continue;
      it(`fixture ${check}/${name}`, () => {
        const root = materialize(`${check}-${name}`, (conf) => {
          rmSync(join(conf, 'jail.d'), { recursive: true, force: true });
          rmSync(join(conf, 'jail.local'), { force: true });
          cpSync(fixture, conf, { recursive: true });
        });
        compare(root);
      });
    }
  }
  for (const [name, files] of Object.entries(EXTRA)) {
    it(name, () => {
      const root = materialize(name, (conf) => {
        for (const [p, text] of Object.entries(files)) {
          mkdirSync(dirname(join(conf, p)), { recursive: true });
          writeFileSync(join(conf, p), text);
        }
      });
      compare(root);
    });
  }
});

describe('fail2ban parity: MyTime.str2seconds', () => {
  it('agrees on realistic and random time texts', () => {
    const texts = ['600', '10m', '1h', '1d', '-1', '1w', '1d12h', '1h 30m', '1hour+30min', '0d 1h 30m', '1year-6mo', '6 months', '1mo', '2 * 1h', '1.5h', '10 m', '1 2 3', 'forever', '010', '1e3', '', '5 minutes', '3 hours', '1 week', '2d 4h', '(1+1)*1h', '1s', '90sec', '1yy', '36mm'];
    const random = fc.sample(fc.array(fc.constantFrom('1', '2', '0', '5', ' ', 'h', 'm', 'd', 'w', 'mo', 's', 'y', '+', '-', '*', 'hour', 'min', '(', ')', '.'), { maxLength: 8 }).map((a) => a.join('')), { numRuns: 300, seed: 7 });
    const all = [...texts, ...random];
    const server = serverSeconds(all);
    all.forEach((t, i) => {
      const ours = fail2banSeconds(t);
      const theirs = server[i];
      // Python may evaluate some odd texts to non-time values (tuples, ...); where it yields a number we must agree.
      if (theirs === null || theirs === undefined) assert.equal(ours, undefined, `${JSON.stringify(t)}: fail2ban rejects it`);
      else assert.equal(ours, theirs, JSON.stringify(t));
    });
  });
});

describe('fail2ban parity: configparser', () => {
  it('reads random texts as Python configparser does (fail2ban settings)', () => {
    const piece = fc.constantFrom('[DEFAULT]', '[sshd]', '[a b]', '[x]]', 'enabled = true', 'Enabled: yes', 'a=1', 'b = 2 ; c', 'c = 3;4', 'd = e # f', '# c', '; c', '  cont', '\tcont', '', '   ', '= v', 'novalue', 'k =', '[', ']');
    const texts = fc.sample(fc.array(piece, { maxLength: 10 }).map((a) => a.join('\n')), { numRuns: 400, seed: 11 });
    const code = [
      'import json,sys,tempfile,os,configparser',
      'out=[]',
      'for t in json.load(sys.stdin):',
      '    p=configparser.ConfigParser(interpolation=None, inline_comment_prefixes=";")',
      '    f=tempfile.NamedTemporaryFile("w", delete=False, encoding="utf-8"); f.write(t); f.close()',
      '    try:',
      '        p.read(f.name, encoding="utf-8")',
      '        out.append({"defaults": dict(p._defaults), "sections": {s: dict(p._sections[s]) for s in p._sections}})',
      '    except configparser.Error:',
      '        out.append(None)',
      '    os.unlink(f.name)',
      'print(json.dumps(out))',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', code], { input: JSON.stringify(texts), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const python = JSON.parse(r.stdout) as Array<{ defaults: Record<string, string>; sections: Record<string, Record<string, string>> } | null>;
    texts.forEach((t, i) => {
      const ours = parseIni(t, 'f');
      const theirs = python[i];
      assert.ok(theirs !== undefined, 'one Python result per text');
      if (theirs === null) {
        assert.ok(ours.errors.length > 0, `Python rejects ${JSON.stringify(t)}`);
        return;
      }
      assert.deepEqual(ours.errors, [], `Python accepts ${JSON.stringify(t)}`);
      const values = (m: Map<string, { value: string }>): Record<string, string> => Object.fromEntries([...m].map(([k, v]) => [k, v.value]));
      assert.deepEqual(values(ours.defaults), theirs.defaults, `defaults of ${JSON.stringify(t)}`);
      assert.deepEqual(Object.fromEntries([...ours.sections].map(([n, s]) => [n, values(s.options)])), theirs.sections, `sections of ${JSON.stringify(t)}`);
    });
  });
});
