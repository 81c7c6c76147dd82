/**
 * etc/passwd and etc/group as the file-modes loader reads them: fields, homes, positioned
 * errors for lines without the fields, user-private groups; random input never throws.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { emptyAccounts, isPrivateGroup, parseGroup, parsePasswd } from '../../../src/inputs/file-modes/accounts.ts';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  '# a comment',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'alice:x:1000:1000:Alice,,,:/home/alice/:/bin/bash',
  'broken line',
  'bob:x:1001:100::/home/bob:/bin/sh',
  'carol:x:1002:1002::/srv/carol:/bin/sh',
  'alice2:x:1000:1000:same uid:/home/alice2:/bin/sh',
  '+@nis::::::',
  'eve:x:notanumber:1:::',
  '',
].join('\n');

const GROUP = ['root:x:0:', 'users:x:100:bob,carol', 'alice:x:1000:', 'carol:x:1002:dave', 'shared:x:1003:', 'bad'].join('\r\n');

describe('parsePasswd', () => {
  const { accounts, errors } = parsePasswd(PASSWD, 'etc/passwd');

  it('reads accounts with uid, gid and home; the first account of a uid names it', () => {
    assert.deepEqual(accounts.byName.get('alice'), { name: 'alice', uid: 1000, gid: 1000, home: '/home/alice/' });
    assert.equal(accounts.byUid.get(1000)!.name, 'alice');
    assert.equal(accounts.byUid.get(0)!.name, 'root');
    assert.equal(accounts.byHome.get('home/alice')!.name, 'alice', 'home folders are root-relative, trailing slash dropped');
    assert.equal(accounts.byHome.get('srv/carol')!.name, 'carol');
    assert.equal(accounts.byHome.get('home/carol'), undefined);
  });

  it('reports lines without the fields at their line, skips comments and NIS lines', () => {
    assert.deepEqual(errors.map((e) => `${e.line}:${e.column}`), ['5:1', '10:1']);
    for (const e of errors) assert.doesNotMatch(e.reason, /broken|eve/);
  });
});

describe('parseGroup and isPrivateGroup', () => {
  const accounts = parsePasswd(PASSWD, 'etc/passwd').accounts;
  const { errors } = parseGroup(GROUP, 'etc/group', accounts);

  it('reads groups with members (CRLF too) and reports bad lines', () => {
    assert.deepEqual(accounts.groupsByGid.get(100), { name: 'users', gid: 100, members: ['bob', 'carol'] });
    assert.deepEqual(errors.map((e) => e.line), [6]);
  });

  it("knows a user-private group: the owner's primary group with nobody else in it", () => {
    assert.equal(isPrivateGroup(accounts, 0, 0), true, 'root:root');
    assert.equal(isPrivateGroup(accounts, 1001, 100), false, 'users has members');
    assert.equal(isPrivateGroup(accounts, 1002, 1002), false, 'dave is a member of carol');
    assert.equal(isPrivateGroup(accounts, 1000, 1000), false, 'alice2 has the same primary group');
    assert.equal(isPrivateGroup(accounts, 1001, 1003), false, "not bob's primary group");
    assert.equal(isPrivateGroup(accounts, 4242, 4242), false, 'unknown accounts are not private');
    assert.equal(isPrivateGroup(emptyAccounts(), 0, 0), false);
  });
});

describe('passwd and group on random input', () => {
  it('never throw; every error is positioned on a line of the input', () => {
    const pieces = ['root', ':', 'x', '0', '1000', '/home/a', '\n', '\r\n', '#', '+', ',', ' ', 'bin/sh'];
    const text = fc.oneof(fc.string(), fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((xs) => xs.join('')));
    fc.assert(
      fc.property(text, text, (p, g) => {
        const a = parsePasswd(p, 'etc/passwd');
        const b = parseGroup(g, 'etc/group', a.accounts);
        for (const [e, t] of [...a.errors.map((e) => [e, p] as const), ...b.errors.map((e) => [e, g] as const)]) {
          assert.ok(e.line! >= 1 && e.line! <= t.split('\n').length && e.column === 1);
        }
        for (const acc of a.accounts.byName.values()) assert.ok(Number.isInteger(acc.uid) && acc.uid >= 0);
      }),
      { numRuns: 500 },
    );
  });
});
