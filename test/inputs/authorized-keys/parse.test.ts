/**
 * authorized_keys: real keys and certificates from Debian's ssh-keygen, decoded types,
 * sizes and fingerprints equal what `ssh-keygen -l` prints (for single keys and for a
 * whole authorized_keys file with options, which ssh-keygen reads as sshd does); options
 * with quoted commas and their positions; security keys; malformed lines are positioned
 * errors that never echo key material; random input never throws.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeKeyBlob, parseAuthorizedKeys } from '../../../src/inputs/authorized-keys/parse.ts';
import { weakness } from '../../../src/checks/authorized-keys/no-weak-keys.ts';

const KEYGEN = '/usr/bin/ssh-keygen';
let dir: string;
interface Made {
  spec: string;
  pub: string;
  bits: number;
  fingerprint: string;
  /** ssh-keygen's label: ED25519, RSA, ECDSA, DSA, ED25519-CERT, … */
  label: string;
}
const made: Made[] = [];
/** Specs ssh-keygen could not make here (DSA is gone from OpenSSH ≥ 10). */
const unavailable: string[] = [];

function listed(file: string): Array<{ bits: number; fingerprint: string; label: string }> {
  // `ssh-keygen -l`: "<bits> SHA256:… comment (TYPE)", one line per key it accepts.
  const out = execFileSync(KEYGEN, ['-l', '-f', file], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const m = /^(\d+) (SHA256:\S+) .*\(([\w-]+)\)$/.exec(line.trim());
      assert.ok(m, line);
      return { bits: Number(m[1]), fingerprint: m[2]!, label: m[3]! };
    });
}

