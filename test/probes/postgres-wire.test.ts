/**
 * The PostgreSQL wire codec on real answers of PostgreSQL 15 (captured from the live test
 * servers), on truncated, garbage and foreign-protocol input, and under fast-check: it
 * never throws, and a cut anywhere in a real answer reads as "incomplete".
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  encodeSslRequest,
  encodeStartup,
  encodeTerminate,
  MAX_MESSAGE_LENGTH,
  parseAuthRequest,
  parseErrorFields,
  parseParameterStatus,
  PROTOCOL_3_0,
  readMessage,
  readSslAnswer,
  readStartupAnswer,
  SSL_REQUEST_CODE,
} from '../../src/probes/postgres/wire.ts';
import type { ReadResult, StartupAnswer } from '../../src/probes/postgres/wire.ts';

const captured = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'postgres-15-startup.json'), 'utf8')) as Record<string, string>;
const real = (key: string): Buffer => Buffer.from(captured[key]!, 'base64');

function ok<T>(r: ReadResult<T>): T {
  assert.equal(r.status, 'ok', `expected ok, got ${r.status}: ${r.status === 'error' ? r.reason : ''}`);
  return (r as { value: T }).value;
}

function errorOf(r: ReadResult<unknown>): string {
  assert.equal(r.status, 'error');
  return (r as { reason: string }).reason;
}

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

const int32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

describe('PostgreSQL frontend messages', () => {
  it('encodes SSLRequest, StartupMessage and Terminate byte for byte', () => {
    assert.deepEqual([...encodeSslRequest()], [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
    assert.equal(encodeSslRequest().readInt32BE(4), SSL_REQUEST_CODE);
    const startup = encodeStartup({ user: 'bulwark_probe', database: 'postgres' });
    assert.equal(startup.readInt32BE(0), startup.length);
    assert.equal(startup.readInt32BE(4), PROTOCOL_3_0);
    assert.equal(startup.subarray(8).toString('latin1'), 'user\0bulwark_probe\0database\0postgres\0\0');
    assert.deepEqual([...encodeTerminate()], [0x58, 0, 0, 0, 4]);
  });

  it('cannot smuggle a NUL into a parameter', () => {
    const startup = encodeStartup({ user: 'a\0b' });
    assert.equal(startup.subarray(8).toString('latin1'), 'user\0ab\0\0');
  });
});

describe('answers of a real PostgreSQL 15', () => {
  it('trust for an existing role: AuthenticationOk, parameters, ReadyForQuery', () => {
    const a = ok(readStartupAnswer(real('weak/postgres')));
    assert.deepEqual(a.auth, { method: 'ok' });
    assert.equal(a.ready, true);
    assert.equal(a.error, undefined);
    assert.match(a.parameters.server_version ?? '', /^15\.\d+/);
    assert.equal(a.parameters.is_superuser, 'on');
  });

  it('trust for a role that does not exist: AuthenticationOk, then 28000', () => {
    const a = ok(readStartupAnswer(real('weak/bulwark_probe')));
    assert.deepEqual(a.auth, { method: 'ok' });
    assert.equal(a.ready, false);
    assert.deepEqual(a.error, { severity: 'FATAL', code: '28000', message: 'role "bulwark_probe" does not exist' });
  });

  it('password and md5 requests', () => {
    assert.deepEqual(ok(readStartupAnswer(real('legacy/bulwark_probe'))).auth, { method: 'password' });
    assert.deepEqual(ok(readStartupAnswer(real('legacy/postgres'))).auth, { method: 'md5' });
  });

  it('a pg_hba.conf rejection before any authentication', () => {
    const a = ok(readStartupAnswer(real('hardened/postgres')));
    assert.equal(a.auth, undefined);
    assert.equal(a.error?.code, '28000');
    assert.match(a.error?.message ?? '', /pg_hba\.conf rejects connection .*no encryption$/);
  });

  it('asks for more at every cut of every real answer', () => {
    for (const key of Object.keys(captured).filter((k) => k.includes('/'))) {
      const bytes = real(key);
      for (let cut = 0; cut < bytes.length; cut++) {
        const r = readStartupAnswer(bytes.subarray(0, cut));
        if (r.status === 'ok') {
          // Only at a message boundary that already ends the answer (e.g. right after an auth request).
          assert.ok(r.consumed <= cut, key);
          continue;
        }
        assert.equal(r.status, 'incomplete', `${key} cut at ${cut}: ${r.status === 'error' ? r.reason : ''}`);
      }
    }
  });
});

describe('SASL, GSS and skipped messages', () => {
  it('lists SASL mechanisms', () => {
    const body = Buffer.concat([int32(10), Buffer.from('SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0', 'latin1')]);
    assert.deepEqual(ok(readStartupAnswer(message('R', body))).auth, { method: 'sasl', mechanisms: ['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256'] });
    assert.equal(parseAuthRequest(Buffer.concat([int32(10), Buffer.from('SCRAM', 'latin1')])), undefined, 'unterminated list');
  });

  it('knows GSS, SSPI and unknown codes', () => {
    assert.deepEqual(parseAuthRequest(int32(7)), { method: 'gss' });
    assert.deepEqual(parseAuthRequest(int32(9)), { method: 'sspi' });
    assert.deepEqual(parseAuthRequest(int32(42)), { method: 'unknown', code: 42 });
    assert.equal(parseAuthRequest(Buffer.alloc(2)), undefined);
  });

  it('skips NoticeResponse and NegotiateProtocolVersion before the request', () => {
    const notice = message('N', Buffer.from('SNOTICE\0Mhello\0\0', 'latin1'));
    const negotiate = message('v', Buffer.concat([int32(0), int32(0)]));
    const a = ok(readStartupAnswer(Buffer.concat([notice, negotiate, message('R', int32(5)), Buffer.from([0, 0, 0, 0])])));
    assert.deepEqual(a.auth, { method: 'md5' });
  });

  it('parses error fields, preferring the non-localized severity', () => {
    assert.deepEqual(parseErrorFields(Buffer.from('SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed\0\0', 'latin1')), {
      severity: 'FATAL',
      code: '28P01',
      message: 'password authentication failed',
    });
    assert.deepEqual(parseErrorFields(Buffer.from('SFATAL\0\0', 'latin1')), { severity: 'FATAL' });
    assert.equal(parseErrorFields(Buffer.from('SFATAL\0', 'latin1')), undefined, 'no terminator');
    assert.equal(parseErrorFields(Buffer.from('SFATAL\0\0trailing', 'latin1')), undefined, 'bytes after the terminator');
    assert.deepEqual(parseParameterStatus(Buffer.from('a\0b\0', 'latin1')), { name: 'a', value: 'b' });
    assert.equal(parseParameterStatus(Buffer.from('a\0b', 'latin1')), undefined);
  });
});

describe('the SSLRequest answer', () => {
  it("reads 'S' and 'N', and waits on nothing", () => {
    assert.deepEqual(ok(readSslAnswer(Buffer.from('S'))), { kind: 'S' });
    assert.deepEqual(ok(readSslAnswer(Buffer.from('N'))), { kind: 'N' });
    assert.equal(readSslAnswer(Buffer.alloc(0)).status, 'incomplete');
  });

  it('takes an ErrorResponse from a server that predates SSL', () => {
    const e = message('E', Buffer.from('SFATAL\0C08P01\0Munsupported frontend protocol 1234.5679\0\0', 'latin1'));
    assert.deepEqual(ok(readSslAnswer(e)), { kind: 'E', error: { severity: 'FATAL', code: '08P01', message: 'unsupported frontend protocol 1234.5679' } });
    assert.equal(readSslAnswer(e.subarray(0, 10)).status, 'incomplete');
  });

  it('refuses an SSH banner, an HTTP answer, and bytes after the one-byte answer', () => {
    assert.match(errorOf(readSslAnswer(Buffer.from('SSH-2.0-x\r\n'))), /^not a PostgreSQL server: it sent more than the one-byte answer to SSLRequest \(it sent "SSH-2\.0-x\\r\\n"\)$/);
    assert.match(errorOf(readSslAnswer(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))), /^not a PostgreSQL server: it answered SSLRequest with neither "S" nor "N" \(it sent "HTTP\/1\.1 400/);
    assert.match(errorOf(readSslAnswer(Buffer.from('N\x16\x03\x01'))), /more than the one-byte answer/);
    assert.match(errorOf(readSslAnswer(Buffer.from('Eerror text\0', 'latin1'))), /neither "S" nor "N"/);
  });
});

describe('not PostgreSQL', () => {
  it('says so for foreign answers to a StartupMessage', () => {
    assert.match(errorOf(readStartupAnswer(Buffer.from('SSH-2.0-OpenSSH_9.2p1\r\n'))), /^not a PostgreSQL server: its answer to a StartupMessage is not a PostgreSQL message/);
    assert.match(errorOf(readStartupAnswer(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))), /^not a PostgreSQL server/);
    assert.match(errorOf(readStartupAnswer(Buffer.from('+OK\r\n'))), /^not a PostgreSQL server/, 'decided on the first byte already');
    assert.match(errorOf(readStartupAnswer(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x2a]))), /^not a PostgreSQL server/);
  });

  it('refuses oversized and undersized lengths', () => {
    const big = Buffer.from([0x52, 0, 0, 0x40, 0]);
    assert.match(errorOf(readMessage(big)), /implausible message length/);
    assert.match(errorOf(readMessage(Buffer.from([0x52, 0, 0, 0, 3]))), /implausible message length 3/);
    assert.equal(MAX_MESSAGE_LENGTH, 8192);
  });

  it('refuses messages that cannot come before authentication', () => {
    assert.match(errorOf(readStartupAnswer(message('Z', Buffer.from('I')))), /not a PostgreSQL message/);
    const afterOk = Buffer.concat([message('R', int32(0)), message('D', Buffer.alloc(2))]);
    assert.match(errorOf(readStartupAnswer(afterOk)), /unexpected message "D" during startup/);
    const twoRequests = Buffer.concat([message('R', int32(0)), message('R', int32(3))]);
    assert.match(errorOf(readStartupAnswer(twoRequests)), /second Authentication message/);
  });
});

describe('under random input', () => {
  it('never throws on arbitrary bytes, and always says ok, incomplete or error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        for (const r of [readSslAnswer(bytes), readStartupAnswer(bytes), readMessage(bytes)] as ReadResult<unknown>[]) {
          assert.ok(['ok', 'incomplete', 'error'].includes(r.status));
          if (r.status === 'ok') assert.ok(r.consumed > 0 && r.consumed <= bytes.length);
        }
        parseErrorFields(bytes);
        parseAuthRequest(bytes);
        parseParameterStatus(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on mutated real answers', () => {
    const sources = Object.keys(captured).filter((k) => k.includes('/')).map(real);
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(), (source, flips, cut) => {
        const bytes = Buffer.from(source);
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        const r = readStartupAnswer(bytes.subarray(0, 1 + (cut % bytes.length)));
        assert.ok(['ok', 'incomplete', 'error'].includes(r.status));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads back any well-formed sequence of startup messages it is given', () => {
    const param = fc.tuple(fc.stringMatching(/^[a-z_]{1,12}$/), fc.stringMatching(/^[ -~]{0,20}$/));
    fc.assert(
      fc.property(fc.array(param, { maxLength: 8 }), fc.boolean(), (params, ready) => {
        const parts = [message('R', int32(0))];
        for (const [k, v] of params) parts.push(message('S', Buffer.from(`${k}\0${v}\0`, 'utf8')));
        parts.push(ready ? message('Z', Buffer.from('I')) : message('E', Buffer.from('SFATAL\0C28000\0Mno\0\0', 'latin1')));
        const a: StartupAnswer = ok(readStartupAnswer(Buffer.concat(parts)));
        assert.equal(a.ready, ready);
        assert.deepEqual(a.parameters, Object.fromEntries(params));
      }),
      // Found by this property: a parameter named __proto__ was lost to assignment.
      { examples: [[[['__proto__', '']], false], [[['constructor', 'x'], ['__proto__', 'y']], true]] },
    );
  });
});
