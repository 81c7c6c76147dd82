/**
 * The nginx loader: which configurations a scan judges, each once.
 *
 * Two ways lead to a config file:
 * - discovery (`nginx` kind: nginx.conf, `.conf` files in nginx folders, conf.d/sites
 *   files that read like nginx; `etc/nginx/nginx.conf` under `--host-root`);
 * - a Compose service running an nginx image (isNginxImage) that bind-mounts files or
 *   folders into `/etc/nginx/…`: the scan's Compose pass hands each project to
 *   `mountedNginxConfigs` (so Compose files are parsed once) and the loader receives the
 *   mapped mounts, so includes resolve as they do inside the container. A file mounted at `/etc/nginx/conf.d/` or
 *   rendered from `/etc/nginx/templates/` is read in `http` context (the image's own
 *   nginx.conf includes it there).
 *
 * Includes of the files every nginx package ships (mime.types, fastcgi_params, …) that
 * the repository does not hold are not reported as errors.
 *
 * A file reached both ways is loaded once, with the mounts. Main configs load first; a
 * file another loaded config already includes (a conf.d file of a nginx.conf) is not a
 * unit of its own, so its findings are reported once, in the including config.
 */
import { readdirSync } from 'node:fs';
import type { ScanError } from '../../core/finding.ts';
import type { ComposeProject } from '../compose/model.ts';
import type { UnitLoader, LoadedUnit } from '../loader.ts';
import { filesOfKind } from '../loader.ts';
import type { SourceStore } from '../source.ts';
import { isNginxImage, nginxConfigFilesFromMounts, nginxMountsFromVolumes } from './discover.ts';
import type { NginxMount } from './include.ts';
import { loadNginxConfig } from './load.ts';
import type { NginxConfig } from './model.ts';

/**
 * Files every nginx package and image ships next to nginx.conf: a repository that
 * includes them rarely keeps a copy, and their absence says nothing about the config.
 */
const STOCK_INCLUDE_MISSING =
  /^cannot read included file (?:.*\/)?(?:mime\.types|fastcgi_params|fastcgi\.conf|uwsgi_params|scgi_params|proxy_params|koi-utf|koi-win|win-utf|snippets\/fastcgi-php\.conf|snippets\/snakeoil\.conf|modules-enabled\/[^/:]*): no such file/;

/** An nginx config file to load, with the bind mounts of the container that reads it. */
export interface MountedNginxConfig {
  path: string;
  mounts?: NginxMount[];
  context?: 'main' | 'http' | 'server';
}

type Candidate = MountedNginxConfig;

export const nginxLoader: UnitLoader = {
  kind: 'nginx',
  load(context) {
    const errors: ScanError[] = [];
    const candidates = new Map<string, Candidate>();
    for (const c of context.mountedNginxConfigs ?? []) if (!candidates.has(c.path)) candidates.set(c.path, c);
    for (const f of filesOfKind(context, 'nginx')) if (!candidates.has(f.path)) candidates.set(f.path, { path: f.path });

    const loaded: NginxConfig[] = [];
    for (const c of candidates.values()) {
      const r = loadNginxConfig(c.path, context.store, {
        ...(c.mounts ? { mounts: c.mounts } : {}),
        ...(c.context ? { context: c.context } : {}),
      });
      errors.push(...r.errors.filter((e) => !STOCK_INCLUDE_MISSING.test(e.reason)));
      if (r.config) loaded.push(r.config);
    }
    // Whole configs first, then the biggest snippets: whoever includes a file judges it.
    const rank = (c: NginxConfig): number => (c.context === 'main' ? 0 : c.context === 'http' ? 1 : 2);
    loaded.sort((a, b) => rank(a) - rank(b) || b.files.length - a.files.length || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const covered = new Set<string>();
    const units: LoadedUnit[] = [];
    for (const config of loaded) {
      if (covered.has(config.path)) continue;
      for (const f of config.files) covered.add(f);
      units.push({ model: config, files: config.files });
    }
    return { units, errors: dedupe(errors) };
  },
};

/** Config files bind-mounted into the nginx containers of one loaded Compose project. */
export function mountedNginxConfigs(project: ComposeProject, store: SourceStore): MountedNginxConfig[] {
  const out: MountedNginxConfig[] = [];
  for (const service of project.services) {
    if (!service.image || !isNginxImage(service.image.value)) continue;
    const dir = service.path.includes('/') ? service.path.slice(0, service.path.lastIndexOf('/')) : '';
    const mounts = nginxMountsFromVolumes(service.volumes, dir);
    if (mounts.length === 0) continue;
    const plain = mounts.map((m) => ({ host: m.host, container: m.container }));
    for (const f of nginxConfigFilesFromMounts(mounts, (d) => listDir(store, d))) {
      if (!isReadableFile(store, f.path)) continue;
      const snippet = /^\/etc\/nginx\/(?:conf\.d|templates)\//.test(f.container);
      out.push({ path: f.path, mounts: plain, ...(f.main ? { context: 'main' } : snippet ? { context: 'http' } : {}) });
    }
  }
  return out;
}

function listDir(store: SourceStore, dir: string): string[] | undefined {
  try {
    return readdirSync(store.absolute(dir));
  } catch {
    return undefined;
  }
}

/** A mount source that does not exist (certs created at deploy time) is not an error of ours. */
function isReadableFile(store: SourceStore, path: string): boolean {
  const r = store.read(path);
  return r.ok;
}

function dedupe(errors: ScanError[]): ScanError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.path}\0${e.line ?? ''}\0${e.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
