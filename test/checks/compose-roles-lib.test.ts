/**
 * The parsing helpers behind the credential and transport checks: connection URLs with
 * `${VAR}` references, libpq DSNs, credential names, command-line credentials.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  commandCredentials, commandWords, isCredentialName, isLiteralSecretValue, isPasswordName, isWeakPassword,
} from '../../src/checks/compose/_lib/credentials.ts';
import { findUrls, isLocalHost, isPostgresScheme, parseDsn, parseUrl } from '../../src/checks/compose/_lib/urls.ts';
import type { YScalar } from '../../src/inputs/compose/model.ts';

function scalar(value: string, raw?: string): YScalar {
  return { kind: 'scalar', value, ...(raw ? { raw } : {}), loc: { path: 'c.yml', line: 1, column: 1 }, keyPath: 'x' };
}

describe('parseUrl', () => {
  it('splits user, password, hosts, port, path and query', () => {
    const u = parseUrl('postgresql+asyncpg://app:s3cr%40t@db:5432/app?sslmode=verify-full&application_name=api')!;
    assert.equal(u.scheme, 'postgresql+asyncpg');
    assert.equal(u.user, 'app');
    assert.equal(u.password, 's3cr@t');
    assert.deepEqual(u.hosts, ['db']);
    assert.equal(u.port, '5432');
    assert.equal(u.path, '/app');
    assert.equal(u.params.get('sslmode'), 'verify-full');
  });

  it('keeps ${VAR:-default} references whole, even with : / @ inside', () => {
    const u = parseUrl('postgres://app:${DB_PASSWORD:-a/b@c}@db/app')!;
    assert.equal(u.password, '${DB_PASSWORD:-a/b@c}');
    assert.deepEqual(u.hosts, ['db']);
  });

  it('does not turn part of an unencoded password into the host', () => {
    const u = parseUrl('redis://:pa/ss@cache:6379/0')!;
    assert.equal(u.password, 'pa/ss');
    assert.deepEqual(u.hosts, ['cache']);
  });

  it('reads multi-host and IPv6 authorities', () => {
    assert.deepEqual(parseUrl('postgresql://h1:5432,h2:5433/app')!.hosts, ['h1', 'h2']);
    const v6 = parseUrl('http://[::1]:8080/x')!;
    assert.deepEqual([v6.hosts, v6.port], [['::1'], '8080']);
  });

  it('never throws and never puts a password in hosts (property)', () => {
    fc.assert(fc.property(fc.string(), fc.string({ minLength: 1 }).filter((s) => !/[@/?#\s]/.test(s)), (junk, pw) => {
      parseUrl(`redis://${junk}`);
      findUrls(junk);
      const u = parseUrl(`redis://user:${pw}@host-a:6379/0`);
      assert.ok(u);
      assert.ok(!u.hosts.some((h) => h.includes(pw.toLowerCase()) && h !== 'host-a'));
    }));
  });
});

describe('findUrls', () => {
  it('finds every URL in a value, including after :- and jdbc: prefixes', () => {
    const urls = findUrls('${DATABASE_URL:-postgres://u:p@db/app} jdbc:postgresql://db2/app,http://es1:9200,http://es2:9200');
    assert.deepEqual(urls.map((u) => `${u.scheme}:${u.hosts[0]}`), ['postgres:db', 'postgresql:db2', 'http:es1', 'http:es2']);
  });
});

describe('parseDsn and helpers', () => {
  it('reads libpq key/value strings only', () => {
    assert.equal(parseDsn("host=db dbname=app user=app password='a b' sslmode=require")!.get('password'), 'a b');
    assert.equal(parseDsn('sslmode=require'), undefined);
    assert.equal(parseDsn('hello world'), undefined);
  });
  it('knows local hosts and postgres schemes', () => {
    assert.ok(isLocalHost('localhost') && isLocalHost('127.0.0.1') && isLocalHost('/var/run/postgresql'));
    assert.ok(!isLocalHost('db'));
    assert.ok(isPostgresScheme('postgresql+psycopg') && isPostgresScheme('postgres'));
    assert.ok(!isPostgresScheme('mysql'));
  });
});

describe('credential names', () => {
  const yes = ['POSTGRES_PASSWORD', 'REDIS_PASS', 'DB_PW', 'MYSQL_PWD', 'JWT_SECRET', 'SECRET_KEY', 'OPENAI_API_KEY', 'apiKey',
    'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'FLOWER_BASIC_AUTH', 'requirepass', 'MEILI_MASTER_KEY', 'STRIPE_KEY', 'NotebookApp.token'];
  const no = ['POSTGRES_PASSWORD_FILE', 'ACCESS_TOKEN_EXPIRE_MINUTES', 'AWS_ACCESS_KEY_ID', 'MAX_TOKENS', 'PWD', 'PASSWORD_MIN_LENGTH',
    'NEXT_PUBLIC_STRIPE_KEY', 'CACHE_KEY_PREFIX', 'POSTGRES_USER', 'GF_AUTH_ANONYMOUS_ENABLED', 'TOKENIZERS_PARALLELISM', 'no-password'];
  for (const n of yes) it(`${n} is a credential`, () => assert.ok(isCredentialName(n)));
  for (const n of no) it(`${n} is not`, () => assert.ok(!isCredentialName(n)));
  it('tells passwords from other secrets', () => {
    assert.ok(isPasswordName('RABBITMQ_DEFAULT_PASS'));
    assert.ok(!isPasswordName('GITHUB_TOKEN'));
  });
});

describe('literal and weak values', () => {
  it('treats references, paths, switches and hashes as not literal', () => {
    for (const v of ['${X}', '$X', '$$(cat /run/secrets/x)', '/run/secrets/x', './k.pem', 'true', '', 'argon2:abc', 'gcp.json']) {
      assert.ok(!isLiteralSecretValue(v), v);
    }
    assert.ok(isLiteralSecretValue('hunter2-fake'));
  });
  it('knows default passwords and user-equals-password', () => {
    assert.ok(isWeakPassword('postgres') && isWeakPassword('Guest') && isWeakPassword('minioadmin'));
    assert.ok(isWeakPassword('alice', 'alice'));
    assert.ok(!isWeakPassword('Xk9#fake-long-unique'));
  });
});

describe('command credentials', () => {
  it('splits shell scripts inside argv items', () => {
    const words = commandWords({ kind: 'seq', items: [scalar('sh'), scalar('-c'), scalar('redis-cli -a "x y" ping && echo ok')], loc: { path: 'c', line: 1, column: 1 }, keyPath: 'k' });
    assert.deepEqual(words.map((w) => w.text), ['sh', '-c', 'redis-cli', '-a', 'x', 'y', 'ping', '&&', 'echo', 'ok']);
  });

  it('finds flags, tool short flags, assignments and URL passwords', () => {
    const found = (text: string) => commandCredentials(scalar(text)).map((c) => `${c.kind}:${c.carrier}=${c.value}`);
    assert.deepEqual(found('redis-server --requirepass pw1 --port 6379'), ['flag:--requirepass=pw1']);
    assert.deepEqual(found('mysqladmin ping -uroot -ppw2'), ['short:-p (mysqladmin)=pw2']);
    assert.deepEqual(found('redis-cli -a pw3 ping'), ['short:-a (redis-cli)=pw3']);
    assert.deepEqual(found('PGPASSWORD=pw4 psql -h db'), ['assign:PGPASSWORD==pw4']);
    assert.deepEqual(found('celery --broker=amqp://u:pw5@mq//'), ['url:amqp:// URL=pw5']);
    // `-p` is a port for psql, and `-a` of `ls` after `;` is not redis-cli's.
    assert.deepEqual(found('psql -h db -p 5433; redis-cli ping; ls -a'), []);
  });
});
