/**
 * Check kinds whose models are live snapshots taken by a probe (`bulwark probe`), not
 * files parsed by a scan. A check `ssh/…` runs over an `SshSnapshot`, `tls/…` over a
 * `TlsSnapshot`, `http/…` over an `HttpSnapshot`, `redis/…` and `postgres/…` over theirs, `ports/…` over a `PortsSnapshot` (`host://`); the generic
 * snapshot fixture runner and the probe pipeline both read this list.
 */
export const PROBE_KINDS = ['ssh', 'tls', 'http', 'redis', 'postgres', 'ports'] as const;

export type ProbeKind = (typeof PROBE_KINDS)[number];

export function isProbeKind(kind: string): kind is ProbeKind {
  return (PROBE_KINDS as readonly string[]).includes(kind);
}
