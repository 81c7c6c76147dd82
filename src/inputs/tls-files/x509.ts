/**
 * What Bulwark judges in an X.509 certificate, read with node:crypto: names, validity,
 * self-signature, key type and size, signature algorithm. Shared by the certificate
 * files a scan finds and the certificates a live TLS probe receives.
 *
 * Node 20's X509Certificate does not expose the signature algorithm, so it is read from
 * the DER (the AlgorithmIdentifier after the TBSCertificate).
 */
import type { X509Certificate } from 'node:crypto';

export interface CertificateFacts {
  subject: string;
  issuer: string;
  commonName?: string;
  /** DNS and IP names: the subject alternative names, else the common name. */
  names: string[];
  notBefore: Date;
  notAfter: Date;
  /** Issued by itself and signed by its own key. */
  selfSigned: boolean;
  /** basicConstraints CA:TRUE. */
  ca: boolean;
  key: { type: string; bits?: number; curve?: string };
  /** e.g. `sha256WithRSAEncryption`, or the dotted OID when unknown. */
  signatureAlgorithm: string;
  /** The digest of the signature when it is broken (`md2`, `md5`, `sha1`). */
  weakDigest?: 'md2' | 'md5' | 'sha1';
}

export function describeX509(x: X509Certificate): CertificateFacts {
  const commonName = /^CN=(.*)$/m.exec(x.subject)?.[1];
  const sans = (x.subjectAltName ?? '')
    .split(/,\s*/)
    .map((s) => /^(?:DNS|IP Address):(.+)$/.exec(s.trim())?.[1])
    .filter((s): s is string => s !== undefined);
  let selfSigned = false;
  try {
    selfSigned = x.checkIssued(x) && x.verify(x.publicKey);
  } catch {
    selfSigned = false;
  }
  const details = x.publicKey.asymmetricKeyDetails ?? {};
  const key: CertificateFacts['key'] = { type: x.publicKey.asymmetricKeyType ?? 'unknown' };
  if (details.modulusLength !== undefined) key.bits = details.modulusLength;
  if (details.namedCurve !== undefined) {
    key.curve = details.namedCurve;
    const bits = CURVE_BITS[details.namedCurve];
    if (bits !== undefined) key.bits = bits;
  }
  const oid = signatureOid(x.raw);
  const signatureAlgorithm = oid === undefined ? 'unknown' : (SIGNATURE_NAMES[oid]?.name ?? oid);
  const cert: CertificateFacts = {
    subject: x.subject,
    issuer: x.issuer,
    names: sans.length > 0 ? sans : commonName !== undefined ? [commonName] : [],
    notBefore: new Date(x.validFrom),
    notAfter: new Date(x.validTo),
    selfSigned,
    ca: x.ca,
    key,
    signatureAlgorithm,
  };
  if (commonName !== undefined) cert.commonName = commonName;
  const weak = oid === undefined ? undefined : SIGNATURE_NAMES[oid]?.weak;
  if (weak) cert.weakDigest = weak;
  return cert;
}

const CURVE_BITS: Record<string, number> = {
  prime192v1: 192, secp192k1: 192, secp224r1: 224, secp224k1: 224,
  prime256v1: 256, secp256k1: 256, secp384r1: 384, secp521r1: 521,
  brainpoolP256r1: 256, brainpoolP384r1: 384, brainpoolP512r1: 512,
};

const SIGNATURE_NAMES: Record<string, { name: string; weak?: 'md2' | 'md5' | 'sha1' }> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', weak: 'md2' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', weak: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', weak: 'sha1' },
  '1.3.14.3.2.29': { name: 'sha1WithRSASignature', weak: 'sha1' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', weak: 'sha1' },
  '1.2.840.10040.4.3': { name: 'dsa-with-sha1', weak: 'sha1' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption' },
  '1.2.840.113549.1.1.10': { name: 'rsassaPss' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512' },
  '1.3.101.112': { name: 'ED25519' },
  '1.3.101.113': { name: 'ED448' },
};

/** Certificate ::= SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm SEQUENCE { OID, … }, … } */
export function signatureOid(der: Uint8Array): string | undefined {
  const outer = derHeader(der, 0);
  if (!outer || der[0] !== 0x30) return undefined;
  const tbs = derHeader(der, outer.body);
  if (!tbs || der[outer.body] !== 0x30) return undefined;
  const algAt = tbs.body + tbs.length;
  const alg = derHeader(der, algAt);
  if (!alg || der[algAt] !== 0x30) return undefined;
  const oid = derHeader(der, alg.body);
  if (!oid || der[alg.body] !== 0x06) return undefined;
  return decodeOid(der.subarray(oid.body, oid.body + oid.length));
}

function derHeader(der: Uint8Array, at: number): { body: number; length: number } | undefined {
  if (at + 2 > der.length) return undefined;
  const first = der[at + 1]!;
  if (first < 0x80) return { body: at + 2, length: first };
  const n = first & 0x7f;
  if (n === 0 || n > 4 || at + 2 + n > der.length) return undefined;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + der[at + 2 + i]!;
  return { body: at + 2 + n, length };
}

function decodeOid(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return undefined;
  const parts: number[] = [];
  const first = bytes[0]!;
  parts.push(first < 80 ? Math.floor(first / 40) : 2, first < 80 ? first % 40 : first - 80);
  let value = 0;
  for (const b of bytes.subarray(1)) {
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

