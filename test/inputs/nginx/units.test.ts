/**
 * The nginx loader in a scan: discovery by path and content, configs reached through a
 * Compose mount, and every file judged once (mounted and discovered, or included by a
 * main config).
 */
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { discover } from '../../../src/inputs/discover.ts';
import { mountedNginxConfigs, nginxLoader } from '../../../src/inputs/nginx/units.ts';
import { loadComposeProjects } from '../../../src/scan/load-compose.ts';
import type { NginxConfig } from '../../../src/inputs/nginx/model.ts';
import { SourceStore } from '../../../src/inputs/source.ts';
import { scan } from '../../../src/scan/scan.ts';
import { makeTree } from '../../scan/tree.ts';
import type { TempTree } from '../../scan/tree.ts';

const trees: TempTree[] = [];
after(() => trees.forEach((t) => t.remove()));
function tree(files: Record<string, string>): TempTree {
  const t = makeTree(files);
  trees.push(t);
  return t;
}

function load(t: TempTree) {
  const root = realpathSync(t.root);
  const store = new SourceStore(root);
  const found = discover({ root, targets: [root], store });
  // As the scan does: the Compose pass names the configs its nginx services mount.
  const mounted = loadComposeProjects(found.files, store, (project) => mountedNginxConfigs(project, store)).projects.flatMap((p) => p.result);
  const loaded = nginxLoader.load({ files: found.files, store, mountedNginxConfigs: mounted });
  return { found, loaded, configs: loaded.units.map((u) => u.model as NginxConfig) };
}

const SITE = 'server {\n    listen 80;\n    location / {\n        proxy_pass http://app:3000;\n    }\n}\n';
const MAIN = 'events {}\nhttp {\n    server_tokens off;\n    include /etc/nginx/conf.d/*.conf;\n}\n';

describe('nginx discovery', () => {
  it('finds nginx.conf by name and conf.d files only when they read like nginx', () => {
    const t = tree({
      'proxy/nginx.conf': MAIN,
      'proxy/conf.d/app.conf': SITE,
      'mysql/conf.d/my.conf': '[mysqld]\nbind-address = 0.0.0.0\n',
      'deploy/nginx/site.conf': SITE,
    });
    const { found } = load(t);
    assert.deepEqual(
      found.files.filter((f) => f.kind === 'nginx').map((f) => `${f.path}:${f.by}`),
      ['deploy/nginx/site.conf:name', 'proxy/conf.d/app.conf:content', 'proxy/nginx.conf:name'],
    );
  });

  it('accepts a file the user names when its text is nginx', async () => {
    const t = tree({ 'edge.conf': SITE, 'notes.conf': 'just text\n' });
    const r = await scan({ targets: ['edge.conf'], cwd: t.root, checks: ['nginx/*'] });
    assert.equal(r.fatal, undefined);
    assert.ok(r.findings.some((f) => f.checkId === 'nginx/require-https-redirect' && f.location.path === 'edge.conf'));
    const bad = await scan({ targets: ['notes.conf'], cwd: t.root, checks: ['nginx/*'] });
    assert.match(bad.errors[0]?.reason ?? '', /not a recognised input/);
  });
});

