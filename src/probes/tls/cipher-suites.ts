/**
 * The legacy TLS cipher suites the probe asks a server about, by IANA code point, with
 * OpenSSL's names (what testssl.sh, sslscan and nginx's `ssl_ciphers` use) and the class
 * of weakness. Node's OpenSSL 3 cannot offer most of these, so the probe sends them in a
 * ClientHello of its own (client-hello.ts).
 *
 * Classes follow the order testssl.sh uses, so verdicts line up: a suite without
 * encryption is `NULL` even when also anonymous; anonymous key exchange is `aNULL`;
 * 40/56-bit export grades are `EXPORT`; single DES, RC4 and RC2 are `LOW`; 3DES and IDEA
 * (64-bit blocks, Sweet32) are `3DES`.
 */

export type WeakCipherCategory = 'NULL' | 'aNULL' | 'EXPORT' | 'LOW' | '3DES';

export interface CipherSuite {
  code: number;
  /** OpenSSL's name. */
  name: string;
  category: WeakCipherCategory;
}

export const WEAK_CATEGORIES: readonly WeakCipherCategory[] = ['NULL', 'aNULL', 'EXPORT', 'LOW', '3DES'];

/** What each class means, for messages. */
export const CATEGORY_REASONS: Readonly<Record<WeakCipherCategory, string>> = {
  NULL: 'no encryption at all: traffic is readable by anyone on the path',
  aNULL: 'anonymous key exchange: no server authentication, so any man in the middle can impersonate the server',
  EXPORT: '40/56-bit export-grade cryptography, broken in hours (FREAK, Logjam)',
  LOW: 'single DES, RC4 or RC2: broken ciphers (RFC 7465 forbids RC4)',
  '3DES': '64-bit block ciphers (3DES, IDEA) open to the Sweet32 birthday attack',
};

const suite = (code: number, name: string, category: WeakCipherCategory): CipherSuite => ({ code, name, category });

