/**
 * authorized_keys: real keys from Debian's ssh-keygen, decoded sizes equal what
 * `ssh-keygen -l` prints; options with quoted commas; malformed lines are positioned
 * errors that never echo key material; random input never throws.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { parseAuthorizedKeys } from '../../../src/inputs/ssh-keys/parse.ts';

const KEYGEN = '/usr/bin/ssh-keygen';
let dir: string;
const made: Array<{ spec: string; pub: string; bits: number; type: string }> = [];

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
    execFileSync(KEYGEN, ['-q', ...args, '-N', '', '-C', `${name}@test`, '-f', file], { stdio: 'ignore' });
    // `ssh-keygen -l`: "<bits> SHA256:… comment (TYPE)"
    const listed = execFileSync(KEYGEN, ['-l', '-f', `${file}.pub`], { encoding: 'utf8' });
    const m = /^(\d+) \S+ .* \((\w+)\)$/.exec(listed.trim());
    assert.ok(m, listed);
    made.push({ spec: name, pub: readFileSync(`${file}.pub`, 'utf8').trim(), bits: Number(m[1]), type: m[2]! });
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('parseAuthorizedKeys', () => {
  it('decodes the type and size of real keys exactly as ssh-keygen -l reports them', () => {
    const text = made.map((k) => k.pub).join('\n');
    const { file, errors } = parseAuthorizedKeys(text, 'authorized_keys');
    assert.deepEqual(errors, []);
    assert.equal(file.keys.length, made.length);
    file.keys.forEach((key, i) => {
      assert.equal(key.bits, made[i]!.bits, made[i]!.spec);
      assert.equal(key.loc.line, i + 1);
      assert.equal(key.comment, `${made[i]!.spec}@test`);
      const family = { ED25519: 'ssh-ed25519', RSA: 'ssh-rsa', ECDSA: 'ecdsa', DSA: 'ssh-dss' }[made[i]!.type]!;
      assert.ok(key.type.startsWith(family), `${key.type} vs ${made[i]!.type}`);
    });
  });

  it('reads options with quoted commas and blanks, and keeps positions', () => {
    const pub = made.find((k) => k.spec === 'ed25519')!.pub;
    const text = `\n  # comment\n  command="echo a, b",from="10.0.0.0/8,192.168.0.0/16",no-pty ${pub}\nrestrict ${pub}\n`;
    const { file, errors } = parseAuthorizedKeys(text, 'k');
    assert.deepEqual(errors, []);
    assert.deepEqual(file.keys.map((k) => [k.options, k.loc.line, k.loc.column]), [
      [['command', 'from', 'no-pty'], 3, 3],
      [['restrict'], 4, 1],
    ]);
  });

  it('takes the size from the key data, and refuses a line whose data is of another type (as sshd does)', () => {
    const rsa = made.find((k) => k.spec === 'rsa-1024')!.pub.split(' ')[1]!;
    const liar = parseAuthorizedKeys(`ssh-ed25519 ${rsa} liar`, 'k');
    assert.equal(liar.file.keys.length, 0);
    assert.match(liar.errors[0]!.reason, /names ssh-ed25519 but its key data is ssh-rsa/);
    const honest = parseAuthorizedKeys(`ssh-rsa ${rsa} old`, 'k');
    assert.equal(honest.file.keys[0]!.bits, 1024);
  });

  it('turns malformed lines into positioned errors without echoing key material', () => {
    const blob = made.find((k) => k.spec === 'ed25519')!.pub.split(' ')[1]!;
    const text = ['ssh-ed25519', `ssh-rsa ${blob.slice(0, 20)}`, `from="10.0.0.1 ssh-ed25519 ${blob}`, 'garbage line here', `ssh-ed25519 !!notbase64!!`].join('\n');
    const { file, errors } = parseAuthorizedKeys(text, 'k');
    assert.equal(file.keys.length, 0);
    assert.deepEqual(errors.map((e) => e.line), [1, 2, 3, 4, 5]);
    for (const e of errors) assert.ok(!e.reason.includes(blob.slice(0, 12)), e.reason);
  });

  it('never throws on random or mutated input', () => {
    const good = made.map((k) => k.pub).join('\n');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => good.slice(0, s.length * 7) + s + good.slice(s.length * 7))), (text) => {
        const { file, errors } = parseAuthorizedKeys(text, 'k');
        for (const e of errors) assert.ok(e.line !== undefined && e.line >= 1);
        return Array.isArray(file.keys);
      }),
      { numRuns: 300 },
    );
  });
});
