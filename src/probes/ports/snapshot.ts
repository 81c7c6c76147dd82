/**
 * What one `host://` probe saw, as plain JSON: for each catalogue port, whether a TCP
 * connect to the host's address succeeded, and the first bytes a service volunteered.
 * `ports/…` checks judge this alone.
 */
import type { PortRole } from './catalogue.ts';

/**
 * `open`: the connect succeeded. `closed`: refused (RST). `filtered`: no answer within the
 * per-connection bound, or an ICMP unreachable: a firewall drops it or nothing routes there.
 * `untested`: the target's deadline passed before the port's turn.
 */
export type PortState = 'open' | 'closed' | 'filtered' | 'untested';

export interface PortObservation {
  port: number;
  /** From the catalogue: `redis`, `docker-api`. */
  service: string;
  /** Human name from the catalogue: `Redis / Valkey`. */
  name: string;
  role: PortRole;
  state: PortState;
  /** Printable start of what the service sent unprompted (SSH, MySQL, FTP do), at most 120 characters. */
  banner?: string;
}

export interface PortsSnapshot {
  /** `host://name` as displayed in reports. */
  target: string;
  /** As the target names it. */
  host: string;
  /** The one address every port was tried on. */
  address: string;
  takenAt: string;
  /** In catalogue (port) order. */
  ports: PortObservation[];
  notes: string[];
}
