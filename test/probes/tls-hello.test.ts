/**
 * The raw TLS hello codec: the ClientHello we write must be well-formed (real OpenSSL
 * answers it in the live tests; here its structure is checked field by field), and the
 * reader of server answers must handle ServerHello, alerts, records split across reads,
 * TLS 1.3's supported_versions, SSLv2, and garbage without throwing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { suitesOf, WEAK_CATEGORIES, WEAK_SUITES, weakSuite } from '../../src/probes/tls/cipher-suites.ts';
import { encodeClientHello, encodeSsl2ClientHello, readServerHello, readSsl2ServerHello, versionName } from '../../src/probes/tls/client-hello.ts';

/** A ServerHello record as a server would send it. */
function serverHello(version: number, suite: number, extensions?: Buffer): Buffer {
  const body = Buffer.concat([
    Buffer.from([version >> 8, version & 0xff]),
    Buffer.alloc(32, 7),
    Buffer.from([0]),
    Buffer.from([suite >> 8, suite & 0xff, 0]),
    ...(extensions ? [Buffer.from([extensions.length >> 8, extensions.length & 0xff]), extensions] : []),
  ]);
  const hs = Buffer.concat([Buffer.from([2, 0, body.length >> 8, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([0x16, 0x03, 0x03, hs.length >> 8, hs.length & 0xff]), hs]);
}

describe('ClientHello encoder', () => {
  it('writes a handshake record with the offered suites, SNI for names only, and no extensions for SSLv3', () => {
    const hello = encodeClientHello({ version: 'TLSv1.2', suites: [0x000a, 0xc012], host: 'app.example.org' });
    assert.equal(hello[0], 0x16, 'handshake record');
    assert.equal(hello.readUInt16BE(1), 0x0301, 'record version capped at TLS 1.0');
    assert.equal(hello.readUInt16BE(3), hello.length - 5, 'record length');
    assert.equal(hello[5], 0x01, 'ClientHello');
    assert.equal(hello.readUIntBE(6, 3), hello.length - 9, 'handshake length');
    assert.equal(hello.readUInt16BE(9), 0x0303, 'client_version TLS 1.2');
    assert.equal(hello[43], 0, 'empty session id');
    const suitesLength = hello.readUInt16BE(44);
    const suites = Array.from({ length: suitesLength / 2 }, (_, i) => hello.readUInt16BE(46 + 2 * i));
    assert.deepEqual(suites, [0x000a, 0xc012, 0x00ff]);
    assert.ok(hello.includes(Buffer.from('app.example.org')), 'SNI carries the host name');

    const byIp = encodeClientHello({ version: 'TLSv1.2', suites: [0x000a], host: '127.0.0.1' });
    assert.ok(!byIp.includes(Buffer.from('127.0.0.1')), 'no SNI for an IP literal (RFC 6066)');

    const ssl3 = encodeClientHello({ version: 'SSLv3', suites: [0x000a], host: 'app.example.org' });
    assert.equal(ssl3.readUInt16BE(1), 0x0300);
    assert.equal(ssl3.readUInt16BE(9), 0x0300);
    const end = 46 + ssl3.readUInt16BE(44);
    assert.equal(ssl3.length, end + 2, 'ends after the compression methods: no extensions');
  });

  it('writes an SSLv2 CLIENT-HELLO with a 2-byte header', () => {
    const hello = encodeSsl2ClientHello();
    assert.equal(hello[0]! & 0x80, 0x80);
    assert.equal(((hello[0]! & 0x7f) << 8) | hello[1]!, hello.length - 2);
    assert.equal(hello[2], 0x01);
    assert.equal(hello.readUInt16BE(3), 0x0002);
  });
});

describe('ServerHello reader', () => {
  it('reads the chosen version and suite', () => {
    assert.deepEqual(readServerHello(serverHello(0x0303, 0x000a)), { kind: 'server-hello', version: 0x0303, suite: 0x000a });
  });

  it('takes the real version from supported_versions (TLS 1.3)', () => {
    const ext = Buffer.from([0x00, 0x2b, 0x00, 0x02, 0x03, 0x04]);
    assert.deepEqual(readServerHello(serverHello(0x0303, 0x1301, ext)), { kind: 'server-hello', version: 0x0304, suite: 0x1301 });
  });

  it('waits for the rest of a record split across reads, and for a handshake split across records', () => {
    const whole = serverHello(0x0301, 0xc014);
    assert.deepEqual(readServerHello(whole.subarray(0, 20)), { kind: 'incomplete' });
    const hs = whole.subarray(5);
    const split = Buffer.concat([
      Buffer.from([0x16, 0x03, 0x01, 0x00, 10]), hs.subarray(0, 10),
      Buffer.from([0x16, 0x03, 0x01, (hs.length - 10) >> 8, (hs.length - 10) & 0xff]), hs.subarray(10),
    ]);
    assert.deepEqual(readServerHello(split), { kind: 'server-hello', version: 0x0301, suite: 0xc014 });
  });

  it('reads an alert as a refusal', () => {
    assert.deepEqual(readServerHello(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])), { kind: 'alert', level: 2, description: 40 });
  });

  it('calls non-TLS answers invalid', () => {
    assert.equal(readServerHello(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')).kind, 'invalid');
    assert.equal(readServerHello(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n')).kind, 'invalid');
  });

  it('never throws on arbitrary or mutated bytes', () => {
    const good = serverHello(0x0303, 0x000a, Buffer.from([0x00, 0x2b, 0x00, 0x02, 0x03, 0x04]));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
          fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })).map(([i, v]) => {
            const b = Buffer.from(good);
            b[i] = v;
            return b;
          }),
          fc.nat(good.length).map((n) => good.subarray(0, n)),
        ),
        (bytes) => {
          const a = readServerHello(bytes);
          assert.ok(['server-hello', 'alert', 'incomplete', 'invalid'].includes(a.kind));
          readSsl2ServerHello(bytes);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads an SSLv2 SERVER-HELLO', () => {
    assert.deepEqual(readSsl2ServerHello(Buffer.from([0x80, 0x20, 0x04, 0x00])), { kind: 'ssl2', accepted: true });
    assert.deepEqual(readSsl2ServerHello(Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46])), { kind: 'ssl2', accepted: false });
    assert.deepEqual(readSsl2ServerHello(Buffer.from([0x80])), { kind: 'incomplete' });
  });

  it('names versions', () => {
    assert.deepEqual([0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0x7f1c].map(versionName), ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3', '0x7f1c']);
  });
});

describe('legacy suite table', () => {
  it('has unique code points, every class populated, and lookups that agree', () => {
    assert.equal(new Set(WEAK_SUITES.map((s) => s.code)).size, WEAK_SUITES.length);
    assert.equal(new Set(WEAK_SUITES.map((s) => s.name)).size, WEAK_SUITES.length);
    for (const c of WEAK_CATEGORIES) assert.ok(suitesOf(c).length > 0, c);
    assert.equal(weakSuite(0x000a)?.name, 'DES-CBC3-SHA');
    assert.equal(weakSuite(0xc02f), undefined, 'ECDHE-RSA-AES128-GCM-SHA256 is not weak');
  });
});
