import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateAgeIdentity } from '../../src/secrets/age/age-keys.ts';
import { defaultKeysFile, findIdentities, parseIdentities } from '../../src/secrets/identities.ts';
import { creationRuleFor, findSopsConfig, loadCreationRule } from '../../src/secrets/sops-config.ts';
import { tempDir } from './helpers.ts';

describe('identity lookup (as sops does it)', () => {
  let work: ReturnType<typeof tempDir>;
  const ids: string[] = [];
  before(async () => {
    work = tempDir();
    for (let i = 0; i < 4; i++) ids.push((await generateAgeIdentity()).identity);
    mkdirSync(join(work.dir, 'home', '.config', 'sops', 'age'), { recursive: true });
    writeFileSync(join(work.dir, 'home', '.config', 'sops', 'age', 'keys.txt'), `# created: x\n# public key: age1…\n${ids[0]}\n\n`);
    mkdirSync(join(work.dir, 'xdg', 'sops', 'age'), { recursive: true });
    writeFileSync(join(work.dir, 'xdg', 'sops', 'age', 'keys.txt'), `${ids[1]}\r\n`);
    writeFileSync(join(work.dir, 'file.txt'), `${ids[2]}\n`);
    writeFileSync(join(work.dir, 'cli.txt'), `${ids[3]}\n`);
  });
  after(() => work.cleanup());

  it('uses ~/.config/sops/age/keys.txt under HOME, or $XDG_CONFIG_HOME when set', () => {
    const home = join(work.dir, 'home');
    assert.deepEqual(findIdentities({ env: { HOME: home }, cwd: work.dir }).identities, [ids[0]]);
    assert.deepEqual(findIdentities({ env: { HOME: home, XDG_CONFIG_HOME: join(work.dir, 'xdg') }, cwd: work.dir }).identities, [ids[1]]);
    // A relative XDG_CONFIG_HOME is an error for Go's os.UserConfigDir: no default file then.
    assert.equal(defaultKeysFile({ HOME: home, XDG_CONFIG_HOME: 'rel' }), undefined);
    assert.deepEqual(findIdentities({ env: {}, cwd: work.dir }).identities, []);
  });

  it('collects every source in order: --identity, SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, the default file', () => {
    const found = findIdentities({
      env: { HOME: join(work.dir, 'home'), SOPS_AGE_KEY: `# comment\n${ids[1]}`, SOPS_AGE_KEY_FILE: 'file.txt' },
      cwd: work.dir,
      files: ['cli.txt'],
    });
    assert.deepEqual(found.identities, [ids[3], ids[1], ids[2], ids[0]]);
    assert.deepEqual(found.sources, ['cli.txt', 'SOPS_AGE_KEY', 'SOPS_AGE_KEY_FILE (file.txt)', join(work.dir, 'home', '.config', 'sops', 'age', 'keys.txt')]);
  });

  it('fails clearly on a missing SOPS_AGE_KEY_FILE and on lines that are not identities, without echoing them', () => {
    assert.throws(() => findIdentities({ env: { SOPS_AGE_KEY_FILE: 'missing.txt' }, cwd: work.dir }), /cannot read the age identity file SOPS_AGE_KEY_FILE \(missing.txt\): ENOENT/);
    assert.throws(
      () => parseIdentities('AGE-SECRET-KEY-1QQQ\nhunter2-not-a-key\n', 'SOPS_AGE_KEY'),
      (err: Error) => /SOPS_AGE_KEY line 2: not an age identity/.test(err.message) && !err.message.includes('hunter2'),
    );
    assert.throws(() => parseIdentities('AGE-PLUGIN-YUBIKEY-1ABC\n', 'f'), /plugin identities are not supported/);
    assert.throws(() => parseIdentities('-----BEGIN AGE ENCRYPTED FILE-----\n', 'f'), /passphrase-protected/);
  });
});

describe('.sops.yaml creation rules', () => {
  let work: ReturnType<typeof tempDir>;
  before(() => {
    work = tempDir();
    mkdirSync(join(work.dir, 'deploy', 'prod'), { recursive: true });
    writeFileSync(
      join(work.dir, '.sops.yaml'),
      [
        'creation_rules:',
        '  - path_regex: prod/.*\\.env$',
        '    age: age1aaa, age1bbb',
        '    encrypted_regex: ^(DB_|API_)',
        '  - path_regex: \\.env\\.enc$',
        '    key_groups:',
        '      - age:',
        '          - age1ccc',
        '    mac_only_encrypted: true',
        '  - age:',
        '      - age1ddd',
        '',
      ].join('\n'),
    );
  });
  after(() => work.cleanup());

  it('is found in the working directory or a parent', () => {
    assert.equal(findSopsConfig(join(work.dir, 'deploy', 'prod')), join(work.dir, '.sops.yaml'));
  });

  it('applies the first rule whose path_regex matches the path relative to the config', () => {
    const cwd = join(work.dir, 'deploy');
    const prod = loadCreationRule(cwd, 'prod/app.env')!;
    assert.deepEqual(prod.rule.recipients, ['age1aaa', 'age1bbb']);
    assert.deepEqual(prod.rule.rule, { kind: 'encrypted_regex', value: '^(DB_|API_)' });
    const enc = loadCreationRule(work.dir, 'x/.env.enc')!;
    assert.deepEqual(enc.rule.recipients, ['age1ccc']);
    assert.equal(enc.rule.macOnlyEncrypted, true);
    const other = loadCreationRule(work.dir, 'other.txt')!;
    assert.deepEqual(other.rule.recipients, ['age1ddd']);
    assert.equal(other.rule.index, 2);
  });

  it('refuses what bulwark cannot honour: other key types, Shamir groups, two rules, no match', () => {
    const at = join(work.dir, '.sops.yaml');
    const file = join(work.dir, 'a.env');
    assert.throws(() => creationRuleFor(at, 'creation_rules:\n  - age: age1a\n    pgp: ABC\n', file), /names pgp keys/);
    assert.throws(() => creationRuleFor(at, 'creation_rules:\n  - key_groups: [{age: [age1a]}, {age: [age1b]}]\n', file), /Shamir/);
    assert.throws(() => creationRuleFor(at, 'creation_rules:\n  - age: age1a\n    encrypted_regex: a\n    unencrypted_suffix: b\n', file), /more than one/);
    assert.throws(() => creationRuleFor(at, 'creation_rules:\n  - path_regex: ^nothing$\n    age: age1a\n', file), /no creation rule matches a.env/);
    assert.equal(creationRuleFor(at, 'destination_rules: []\n', file), undefined);
  });
});
