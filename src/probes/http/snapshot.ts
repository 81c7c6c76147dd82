/**
 * What one HTTP probe saw, as plain JSON: the response to the target's URL (after
 * same-origin redirects on HTTPS), its cookies' flags (never their values), how it
 * answers a cross-origin request, which well-known status and metrics paths answer with
 * their real content, and, when asked, how a bounded burst was answered. `http/…` checks
 * judge this alone.
 */

export interface HttpResponseFacts {
  /** The request path (and query). */
  path: string;
  status: number;
  /** Response headers in the order received, names lower-case. `set-cookie` values are reduced to the cookie name and attributes. */
  headers: Array<[string, string]>;
}

export interface ProbedCookie {
  name: string;
  secure: boolean;
  httpOnly: boolean;
  /** `Strict`, `Lax`, `None` as sent; absent when the attribute is missing. */
  sameSite?: string;
  /** The path of the response that set it. */
  setOn: string;
}

export interface ProbedPath {
  path: string;
  status: number;
  /** Answered 200 with what the endpoint really serves (metrics text, status page, a git config), not a catch-all page. */
  exposed: boolean;
  /** What the body looked like, when exposed: `Prometheus metrics`, `nginx stub_status`, … */
  evidence?: string;
}

export interface RateLimitBurst {
  path: string;
  /** Requests sent (at most 60). */
  sent: number;
  /** Count per status code, e.g. `{ "200": 12, "429": 1 }`; `error` for requests that failed. */
  statuses: Record<string, number>;
  /** A 429 or 503 came back. */
  limited: boolean;
  /** 1-based number of the first limited response. */
  firstLimitedAt?: number;
  durationMs: number;
}

export interface HttpSnapshot {
  /** `https://host:port/path` as displayed in reports. */
  target: string;
  scheme: 'http' | 'https';
  host: string;
  port: number;
  takenAt: string;
  /** The first response to the target URL (before any redirect is followed). */
  first: HttpResponseFacts;
  /** The response judged for headers: the first one, or where same-origin redirects led (HTTPS only). */
  main: HttpResponseFacts;
  cookies: ProbedCookie[];
  /** The answer to the same request with `Origin: <probe origin>`. */
  cors?: { origin: string; allowOrigin?: string; allowCredentials: boolean };
  paths: ProbedPath[];
  rateLimit?: RateLimitBurst;
  notes: string[];
}

/** A header's values (lower-case name), in order. */
export function headerValues(response: HttpResponseFacts, name: string): string[] {
  return response.headers.filter(([n]) => n === name).map(([, v]) => v);
}

export function headerValue(response: HttpResponseFacts, name: string): string | undefined {
  return headerValues(response, name)[0];
}

export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
