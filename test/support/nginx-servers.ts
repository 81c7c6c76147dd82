/**
 * Real nginx servers for the live TLS/HTTP probe tests and the peer benchmark: Debian's
 * nginx on 127.0.0.1 at free ports, certificates made here with the `openssl` CLI, one
 * prefix directory per server, stopped by `stop()`.
 *
 * - `weak`: TLS 1.0/1.1/1.2 with every cipher this OpenSSL still has at SECLEVEL=0 (NULL,
 *   anonymous DH and ECDH; Debian's OpenSSL 3 has no 3DES, RC4 or EXPORT suites left to
 *   offer), an expired self-signed RSA-1024/SHA-1 certificate for another
 *   name, no security headers, a cookie without flags, CORS that reflects any origin
 *   with credentials, `/metrics` and `/nginx_status` open, a version banner, no rate
 *   limit, and the plain-HTTP port serving the app.
 * - `hardened`: TLS 1.2/1.3 with AEAD suites, a P-256 certificate for 127.0.0.1 and
 *   localhost signed by a test CA (`caFile`), HSTS and the security headers with
 *   `always` on every location, a Secure/HttpOnly/SameSite cookie, status paths denied,
 *   `limit_req` on `/api/`, tokens off, and the plain-HTTP port redirecting to HTTPS.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDaemon } from './daemon.ts';

export const NGINX_BIN = '/usr/sbin/nginx';
const OPENSSL = 'openssl';

export type NginxFlavour = 'weak' | 'hardened';

export interface RunningNginx {
  flavour: NginxFlavour;
  httpsPort: number;
  httpPort: number;
  /** `https://127.0.0.1:<port>` */
  https: string;
  /** `http://127.0.0.1:<port>` */
  http: string;
  /** PEM of the CA that signed the hardened certificate (the weak one is self-signed: its own file). */
  caFile: string;
  /** The path that is rate limited on the hardened server (and not on the weak one). */
  rateLimitPath: string;
  dir: string;
  log(): string;
  stop(): Promise<void>;
}

export function nginxAvailable(): boolean {
  return existsSync(NGINX_BIN) && commandExists(OPENSSL);
}

