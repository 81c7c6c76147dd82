/**
 * Running the real nginx as a test oracle: a fixture folder is copied into a temp
 * prefix with line-preserving rewrites (certificate paths point at a generated
 * self-signed pair, `/etc/nginx/` includes at the copy, logs into the temp dir, ports
 * below 1024 moved up when not root), then `nginx -t` (or `-T`) reads it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import fc from 'fast-check';

export const NGINX = '/usr/sbin/nginx';
const MODULES = '/usr/lib/nginx/modules';
/** Dynamic modules of Debian's nginx a fixture may need, and the package that ships them. */
export const OPTIONAL_MODULES = {
  lua: { files: [`${MODULES}/ndk_http_module.so`, `${MODULES}/ngx_http_lua_module.so`], pkg: 'libnginx-mod-http-lua' },
  stream: { files: [`${MODULES}/ngx_stream_module.so`], pkg: 'libnginx-mod-stream' },
} as const;
export type OptionalModule = keyof typeof OPTIONAL_MODULES;

/** Modules a config text needs loaded (Debian builds them as dynamic modules). */
export function modulesFor(texts: readonly string[]): OptionalModule[] {
  const all = texts.join('\n');
  const out: OptionalModule[] = [];
  if (/_by_lua/.test(all)) out.push('lua');
  if (/^[ \t]*stream[ \t]*\{/m.test(all)) out.push('stream');
  return out;
}

/** Every text file of a fixture folder. */
export function fixtureTexts(dir: string): string[] {
  return walk(dir).map((f) => readFileSync(f, 'utf8'));
}

export interface OracleEnv {
  work: string;
  cert: string;
  key: string;
  dh: string;
}

export function setUpOracle(): OracleEnv {
  const work = mkdtempSync(join(tmpdir(), 'bulwark-nginx-'));
  const cert = join(work, 'cert.pem');
  const key = join(work, 'key.pem');
  const dh = join(work, 'dh.pem');
  mkdirSync(join(work, 'logs'));
  const req = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=bulwark-test'], { encoding: 'utf8' });
  if (req.status !== 0) throw new Error(`openssl req failed: ${req.stderr}`);
  const dhr = spawnSync('openssl', ['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', 'group:ffdhe2048', '-out', dh], { encoding: 'utf8' });
  if (dhr.status !== 0) throw new Error(`openssl genpkey failed: ${dhr.stderr}`);
  return { work, cert, key, dh };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

const CERT_DIRECTIVE = /^([ \t]*(?:proxy_)?ssl_(certificate_key|certificate|trusted_certificate|client_certificate|dhparam)[ \t]+)("[^"\n]*"|'[^'\n]*'|[^\s;{}"']+)/gm;

/** The same text with paths nginx -t touches pointed into the temp prefix; lines stay where they are. */
export function rewriteForOracle(text: string, env: OracleEnv, copy: string): string {
  let out = text.replace(CERT_DIRECTIVE, (_m, head: string, kind: string) => head + (kind === 'certificate_key' ? env.key : kind === 'dhparam' ? env.dh : env.cert));
  out = out.replace(/(\binclude[ \t]+["']?)\/etc\/nginx\//g, `$1${copy}/`);
  out = out.replace(/\/var\/log\/nginx\//g, `${env.work}/logs/`);
  if (process.getuid?.() !== 0) {
    out = out.replace(/^([ \t]*listen[ \t]+(?:[^\s;]*:)?)(\d+)\b/gm, (m, head: string, port: string) => (Number(port) < 1024 ? head + String(Number(port) + 20000) : m));
  }
  return out;
}

/** Copy a fixture folder (or write one text as nginx.conf) into a fresh temp prefix. */
export function materialize(env: OracleEnv, source: { dir: string } | { text: string }): string {
  const copy = mkdtempSync(join(env.work, 'case-'));
  if ('dir' in source) cpSync(source.dir, copy, { recursive: true });
  else writeFileSync(join(copy, 'nginx.conf'), source.text);
  for (const file of walk(copy)) {
    const text = readFileSync(file, 'latin1');
    const rewritten = rewriteForOracle(text, env, copy);
    if (rewritten !== text) writeFileSync(file, rewritten, 'latin1');
  }
  return copy;
}

export interface NginxVerdict {
  ok: boolean;
  status: number | null;
  /** First [emerg]/[error] message, without the `in FILE:LINE` tail (some have none). */
  message?: string;
  /** File of that message, relative to the copy, `/` separators. */
  file?: string;
  line?: number;
  stderr: string;
  /** For -T: files dumped, relative to the copy. */
  dumped?: string[];
}

export function runNginx(copy: string, mode: '-t' | '-T', modules: readonly OptionalModule[]): NginxVerdict {
  const loads = modules.flatMap((m) => OPTIONAL_MODULES[m].files.map((f) => `load_module ${f};`));
  const globals = [...loads, `pid ${join(copy, 'nginx.pid')};`, 'error_log stderr;'].join(' ');
  const r = spawnSync(NGINX, [mode, '-q', '-c', join(copy, 'nginx.conf'), '-p', `${copy}/`, '-g', globals], { encoding: 'utf8', timeout: 20_000, maxBuffer: 64 * 1024 * 1024 });
  const verdict: NginxVerdict = { ok: r.status === 0, status: r.status, stderr: r.stderr ?? '' };
  const first = /\[(?:emerg|error)\] \d+#\d+: (.*)$/m.exec(verdict.stderr);
  if (first) {
    const m = /^(.*) in (\/.*):(\d+)$/.exec(first[1]!);
    if (m) {
      verdict.message = m[1]!;
      verdict.file = relative(copy, m[2]!).split(sep).join('/');
      verdict.line = Number(m[3]);
    } else verdict.message = first[1]!;
  }
  if (mode === '-T' && r.status === 0) {
    verdict.dumped = [...(r.stdout ?? '').matchAll(/^# configuration file (.*):$/gm)].map((x) => relative(copy, x[1]!).split(sep).join('/'));
  }
  return verdict;
}

/**
 * nginx messages that come from reading the grammar, which the parser must reproduce at
 * the same line (directive semantics such as unknown names or bad values are not ours).
 */
export function isSyntaxMessage(message: string): boolean {
  return (
    // The reader's `unexpected "x"` and end-of-file messages; not the if-condition parser's `unexpected "…" in condition`.
    (/^unexpected /.test(message) && !/ in condition$/.test(message)) ||
    / is not terminated by ";"$/.test(message) ||
    / has no opening "\{"$/.test(message) ||
    /^too long parameter/.test(message) ||
    /^Lua code block missing/.test(message) ||
    /^unknown directive "[^"]*[^a-z0-9_"][^"]*"$/.test(message) ||
    /^unknown directive ""$/.test(message) ||
    /^invalid number of arguments in "\w+_by_lua_block" directive$/.test(message)
  );
}

export function nginxAvailable(): boolean {
  return existsSync(NGINX);
}

/** Packages to install for modules that are missing, empty when all are there. */
export function missingModulePackages(modules: readonly OptionalModule[]): string[] {
  return modules.filter((m) => !OPTIONAL_MODULES[m].files.every((f) => existsSync(f))).map((m) => OPTIONAL_MODULES[m].pkg);
}

/** Pieces that matter to nginx's grammar, so random text hits the interesting paths. */
export const PIECES = [
  '{', '}', ';', '"', "'", '\\', '$', '${', '#', '(', ')', '\n', '\r\n', '\t', ' ', ' ', 'a', 'é', '☃', '\f',
  'server', 'location', 'location ~ ^/a{2}', 'include x.conf', 'include *.conf', 'map $a $b', 'geo $g', 'types', 'if ($a)',
  'content_by_lua_block', 'set_by_lua_block $v', '--', '--[[', '[[', ']]', '[=[', ']=]', 'listen 80', 'listen [::]:443 ssl',
  'add_header X y always', 'http', 'events', 'upstream u', 'server 127.0.0.1', 'limit_except GET', 'return 204',
];

export type Mutation = { op: 'delete' | 'insert' | 'duplicate'; at: number; len: number; piece: string };
export const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('delete' as const, 'insert' as const, 'duplicate' as const),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 12 }),
  piece: fc.constantFrom(...PIECES),
});

/** Apply edits (cut, insert a grammar piece, duplicate a span) at positions taken modulo the length. */
export function mutate(text: string, mutations: readonly Mutation[]): string {
  let t = text;
  for (const m of mutations) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    if (m.op === 'delete') t = t.slice(0, at) + t.slice(at + m.len);
    else if (m.op === 'insert') t = t.slice(0, at) + m.piece + t.slice(at);
    else t = t.slice(0, at) + t.slice(at, at + m.len) + t.slice(at);
  }
  return t;
}

