import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { expandNginxConfig } from '../../../src/inputs/nginx/include.ts';
import type { NginxFileAccess, NginxIncludeOptions } from '../../../src/inputs/nginx/include.ts';
import { defaultConfDir, loadNginxConfig } from '../../../src/inputs/nginx/load.ts';
import type { NginxDirective } from '../../../src/inputs/nginx/parse.ts';
import { SourceStore } from '../../../src/inputs/source.ts';

/** An in-memory scan root. */
function memAccess(files: Record<string, string>): NginxFileAccess {
  return {
    read(path) {
      const text = files[path];
      return text === undefined ? { ok: false, reason: 'no such file or directory' } : { ok: true, text };
    },
    list(dir) {
      const prefix = dir === '' ? '' : `${dir}/`;
      const names = new Set<string>();
      for (const p of Object.keys(files)) if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]!);
      return names.size > 0 ? [...names] : undefined;
    },
  };
}

function expand(files: Record<string, string>, main = 'nginx.conf', options: NginxIncludeOptions = {}) {
  return expandNginxConfig(main, memAccess(files), options);
}

function flatten(list: readonly NginxDirective[]): NginxDirective[] {
  return list.flatMap((d) => [d, ...flatten(d.block ?? [])]);
}

const errs = (r: { errors: { path: string; line?: number; reason: string }[] }): string[] => r.errors.map((e) => `${e.path}:${e.line} ${e.reason}`);

