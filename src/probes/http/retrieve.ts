/**
 * The HTTP retriever: the only code of the `http` kind that touches the network. All
 * requests go to the one origin the target names, over at most `MAX_SOCKETS` keep-alive
 * connections, inside the target's deadline:
 *
 * 1. GET the target URL (on HTTPS, same-origin redirects followed up to `MAX_REDIRECTS`);
 * 2. the same GET with a foreign `Origin`, to see whether CORS reflects it;
 * 3. GET each of `STATUS_PATHS`, judged by content so a catch-all 200 page is not "exposed";
 * 4. with `--rate-limit-path`, a burst of at most `BURST_MAX_REQUESTS` within
 *    `BURST_MAX_MS`, stopping at the first 429/503.
 *
 * Bodies are read up to `MAX_BODY_BYTES` and never stored; cookie values never leave
 * this module. Certificates are not verified here: the TLS probe judges them.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { TOOL_NAME, TOOL_VERSION } from '../../reporters/tool.ts';
import { describeNetError, remaining, seconds } from '../net.ts';
import type { ProbeBounds, ProbeSettings, Retrieved } from '../probe.ts';
import type { ProbeTarget } from '../target.ts';
import { headerValues, isRedirect } from './snapshot.ts';
import type { HttpResponseFacts, HttpSnapshot, ProbedCookie, ProbedPath, RateLimitBurst } from './snapshot.ts';

export const MAX_SOCKETS = 6;
export const MAX_REDIRECTS = 3;
export const MAX_BODY_BYTES = 64 * 1024;
export const BURST_MAX_REQUESTS = 60;
export const BURST_MAX_MS = 10_000;
/** The origin sent to test CORS: `.invalid` can never be a real site (RFC 2606). */
export const PROBE_ORIGIN = 'https://bulwark-probe.invalid';

