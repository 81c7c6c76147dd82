/**
 * Certificates and private keys kept as files: what `tls-files/…` checks judge.
 *
 * Files come from discovery: kind `certificate` (`*.crt`, `*.cer`, PEM or DER) and kind
 * `key-material` (`*.pem`, `*.key`, `id_rsa`, …, which hold certificates as often as
 * keys: `fullchain.pem`). Every PEM block is looked at: `CERTIFICATE` blocks are parsed
 * with node:crypto's X509Certificate, `… PRIVATE KEY` blocks are recorded (never their
 * contents). Certificates named by an nginx `ssl_certificate` but not in the scanned tree
 * (mounted at deploy time) are out of reach; the live TLS probe covers those.
 *
 * One unit per file. Node 20's X509Certificate does not expose the signature algorithm,
 * so it is read from the DER (the AlgorithmIdentifier after the TBSCertificate).
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';
import type { LoadedUnit, UnitLoader } from '../loader.ts';
import { MAX_FILE_BYTES } from '../source.ts';
import type { SourceStore } from '../source.ts';

export interface TlsCertificate {
  /** The `-----BEGIN CERTIFICATE-----` line (line 1 for DER files). */
  loc: Location;
  keyPath: string;
  /** Position in the file: 0 for the leaf of a chain. */
  index: number;
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

export interface TlsPrivateKey {
  loc: Location;
  keyPath: string;
  /** PEM label: `PRIVATE KEY`, `RSA PRIVATE KEY`, `OPENSSH PRIVATE KEY`, … */
  label: string;
  /** Protected by a passphrase (PKCS#8 encrypted, legacy `Proc-Type: 4,ENCRYPTED`, OpenSSH cipher). */
  encrypted: boolean;
}

export interface TlsFiles {
  kind: 'tls-files';
  /** Relative to the scan root. */
  path: string;
  certificates: TlsCertificate[];
  privateKeys: TlsPrivateKey[];
  /**
   * True under `--host-root`: keys on a server's disk are where they belong there (their
   * modes are the host audit's business); in a repository they are committed secrets.
   */
  onHost: boolean;
}

export const tlsFilesLoader: UnitLoader = {
  kind: 'tls-files',
  load(context) {
    const units: LoadedUnit[] = [];
    const errors: ScanError[] = [];
    for (const f of context.files) {
      if (f.kind !== 'certificate' && f.kind !== 'key-material') continue;
      const model = readTlsFile(f.path, context.store, errors);
      if (!model) continue;
      model.onHost = context.host !== undefined;
      if (model.certificates.length > 0 || model.privateKeys.length > 0) units.push({ model, files: [f.path] });
    }
    return { units, errors };
  },
};

export function readTlsFile(path: string, store: SourceStore, errors: ScanError[]): TlsFiles | undefined {
  const model: TlsFiles = { kind: 'tls-files', path, certificates: [], privateKeys: [], onHost: false };
  const read = store.read(path);
  if (!read.ok) {
    // DER certificates are binary; keystores (.p12, .jks) too, and are not parsed here.
    if (!/\.(?:crt|cer|der)$/i.test(path)) return undefined;
    const der = readBinary(store.absolute(path));
    if (!der) return undefined;
    const cert = parseCertificate(der, { path, line: 1, column: 1 }, 0);
    if (cert) model.certificates.push(cert);
    return model;
  }
  parsePem(read.file.text, path, model, errors);
  return model;
}

const PEM_BLOCK = /^-----BEGIN ([A-Z0-9 ]+)-----[ \t]*\r?\n([\s\S]*?)^-----END \1-----/gm;

export function parsePem(text: string, path: string, model: TlsFiles, errors: ScanError[]): void {
  for (const m of text.matchAll(PEM_BLOCK)) {
    const label = m[1]!;
    const line = text.slice(0, m.index).split('\n').length;
    const loc: Location = { path, line, column: 1 };
    if (label === 'CERTIFICATE' || label === 'X509 CERTIFICATE') {
      const index = model.certificates.length;
      const cert = parseCertificate(m[0]!, loc, index);
      if (cert) model.certificates.push(cert);
      else errors.push({ path, line, reason: 'cannot parse the certificate in this PEM block' });
    } else if (label.endsWith('PRIVATE KEY')) {
      const body = m[2]!;
      model.privateKeys.push({ loc, keyPath: `key[${model.privateKeys.length}]`, label, encrypted: isEncrypted(label, body) });
    }
  }
}

function isEncrypted(label: string, body: string): boolean {
  if (label === 'ENCRYPTED PRIVATE KEY') return true;
  if (/^Proc-Type:\s*4,ENCRYPTED/m.test(body)) return true;
  if (label === 'OPENSSH PRIVATE KEY') {
    // openssh-key-v1\0, then string ciphername: "none" for an unprotected key.
    const bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
    const magic = 'openssh-key-v1\0';
    if (bytes.subarray(0, magic.length).toString('latin1') !== magic || bytes.length < magic.length + 4) return false;
    const len = bytes.readUInt32BE(magic.length);
    return bytes.subarray(magic.length + 4, magic.length + 4 + len).toString('latin1') !== 'none';
  }
  return false;
}

function parseCertificate(input: string | Buffer, loc: Location, index: number): TlsCertificate | undefined {
  let x: X509Certificate;
  try {
    x = new X509Certificate(input);
  } catch {
    return undefined;
  }
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
  const key: TlsCertificate['key'] = { type: x.publicKey.asymmetricKeyType ?? 'unknown' };
  if (details.modulusLength !== undefined) key.bits = details.modulusLength;
  if (details.namedCurve !== undefined) {
    key.curve = details.namedCurve;
    const bits = CURVE_BITS[details.namedCurve];
    if (bits !== undefined) key.bits = bits;
  }
  const oid = signatureOid(x.raw);
  const signatureAlgorithm = oid === undefined ? 'unknown' : (SIGNATURE_NAMES[oid]?.name ?? oid);
  const cert: TlsCertificate = {
    loc,
    keyPath: `cert[${index}]`,
    index,
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

function readBinary(absolute: string): Buffer | undefined {
  try {
    if (statSync(absolute).size > MAX_FILE_BYTES) return undefined;
    return readFileSync(absolute);
  } catch {
    return undefined;
  }
}