function commandExists(name: string): boolean {
  try {
    execFileSync(name, ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function openssl(cwd: string, args: string[]): void {
  execFileSync(OPENSSL, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** An expired (2020) self-signed RSA-1024 certificate signed with SHA-1, for `weak.example.com`. */
function makeWeakCertificate(dir: string): { cert: string; key: string } {
  writeFileSync(
    join(dir, 'ca.cnf'),
    [
      '[ca]', 'default_ca = local', '[local]', 'dir = .', 'database = index.txt', 'new_certs_dir = .', 'serial = serial',
      'default_md = sha1', 'policy = anything', 'unique_subject = no', '[anything]', 'commonName = supplied', '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '01\n');
  openssl(dir, ['req', '-new', '-newkey', 'rsa:1024', '-nodes', '-keyout', 'weak.key', '-subj', '/CN=weak.example.com', '-out', 'weak.csr']);
  // `openssl ca` is the one 3.0 command that takes explicit dates, so it can make an already expired certificate.
  openssl(dir, ['ca', '-batch', '-config', 'ca.cnf', '-selfsign', '-keyfile', 'weak.key', '-in', 'weak.csr', '-startdate', '20200101000000Z', '-enddate', '20210101000000Z', '-notext', '-out', 'weak.pem']);
  // DH parameters switch on nginx's DHE and anonymous DH (ADH) suites; a named group needs no slow prime search.
  openssl(dir, ['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', 'group:ffdhe2048', '-out', 'dh.pem']);
  return { cert: join(dir, 'weak.pem'), key: join(dir, 'weak.key') };
}

/** A test CA and a P-256 leaf for 127.0.0.1 and localhost, valid for a year. */
function makeHardenedCertificate(dir: string): { cert: string; key: string; ca: string } {
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', '/CN=Bulwark Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(dir, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost']);
  writeFileSync(join(dir, 'leaf.ext'), 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n');
  openssl(dir, ['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '365', '-sha256', '-extfile', 'leaf.ext', '-out', 'leaf.pem']);
  return { cert: join(dir, 'leaf.pem'), key: join(dir, 'leaf.key'), ca: join(dir, 'ca.pem') };
}

const METRICS = 'return 200 "# HELP http_requests_total Requests.\\n# TYPE http_requests_total counter\\nhttp_requests_total 1\\n";';

export function nginxConfig(flavour: NginxFlavour, dir: string, ports: { http: number; https: number }, cert: { cert: string; key: string }): string {
  const head = [
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events { worker_connections 256; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${join(dir, 'tmp')};`,
    `  proxy_temp_path ${join(dir, 'tmp')};`,
    `  fastcgi_temp_path ${join(dir, 'tmp')};`,
    `  uwsgi_temp_path ${join(dir, 'tmp')};`,
    `  scgi_temp_path ${join(dir, 'tmp')};`,
    '  default_type text/plain;',
  ];
  if (flavour === 'weak') {
    return [
      ...head,
      '  server_tokens on;',
      '  server {',
      `    listen 127.0.0.1:${ports.http};`,
      '    location / { return 200 "weak app\\n"; }',
      `    location /metrics { ${METRICS} }`,
      '  }',
      '  server {',
      `    listen 127.0.0.1:${ports.https} ssl;`,
      `    ssl_certificate ${cert.cert};`,
      `    ssl_certificate_key ${cert.key};`,
      '    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;',
      // SECLEVEL=0 lets OpenSSL 3 use the SHA-1/RSA-1024 certificate and offer the legacy suites it still has.
      "    ssl_ciphers 'ALL:eNULL:aNULL:3DES:@SECLEVEL=0';",
      `    ssl_dhparam ${join(dir, 'dh.pem')};`,
      '    add_header Set-Cookie "session=weak-session-id; Path=/";',
      '    add_header Access-Control-Allow-Origin $http_origin;',
      '    add_header Access-Control-Allow-Credentials true;',
      '    add_header X-Powered-By "Express";',
      '    location / { return 200 "weak app\\n"; }',
      '    location /api/ { empty_gif; }',
      `    location /metrics { ${METRICS} }`,
      '    location /nginx_status { stub_status; }',
      '  }',
      '}',
      '',
    ].join('\n');
  }
  const securityHeaders = [
    'add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;',
    'add_header X-Frame-Options DENY always;',
    'add_header X-Content-Type-Options nosniff always;',
    'add_header Content-Security-Policy "default-src \'self\'; frame-ancestors \'none\'" always;',
    'add_header Referrer-Policy strict-origin-when-cross-origin always;',
  ];
  return [
    ...head,
    '  server_tokens off;',
    '  limit_req_zone $binary_remote_addr zone=api:1m rate=10r/s;',
    '  limit_req_status 429;',
    '  server {',
    `    listen 127.0.0.1:${ports.http};`,
    `    location / { return 301 https://127.0.0.1:${ports.https}$request_uri; }`,
    '  }',
    '  server {',
    `    listen 127.0.0.1:${ports.https} ssl;`,
    `    ssl_certificate ${cert.cert};`,
    `    ssl_certificate_key ${cert.key};`,
    '    ssl_protocols TLSv1.2 TLSv1.3;',
    "    ssl_ciphers 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305';",
    '    ssl_prefer_server_ciphers on;',
    '    ssl_session_tickets off;',
    ...securityHeaders.map((h) => `    ${h}`),
    '    location / {',
    ...securityHeaders.map((h) => `      ${h}`),
    '      add_header Set-Cookie "session=hardened-session-id; Path=/; Secure; HttpOnly; SameSite=Lax" always;',
    '      return 200 "hardened app\\n";',
    '    }',
    // `return` runs before limit_req (rewrite phase): a content handler such as empty_gif lets the limit apply.
    '    location /api/ { limit_req zone=api burst=5 nodelay; empty_gif; }',
    '    location ~ ^/(metrics|nginx_status|server-status|actuator) { deny all; }',
    '  }',
    '}',
    '',
  ].join('\n');
}

export async function startNginx(flavour: NginxFlavour): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), `bulwark-nginx-${flavour}-`));
  mkdirSync(join(dir, 'tmp'));
  const made: { cert: string; key: string; ca?: string } = flavour === 'weak' ? makeWeakCertificate(dir) : makeHardenedCertificate(dir);
  const caFile = made.ca ?? made.cert;
  const conf = join(dir, 'nginx.conf');
  const daemon = await startDaemon({
    name: `nginx (${flavour})`,
    address: '127.0.0.1',
    portCount: 2,
    dir,
    command: ([http, https]) => {
      writeFileSync(conf, nginxConfig(flavour, dir, { http: http!, https: https! }, made));
      // `-e stderr` and `daemon off` keep nginx a child we can stop; the master opens the certificates and logs.
      return { bin: NGINX_BIN, args: ['-e', 'stderr', '-p', dir, '-c', conf, '-g', 'daemon off;'] };
    },
  });
  const [httpPort, httpsPort] = daemon.ports as [number, number];
  return {
    flavour,
    httpsPort,
    httpPort,
    https: `https://127.0.0.1:${httpsPort}`,
    http: `http://127.0.0.1:${httpPort}`,
    caFile,
    rateLimitPath: '/api/',
    dir,
    log: daemon.log,
    stop: daemon.stop,
  };
}
