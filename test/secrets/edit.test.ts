/**
 * `bulwark secrets edit` with EDITOR set to small shell scripts: the plaintext lives in
 * a private temp dir that is gone afterwards, whether the editor succeeds, fails, is
 * killed, or bulwark itself is interrupted or terminated.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateAgeIdentity } from '../../src/secrets/age/age-keys.ts';
import { decryptDotenv, encryptDotenv, plaintextOf } from '../../src/secrets/sops/sops-dotenv.ts';
import { cli, leaked, tempDir } from './helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PLAINTEXT = '# app\nDB_PASSWORD=Zq8vN3kLw2Rt7pXy5sHb4dMf\nAPI_TOKEN=tok_4f9a8b7c6d5e4f3a2b1c\nDEBUG_unencrypted=1\n';
const SECRETS = ['Zq8vN3kLw2Rt7pXy5sHb4dMf', 'tok_4f9a8b7c6d5e4f3a2b1c', 'tok_NEW_0c9d8e7f6a5b'];

describe('secrets edit', () => {
  let work: ReturnType<typeof tempDir>;
  let identity = '';
  let recipient = '';
  let file = '';
  let record = '';
  let original = '';
  const env = (editor: string): Record<string, string> => ({ EDITOR: editor, SOPS_AGE_KEY: identity, RECORD: record });
  const script = (name: string, body: string): string => {
    const path = join(work.dir, name);
    writeFileSync(path, `#!/bin/sh\necho "$1" > "$RECORD"\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  const editedPath = (): string => readFileSync(record, 'utf8').trim();

  before(async () => {
    work = tempDir();
    ({ identity, recipient } = await generateAgeIdentity());
    file = join(work.dir, '.env.enc');
    record = join(work.dir, 'edited-path.txt');
    original = await encryptDotenv(PLAINTEXT, { recipients: [recipient] });
  });
  beforeEach(() => {
    writeFileSync(file, original);
    chmodSync(file, 0o640);
    writeFileSync(record, '');
  });
  after(() => work.cleanup());

  it('re-encrypts the edit, keeps unchanged ciphertext and the mode, removes the private dir', async () => {
    const editor = script('change.sh', "sed -i 's/^API_TOKEN=.*/API_TOKEN=tok_NEW_0c9d8e7f6a5b/' \"$1\"");
    const r = await cli(['secrets', 'edit', '.env.enc'], work.dir, env(editor));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /re-encrypted \(changed API_TOKEN\)/);
    assert.equal(leaked(r.stdout + r.stderr, SECRETS), undefined);
    const edited = editedPath();
    assert.equal(statSync(dirname(edited), { throwIfNoEntry: false }), undefined, 'the private dir is gone');
    const after = readFileSync(file, 'utf8');
    const line = (text: string, key: string) => text.split('\n').find((l) => l.startsWith(`${key}=`));
    assert.equal(line(after, 'DB_PASSWORD'), line(original, 'DB_PASSWORD'));
    assert.equal(after.split('\n')[0], original.split('\n')[0], 'the encrypted comment keeps its ciphertext');
    assert.notEqual(line(after, 'API_TOKEN'), line(original, 'API_TOKEN'));
    assert.equal(line(after, 'sops_age__list_0__map_enc'), line(original, 'sops_age__list_0__map_enc'));
    assert.equal(statSync(file).mode & 0o777, 0o640);
    const decrypted = await decryptDotenv(after, { identities: [identity] });
    assert.equal(plaintextOf(decrypted.items), PLAINTEXT.replace('tok_4f9a8b7c6d5e4f3a2b1c', 'tok_NEW_0c9d8e7f6a5b'));
  });

  it('the plaintext file is 0600 in a 0700 directory while the editor runs', async () => {
    const editor = script('modes.sh', 'stat -c %a "$1" "$(dirname "$1")" > "$RECORD.modes"');
    const r = await cli(['secrets', 'edit', '.env.enc'], work.dir, env(editor));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /no changes/);
    assert.deepEqual(readFileSync(`${record}.modes`, 'utf8').trim().split('\n'), ['600', '700']);
    assert.equal(readFileSync(file, 'utf8'), original, 'unchanged file is not rewritten');
  });

  for (const [what, body, expected] of [
    ['the editor exits non-zero', 'exit 3', /editor exited with status 3; \.env\.enc left unchanged/],
    ['the editor is killed', 'kill -9 $$', /editor was ended by SIGKILL; \.env\.enc left unchanged/],
    ['the result does not parse', 'printf "DB_PASSWORD=x\\nnot a pair\\n" > "$1"', /not valid \(line 2: not a KEY=value line or a # comment\); \.env\.enc left unchanged/],
    ['the result uses a sops_ key', 'printf "sops_mac=x\\n" > "$1"', /reserved prefix sops_.*left unchanged/],
  ] as const) {
    it(`keeps the original and removes the plaintext when ${what}`, async () => {
      const r = await cli(['secrets', 'edit', '.env.enc'], work.dir, env(script('fail.sh', body)));
      assert.equal(r.code, 2);
      assert.match(r.stderr, expected);
      assert.equal(leaked(r.stdout + r.stderr, SECRETS), undefined);
      assert.equal(readFileSync(file, 'utf8'), original);
      assert.equal(existsSync(dirname(editedPath())), false);
    });
  }

  it('does not overwrite a file that changed on disk during the edit', async () => {
    const editor = script('race.sh', 'printf "X=1\\n" > "$1"; echo "#other" >> "${RECORD%/*}/.env.enc"');
    const r = await cli(['secrets', 'edit', '.env.enc'], work.dir, env(editor));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /changed on disk while it was being edited/);
    assert.equal(readFileSync(file, 'utf8'), `${original}#other\n`);
    assert.equal(existsSync(dirname(editedPath())), false);
  });

  it('a wrong key fails before any plaintext is written', async () => {
    const stranger = await generateAgeIdentity();
    const r = await cli(['secrets', 'edit', '.env.enc'], work.dir, { ...env(script('never.sh', 'exit 0')), SOPS_AGE_KEY: stranger.identity });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /wrong key/);
    assert.equal(readFileSync(record, 'utf8'), '', 'the editor never ran');
  });

  // As a separate process: signals must reach bulwark itself.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`removes the plaintext when bulwark gets ${signal} while the editor runs`, async () => {
      const editor = script('wait.sh', 'exec sleep 20');
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'secrets', 'edit', file], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: work.dir, ...env(editor) },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, like a shell job: Ctrl-C goes to bulwark and the editor.
        detached: true,
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, sig) => done({ code, signal: sig })));
      for (let i = 0; i < 200 && readFileSync(record, 'utf8') === ''; i++) await sleep(50);
      const edited = editedPath();
      assert.ok(existsSync(edited), 'the editor has the plaintext file');
      if (signal === 'SIGINT') process.kill(-child.pid!, 'SIGINT');
      else process.kill(child.pid!, signal);
      const end = await exited;
      assert.equal(existsSync(dirname(edited)), false, 'the private dir is gone');
      assert.equal(readFileSync(file, 'utf8'), original);
      if (signal === 'SIGINT') {
        // Ctrl-C ended the editor; bulwark noticed and kept the file.
        assert.equal(end.code, 2, stderr);
        assert.match(stderr, /editor was ended by SIGINT/);
      } else {
        assert.equal(end.signal, signal);
      }
      assert.equal(leaked(stderr, SECRETS), undefined);
    });
  }
});
