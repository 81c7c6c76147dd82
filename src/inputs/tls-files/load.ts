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
 * One unit per file.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';
import type { LoadedUnit, UnitLoader } from '../loader.ts';
import { MAX_FILE_BYTES } from '../source.ts';
import { describeX509 } from './x509.ts';
import type { CertificateFacts } from './x509.ts';
import type { SourceStore } from '../source.ts';

export interface TlsCertificate extends CertificateFacts {
  /** The `-----BEGIN CERTIFICATE-----` line (line 1 for DER files). */
  loc: Location;
  keyPath: string;
  /** Position in the file: 0 for the leaf of a chain. */
  index: number;
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
  return { loc, keyPath: `cert[${index}]`, index, ...describeX509(x) };
}

function readBinary(absolute: string): Buffer | undefined {
  try {
    if (statSync(absolute).size > MAX_FILE_BYTES) return undefined;
    return readFileSync(absolute);
  } catch {
    return undefined;
  }
}