export const WEAK_SUITES: readonly CipherSuite[] = [
  suite(0x0001, 'NULL-MD5', 'NULL'),
  suite(0x0002, 'NULL-SHA', 'NULL'),
  suite(0x003b, 'NULL-SHA256', 'NULL'),
  suite(0xc001, 'ECDH-ECDSA-NULL-SHA', 'NULL'),
  suite(0xc006, 'ECDHE-ECDSA-NULL-SHA', 'NULL'),
  suite(0xc00b, 'ECDH-RSA-NULL-SHA', 'NULL'),
  suite(0xc010, 'ECDHE-RSA-NULL-SHA', 'NULL'),
  suite(0xc015, 'AECDH-NULL-SHA', 'NULL'),

  suite(0x0018, 'ADH-RC4-MD5', 'aNULL'),
  suite(0x0017, 'EXP-ADH-RC4-MD5', 'aNULL'),
  suite(0x0019, 'EXP-ADH-DES-CBC-SHA', 'aNULL'),
  suite(0x001a, 'ADH-DES-CBC-SHA', 'aNULL'),
  suite(0x001b, 'ADH-DES-CBC3-SHA', 'aNULL'),
  suite(0x0034, 'ADH-AES128-SHA', 'aNULL'),
  suite(0x003a, 'ADH-AES256-SHA', 'aNULL'),
  suite(0x0046, 'ADH-CAMELLIA128-SHA', 'aNULL'),
  suite(0x006c, 'ADH-AES128-SHA256', 'aNULL'),
  suite(0x006d, 'ADH-AES256-SHA256', 'aNULL'),
  suite(0x0089, 'ADH-CAMELLIA256-SHA', 'aNULL'),
  suite(0x009b, 'ADH-SEED-SHA', 'aNULL'),
  suite(0x00a6, 'ADH-AES128-GCM-SHA256', 'aNULL'),
  suite(0x00a7, 'ADH-AES256-GCM-SHA384', 'aNULL'),
  suite(0xc016, 'AECDH-RC4-SHA', 'aNULL'),
  suite(0xc017, 'AECDH-DES-CBC3-SHA', 'aNULL'),
  suite(0xc018, 'AECDH-AES128-SHA', 'aNULL'),
  suite(0xc019, 'AECDH-AES256-SHA', 'aNULL'),

  suite(0x0003, 'EXP-RC4-MD5', 'EXPORT'),
  suite(0x0006, 'EXP-RC2-CBC-MD5', 'EXPORT'),
  suite(0x0008, 'EXP-DES-CBC-SHA', 'EXPORT'),
  suite(0x000b, 'EXP-DH-DSS-DES-CBC-SHA', 'EXPORT'),
  suite(0x000e, 'EXP-DH-RSA-DES-CBC-SHA', 'EXPORT'),
  suite(0x0011, 'EXP-EDH-DSS-DES-CBC-SHA', 'EXPORT'),
  suite(0x0014, 'EXP-EDH-RSA-DES-CBC-SHA', 'EXPORT'),
  suite(0x0062, 'EXP1024-DES-CBC-SHA', 'EXPORT'),
  suite(0x0063, 'EXP1024-DHE-DSS-DES-CBC-SHA', 'EXPORT'),
  suite(0x0064, 'EXP1024-RC4-SHA', 'EXPORT'),
  suite(0x0065, 'EXP1024-DHE-DSS-RC4-SHA', 'EXPORT'),

  suite(0x0004, 'RC4-MD5', 'LOW'),
  suite(0x0005, 'RC4-SHA', 'LOW'),
  suite(0x0009, 'DES-CBC-SHA', 'LOW'),
  suite(0x000c, 'DH-DSS-DES-CBC-SHA', 'LOW'),
  suite(0x000f, 'DH-RSA-DES-CBC-SHA', 'LOW'),
  suite(0x0012, 'EDH-DSS-DES-CBC-SHA', 'LOW'),
  suite(0x0015, 'EDH-RSA-DES-CBC-SHA', 'LOW'),
  suite(0x0066, 'DHE-DSS-RC4-SHA', 'LOW'),
  suite(0xc002, 'ECDH-ECDSA-RC4-SHA', 'LOW'),
  suite(0xc007, 'ECDHE-ECDSA-RC4-SHA', 'LOW'),
  suite(0xc00c, 'ECDH-RSA-RC4-SHA', 'LOW'),
  suite(0xc011, 'ECDHE-RSA-RC4-SHA', 'LOW'),

  suite(0x0007, 'IDEA-CBC-SHA', '3DES'),
  suite(0x000a, 'DES-CBC3-SHA', '3DES'),
  suite(0x000d, 'DH-DSS-DES-CBC3-SHA', '3DES'),
  suite(0x0010, 'DH-RSA-DES-CBC3-SHA', '3DES'),
  suite(0x0013, 'EDH-DSS-DES-CBC3-SHA', '3DES'),
  suite(0x0016, 'EDH-RSA-DES-CBC3-SHA', '3DES'),
  suite(0xc003, 'ECDH-ECDSA-DES-CBC3-SHA', '3DES'),
  suite(0xc008, 'ECDHE-ECDSA-DES-CBC3-SHA', '3DES'),
  suite(0xc00d, 'ECDH-RSA-DES-CBC3-SHA', '3DES'),
  suite(0xc012, 'ECDHE-RSA-DES-CBC3-SHA', '3DES'),
];

/**
 * Ordinary suites (CBC and AEAD, RSA/DHE/ECDHE) offered next to the legacy ones when the
 * question is "which protocol version does the server speak" (SSLv3), so a server with
 * only sound suites still answers.
 */
export const COMMON_SUITES: readonly number[] = [
  0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc009, 0xc013, 0xc00a, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035, 0x0033, 0x0039,
  0x009e, 0x009f, 0x003c, 0x003d, 0x0067, 0x006b,
];

/** SSLv2 cipher kinds (3-byte codes) an SSLv2 CLIENT-HELLO offers. */
export const SSL2_CIPHER_KINDS: readonly number[] = [0x010080, 0x020080, 0x030080, 0x040080, 0x050080, 0x060040, 0x0700c0];

const BY_CODE = new Map(WEAK_SUITES.map((s) => [s.code, s]));

export function weakSuite(code: number): CipherSuite | undefined {
  return BY_CODE.get(code);
}

/** Anonymous key exchange (no server authentication), whatever the class: `ADH-…`, `AECDH-…`, `EXP-ADH-…`. */
export function isAnonymous(name: string): boolean {
  return /^(?:EXP-)?A(?:EC)?DH-/.test(name);
}

export function suitesOf(category: WeakCipherCategory): CipherSuite[] {
  return WEAK_SUITES.filter((s) => s.category === category);
}

/** `0x000a` */
export function hexCode(code: number): string {
  return `0x${code.toString(16).padStart(4, '0')}`;
}
