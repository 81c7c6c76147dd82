/**
 * What one Redis probe saw, as plain JSON: how the server answered an unauthenticated
 * PING, and, only when it answered, what `INFO server` says about it. `redis/…` checks
 * judge this alone.
 */

export interface RedisSnapshot {
  /** `redis://host:port` as displayed in reports. */
  target: string;
  host: string;
  port: number;
  takenAt: string;
  /** Spoken over TLS (`rediss://`). */
  tls: boolean;
  /**
   * `pong`: the server obeys commands without a password. `noauth`: it wants one
   * (`requirepass` or ACL users). `denied`: no password is set and protected mode turns
   * away this (non-loopback) client. `error`: some other error reply, in `message`.
   */
  ping: { reply: 'pong' | 'noauth' | 'denied' | 'error'; message?: string };
  /** From `INFO server`, asked only when PING needed no password. */
  server?: { version?: string; mode?: string; os?: string };
  notes: string[];
}
