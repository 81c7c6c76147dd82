/**
 * The RESP codec of the Redis probe: commands as bulk-string arrays, every reply type
 * read (split across reads too), other protocols called invalid, and a property: the
 * reader never throws on arbitrary bytes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { encodeCommand, parseInfo, readReply } from '../../src/probes/redis/resp.ts';

describe('RESP', () => {
  it('writes commands as arrays of bulk strings', () => {
    assert.equal(encodeCommand('PING').toString(), '*1\r\n$4\r\nPING\r\n');
    assert.equal(encodeCommand('INFO', 'server').toString(), '*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n');
  });

  it('reads simple strings, errors, integers, bulk strings and nulls, saying how many bytes each took', () => {
    assert.deepEqual(readReply(Buffer.from('+PONG\r\n')), { reply: { kind: 'simple', text: 'PONG' }, used: 7 });
    assert.deepEqual(readReply(Buffer.from('-NOAUTH Authentication required.\r\n')).reply, { kind: 'error', text: 'NOAUTH Authentication required.' });
    assert.deepEqual(readReply(Buffer.from(':42\r\n')).reply, { kind: 'integer', value: 42 });
    assert.deepEqual(readReply(Buffer.from('$5\r\nhello\r\n+OK\r\n')), { reply: { kind: 'bulk', text: 'hello' }, used: 11 });
    assert.deepEqual(readReply(Buffer.from('$-1\r\n')).reply, { kind: 'bulk', text: null });
    assert.deepEqual(readReply(Buffer.from('*2\r\n')).reply, { kind: 'array', length: 2 });
  });

  it('waits for the rest of a reply split across reads', () => {
    assert.equal(readReply(Buffer.from('+PO')).reply.kind, 'incomplete');
    assert.equal(readReply(Buffer.from('$10\r\nhello')).reply.kind, 'incomplete');
    assert.equal(readReply(Buffer.alloc(0)).reply.kind, 'incomplete');
  });

  it('calls other protocols invalid, naming what they sent', () => {
    assert.deepEqual(readReply(Buffer.from('HTTP/1.1 400 Bad Request\r\n')).reply, { kind: 'invalid', reason: 'not a Redis reply (it begins with "HTTP/1.1 400 Bad")' });
    assert.match((readReply(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n')).reply as { reason: string }).reason, /"SSH-2\.0-OpenSSH_"/);
    assert.match((readReply(Buffer.from([0x16, 0x03, 0x01])).reply as { reason: string }).reason, /byte 0x16/);
    assert.equal(readReply(Buffer.from(`$${10 ** 9}\r\n`)).reply.kind, 'invalid');
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const { reply, used } = readReply(Buffer.from(bytes));
        assert.ok(used >= 0 && used <= bytes.length);
        assert.ok(['simple', 'error', 'integer', 'bulk', 'array', 'incomplete', 'invalid'].includes(reply.kind));
      }),
      { numRuns: 1000 },
    );
  });

  it('parses INFO sections', () => {
    assert.deepEqual(parseInfo('# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n'), { redis_version: '7.0.15', redis_mode: 'standalone' });
  });
});
