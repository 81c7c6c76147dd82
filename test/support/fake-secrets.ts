/**
 * Fake credentials in the providers' formats, made at test time so that no
 * real-looking (checksum-valid) token is ever committed (GitHub push protection rejects
 * those). Deterministic: the same seed gives the same values. None of them was issued by
 * anyone; they only pass the format.
 */
import { generateKeyPairSync } from 'node:crypto';
import { crc32Base62 } from '../../src/secrets/rules/checksum.ts';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';
const B64 = BASE62 + '+/';
const B64URL = BASE62 + '-_';

/** A small deterministic generator (mulberry32). */
export function randomSource(seed = 1): (alphabet: string, length: number) => string {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (alphabet, length) => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  };
}

export type FakeKind =
  | 'aws-access-key-id' | 'aws-secret-access-key' | 'github-token' | 'github-fine-grained-token' | 'gitlab-token'
  | 'slack-token' | 'slack-webhook' | 'stripe-live' | 'stripe-test' | 'openai' | 'anthropic' | 'sendgrid'
  | 'npm' | 'pypi' | 'jwt' | 'azure-storage-key' | 'gcp-api-key' | 'age-identity' | 'password';

export function fakeSecrets(seed = 1): Record<FakeKind, string> & { privateKeyPem: string } {
  const r = randomSource(seed);
  const ghBody = r(BASE62, 30);
  const npmBody = r(BASE62, 30);
  const b64url = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    'aws-access-key-id': `AKIA${r(BASE32, 16)}`,
    'aws-secret-access-key': r(BASE62 + '/+', 38) + 'a1',
    'github-token': `ghp_${ghBody}${crc32Base62(ghBody)}`,
    'github-fine-grained-token': `github_pat_${r(BASE62, 22)}_${r(BASE62, 59)}`,
    'gitlab-token': `glpat-${r(BASE62, 20)}`,
    'slack-token': `xoxb-${r('0123456789', 12)}-${r('0123456789', 12)}-${r(BASE62, 24)}`,
    'slack-webhook': `https://hooks.slack.com/services/T${r(BASE32, 10)}/B${r(BASE32, 10)}/${r(BASE62, 24)}`,
    'stripe-live': `sk_live_${r(BASE62, 99)}`,
    'stripe-test': `sk_test_${r(BASE62, 99)}`,
    openai: `sk-proj-${r(B64URL, 64)}`,
    anthropic: `sk-ant-api03-${r(B64URL, 93)}AA`,
    sendgrid: `SG.${r(B64URL, 22)}.${r(B64URL, 43)}`,
    npm: `npm_${npmBody}${crc32Base62(npmBody)}`,
    pypi: `pypi-AgEIcHlwaS5vcmc${r(B64URL, 120)}`,
    jwt: `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: `u${r(HEX, 8)}`, role: 'service_role', exp: 4102444800 })}.${r(B64URL, 43)}`,
    'azure-storage-key': `${r(B64, 86)}==`,
    'gcp-api-key': `AIza${r(B64URL, 35)}`,
    'age-identity': `AGE-SECRET-KEY-1${r('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}`,
    password: `${r(BASE62, 14)}!${r(BASE62, 6)}`,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
