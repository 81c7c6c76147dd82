/**
 * Judging connection URLs between services, wherever they are written (a Compose
 * `environment:`, an `env_file`, a `.env`): cleartext schemes (E4, E6) and Postgres
 * `sslmode` (E5). The Compose checks and the env checks share these verdicts so a URL gets
 * the same answer in both places.
 */
import type { Severity } from '../../core/severity.ts';
import type { ParsedUrl } from './urls.ts';
import { isLocalHost } from './urls.ts';

// Variables holding browser-facing addresses (CORS origins, redirect targets, public
// links) or proxies: their http:// is not service-to-service traffic.
export const NOT_A_SERVICE_CALL = /ORIGIN|CORS|ALLOWED|REDIRECT|CALLBACK|PUBLIC|SITE|HOMEPAGE|WEBSITE|FRONTEND|EXTERNAL|DOMAIN|PROXY|SCHEMA|NAMESPACE|XMLNS/i;

// Hosts that are the Docker host itself, not a network path anyone else can see.
const HOST_GATEWAY = new Set(['host.docker.internal', 'gateway.docker.internal']);

/** The TLS scheme to suggest instead of a cleartext one. */
export const SECURE_SCHEME: Record<string, string> = {
  redis: 'rediss://',
  amqp: 'amqps://',
  mqtt: 'mqtts://',
  http: 'https://',
  ws: 'wss://',
};

/** Variables that give a NATS client credentials outside the URL. */
export const NATS_CREDENTIAL_NAMES = ['NATS_CREDS', 'NATS_NKEY', 'NATS_TOKEN', 'NATS_PASSWORD', 'NATS_USER_CREDENTIALS'];

export interface CleartextVerdict {
  /** What is wrong, starting with a verb: `connects to Redis at "redis" without TLS`. */
  problem: string;
  /** Set when the problem has a fixed severity (Redis with no password at all). */
  severity?: Severity;
  /** The TLS scheme to use instead, when there is one. */
  secure?: string;
}

/**
 * Whether one URL found in the value of variable `name` sends traffic in cleartext to
 * another host. `written` is the same URL in the value as written (before interpolation),
 * which tells whether a password is wired in even when the variable is unset here;
 * `hasValue` tells whether a variable of the same service or file is set (NATS credentials).
 */
export function cleartextServiceUrl(
  name: string,
  url: ParsedUrl,
  written: ParsedUrl | undefined,
  hasValue: (name: string) => boolean,
): CleartextVerdict | undefined {
  const host = url.hosts[0] ?? '';
  if (isLocalHost(host) || HOST_GATEWAY.has(host)) return undefined;
  const secure = SECURE_SCHEME[url.scheme];
  const verdict = (problem: string, severity?: Severity): CleartextVerdict => ({
    problem,
    ...(severity ? { severity } : {}),
    ...(secure ? { secure } : {}),
  });
  switch (url.scheme) {
    case 'redis':
    case 'redis+sentinel':
      if (!url.password && !written?.password) return verdict(`connects to Redis at "${host}" without a password and without TLS`, 'medium');
      return verdict(`connects to Redis at "${host}" without TLS`);
    case 'amqp':
    case 'mqtt':
      return verdict(`connects to the broker at "${host}" over cleartext ${url.scheme}://`);
    case 'nats': {
      const creds = url.user || url.password || written?.user || NATS_CREDENTIAL_NAMES.some(hasValue);
      return creds ? undefined : verdict(`connects to NATS at "${host}" without credentials, and the URL does not require TLS`);
    }
    case 'http':
    case 'ws':
      return NOT_A_SERVICE_CALL.test(name) ? undefined : verdict(`calls "${host}" over cleartext ${url.scheme}://`);
    default:
      return undefined;
  }
}

export const STRONG_SSLMODES = new Set(['require', 'verify-ca', 'verify-full']);
const WEAK_SSLMODES = new Set(['disable', 'allow', 'prefer']);

/** `sslmode` (libpq, psycopg) or `ssl` (asyncpg, JDBC) as one libpq-style mode. */
export function sslModeOf(params: Map<string, string>): string | undefined {
  const mode = params.get('sslmode');
  if (mode !== undefined) return mode.toLowerCase();
  const ssl = params.get('ssl')?.toLowerCase();
  if (ssl === undefined) return undefined;
  if (['true', '1', 'on', 'require'].includes(ssl)) return 'require';
  if (['false', '0', 'off'].includes(ssl)) return 'disable';
  return ssl;
}

/** What is wrong with a Postgres connection's sslmode, or undefined when it requires TLS. */
export function sslModeProblem(mode: string | undefined): string | undefined {
  if (mode !== undefined && STRONG_SSLMODES.has(mode)) return undefined;
  return mode === undefined ? 'sets no sslmode (libpq then uses "prefer": cleartext fallback, no certificate check)'
    : WEAK_SSLMODES.has(mode) ? `uses sslmode=${mode}, which allows cleartext` : `uses an unknown sslmode "${mode}"`;
}
