/**
 * Recognising nginx configs, for discovery: pure predicates on names, paths and text,
 * and the mapping from a compose service's bind mounts to the host files an nginx
 * container reads. No I/O here; the caller lists directories when it wants to.
 */
import type { NginxMount } from './include.ts';

/**
 * How sure a path alone makes us: `name` (nginx.conf, or a `.conf` in a folder named
 * after nginx), `content` (a conf.d-like or sites folder that other software uses too:
 * confirm with looksLikeNginxConfig), or undefined.
 */
export type NginxNameMatch = 'name' | 'content' | undefined;

/** Folders whose `.conf` files are nginx's; `conf.d` etc. also hold apache, mysql, supervisor configs. */
const SHARED_DIRS = new Set(['conf.d', 'http.d', 'stream.d', 'sites-available', 'sites-enabled', 'snippets', 'vhosts.d', 'servers']);
/** Folders whose files are server blocks even without `.conf` (Debian's `sites-enabled/default`). */
const SITES_DIRS = new Set(['sites-available', 'sites-enabled']);

/** Classify a scan-relative path (`/` separators). */
export function classifyNginxPath(path: string): NginxNameMatch {
  const parts = path.split('/');
  const name = parts[parts.length - 1] ?? '';
  const dirs = parts.slice(0, -1).map((d) => d.toLowerCase());
  const parent = dirs[dirs.length - 1] ?? '';
  if (name === 'nginx.conf') return 'name';
  const isConf = /\.conf$/i.test(name);
  const isTemplate = /\.conf\.template$/i.test(name);
  const inNginxDir = dirs.some((d) => d.includes('nginx') || d === 'openresty');
  if ((isConf || isTemplate) && inNginxDir) return 'name';
  // The official image renders /etc/nginx/templates/*.template into conf.d at start.
  if (isTemplate && parent === 'templates') return 'content';
  if (isConf && SHARED_DIRS.has(parent)) return 'content';
  if (SITES_DIRS.has(parent) && !name.startsWith('.') && !/\.(?:bak|orig|old|swp|dpkg-\w+|md|txt)$|~$/i.test(name)) return 'content';
  return undefined;
}

/** True when the name alone says nginx config (no need to read it first). */
export function isNginxConfigName(path: string): boolean {
  return classifyNginxPath(path) === 'name';
}

const BLOCK_OPEN = /^[ \t]*(?:http|server|events|upstream|stream|location\s+[^{;]*|map\s+\S+\s+\S+|types)[ \t]*\{/m;
const DIRECTIVE = /^[ \t]*(?:listen|server_name|proxy_pass|fastcgi_pass|root|try_files|add_header|ssl_certificate|return|rewrite|proxy_set_header|client_max_body_size|worker_processes|include)\s+[^;{}\n]+;/gm;

/**
 * Whether a text reads like an nginx config: an nginx block (`server {`, `http {`,
 * `location … {`, `upstream x {`) or at least two typical statements ending with `;`;
 * and none of the marks of an Apache config (`<VirtualHost`), an INI file (`[section]`)
 * or YAML/JSON.
 */
export function looksLikeNginxConfig(text: string): boolean {
  const body = text.replace(/^[ \t]*#.*$/gm, '');
  if (/^[ \t]*<(?:VirtualHost|Directory|IfModule|Location)\b/im.test(body)) return false;
  if (/^[ \t]*\[[^\]\n]+\][ \t]*$/m.test(body)) return false;
  if (/^\s*[{[]\s*"/.test(body)) return false;
  if (BLOCK_OPEN.test(body)) return true;
  return (body.match(DIRECTIVE) ?? []).length >= 2;
}

/** Image names of nginx and the proxies built on it. */
const NGINX_IMAGE = /(?:^|\/)(?:nginx|nginx-unprivileged|openresty|nginx-proxy|nginx-proxy-manager|swag|letsencrypt-nginx-proxy-companion|angie)(?::|@|$)|^(?:nginxinc|openresty|bitnami\/nginx|nginxproxy)\b/i;

export function isNginxImage(image: string): boolean {
  return NGINX_IMAGE.test(image.trim());
}

/** Container folders an nginx image reads configuration from. */
const CONFIG_ROOTS = ['/etc/nginx', '/usr/local/openresty/nginx/conf', '/usr/local/nginx/conf', '/opt/bitnami/nginx/conf'];

/** The subset of a compose volume entry this needs (ComposeService.volumes items fit). */
export interface NginxVolumeLike {
  type: string;
  source?: string;
  target: string;
}

export interface NginxMountedConfig extends NginxMount {
  /** `nginx.conf` mounted over the image's main config. */
  main: boolean;
  /** Whether the mount is one file; undefined when only the host can tell (a folder, or a file without extension). */
  file?: boolean;
}

/**
 * Bind mounts that put host files into an nginx container's configuration folders.
 * `composeDir` is the compose file's folder, relative to the scan root: relative
 * sources resolve against it. Absolute and home-relative sources are outside the scan
 * and left out; so are sources that climb above the scan root.
 */
export function nginxMountsFromVolumes(volumes: readonly NginxVolumeLike[], composeDir: string): NginxMountedConfig[] {
  const out: NginxMountedConfig[] = [];
  for (const v of volumes) {
    if (v.type !== 'bind' || v.source === undefined) continue;
    const target = v.target.replace(/\/+$/, '') || '/';
    if (!CONFIG_ROOTS.some((root) => target === root || target.startsWith(`${root}/`))) continue;
    const src = v.source.replace(/\\/g, '/');
    if (src.startsWith('/') || src.startsWith('~') || /^[A-Za-z]:\//.test(src)) continue;
    const host = joinNormalized(composeDir, src);
    if (host === undefined) continue;
    const base = target.slice(target.lastIndexOf('/') + 1);
    const mount: NginxMountedConfig = { host, container: target, main: base === 'nginx.conf' };
    if (/\.(?:conf|template|types|params)$|_params$|^mime\.types$/.test(base)) mount.file = true;
    out.push(mount);
  }
  return out;
}

/**
 * Host files an nginx container reads as configuration, given the mounts and a way to
 * list a host folder (scan-relative; undefined when it is not a folder). Main configs
 * first; files of mounted folders that nginx would load (`*.conf`, `*.conf.template`).
 */
export function nginxConfigFilesFromMounts(
  mounts: readonly NginxMountedConfig[],
  list: (dir: string) => string[] | undefined,
): { path: string; container: string; main: boolean }[] {
  const out: { path: string; container: string; main: boolean }[] = [];
  const seen = new Set<string>();
  const add = (path: string, container: string, main: boolean): void => {
    if (seen.has(path)) return;
    seen.add(path);
    out.push({ path, container, main });
  };
  for (const m of [...mounts].sort((a, b) => Number(b.main) - Number(a.main))) {
    const names = m.file ? undefined : list(m.host);
    if (names === undefined) {
      add(m.host, m.container, m.main);
      continue;
    }
    for (const name of [...names].sort()) {
      if (name.startsWith('.')) continue;
      if (!/\.conf(?:\.template)?$/.test(name) && name !== 'nginx.conf') continue;
      add(m.host === '' ? name : `${m.host}/${name}`, `${m.container}/${name}`, `${m.container}/${name}` === '/etc/nginx/nginx.conf');
    }
  }
  return out;
}

function joinNormalized(dir: string, rel: string): string | undefined {
  const parts: string[] = [];
  for (const seg of `${dir}/${rel}`.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}