/** Well-known paths that must not answer publicly, with what their real content looks like. */
export const STATUS_PATHS: ReadonlyArray<{ path: string; evidence: string; looks: (body: string, type: string) => boolean }> = [
  { path: '/metrics', evidence: 'Prometheus metrics', looks: (b) => /^# (?:HELP|TYPE) [A-Za-z_:]/m.test(b) || /^[A-Za-z_:][A-Za-z0-9_:]*(?:\{[^}\n]*\})? -?[0-9.eE+-]+(?: \d+)?$/m.test(b) },
  { path: '/actuator', evidence: 'Spring Boot actuator index', looks: (b) => /"_links"\s*:/.test(b) },
  { path: '/actuator/env', evidence: 'Spring Boot environment', looks: (b) => /"(?:propertySources|activeProfiles)"\s*:/.test(b) },
  { path: '/server-status', evidence: 'Apache server-status', looks: (b) => /Apache Server Status|^Total Accesses: \d/m.test(b) },
  { path: '/nginx_status', evidence: 'nginx stub_status', looks: (b) => /^Active connections:\s*\d+/m.test(b) },
  { path: '/.env', evidence: 'a .env file', looks: (b, t) => !/html/i.test(t) && !/<html/i.test(b) && /^(?:export\s+)?[A-Z][A-Z0-9_]*=/m.test(b) },
  { path: '/.git/config', evidence: 'a git repository config', looks: (b) => /^\[core\]/m.test(b) },
];

interface Client {
  target: ProbeTarget;
  bounds: ProbeBounds;
  agent: HttpAgent;
  secure: boolean;
  origin: string;
}

interface Fetched extends HttpResponseFacts {
  body: string;
  contentType: string;
  /** Raw Set-Cookie lines, kept only inside this module to read the flags. */
  setCookies: string[];
}

export async function retrieveHttp(target: ProbeTarget, bounds: ProbeBounds, settings: ProbeSettings = {}): Promise<Retrieved<HttpSnapshot>> {
  const secure = target.scheme === 'https';
  const agentOptions = { keepAlive: true, maxSockets: MAX_SOCKETS };
  const agent = secure
    ? new HttpsAgent({ ...agentOptions, rejectUnauthorized: false, ...(isIP(target.host) === 0 ? { servername: target.host } : {}) })
    : new HttpAgent(agentOptions);
  const client: Client = { target, bounds, agent, secure, origin: originOf(target) };
  const problems: string[] = [];
  const notes: string[] = [];
  try {
    const path = target.path === '' ? '/' : target.path;
    const first = await get(client, path);
    let main = first;
    const cookies = cookiesOf(first);
    // Follow same-origin redirects on HTTPS so headers are judged on the page, not on a hop to /login.
    for (let hop = 0; secure && hop < MAX_REDIRECTS && isRedirect(main.status); hop++) {
      const next = sameOriginPath(client, main.path, headerValues(main, 'location')[0]);
      if (next === undefined) break;
      main = await get(client, next);
      cookies.push(...cookiesOf(main));
    }
    const [cors, paths, burst] = await Promise.all([
      get(client, path, { origin: PROBE_ORIGIN }).then(
        (r) => ({ origin: PROBE_ORIGIN, ...optional('allowOrigin', headerValues(r, 'access-control-allow-origin')[0]), allowCredentials: /^\s*true\s*$/i.test(headerValues(r, 'access-control-allow-credentials')[0] ?? '') }),
        (err: Error) => {
          problems.push(`CORS not checked: ${err.message}`);
          return undefined;
        },
      ),
      Promise.all(STATUS_PATHS.map((p) => probePath(client, p, problems))),
      // A plain-HTTP port that only redirects limits nothing worth knowing: the burst goes to the https:// target.
      settings.rateLimitPath !== undefined && !(client.secure === false && isRedirect(first.status))
        ? rateLimitBurst(client, settings.rateLimitPath)
        : Promise.resolve(undefined),
    ]);
    const snapshot: HttpSnapshot = {
      target: target.display,
      scheme: secure ? 'https' : 'http',
      host: target.host,
      port: target.port,
      takenAt: new Date().toISOString(),
      first: facts(first),
      main: facts(main),
      cookies,
      ...(cors ? { cors } : {}),
      paths: paths.filter((p): p is ProbedPath => p !== undefined),
      ...(burst ? { rateLimit: burst } : {}),
      notes,
    };
    if (main !== first) notes.push(`followed redirects from ${first.path} to ${main.path}`);
    return { snapshot, problems };
  } finally {
    agent.destroy();
  }
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function originOf(target: ProbeTarget): string {
  const host = isIP(target.host) === 6 ? `[${target.host}]` : target.host;
  const defaultPort = target.scheme === 'https' ? 443 : 80;
  return `${target.scheme}://${host}${target.port === defaultPort ? '' : `:${target.port}`}`;
}

function sameOriginPath(client: Client, from: string, location: string | undefined): string | undefined {
  if (location === undefined) return undefined;
  try {
    const url = new URL(location, `${client.origin}${from}`);
    if (url.origin !== new URL(client.origin).origin) return undefined;
    return `${url.pathname}${url.search}`;
  } catch {
    return undefined;
  }
}

function facts(r: Fetched): HttpResponseFacts {
  return { path: r.path, status: r.status, headers: r.headers };
}

/** One GET; the body is read up to MAX_BODY_BYTES. Rejects with a plain reason on network errors and timeouts. */
function get(client: Client, path: string, extraHeaders: Record<string, string> = {}): Promise<Fetched> {
  const { target, bounds } = client;
  return new Promise<Fetched>((resolve, reject) => {
    if (remaining(bounds) === 0) {
      reject(new Error(`no time left for GET ${path}`));
      return;
    }
    const request = client.secure ? httpsRequest : httpRequest;
    const req = request({
      host: target.host,
      port: target.port,
      path,
      method: 'GET',
      agent: client.agent,
      headers: { 'user-agent': `${TOOL_NAME}-probe/${TOOL_VERSION}`, accept: '*/*', ...extraHeaders },
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${seconds(bounds.timeoutMs)} (GET ${path})`)), remaining(bounds));
    req.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(err.code ? describeNetError(err, target.port) : err.message));
    });
    req.once('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (): void => {
        clearTimeout(timer);
        const { headers, setCookies } = readHeaders(res.rawHeaders);
        resolve({
          path,
          status: res.statusCode ?? 0,
          headers,
          body: Buffer.concat(chunks).toString('utf8'),
          contentType: String(res.headers['content-type'] ?? ''),
          setCookies,
        });
      };
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
        else {
          res.destroy();
          done();
        }
      });
      res.once('end', done);
      res.once('error', done);
    });
    req.end();
  });
}

/** Header pairs with lower-case names; each Set-Cookie reduced to `name; attributes` so no value is kept. */
function readHeaders(raw: readonly string[]): { headers: Array<[string, string]>; setCookies: string[] } {
  const headers: Array<[string, string]> = [];
  const setCookies: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    if (name === 'set-cookie') {
      setCookies.push(value);
      const [pair, ...attributes] = value.split(';');
      headers.push([name, [cookieName(pair ?? ''), ...attributes.map((a) => a.trim())].join('; ')]);
    } else {
      headers.push([name, value]);
    }
  }
  return { headers, setCookies };
}

function cookieName(pair: string): string {
  const eq = pair.indexOf('=');
  return (eq < 0 ? pair : pair.slice(0, eq)).trim();
}

function cookiesOf(r: Fetched): ProbedCookie[] {
  return r.setCookies.map((line) => {
    const [pair, ...rest] = line.split(';');
    const attributes = rest.map((a) => a.trim());
    const attr = (name: string): string | undefined => {
      const hit = attributes.find((a) => a.toLowerCase() === name || a.toLowerCase().startsWith(`${name}=`));
      return hit === undefined ? undefined : (hit.split('=')[1] ?? '').trim();
    };
    const sameSite = attr('samesite');
    return {
      name: cookieName(pair ?? ''),
      secure: attr('secure') !== undefined,
      httpOnly: attr('httponly') !== undefined,
      ...(sameSite !== undefined ? { sameSite } : {}),
      setOn: r.path,
    };
  });
}

async function probePath(client: Client, spec: (typeof STATUS_PATHS)[number], problems: string[]): Promise<ProbedPath | undefined> {
  try {
    const r = await get(client, spec.path);
    const exposed = r.status === 200 && spec.looks(r.body, r.contentType);
    return { path: spec.path, status: r.status, exposed, ...(exposed ? { evidence: spec.evidence } : {}) };
  } catch (err) {
    problems.push(`${spec.path} not checked: ${(err as Error).message}`);
    return undefined;
  }
}

/** Up to BURST_MAX_REQUESTS GETs, MAX_SOCKETS at a time, within BURST_MAX_MS and the deadline; stops at the first 429/503. */
async function rateLimitBurst(client: Client, path: string): Promise<RateLimitBurst> {
  const started = Date.now();
  const stopAt = Math.min(started + BURST_MAX_MS, client.bounds.deadline - 500);
  const statuses: Record<string, number> = {};
  let sent = 0;
  let firstLimitedAt: number | undefined;
  const worker = async (): Promise<void> => {
    while (sent < BURST_MAX_REQUESTS && firstLimitedAt === undefined && Date.now() < stopAt) {
      const n = ++sent;
      let key: string;
      try {
        const r = await get(client, path);
        key = String(r.status);
        if ((r.status === 429 || r.status === 503) && (firstLimitedAt === undefined || n < firstLimitedAt)) firstLimitedAt = n;
      } catch {
        key = 'error';
      }
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: MAX_SOCKETS }, worker));
  return {
    path,
    sent,
    statuses,
    limited: firstLimitedAt !== undefined,
    ...(firstLimitedAt !== undefined ? { firstLimitedAt } : {}),
    durationMs: Date.now() - started,
  };
}