function record(spec: string, pubFile: string): void {
  const [info] = listed(pubFile);
  made.push({ spec, pub: readFileSync(pubFile, 'utf8').trim(), ...info! });
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-keys-'));
  const specs: Array<[string, string[]]> = [
    ['ed25519', ['-t', 'ed25519']],
    ['rsa-1024', ['-t', 'rsa', '-b', '1024']],
    ['rsa-2048', ['-t', 'rsa', '-b', '2048']],
    ['rsa-3072', ['-t', 'rsa', '-b', '3072']],
    ['rsa-4096', ['-t', 'rsa', '-b', '4096']],
    ['ecdsa-256', ['-t', 'ecdsa', '-b', '256']],
    ['ecdsa-384', ['-t', 'ecdsa', '-b', '384']],
    ['ecdsa-521', ['-t', 'ecdsa', '-b', '521']],
    ['dsa', ['-t', 'dsa']],
  ];
  for (const [name, args] of specs) {
    const file = join(dir, name);
    const made = spawnSync(KEYGEN, ['-q', ...args, '-N', '', '-C', `${name}@test`, '-f', file], { stdio: 'ignore' });
    if (made.status !== 0) {
      unavailable.push(name);
      continue;
    }
    record(name, `${file}.pub`);
  }
  // A user certificate for the Ed25519 key and one for the RSA-2048 key, signed by a CA.
  execFileSync(KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-C', 'ca', '-f', join(dir, 'ca')], { stdio: 'ignore' });
  for (const name of ['ed25519', 'rsa-2048']) {
    execFileSync(KEYGEN, ['-q', '-s', join(dir, 'ca'), '-I', `${name}-id`, '-n', 'alice', join(dir, `${name}.pub`)], { stdio: 'ignore' });
    record(`${name}-cert`, join(dir, `${name}-cert.pub`));
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

const FAMILY: Record<string, string> = { ED25519: 'ssh-ed25519', RSA: 'ssh-rsa', ECDSA: 'ecdsa', DSA: 'ssh-dss', 'ED25519-SK': 'sk-ssh-ed25519', 'ECDSA-SK': 'sk-ecdsa' };

function blobOf(spec: string): string {
  return made.find((k) => k.spec === spec)!.pub.split(' ')[1]!;
}

/** SSH wire string. */
function ws(data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

/** Read the wire strings of a blob (for building variants of real keys). */
function fields(b64: string): Buffer[] {
  const buf = Buffer.from(b64, 'base64');
  const out: Buffer[] = [];
  for (let at = 0; at + 4 <= buf.length; ) {
    const n = buf.readUInt32BE(at);
    out.push(buf.subarray(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return out;
}

describe('parseAuthorizedKeys on ssh-keygen output', () => {
  it('notes which key types this ssh-keygen could not make', (t) => {
    if (unavailable.length > 0) t.diagnostic(`skipped (not supported by this OpenSSH): ${unavailable.join(', ')}`);
    assert.ok(made.length >= 8);
  });

  it('decodes type, size and fingerprint of real keys and certificates exactly as ssh-keygen -l reports them', () => {
    const text = made.map((k) => k.pub).join('\n');
    const { file, errors } = parseAuthorizedKeys(text, 'authorized_keys');
    assert.deepEqual(errors, []);
    assert.equal(file.keys.length, made.length);
    file.keys.forEach((key, i) => {
      const want = made[i]!;
      assert.equal(key.bits, want.bits, want.spec);
      assert.equal(key.fingerprint, want.fingerprint, want.spec);
      assert.equal(key.certificate, want.label.endsWith('-CERT'), want.spec);
      const family = FAMILY[want.label.replace(/-CERT$/, '')]!;
      assert.ok(key.baseType.startsWith(family), `${key.baseType} vs ${want.label}`);
      assert.equal(key.loc.line, i + 1);
      assert.equal(key.comment, want.spec.endsWith('-cert') ? `${want.spec.replace(/-cert$/, '')}@test` : `${want.spec}@test`);
      if (family === 'ecdsa') assert.equal(key.curve, `nistp${want.bits}`);
    });
  });

  it('reads a whole file with options and junk as ssh-keygen -l does (same keys, same order)', () => {
    const ed = made.find((k) => k.spec === 'ed25519')!.pub;
    const rsa = made.find((k) => k.spec === 'rsa-4096')!.pub;
    const ec = made.find((k) => k.spec === 'ecdsa-384')!.pub;
    const cert = made.find((k) => k.spec === 'ed25519-cert')!.pub;
    const text = [
      '# keys',
      `from="10.0.0.0/8,192.168.0.0/16",command="echo \\"a, b\\"",no-pty ${ed}`,
      'this line is not a key',
      `  restrict,environment="X=1 2" ${rsa}`,
      `cert-authority,principals="alice,bob" ${ec}`,
      `\t${cert}`,
      `ssh-ed25519 ${blobOf('rsa-2048')} liar`,
      '',
    ].join('\n');
    const path = join(dir, 'authorized_keys');
    writeFileSync(path, text);
    const oracle = listed(path).map((k) => k.fingerprint);
    const { file, errors } = parseAuthorizedKeys(text, 'authorized_keys');
    assert.deepEqual(file.keys.map((k) => k.fingerprint), oracle);
    assert.deepEqual(errors.map((e) => e.line), [3, 7]);
  });
});

describe('parseAuthorizedKeys details', () => {
  it('keeps option names and positions, quoted commas and blanks included', () => {
    const pub = made.find((k) => k.spec === 'ed25519')!.pub;
    const text = `\n  # comment\n  command="echo a, b",from="10.0.0.0/8,192.168.0.0/16",no-pty ${pub}\nrestrict ${pub}\n`;
    const { file, errors } = parseAuthorizedKeys(text, 'k');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      file.keys.map((k) => k.options.map((o) => `${o.name}@${o.loc.line}:${o.loc.column}-${o.loc.endColumn}`)),
      [['command@3:3-22', 'from@3:23-55', 'no-pty@3:56-62'], ['restrict@4:1-9']],
    );
    assert.deepEqual(file.keys.map((k) => [k.loc.line, k.loc.column]), [[3, 3], [4, 1]]);
    assert.equal(file.keys[0]!.keyPath, made.find((k) => k.spec === 'ed25519')!.fingerprint, 'findings keep their fingerprint when lines move');
  });

  it('takes the size from the key data, and refuses a line whose data is of another type (as sshd does)', () => {
    const rsa = blobOf('rsa-1024');
    const liar = parseAuthorizedKeys(`ssh-ed25519 ${rsa} liar`, 'k');
    assert.equal(liar.file.keys.length, 0);
    assert.match(liar.errors[0]!.reason, /names ssh-ed25519 but its key data is ssh-rsa/);
    assert.equal(liar.errors[0]!.column, 13, 'points at the key data');
    const comment = parseAuthorizedKeys(`ssh-rsa ${rsa} my 4096-bit key`, 'k');
    assert.equal(comment.file.keys[0]!.bits, 1024);
  });

  it('decodes security keys (sk-…@openssh.com), checked against ssh-keygen -l', () => {
    const edPoint = fields(blobOf('ed25519'))[1]!;
    const ecFields = fields(blobOf('ecdsa-256'));
    const skEd = Buffer.concat([ws('sk-ssh-ed25519@openssh.com'), ws(edPoint), ws('ssh:')]).toString('base64');
    const skEc = Buffer.concat([ws('sk-ecdsa-sha2-nistp256@openssh.com'), ws('nistp256'), ws(ecFields[2]!), ws('ssh:')]).toString('base64');
    const text = `sk-ssh-ed25519@openssh.com ${skEd} yubi\nno-touch-required sk-ecdsa-sha2-nistp256@openssh.com ${skEc} yubi-old\n`;
    const path = join(dir, 'sk_keys');
    writeFileSync(path, text);
    const oracle = listed(path);
    const { file, errors } = parseAuthorizedKeys(text, 'k');
    assert.deepEqual(errors, []);
    assert.deepEqual(file.keys.map((k) => [k.baseType, k.securityKey, k.bits, k.fingerprint]), [
      ['sk-ssh-ed25519@openssh.com', true, oracle[0]!.bits, oracle[0]!.fingerprint],
      ['sk-ecdsa-sha2-nistp256@openssh.com', true, oracle[1]!.bits, oracle[1]!.fingerprint],
    ]);
    assert.deepEqual(oracle.map((o) => o.label), ['ED25519-SK', 'ECDSA-SK']);
    assert.equal(weakness(file.keys[1]!), undefined, 'a P-256 security key is not reported');
  });

  it('refuses trailing data, a curve other than the named one and a malformed point', () => {
    const ed = Buffer.from(blobOf('ed25519'), 'base64');
    const trailing = Buffer.concat([ed, Buffer.from([0, 0, 0, 1, 0x41])]).toString('base64');
    assert.match(decodeKeyBlob(trailing).ok ? '' : (decodeKeyBlob(trailing) as { reason: string }).reason, /unexpected data after the key/);
    const ec = fields(blobOf('ecdsa-384'));
    const wrongCurve = Buffer.concat([ws('ecdsa-sha2-nistp256'), ws(ec[1]!), ws(ec[2]!)]).toString('base64');
    const r1 = decodeKeyBlob(wrongCurve);
    assert.ok(!r1.ok && /another curve than nistp256/.test(r1.reason));
    const badPoint = Buffer.concat([ws('ecdsa-sha2-nistp384'), ws('nistp384'), ws(ec[2]!.subarray(1))]).toString('base64');
    const r2 = decodeKeyBlob(badPoint);
    assert.ok(!r2.ok && /point is malformed/.test(r2.reason));
  });

  it('turns malformed lines into positioned errors without echoing key material', () => {
    const blob = blobOf('ed25519');
    const text = [
      'ssh-ed25519',
      `ssh-rsa ${blob.slice(0, 20)}`,
      `from="10.0.0.1 ssh-ed25519 ${blob}`,
      'garbage line here',
      'ssh-ed25519 !!notbase64!!',
      `  no-pty ssh-foo ${blob}`,
    ].join('\n');
    const { file, errors } = parseAuthorizedKeys(text, 'k');
    assert.equal(file.keys.length, 0);
    assert.deepEqual(errors.map((e) => `${e.line}:${e.column}`), ['1:12', '2:9', '3:6', '4:1', '5:13', '6:3']);
    for (const e of errors) assert.ok(!e.reason.includes(blob.slice(0, 12)) && !e.reason.includes(blob.slice(20, 32)), e.reason);
  });
});

describe('weakness', () => {
  it('grades keys as the check documents', () => {
    const grade = (spec: string): string => {
      const key = parseAuthorizedKeys(made.find((k) => k.spec === spec)!.pub, 'k').file.keys[0]!;
      return weakness(key)?.severity ?? 'ok';
    };
    const want: Record<string, string> = {
      ed25519: 'ok',
      'rsa-1024': 'high',
      'rsa-2048': 'medium',
      'rsa-3072': 'low',
      'rsa-4096': 'ok',
      'ecdsa-256': 'low',
      'ecdsa-384': 'ok',
      'ecdsa-521': 'ok',
      dsa: 'medium',
      'ed25519-cert': 'ok',
      'rsa-2048-cert': 'medium',
    };
    for (const k of made) assert.equal(grade(k.spec), want[k.spec], k.spec);
  });
});

describe('parseAuthorizedKeys on random input', () => {
  it('never throws; errors are positioned and hold no key data', () => {
    const good = made.map((k) => k.pub).join('\n');
    const pieces = ['ssh-ed25519 ', 'ssh-rsa ', 'from="', '"', ',', ' ', '\t', '\\"', '\n', '#', 'restrict ', 'AAAA', '=', 'ecdsa-sha2-nistp256 '];
    const arbitrary = fc.oneof(
      fc.string(),
      fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((xs) => xs.join('')),
      fc.tuple(fc.nat(good.length), fc.nat(good.length), fc.string({ maxLength: 5 })).map(([a, b, s]) => good.slice(0, Math.min(a, b)) + s + good.slice(Math.max(a, b))),
    );
    fc.assert(
      fc.property(arbitrary, (text) => {
        const { file, errors } = parseAuthorizedKeys(text, 'k');
        const lines = text.split('\n').length;
        for (const e of errors) {
          assert.ok(e.line !== undefined && e.line >= 1 && e.line <= lines);
          assert.ok(e.column !== undefined && e.column >= 1);
          assert.doesNotMatch(e.reason, /[A-Za-z0-9+/]{24,}/, 'no base64 run in a reason');
        }
        for (const k of file.keys) assert.ok(k.loc.line >= 1 && k.loc.line <= lines && k.bits >= 0 && k.fingerprint.startsWith('SHA256:'));
      }),
      { numRuns: 500 },
    );
  });
});