describe('nginx include expansion', () => {
  it('expands globs in sorted order, skips dotfiles, resolves against the conf prefix and records the chain', () => {
    const r = expand({
      'nginx.conf': 'events {}\nhttp {\n  include conf.d/*.conf;\n  include nothing-*.conf;\n}\n',
      'conf.d/b.conf': 'server {\n  listen 81;\n  include snippets/proxy.conf;\n}\n',
      'conf.d/a.conf': 'server { listen 80; }\n',
      'conf.d/.hidden.conf': 'broken {',
      'conf.d/c.conf.off': 'broken {',
      'snippets/proxy.conf': 'include snippets/headers.conf;\nproxy_http_version 1.1;\n',
      'snippets/headers.conf': 'proxy_set_header Host $host;\n',
    });
    assert.deepEqual(errs(r), []);
    assert.deepEqual(r.files, ['nginx.conf', 'conf.d/a.conf', 'conf.d/b.conf', 'snippets/proxy.conf', 'snippets/headers.conf']);
    assert.deepEqual(r.includes.map((i) => [i.pattern, i.files]), [
      ['conf.d/*.conf', ['conf.d/a.conf', 'conf.d/b.conf']],
      ['snippets/proxy.conf', ['snippets/proxy.conf']],
      ['snippets/headers.conf', ['snippets/headers.conf']],
      ['nothing-*.conf', []],
    ]);
    const all = flatten(r.directives);
    assert.ok(!all.some((d) => d.name === 'include'), 'include statements are replaced by what they include');
    const header = all.find((d) => d.name === 'proxy_set_header')!;
    assert.equal(header.file, 'snippets/headers.conf');
    assert.deepEqual(header.includeChain.map((l) => `${l.path}:${l.line}`), ['nginx.conf:3', 'conf.d/b.conf:3', 'snippets/proxy.conf:1']);
    const servers = r.directives[1]!.block!.filter((d) => d.name === 'server');
    assert.deepEqual(servers.map((s) => s.file), ['conf.d/a.conf', 'conf.d/b.conf']);
  });

  it('reports a missing plain include at the include statement and keeps going', () => {
    const r = expand({ 'nginx.conf': 'events {}\nhttp {\n  include missing.conf;\n  server_tokens off;\n}\n' });
    assert.deepEqual(errs(r), ['nginx.conf:3 cannot read included file missing.conf: no such file or directory']);
    assert.deepEqual(r.syntaxErrors, []);
    assert.ok(flatten(r.directives).some((d) => d.name === 'server_tokens'));
  });

  it('maps /etc/nginx to the main config folder; other absolute paths are not followed', () => {
    const r = expand({
      'nginx/nginx.conf': 'http {\n  include /etc/nginx/mime.types;\n  include /etc/letsencrypt/options-ssl-nginx.conf;\n  include /usr/share/nginx/modules/*.conf;\n}\n',
      'nginx/mime.types': 'types { text/html html; }\n',
    }, 'nginx/nginx.conf');
    assert.deepEqual(r.files, ['nginx/nginx.conf', 'nginx/mime.types']);
    assert.deepEqual(errs(r), ['nginx/nginx.conf:3 included file /etc/letsencrypt/options-ssl-nginx.conf is outside the scanned files; not followed']);
  });

  it('maps any absolute path into a host root layout', () => {
    const r = expand({
      'host/etc/nginx/nginx.conf': 'http {\n  include /etc/letsencrypt/options.conf;\n}\n',
      'host/etc/letsencrypt/options.conf': 'ssl_protocols TLSv1.2;\n',
    }, 'host/etc/nginx/nginx.conf');
    assert.deepEqual(errs(r), []);
    assert.deepEqual(r.files, ['host/etc/nginx/nginx.conf', 'host/etc/letsencrypt/options.conf']);
  });

  it('follows compose bind mounts, folder and file mounts merged in container order', () => {
    const r = expand({
      'deploy/nginx.conf': 'events {}\nhttp {\n  include conf.d/*.conf;\n  include /etc/nginx/extra/tls.conf;\n}\n',
      'deploy/sites/app.conf': 'server { listen 80; }\n',
      'deploy/sites/zz.conf': 'server { listen 82; }\n',
      'deploy/single.conf': 'server { listen 81; }\n',
      'shared/tls.conf': 'ssl_protocols TLSv1.3;\n',
    }, 'deploy/nginx.conf', {
      mounts: [
        { host: 'deploy/nginx.conf', container: '/etc/nginx/nginx.conf' },
        { host: 'deploy/sites', container: '/etc/nginx/conf.d/' },
        { host: 'deploy/single.conf', container: '/etc/nginx/conf.d/default.conf' },
        { host: 'shared', container: '/etc/nginx/extra' },
      ],
    });
    assert.deepEqual(errs(r), []);
    assert.deepEqual(r.files, ['deploy/nginx.conf', 'deploy/sites/app.conf', 'deploy/single.conf', 'deploy/sites/zz.conf', 'shared/tls.conf']);
  });

  it('stops at include cycles with an error instead of recursing', () => {
    const r = expand({
      'nginx.conf': 'http {\n  include a.conf;\n}\n',
      'a.conf': 'include b.conf;\n',
      'b.conf': '# back to a\ninclude a.conf;\n',
    });
    assert.deepEqual(errs(r), ['b.conf:2 include cycle: a.conf is already being read (nginx would recurse until it crashes)']);
    const self = expand({ 'nginx.conf': 'include nginx.conf;\n' });
    assert.equal(self.errors.length, 1);
  });

  it('bounds include fan-out', () => {
    const files: Record<string, string> = { 'nginx.conf': 'include l0.conf;\n' };
    for (let i = 0; i < 14; i++) files[`l${i}.conf`] = `include l${i + 1}.conf;\ninclude l${i + 1}.conf;\n`;
    files['l14.conf'] = 'server_tokens off;\n';
    const r = expand(files);
    assert.ok(r.errors.some((e) => /more than 2000 file inclusions/.test(e.reason)));
  });

  it('does not follow includes that leave the scanned files', () => {
    // nginx reads /etc/nginx/../../etc/passwd as /etc/passwd: not a scanned file.
    const r = expand({ 'nginx.conf': 'include ../../etc/passwd;\n' });
    assert.deepEqual(errs(r), ['nginx.conf:1 included file ../../etc/passwd is outside the scanned files; not followed']);
    const viaMount = expand({ 'nginx.conf': 'include /etc/nginx/up/x.conf;\n' }, 'nginx.conf', { mounts: [{ host: '../up', container: '/etc/nginx/up' }] });
    assert.deepEqual(errs(viaMount), ['nginx.conf:1 included file /etc/nginx/up/x.conf points outside the scan root; not followed']);
  });

  it('reports a syntax error in the file it is in, and context errors where the file lands', () => {
    const r = expand({
      'nginx.conf': 'http {\n  map $a $b {\n    include entries.map;\n  }\n  include broken.conf;\n}\n',
      'entries.map': 'a 1;\nb {\n}\n',
      'broken.conf': 'server {\n  listen 80\n  location / {}\n}\n',
    });
    assert.deepEqual(errs(r), ['entries.map:2 unexpected "{"', 'broken.conf:3 directive "listen" is not terminated by ";"']);
  });

  it('reports an unreadable included file at the include statement', () => {
    const r = expandNginxConfig('nginx.conf', {
      read: (p) => (p === 'nginx.conf' ? { ok: true, text: 'include bin.conf;\n' } : { ok: false, reason: 'binary file (contains NUL bytes); skipped' }),
      list: () => undefined,
    });
    assert.deepEqual(errs(r), ['nginx.conf:1 cannot read included file bin.conf: binary file (contains NUL bytes); skipped']);
  });

  it('checks include arity', () => {
    const r = expand({ 'nginx.conf': 'http {\n  include a.conf b.conf;\n}\n' });
    assert.deepEqual(errs(r), ['nginx.conf:2 invalid number of arguments in "include" directive']);
  });

  it('resolves a conf.d file read on its own against the folder above', () => {
    assert.equal(defaultConfDir('docker/nginx/conf.d/default.conf'), 'docker/nginx');
    assert.equal(defaultConfDir('sites-enabled/site'), '');
    assert.equal(defaultConfDir('nginx/nginx.conf'), 'nginx');
    const r = expand(
      { 'nginx/conf.d/default.conf': 'server {\n  include snippets/h.conf;\n}\n', 'nginx/snippets/h.conf': 'add_header X 1;\n' },
      'nginx/conf.d/default.conf',
      { confDir: defaultConfDir('nginx/conf.d/default.conf') },
    );
    assert.deepEqual(errs(r), []);
    assert.equal(r.context, 'http');
    assert.deepEqual(r.files, ['nginx/conf.d/default.conf', 'nginx/snippets/h.conf']);
  });
});

