import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  classifyNginxPath,
  isNginxConfigName,
  isNginxImage,
  looksLikeNginxConfig,
  nginxConfigFilesFromMounts,
  nginxMountsFromVolumes,
} from '../../../src/inputs/nginx/discover.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');

describe('nginx discovery predicates', () => {
  it('classifies paths by name', () => {
    assert.equal(classifyNginxPath('nginx.conf'), 'name');
    assert.equal(classifyNginxPath('deploy/nginx/nginx.conf'), 'name');
    assert.equal(classifyNginxPath('docker/nginx/default.conf'), 'name');
    assert.equal(classifyNginxPath('infra/my-nginx-config/site.conf'), 'name');
    assert.equal(classifyNginxPath('nginx/templates/default.conf.template'), 'name');
    assert.equal(classifyNginxPath('etc/conf.d/app.conf'), 'content');
    assert.equal(classifyNginxPath('http.d/app.conf'), 'content');
    assert.equal(classifyNginxPath('etc/sites-enabled/default'), 'content');
    assert.equal(classifyNginxPath('etc/sites-available/example.com.conf'), 'content');
    assert.equal(classifyNginxPath('templates/site.conf.template'), 'content');
    assert.equal(classifyNginxPath('etc/sites-enabled/default.bak'), undefined);
    assert.equal(classifyNginxPath('etc/sites-enabled/.hidden'), undefined);
    assert.equal(classifyNginxPath('app/settings.conf'), undefined);
    assert.equal(classifyNginxPath('nginx/README.md'), undefined);
    assert.equal(isNginxConfigName('x/nginx.conf'), true);
    assert.equal(isNginxConfigName('x/conf.d/a.conf'), false);
  });

  it('tells nginx text from look-alikes', () => {
    assert.equal(looksLikeNginxConfig('server {\n  listen 80;\n}\n'), true);
    assert.equal(looksLikeNginxConfig('# comment\nhttp {\n}\n'), true);
    assert.equal(looksLikeNginxConfig('location /api/ {\n  proxy_pass http://a;\n}\n'), true);
    assert.equal(looksLikeNginxConfig('proxy_set_header Host $host;\nproxy_set_header X-Real-IP $remote_addr;\n'), true);
    assert.equal(looksLikeNginxConfig('<VirtualHost *:80>\n  ServerName a\n</VirtualHost>\n'), false);
    assert.equal(looksLikeNginxConfig('[mysqld]\nbind-address = 0.0.0.0\n'), false);
    assert.equal(looksLikeNginxConfig('[program:web]\ncommand=/bin/web\n'), false);
    assert.equal(looksLikeNginxConfig('{"server": {"listen": 80}}'), false);
    assert.equal(looksLikeNginxConfig('# server {\n'), false);
    assert.equal(looksLikeNginxConfig('KEY=value\n'), false);
  });

  it('recognises every accepted fixture main file as nginx text', () => {
    for (const name of readdirSync(FIXTURES).filter((n) => n.startsWith('ok-') && n !== 'ok-minimal')) {
      assert.ok(looksLikeNginxConfig(readFileSync(join(FIXTURES, name, 'nginx.conf'), 'utf8')), name);
    }
  });

  it('recognises nginx images', () => {
    for (const image of ['nginx', 'nginx:1.27-alpine', 'docker.io/library/nginx@sha256:abc', 'nginxinc/nginx-unprivileged:stable', 'openresty/openresty:alpine', 'jc21/nginx-proxy-manager:latest', 'bitnami/nginx', 'lscr.io/linuxserver/swag', 'nginxproxy/nginx-proxy']) {
      assert.equal(isNginxImage(image), true, image);
    }
    for (const image of ['httpd:2.4', 'traefik:v3', 'caddy', 'my-nginx-exporter', 'nginx-prometheus-exporter-custom']) {
      assert.equal(isNginxImage(image), false, image);
    }
  });

  it('maps compose bind mounts to host config files', () => {
    const mounts = nginxMountsFromVolumes(
      [
        { type: 'bind', source: './nginx/nginx.conf', target: '/etc/nginx/nginx.conf' },
        { type: 'bind', source: './nginx/conf.d', target: '/etc/nginx/conf.d/' },
        { type: 'bind', source: '../shared/snippets', target: '/etc/nginx/snippets' },
        { type: 'bind', source: './html', target: '/usr/share/nginx/html' },
        { type: 'bind', source: '/etc/letsencrypt', target: '/etc/nginx/certs' },
        { type: 'volume', source: 'nginx-cache', target: '/etc/nginx/cache' },
        { type: 'bind', source: '../../escape', target: '/etc/nginx/x' },
      ],
      'stack',
    );
    assert.deepEqual(mounts, [
      { host: 'stack/nginx/nginx.conf', container: '/etc/nginx/nginx.conf', main: true, file: true },
      { host: 'stack/nginx/conf.d', container: '/etc/nginx/conf.d', main: false },
      { host: 'shared/snippets', container: '/etc/nginx/snippets', main: false },
    ]);
    const listing: Record<string, string[]> = { 'stack/nginx/conf.d': ['b.conf', 'a.conf', '.hidden.conf', 'notes.txt', 'site.conf.template'], 'shared/snippets': ['ssl.conf'] };
    assert.deepEqual(nginxConfigFilesFromMounts(mounts, (dir) => listing[dir]), [
      { path: 'stack/nginx/nginx.conf', container: '/etc/nginx/nginx.conf', main: true },
      { path: 'stack/nginx/conf.d/a.conf', container: '/etc/nginx/conf.d/a.conf', main: false },
      { path: 'stack/nginx/conf.d/b.conf', container: '/etc/nginx/conf.d/b.conf', main: false },
      { path: 'stack/nginx/conf.d/site.conf.template', container: '/etc/nginx/conf.d/site.conf.template', main: false },
      { path: 'shared/snippets/ssl.conf', container: '/etc/nginx/snippets/ssl.conf', main: false },
    ]);
  });
});
