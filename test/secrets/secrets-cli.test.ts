/**
 * `bulwark secrets …` through runCli, in-process: exit codes, files and their modes, and
 * that no secret value shows up in stdout or stderr unless the user asked for it.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decryptSops } from 'sops-age';
import { cli, leaked, tempDir } from './helpers.ts';

const SECRETS = ['Zq8vN3kLw2Rt7pXy5sHb4dMf', 'tok_4f9a8b7c6d5e4f3a2b1c'];
const PLAINTEXT = `# app secrets\nDB_PASSWORD=${SECRETS[0]}\nAPI_TOKEN=${SECRETS[1]}\nLOG_unencrypted=info\n`;

describe('bulwark secrets (CLI)', () => {
  let work: ReturnType<typeof tempDir>;
  let dir = '';
  let recipient = '';
  let keyFile = '';
  let env: Record<string, string> = {};
  const identityOf = (file: string): string => readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-1'))!;
  const clean = (r: { stdout: string; stderr: string }, extra: string[] = []) =>
    assert.equal(leaked(r.stdout + r.stderr, [...SECRETS, ...extra, identityOf(keyFile)]), undefined, 'a secret leaked into the output');

  before(async () => {
    work = tempDir();
    dir = work.dir;
    process.umask(0o022);
    const r = await cli(['secrets', 'keygen', '-o', 'key.txt'], dir);
    assert.equal(r.code, 0, r.stderr);
    keyFile = join(dir, 'key.txt');
    recipient = r.stdout.trim();
    env = { SOPS_AGE_KEY_FILE: keyFile };
    writeFileSync(join(dir, '.env'), PLAINTEXT, { mode: 0o640 });
    chmodSync(join(dir, '.env'), 0o640);
  });
  after(() => work.cleanup());

  describe('keygen', () => {
    it('writes the identity 0600, prints only the public key', () => {
      assert.match(recipient, /^age1[0-9a-z]{58}$/);
      assert.equal(statSync(keyFile).mode & 0o777, 0o600);
      assert.match(readFileSync(keyFile, 'utf8'), new RegExp(`^# created: .*\\n# public key: ${recipient}\\nAGE-SECRET-KEY-1[0-9A-Z]+\\n$`));
    });
    it('never overwrites; --append adds a key', async () => {
      const before = readFileSync(keyFile, 'utf8');
      const r = await cli(['secrets', 'keygen', '-o', 'key.txt'], dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /already exists; it is never overwritten/);
      assert.equal(readFileSync(keyFile, 'utf8'), before);
      const copy = join(dir, 'two.txt');
      writeFileSync(copy, before, { mode: 0o600 });
      const a = await cli(['secrets', 'keygen', '-o', 'two.txt', '--append'], dir);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(readFileSync(copy, 'utf8').match(/AGE-SECRET-KEY-1/g)!.length, 2);
    });
    it('defaults to ~/.config/sops/age/keys.txt with private directories', async () => {
      const home = join(dir, 'home');
      const r = await cli(['secrets', 'keygen'], dir, { HOME: home });
      assert.equal(r.code, 0, r.stderr);
      const file = join(home, '.config', 'sops', 'age', 'keys.txt');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(statSync(join(home, '.config', 'sops', 'age')).mode & 0o777, 0o700);
    });
  });

  describe('encrypt / decrypt', () => {
    it('encrypts to FILE.enc with the source mode; the result opens with sops-age', async () => {
      const r = await cli(['secrets', 'encrypt', '.env', '--age', recipient], dir);
      assert.equal(r.code, 0, r.stderr);
      clean(r);
      assert.match(r.stderr, /encrypted \.env to \.env\.enc for 1 age recipient \(from --age\)/);
      assert.match(r.stderr, /still holds the plaintext/);
      const text = readFileSync(join(dir, '.env.enc'), 'utf8');
      assert.equal(leaked(text, SECRETS), undefined);
      assert.equal(statSync(join(dir, '.env.enc')).mode & 0o777, 0o640);
      const out = (await decryptSops(text, { secretKey: identityOf(keyFile), fileType: 'env' })) as Record<string, string>;
      assert.equal(out.DB_PASSWORD, SECRETS[0]);
    });
    it('will not replace an existing output without --force', async () => {
      const r = await cli(['secrets', 'encrypt', '.env', '--age', recipient], dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /\.env\.enc already exists; pass --force/);
    });
    it('decrypts to stdout', async () => {
      const r = await cli(['secrets', 'decrypt', '.env.enc'], dir, env);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, PLAINTEXT);
      assert.equal(r.stderr, '');
    });
    it('decrypts to a new file created 0600, and keeps the mode of an existing one (with a warning)', async () => {
      const r = await cli(['secrets', 'decrypt', '.env.enc', '-o', 'out.env'], dir, env);
      assert.equal(r.code, 0, r.stderr);
      clean(r);
      assert.equal(statSync(join(dir, 'out.env')).mode & 0o777, 0o600);
      assert.equal(readFileSync(join(dir, 'out.env'), 'utf8'), PLAINTEXT);
      writeFileSync(join(dir, 'shared.env'), 'old\n');
      chmodSync(join(dir, 'shared.env'), 0o644);
      const s = await cli(['secrets', 'decrypt', '.env.enc', '-o', 'shared.env'], dir, env);
      assert.equal(s.code, 0);
      assert.equal(statSync(join(dir, 'shared.env')).mode & 0o777, 0o644);
      assert.match(s.stderr, /readable by other users \(mode 0644\)/);
    });
    it('a wrong key: exit 2, a clear message, nothing on stdout', async () => {
      await cli(['secrets', 'keygen', '-o', 'other.txt'], dir);
      const r = await cli(['secrets', 'decrypt', '.env.enc'], dir, { SOPS_AGE_KEY_FILE: join(dir, 'other.txt') });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^bulwark secrets decrypt: wrong key: none of the 1 age identity \(from SOPS_AGE_KEY_FILE/);
      assert.ok(r.stderr.includes(recipient));
      clean(r, [identityOf(join(dir, 'other.txt'))]);
      const none = await cli(['secrets', 'decrypt', '.env.enc'], dir);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /no age identity found/);
    });
    it('a tampered value or MAC: exit 2 naming the key, nothing on stdout, the output file untouched', async () => {
      const text = readFileSync(join(dir, '.env.enc'), 'utf8');
      const flip = (s: string, marker: string): string => {
        const at = s.indexOf(marker) + marker.length;
        return s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1);
      };
      const cases: [string, string, RegExp][] = [
        ['value', flip(text, 'API_TOKEN=ENC[AES256_GCM,data:'), /the value of API_TOKEN failed authentication/],
        ['iv', text.replace(/^(DB_PASSWORD=ENC\[AES256_GCM,data:[^,]*,iv:)(.)/m, (_m, head: string, c: string) => head + (c === 'A' ? 'B' : 'A')), /the value of DB_PASSWORD failed authentication/],
        ['MAC', flip(text, 'sops_mac=ENC[AES256_GCM,data:'), /MAC \(sops_mac\) does not decrypt/],
        ['unencrypted value', text.replace('LOG_unencrypted=info', 'LOG_unencrypted=debug'), /MAC mismatch/],
      ];
      for (const [what, tampered, expected] of cases) {
        writeFileSync(join(dir, 'tampered.enc'), tampered);
        const r = await cli(['secrets', 'decrypt', 'tampered.enc', '-o', 'tampered.out'], dir, env);
        assert.equal(r.code, 2, what);
        assert.equal(r.stdout, '', what);
        assert.match(r.stderr, expected, what);
        assert.equal(existsSync(join(dir, 'tampered.out')), false, what);
        clean(r);
      }
    });
    it('encrypts in place, keeping the exact mode', async () => {
      writeFileSync(join(dir, 'inplace.env'), PLAINTEXT);
      chmodSync(join(dir, 'inplace.env'), 0o604);
      const r = await cli(['secrets', 'encrypt', 'inplace.env', '-i', '--age', recipient, '--encrypted-regex', '^DB_'], dir);
      assert.equal(r.code, 0, r.stderr);
      const text = readFileSync(join(dir, 'inplace.env'), 'utf8');
      assert.equal(statSync(join(dir, 'inplace.env')).mode & 0o777, 0o604);
      assert.ok(!text.includes(SECRETS[0]!));
      assert.ok(text.includes(`API_TOKEN=${SECRETS[1]}`), 'encrypted_regex leaves other keys readable');
      assert.match(text, /^sops_encrypted_regex=\^DB_$/m);
      const d = await cli(['secrets', 'decrypt', 'inplace.env'], dir, env);
      assert.equal(d.stdout, PLAINTEXT);
    });
    it('takes recipients and rules from .sops.yaml', async () => {
      mkdirSync(join(dir, 'proj'));
      writeFileSync(join(dir, 'proj', '.sops.yaml'), `creation_rules:\n  - path_regex: \\.env$\n    age: ${recipient}\n    unencrypted_regex: ^LOG\n`);
      writeFileSync(join(dir, 'proj', 'app.env'), PLAINTEXT);
      const r = await cli(['secrets', 'encrypt', 'app.env', '-o', 'app.enc.env'], join(dir, 'proj'));
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /from \.sops\.yaml \(creation_rules\[0\]\)/);
      assert.match(readFileSync(join(dir, 'proj', 'app.enc.env'), 'utf8'), /^sops_unencrypted_regex=\^LOG$/m);
      const none = await cli(['secrets', 'encrypt', '.env', '-o', 'x.enc'], dir);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /no recipients: pass --age/);
    });
  });

  describe('status, gen, rotate', () => {
    it('status: 0 for a sound encrypted file, 1 for plaintext, JSON on request', async () => {
      const ok = await cli(['secrets', 'status', '.env.enc'], dir, env);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /encrypted \(sops 3\.13\.2/);
      assert.match(ok.stdout, /readable by rule: LOG_unencrypted/);
      assert.match(ok.stdout, /opens the file; MAC verified/);
      clean(ok);
      const plain = await cli(['secrets', 'status', '.env'], dir, env);
      assert.equal(plain.code, 1);
      assert.match(plain.stdout, /NOT encrypted: 3 values in plain text/);
      clean(plain);
      const json = await cli(['secrets', 'status', '.env.enc', '--format', 'json'], dir);
      assert.equal(json.code, 0);
      const doc = JSON.parse(json.stdout) as { encrypted: boolean; metadata: { recipients: string[] } };
      assert.equal(doc.encrypted, true);
      assert.deepEqual(doc.metadata.recipients, [recipient]);
    });
    it('gen: prints one secret; usage errors exit 2', async () => {
      const r = await cli(['secrets', 'gen', '--encoding', 'hex', '--length', '48'], dir);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^[0-9a-f]{48}\n$/);
      const weak = await cli(['secrets', 'gen', '--length', '8'], dir);
      assert.equal(weak.code, 0);
      assert.match(weak.stderr, /only 48 bits/);
      assert.equal((await cli(['secrets', 'gen', '--length', '8', '--bytes', '8'], dir)).code, 2);
      assert.equal((await cli(['secrets', 'gen', '--length', 'abc'], dir)).code, 2);
      assert.equal((await cli(['secrets', 'gen', '--encoding', 'rot13'], dir)).code, 2);
    });
    it('rotate: new values for the named keys only, other ciphertext kept, restart hint printed, no value shown', async () => {
      writeFileSync(join(dir, 'compose.yaml'), 'services:\n  api:\n    image: app:1\n    env_file: .env\n  web:\n    image: nginx:1.27\n');
      const before = readFileSync(join(dir, '.env.enc'), 'utf8');
      const r = await cli(['secrets', 'rotate', '.env.enc', 'API_TOKEN'], dir, env);
      assert.equal(r.code, 0, r.stderr);
      const afterText = readFileSync(join(dir, '.env.enc'), 'utf8');
      const line = (t: string, k: string) => t.split('\n').find((l) => l.startsWith(`${k}=`));
      assert.equal(line(afterText, 'DB_PASSWORD'), line(before, 'DB_PASSWORD'));
      assert.notEqual(line(afterText, 'API_TOKEN'), line(before, 'API_TOKEN'));
      assert.equal(statSync(join(dir, '.env.enc')).mode & 0o777, 0o640);
      const d = await cli(['secrets', 'decrypt', '.env.enc'], dir, env);
      const newToken = /^API_TOKEN=(.*)$/m.exec(d.stdout)![1]!;
      assert.notEqual(newToken, SECRETS[1]);
      assert.match(newToken, /^[A-Za-z0-9_-]{24}$/, 'shaped like the old value');
      assert.ok(d.stdout.includes(`DB_PASSWORD=${SECRETS[0]}`));
      assert.match(r.stdout, /API_TOKEN {2}new value: base64url, 24 characters/);
      assert.match(r.stdout, /Run: docker compose up -d --force-recreate api\n/);
      assert.match(r.stdout, /\.env \(a decrypted copy\?\) still has the old values/);
      clean(r, [newToken]);
      const missing = await cli(['secrets', 'rotate', '.env.enc', 'NOPE'], dir, env);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /no such key in the file: NOPE/);
    });
    it('help lists the subcommands', async () => {
      const r = await cli(['secrets', '--help'], dir);
      assert.equal(r.code, 0);
      for (const sub of ['keygen', 'encrypt', 'decrypt', 'edit', 'gen', 'rotate', 'status']) assert.match(r.stdout, new RegExp(`\\b${sub}\\b`));
    });
  });
});
