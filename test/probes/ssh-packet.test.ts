/**
 * The clear-text SSH reader on real bytes from OpenSSH 9.2 (captured from the live test
 * servers), on truncated, garbage and oversized input, and under fast-check: it never
 * throws, and what it writes it reads back.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  describeHostKeyBlob,
  MAX_IDENT_LINE,
  MAX_PACKET_LENGTH,
  MAX_PREAMBLE_BYTES,
  parseIdentLine,
  parseKexinit,
  readIdent,
  readPacket,
  readServerHello,
  writeIdent,
  writeKexinit,
  writePacket,
} from '../../src/probes/ssh/packet.ts';
import type { KexInit } from '../../src/probes/ssh/packet.ts';

const captured = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'openssh-9.2-hello.json'), 'utf8')) as { weak: string; hardened: string };
const WEAK = Buffer.from(captured.weak, 'base64');
const HARDENED = Buffer.from(captured.hardened, 'base64');

function ok<T>(r: { status: string; value?: T; reason?: string }): T {
  assert.equal(r.status, 'ok', `expected ok, got ${r.status}: ${r.reason ?? ''}`);
  return r.value as T;
}

function errorOf(r: { status: string; reason?: string }): string {
  assert.equal(r.status, 'error');
  return r.reason!;
}

const sampleKexinit: Omit<KexInit, 'cookie'> = {
  kex: ['curve25519-sha256', 'diffie-hellman-group14-sha1'],
  hostKeyAlgorithms: ['ssh-ed25519'],
  ciphersClientToServer: ['aes128-ctr'],
  ciphersServerToClient: ['aes256-ctr', '3des-cbc'],
  macsClientToServer: ['hmac-sha2-256'],
  macsServerToClient: ['hmac-sha2-512'],
  compressionClientToServer: ['none'],
  compressionServerToClient: ['none', 'zlib@openssh.com'],
  languagesClientToServer: [],
  languagesServerToClient: [],
  firstKexPacketFollows: false,
};

describe('SSH hello from a real OpenSSH 9.2', () => {
  it('reads the weak server: ident and every algorithm list', () => {
    const hello = ok(readServerHello(WEAK));
    assert.deepEqual(hello.ident, { protoVersion: '2.0', software: 'OpenSSH_9.2p1', comments: 'Debian-2+deb12u10' });
    assert.deepEqual(hello.preamble, []);
    const k = hello.kexinit;
    assert.ok(k.kex.includes('diffie-hellman-group1-sha1'));
    assert.ok(k.kex.includes('kex-strict-s-v00@openssh.com'));
    assert.deepEqual(k.hostKeyAlgorithms, ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-dss']);
    assert.ok(k.ciphersClientToServer.includes('3des-cbc') && k.ciphersServerToClient.includes('aes128-cbc'));
    assert.ok(k.macsClientToServer.includes('hmac-md5'));
    assert.deepEqual(k.compressionServerToClient, ['none', 'zlib@openssh.com']);
    assert.deepEqual(k.languagesClientToServer, []);
    assert.equal(k.cookie.length, 16);
  });

  it('reads the hardened server', () => {
    const hello = ok(readServerHello(HARDENED));
    assert.deepEqual(hello.kexinit.hostKeyAlgorithms, ['ssh-ed25519']);
    assert.deepEqual(hello.kexinit.macsServerToClient, ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'umac-128-etm@openssh.com']);
  });

  it('asks for more at every cut of the real bytes, then succeeds', () => {
    for (let cut = 0; cut < HARDENED.length; cut++) {
      const r = readServerHello(HARDENED.subarray(0, cut));
      assert.equal(r.status, 'incomplete', `cut at ${cut}: ${r.status === 'error' ? r.reason : ''}`);
    }
  });
});

describe('identification line', () => {
  it('skips banner lines before SSH- and accepts a bare LF', () => {
    const r = ok(readIdent(Buffer.from('Welcome\r\nauthorised use only\nSSH-2.0-dropbear_2022.83\n')));
    assert.deepEqual(r.preamble, ['Welcome', 'authorised use only']);
    assert.deepEqual(r.ident, { protoVersion: '2.0', software: 'dropbear_2022.83' });
  });

  it('accepts 1.99 and refuses SSH-1-only servers', () => {
    assert.equal((parseIdentLine('SSH-1.99-OpenSSH_3.9') as { protoVersion: string }).protoVersion, '1.99');
    assert.match((parseIdentLine('SSH-1.5-Cisco-1.25') as { error: string }).error, /SSH protocol 1\.5 only/);
  });

  it('says "not an SSH server" for an HTTP answer and binary garbage', () => {
    const http = Buffer.from('HTTP/1.1 400 Bad Request\r\n'.repeat(400));
    assert.match(errorOf(readIdent(http)), /^not an SSH server: .*HTTP\/1\.1 400/);
    assert.match(errorOf(readIdent(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x0a, 0x00, 0x0a]))), /not an SSH server: binary data/);
    assert.match(errorOf(readIdent(Buffer.alloc(MAX_PREAMBLE_BYTES, 0x41))), /no SSH identification line in the first 8192 bytes/);
  });

  it('refuses an over-long identification line and a malformed one', () => {
    assert.match(errorOf(readIdent(Buffer.from(`SSH-2.0-${'x'.repeat(MAX_IDENT_LINE)}`))), /longer than 255 bytes/);
    assert.match(errorOf(readIdent(Buffer.from('SSH-2.0\r\n'))), /malformed SSH identification line/);
  });

  it('writes a valid identification line', () => {
    const line = writeIdent('bulwark_0.1.0');
    assert.equal(line.toString(), 'SSH-2.0-bulwark_0.1.0\r\n');
    assert.equal(writeIdent('a b-c').toString(), 'SSH-2.0-a_b_c\r\n');
  });
});

describe('binary packets and KEXINIT', () => {
  const prefix = Buffer.from('SSH-2.0-test\r\n');

  it('round-trips a KEXINIT', () => {
    const packet = writeKexinit(sampleKexinit);
    assert.equal(packet.length % 8, 0, 'padded to the block size');
    const hello = ok(readServerHello(Buffer.concat([prefix, packet])));
    const { cookie: _c, ...rest } = hello.kexinit;
    assert.deepEqual(rest, sampleKexinit);
  });

  it('skips IGNORE and DEBUG packets, reports DISCONNECT', () => {
    const ignore = writePacket(Buffer.from([2, 0, 0, 0, 0]));
    const hello = ok(readServerHello(Buffer.concat([prefix, ignore, ignore, writeKexinit(sampleKexinit)])));
    assert.deepEqual(hello.kexinit.kex, sampleKexinit.kex);
    const text = Buffer.from('Too many connections');
    const disconnect = writePacket(Buffer.concat([Buffer.from([1, 0, 0, 0, 2]), Buffer.from([0, 0, 0, text.length]), text, Buffer.alloc(4)]));
    assert.match(errorOf(readServerHello(Buffer.concat([prefix, disconnect]))), /disconnected before key exchange: Too many connections \(code 2\)/);
  });

  it('refuses an oversized packet before reading it', () => {
    const header = Buffer.from([0, 0x10, 0, 0, 4]); // 1 MiB announced
    assert.match(errorOf(readPacket(header)), new RegExp(`oversized SSH packet \\(1048576 bytes announced, limit ${MAX_PACKET_LENGTH}\\)`));
  });

  it('refuses malformed and truncated packets', () => {
    assert.match(errorOf(readPacket(Buffer.from([0, 0, 0, 8, 9, 1, 2, 3, 4, 5, 6, 7]))), /malformed SSH packet/);
    const cut = writePacket(Buffer.from([20, ...new Array(16).fill(0), 0, 0, 0, 50]));
    assert.match(errorOf(parseKexinit(ok(readPacket(cut)).payload)), /truncated KEXINIT \(name-list 1 claims 50 bytes\)/);
    assert.match(errorOf(parseKexinit(Buffer.from([21, 1, 2]))), /expected KEXINIT \(20\), got message type 21/);
    const badName = writePacket(Buffer.concat([Buffer.from([20]), Buffer.alloc(16), Buffer.from([0, 0, 0, 3]), Buffer.from('a\u0000b')]));
    assert.match(errorOf(parseKexinit(ok(readPacket(badName)).payload)), /invalid name in KEXINIT name-list 1/);
  });
});

describe('host key blobs', () => {
  const str = (b: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  it('measures an RSA modulus, ignoring the sign byte', () => {
    const n = Buffer.concat([Buffer.from([0x00, 0xc1]), Buffer.alloc(255, 0xff)]); // 2048 bits
    const blob = Buffer.concat([str(Buffer.from('ssh-rsa')), str(Buffer.from([1, 0, 1])), str(n)]);
    assert.deepEqual(describeHostKeyBlob(blob), { type: 'ssh-rsa', bits: 2048 });
  });
  it('names Ed25519 and ECDSA sizes and survives garbage', () => {
    assert.deepEqual(describeHostKeyBlob(Buffer.concat([str(Buffer.from('ssh-ed25519')), str(Buffer.alloc(32))])), { type: 'ssh-ed25519', bits: 256 });
    assert.deepEqual(describeHostKeyBlob(str(Buffer.from('ecdsa-sha2-nistp384'))), { type: 'ecdsa-sha2-nistp384', bits: 384 });
    assert.equal(describeHostKeyBlob(Buffer.from([0xff, 0xff, 0xff, 0xff, 1])), undefined);
  });
});

describe('property: the reader never throws', () => {
  const name = fc.stringMatching(/^[a-z0-9@.+-]{1,24}$/);
  const names = fc.array(name, { maxLength: 6 });

  it('on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        for (const read of [readServerHello, readIdent, readPacket, parseKexinit, describeHostKeyBlob]) {
          const r = read(bytes);
          if (r && 'status' in r) assert.ok(['ok', 'incomplete', 'error'].includes(r.status));
          if (r && 'status' in r && r.status === 'error') assert.ok(r.reason.length > 0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('on mutated real bytes', () => {
    fc.assert(
      fc.property(fc.nat(WEAK.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(WEAK.length), (at, value, cut) => {
        const copy = Buffer.from(WEAK);
        copy[at] = value;
        const r = readServerHello(copy.subarray(0, cut));
        assert.ok(['ok', 'incomplete', 'error'].includes(r.status));
      }),
      { numRuns: 500 },
    );
  });

  it('reads back any KEXINIT it writes', () => {
    fc.assert(
      fc.property(names, names, names, names, fc.boolean(), (kex, hostKeys, ciphers, macs, follows) => {
        const k: Omit<KexInit, 'cookie'> = {
          ...sampleKexinit,
          kex,
          hostKeyAlgorithms: hostKeys,
          ciphersClientToServer: ciphers,
          macsServerToClient: macs,
          firstKexPacketFollows: follows,
        };
        const hello = ok(readServerHello(Buffer.concat([Buffer.from('SSH-2.0-x\r\n'), writeKexinit(k)])));
        const { cookie: _c, ...rest } = hello.kexinit;
        assert.deepEqual(rest, k);
      }),
      { numRuns: 200 },
    );
  });
});
