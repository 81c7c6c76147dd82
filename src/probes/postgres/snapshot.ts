/**
 * What one PostgreSQL probe saw, as plain JSON: whether the server upgrades to TLS after
 * an SSLRequest (and with which protocol and cipher), and for each user name the probe
 * started a session as, over plain text and over TLS, the first thing the server asked
 * for. `postgres/…` checks judge this alone, so recorded snapshots are their fixtures.
 */

/** How the server answered a StartupMessage. */
export type PostgresOutcome =
  /** AuthenticationOk with no credential asked: `trust` in pg_hba.conf. */
  | 'ok'
  /** AuthenticationCleartextPassword: `password` in pg_hba.conf. */
  | 'password'
  /** AuthenticationMD5Password: `md5`, with an MD5 hash stored or `password_encryption = md5`. */
  | 'md5'
  /** AuthenticationSASL: `scram-sha-256` (or `md5` with a SCRAM hash stored). */
  | 'sasl'
  | 'gss'
  | 'sspi'
  /** An ErrorResponse before any authentication request (no pg_hba.conf entry, `reject`), or a method the probe does not know. */
  | 'error';

export interface PostgresAttempt {
  /** The user name in the StartupMessage; the database is always `postgres`. */
  user: string;
  overTls: boolean;
  outcome: PostgresOutcome;
  /** SASL mechanisms offered, e.g. `SCRAM-SHA-256`, `SCRAM-SHA-256-PLUS`. */
  mechanisms?: string[];
  /** SQLSTATE of an ErrorResponse (also after AuthenticationOk, e.g. `28000` for a role that does not exist). */
  sqlstate?: string;
  /** Its message, shortened. */
  message?: string;
}

export interface PostgresSsl {
  /** The server answered 'S' to SSLRequest. */
  supported: boolean;
  /** Negotiated version, e.g. `TLSv1.3`, when the handshake completed. */
  protocol?: string;
  /** Negotiated suite (standard name). */
  cipher?: string;
  /** The leaf certificate, only to tell servers apart: the `tls/…` checks judge certificates. */
  certificate?: { names: string[]; notAfter: string };
  /** Why the TLS handshake failed after an 'S'. */
  error?: string;
}

export interface PostgresSnapshot {
  /** `postgres://host:port` as displayed in reports. */
  target: string;
  host: string;
  port: number;
  /** ISO time of the probe. */
  takenAt: string;
  ssl: PostgresSsl;
  attempts: PostgresAttempt[];
  /** `server_version` from ParameterStatus, when a session was established (only `trust` gets that far). */
  serverVersion?: string;
  /** How the snapshot was taken (users tried, connections skipped). */
  notes: string[];
}

/** Outcomes that mean the server accepted the connection and went on to authenticate it. */
export const AUTH_OUTCOMES: readonly PostgresOutcome[] = ['ok', 'password', 'md5', 'sasl', 'gss', 'sspi'];

export function reachedAuthentication(a: PostgresAttempt): boolean {
  return AUTH_OUTCOMES.includes(a.outcome);
}
