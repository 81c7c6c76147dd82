/** What the `postgres/…` checks share: attempts grouped by user, and how to say where they were made. */
import type { PostgresAttempt, PostgresSnapshot } from '../../probes/postgres/snapshot.ts';

/** The attempts that match, per user name, in the order the probe made them. */
export function attemptsByUser(model: PostgresSnapshot, match: (a: PostgresAttempt) => boolean): Map<string, PostgresAttempt[]> {
  const byUser = new Map<string, PostgresAttempt[]>();
  for (const a of model.attempts) {
    if (match(a)) byUser.set(a.user, [...(byUser.get(a.user) ?? []), a]);
  }
  return byUser;
}

/** `over plain text`, `over TLS`, `over plain text and TLS`. */
export function transports(attempts: readonly PostgresAttempt[]): string {
  const plain = attempts.some((a) => !a.overTls);
  const tls = attempts.some((a) => a.overTls);
  return plain && tls ? 'over plain text and TLS' : tls ? 'over TLS' : 'over plain text';
}