describe('loadNginxConfig', () => {
  const root = mkdtempSync(join(tmpdir(), 'bulwark-nginx-load-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const write = (rel: string, text: string | Buffer): void => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };

  it('reads every file through the store, so snippets and suppressions see the text', () => {
    write('etc/nginx/nginx.conf', 'events {}\nhttp {\n  include conf.d/*.conf;\n}\n');
    write('etc/nginx/conf.d/site.conf', 'server {\n  listen 80;\n}\n');
    const store = new SourceStore(root);
    const { config, errors } = loadNginxConfig('etc/nginx/nginx.conf', store);
    assert.deepEqual(errors, []);
    assert.ok(config);
    assert.deepEqual(config.files, ['etc/nginx/nginx.conf', 'etc/nginx/conf.d/site.conf']);
    assert.deepEqual(store.linesOf('etc/nginx/conf.d/site.conf')?.[1], '  listen 80;');
    assert.equal(config.complete, true);
  });

  it('returns errors and no model when the main file cannot be read', () => {
    write('bin/nginx.conf', Buffer.from([0x68, 0x00, 0x69]));
    const bin = loadNginxConfig('bin/nginx.conf', new SourceStore(root));
    assert.equal(bin.config, undefined);
    assert.match(bin.errors[0]!.reason, /binary/);
    const missing = loadNginxConfig('nope/nginx.conf', new SourceStore(root));
    assert.equal(missing.config, undefined);
    assert.deepEqual(missing.errors, [{ path: 'nope/nginx.conf', reason: 'no such file or directory' }]);
  });

  it('returns a best-effort model marked incomplete on syntax errors', () => {
    write('broken/nginx.conf', 'events {}\nhttp {\n  server {\n    listen 80;\n');
    const { config, errors } = loadNginxConfig('broken/nginx.conf', new SourceStore(root));
    assert.deepEqual(errors.map((e) => `${e.line} ${e.reason}`), ['5 unexpected end of file, expecting "}"']);
    assert.equal(config?.complete, false);
    assert.equal(config?.servers.length, 1);
  });
});