describe('nginx loader', () => {
  it('judges a conf.d file once, inside the main config that includes it', () => {
    const t = tree({ 'proxy/nginx.conf': MAIN, 'proxy/conf.d/app.conf': SITE });
    const { configs, loaded } = load(t);
    assert.deepEqual(loaded.errors, []);
    assert.deepEqual(configs.map((c) => c.path), ['proxy/nginx.conf']);
    assert.deepEqual(configs[0]!.files, ['proxy/nginx.conf', 'proxy/conf.d/app.conf']);
    // The main config's server_tokens reaches the included server.
    assert.deepEqual(configs[0]!.servers[0]!.value('server_tokens'), ['off']);
  });

  it('reads configs mounted into an nginx service, with the mounts, once', () => {
    const t = tree({
      'docker-compose.yml':
        'services:\n  edge:\n    image: nginx:1.27\n    volumes:\n      - ./edge/main.conf:/etc/nginx/nginx.conf:ro\n      - ./edge/sites:/etc/nginx/sites:ro\n',
      // Not named nginx.conf and not in an nginx folder: only the mount says what it is.
      'edge/main.conf': 'events {}\nhttp {\n    include /etc/nginx/sites/*.conf;\n}\n',
      'edge/sites/app.conf': SITE,
    });
    const { configs, loaded } = load(t);
    assert.deepEqual(loaded.errors, []);
    assert.deepEqual(configs.map((c) => c.path), ['edge/main.conf']);
    assert.deepEqual(configs[0]!.files, ['edge/main.conf', 'edge/sites/app.conf']);
    assert.equal(configs[0]!.servers.length, 1);
  });

  it('reads a conf.d file mounted without a main config in http context, and a discovered copy only once', () => {
    const t = tree({
      'compose.yaml': 'services:\n  proxy:\n    image: nginxinc/nginx-unprivileged:1.27\n    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf\n',
      'nginx/default.conf': SITE,
    });
    const { configs } = load(t);
    assert.deepEqual(configs.map((c) => `${c.path}:${c.context}`), ['nginx/default.conf:http']);
  });

  it('does not report missing stock includes (mime.types, fastcgi_params), but does report other missing files', () => {
    const t = tree({
      'nginx/nginx.conf': 'events {}\nhttp {\n    include mime.types;\n    include /etc/nginx/fastcgi_params;\n    include /etc/nginx/site.conf;\n}\n',
    });
    const { loaded } = load(t);
    assert.deepEqual(loaded.errors.map((e) => `${e.path}:${e.line}`), ['nginx/nginx.conf:5']);
  });

  it('says which header a location drops', async () => {
    const t = tree({
      'nginx/nginx.conf':
        'events {}\nhttp {\n  server {\n    listen 443 ssl;\n    ssl_certificate c.pem;\n    add_header Strict-Transport-Security "max-age=63072000" always;\n' +
        '    location /dl/ {\n      add_header Cache-Control no-store;\n    }\n  }\n}\n',
    });
    const r = await scan({ targets: ['.'], cwd: t.root, checks: ['nginx/require-hsts'] });
    assert.deepEqual(r.findings.map((f) => `${f.location.line} ${f.message}`), [
      "7 this location /dl/'s add_header drops the server's Strict-Transport-Security (line 6): nginx inherits add_header only when a level sets none",
    ]);
  });

  it('holds back "not set" findings when an include that could set the value was not followed', async () => {
    const t = tree({
      'nginx/site.conf':
        'server {\n    listen 443 ssl;\n    ssl_certificate c.pem;\n    include /etc/letsencrypt/options-ssl-nginx.conf;\n    location / {\n        root /srv;\n    }\n}\n',
    });
    const r = await scan({ targets: ['.'], cwd: t.root, checks: ['nginx/no-legacy-tls-protocols', 'nginx/require-hsts', 'nginx/require-security-headers'] });
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.errors.map((e) => `${e.path}:${e.line}`), ['nginx/site.conf:4']);
  });

  it('ignores mounts of other images and mount sources that are not there', () => {
    const t = tree({
      'compose.yaml': 'services:\n  app:\n    image: node:20\n    volumes:\n      - ./x.conf:/etc/nginx/nginx.conf\n  proxy:\n    image: nginx:1.27\n    volumes:\n      - ./missing.conf:/etc/nginx/nginx.conf\n      - ./certs:/etc/nginx/certs:ro\n',
      'x.conf': SITE,
    });
    const { configs, loaded } = load(t);
    assert.deepEqual(configs, []);
    assert.deepEqual(loaded.errors, []);
  });

  it('finds /etc/nginx/nginx.conf and what it includes under --host-root', async () => {
    const t = tree({
      'etc/nginx/nginx.conf': 'events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n',
      'etc/nginx/sites-enabled/default': SITE,
    });
    const r = await scan({ targets: [], hostRoot: t.root, cwd: t.root, checks: ['nginx/require-https-redirect'] });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.findings.map((f) => `${f.checkId} ${f.location.path}:${f.location.line}`), ['nginx/require-https-redirect etc/nginx/sites-enabled/default:2']);
  });
});
