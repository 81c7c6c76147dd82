import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseTarget, SCHEMES } from '../../src/probes/target.ts';

function parsed(text: string) {
  const r = parseTarget(text);
  assert.ok(r.ok, `expected ${text} to parse: ${r.ok ? '' : r.reason}`);
  return r.target;
}

function reason(text: string): string {
  const r = parseTarget(text);
  assert.ok(!r.ok, `expected ${text} to be refused`);
  return r.reason;
}

describe('probe targets', () => {
  it('parses ssh://host[:port] with 22 as the default port', () => {
    assert.deepEqual(parsed('ssh://example.org'), {
      scheme: 'ssh', kinds: ['ssh'], host: 'example.org', port: 22, path: '', display: 'ssh://example.org:22', given: 'ssh://example.org',
    });
    const t = parsed('SSH://Build-01.Example.ORG.:2222/');
    assert.equal(t.display, 'ssh://build-01.example.org:2222');
    assert.equal(parsed('ssh://127.0.0.1:2222').host, '127.0.0.1');
  });

  it('takes IPv6 in brackets and shows it so', () => {
    const t = parsed('ssh://[::1]:2222');
    assert.equal(t.host, '::1');
    assert.equal(t.display, 'ssh://[::1]:2222');
    assert.equal(parsed('ssh://[2001:DB8::1]').display, 'ssh://[2001:db8::1]:22');
    assert.equal(parsed('ssh://[fe80::1%25eth0]:22').host, 'fe80::1%eth0');
    assert.match(reason('ssh://::1:22'), /IPv6 address must be written in brackets/);
    assert.match(reason('ssh://[::1'), /unclosed/);
    assert.match(reason('ssh://[nothost]:22'), /not an IPv6 address/);
  });

  it('refuses unknown schemes, naming the supported ones', () => {
    assert.match(reason('ftp://example.org'), /unsupported scheme "ftp:\/\/" \(supported: host:\/\/, http:\/\/, https:\/\/, postgres:\/\/, postgresql:\/\/, redis:\/\/, rediss:\/\/, ssh:\/\/, tls:\/\/\)/);
    assert.match(reason('example.org:22'), /missing scheme; write it as a URL, e.g\. ssh:\/\/example\.org:22/);
  });

  it('refuses bad ports, hosts, credentials and paths', () => {
    assert.match(reason('ssh://host:0'), /out of range/);
    assert.match(reason('ssh://host:65536'), /out of range/);
    assert.match(reason('ssh://host:ab'), /invalid port/);
    assert.match(reason('ssh://host:'), /invalid port ""/);
    assert.match(reason('ssh://:22'), /missing host/);
    assert.match(reason('ssh://bad_host-.example'), /not a valid host name/);
    assert.match(reason('ssh://999.1.1.1'), /not a valid host name/);
    assert.match(reason('ssh://root:pw@host'), /no user name or password/);
    assert.match(reason('ssh://host/path'), /ssh:\/\/ targets have no path/);
    assert.match(reason('ssh://ho st'), /spaces or control characters/);
    assert.match(reason(''), /empty target/);
  });

  it('has a scheme table a new probe can extend', () => {
    assert.deepEqual(SCHEMES.ssh, { kinds: ['ssh'], defaultPort: 22, allowsPath: false });
  });

  it('gives https:// both the TLS and the HTTP probe, with default ports and paths', () => {
    const https = parsed('https://App.Example.org/login?next=%2F');
    assert.deepEqual(https.kinds, ['tls', 'http']);
    assert.equal(https.port, 443);
    assert.equal(https.path, '/login?next=%2F');
    assert.equal(https.display, 'https://app.example.org:443/login?next=%2F');
    const http = parsed('http://127.0.0.1');
    assert.deepEqual(http.kinds, ['http']);
    assert.equal(http.display, 'http://127.0.0.1:80');
    assert.deepEqual(parsed('tls://[::1]:6380').kinds, ['tls']);
    assert.match(reason('tls://host/path'), /tls:\/\/ targets have no path/);
    assert.deepEqual([parsed('redis://cache').display, parsed('rediss://cache').display, parsed('postgres://db').display, parsed('postgresql://db:6432').display], [
      'redis://cache:6379', 'rediss://cache:6379', 'postgres://db:5432', 'postgresql://db:6432',
    ]);
    assert.deepEqual(parsed('postgresql://db').kinds, ['postgres']);
    assert.match(reason('redis://:secret@cache'), /no user name or password/);
    assert.match(reason('https://user:pw@host'), /no user name or password/);
    assert.match(reason('https://host/#frag'), /#fragment/);
  });

  it('takes host://name-or-address with no port and no path, for the port-exposure probe', () => {
    assert.deepEqual(parsed('HOST://Web-01.Example.org.'), {
      scheme: 'host', kinds: ['ports'], host: 'web-01.example.org', port: 0, path: '', display: 'host://web-01.example.org', given: 'HOST://Web-01.Example.org.',
    });
    assert.equal(parsed('host://203.0.113.10/').display, 'host://203.0.113.10');
    assert.equal(parsed('host://[2001:DB8::1]').display, 'host://[2001:db8::1]');
    assert.equal(parsed(parsed('host://[::1]').display).display, 'host://[::1]');
    assert.deepEqual(SCHEMES.host, { kinds: ['ports'], defaultPort: 0, allowsPath: false });
    assert.match(reason('host://db.example.org:5432'), /^host:\/\/ targets take no port: the probe tries its own list of well-known ports; use host:\/\/db\.example\.org$/);
    assert.match(reason('host://[::1]:22'), /take no port.*use host:\/\/\[::1\]$/);
    assert.match(reason('host://db.example.org:'), /take no port/);
    assert.match(reason('host://db.example.org/admin'), /^host:\/\/ targets have no path; use host:\/\/host$/);
    assert.match(reason('host://'), /missing host/);
    assert.match(reason('host://user@db'), /no user name or password/);
  });

  it('never throws, and whatever it accepts is canonical (parsing the display gives the same target)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.webUrl().map((u) => u.replace(/^https?/, 'ssh'))), (text) => {
        const r = parseTarget(text);
        if (!r.ok) {
          assert.ok(r.reason.length > 0);
          return;
        }
        const again = parseTarget(r.target.display);
        assert.ok(again.ok);
        assert.equal(again.target.display, r.target.display);
        assert.ok(r.target.scheme === 'host' ? r.target.port === 0 : r.target.port >= 1 && r.target.port <= 65535);
      }),
      { numRuns: 300 },
    );
  });
});
