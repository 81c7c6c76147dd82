/**
 * What one TLS probe saw, as plain JSON: which protocol versions the server completes a
 * handshake with, which legacy cipher suites it picks when offered, and the certificate
 * chain it sends with the verdicts of verifying it. `tls/…` checks judge this alone,
 * against `takenAt` rather than the clock, so recorded snapshots stay valid fixtures.
 */
import type { WeakCipherCategory } from './cipher-suites.ts';

export type TlsProtocol = 'SSLv2' | 'SSLv3' | 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export const TLS_PROTOCOLS: readonly TlsProtocol[] = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

export interface ProbedCertificate {
  subject: string;
  issuer: string;
  commonName?: string;
  /** DNS and IP subject alternative names, else the common name. */
  names: string[];
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  selfSigned: boolean;
  ca: boolean;
  key: { type: string; bits?: number; curve?: string };
  signatureAlgorithm: string;
  weakDigest?: 'md2' | 'md5' | 'sha1';
  /** SHA-256 fingerprint, to tell certificates apart in reports. */
  fingerprint256: string;
}

export interface AcceptedWeakSuite {
  /** `0x000a` */
  code: string;
  /** OpenSSL name, e.g. `DES-CBC3-SHA`. */
  name: string;
  category: WeakCipherCategory;
  /** The version the server answered with. */
  protocol: string;
}

export interface TlsSnapshot {
  /** `https://host:port` as displayed in reports. */
  target: string;
  host: string;
  port: number;
  /** ISO time of the probe: the "now" that expiry is judged against. */
  takenAt: string;
  /** true: the server completed (or, for SSL, answered) a handshake at that version; false: it refused; absent: not tested. */
  protocols: Partial<Record<TlsProtocol, boolean>>;
  /** The version and suite a default modern client gets. */
  negotiated?: { protocol: string; cipher: string };
  /** Legacy suites the server chose when offered them. */
  weakCiphers: AcceptedWeakSuite[];
  /** False when some cipher question went unanswered (time, connection errors): absence is then not proof. */
  cipherScanComplete: boolean;
  certificate?: {
    /** Leaf first, as the server sent them. */
    chain: ProbedCertificate[];
    /** Verified against the system's CAs (and `--ca-file`). */
    trusted: boolean;
    /** OpenSSL's reason when not trusted, e.g. `DEPTH_ZERO_SELF_SIGNED_CERT`. */
    trustError?: string;
    /** The leaf is valid for the host name (or IP address) probed. */
    hostnameMatches: boolean;
  };
  notes: string[];
}
