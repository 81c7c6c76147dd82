import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { expandNginxConfig } from '../../../src/inputs/nginx/include.ts';
import { loadNginxConfig } from '../../../src/inputs/nginx/load.ts';
import { allLocations, allScopes, buildNginxModel, inheritanceOf, locationMatch, parseListenAddress } from '../../../src/inputs/nginx/model.ts';
import type { NginxConfig, NginxLocation, NginxScope } from '../../../src/inputs/nginx/model.ts';
import { SourceStore } from '../../../src/inputs/source.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');

function model(text: string, path = 'nginx.conf'): NginxConfig {
  const expanded = expandNginxConfig(path, { read: () => ({ ok: true, text }), list: () => undefined });
  assert.deepEqual(expanded.errors, []);
  return buildNginxModel(path, expanded, true);
}

const headers = (s: NginxScope): string[] => s.addHeaders.map((h) => `${h.name}=${h.value}${h.always ? ' always' : ''}`);
const byPath = (locs: NginxLocation[], path: string): NginxLocation => {
  const l = locs.find((x) => x.path === path);
  assert.ok(l, `location ${path}`);
  return l;
};

describe('nginx effective model: add_header', () => {
  const config = model(`
events {}
http {
  add_header X-Http a;
  add_header X-Frame-Options DENY always;
  server {
    listen 80;
    location / { }
    location /own/ {
      add_header Cache-Control no-store;
      location /own/nested/ { }
      location /own/again/ { add_header X-Again 1; }
      if ($arg_x) { add_header X-If 1; }
      if ($arg_y) { return 404; }
    }
  }
  server {
    listen 81;
    add_header Strict-Transport-Security "max-age=63072000" always;
    location / { }
    location /x/ {
      add_header X-Frame-Options SAMEORIGIN;
    }
  }
}
`);
  const [s1, s2] = config.servers;

  it('inherits the http headers into a server and location that set none', () => {
    assert.deepEqual(headers(s1!), ['X-Http=a', 'X-Frame-Options=DENY always']);
    assert.deepEqual(headers(byPath(s1!.locations, '/')), ['X-Http=a', 'X-Frame-Options=DENY always']);
    assert.deepEqual(byPath(s1!.locations, '/').droppedHeaders, []);
  });

  it('drops every inherited header at a level with its own add_header', () => {
    const own = byPath(s1!.locations, '/own/');
    assert.deepEqual(headers(own), ['Cache-Control=no-store']);
    assert.deepEqual(own.droppedHeaders.map((h) => h.name), ['X-Http', 'X-Frame-Options']);
    assert.equal(own.effective('add_header')?.scope, own);
    assert.equal(own.effective('add_header')?.inherited, false);
  });

  it('passes the nearest level with headers down to nested locations and if blocks', () => {
    const own = byPath(s1!.locations, '/own/');
    assert.deepEqual(headers(byPath(own.locations, '/own/nested/')), ['Cache-Control=no-store']);
    assert.deepEqual(headers(byPath(own.locations, '/own/again/')), ['X-Again=1']);
    const [ifX, ifY] = own.ifs;
    assert.deepEqual(ifX!.condition, ['$arg_x']);
    assert.deepEqual(headers(ifX!), ['X-If=1']);
    assert.deepEqual(ifX!.droppedHeaders.map((h) => h.name), ['Cache-Control']);
    assert.deepEqual(headers(ifY!), ['Cache-Control=no-store']);
  });

  it('replaces the http headers at the server level too', () => {
    assert.deepEqual(headers(s2!), ['Strict-Transport-Security=max-age=63072000 always']);
    assert.deepEqual(s2!.droppedHeaders.map((h) => h.name), ['X-Http', 'X-Frame-Options']);
    const x = byPath(s2!.locations, '/x/');
    assert.deepEqual(headers(x), ['X-Frame-Options=SAMEORIGIN']);
    // A header of the same name set again is not reported as dropped; HSTS is.
    assert.deepEqual(x.droppedHeaders.map((h) => h.name), ['Strict-Transport-Security']);
    assert.equal(x.addHeaders[0]!.scope, x);
    assert.equal(byPath(s2!.locations, '/').addHeaders[0]!.scope, s2);
  });
});

describe('nginx effective model: other directives', () => {
  const config = model(`
events {}
http {
  server_tokens off;
  proxy_set_header X-A http;
  proxy_set_header X-B http;
  allow 10.0.0.0/8;
  deny all;
  root /srv/http;
  client_max_body_size 1m;
  server {
    listen 80;
    server_tokens on;
    location / {
      proxy_pass http://127.0.0.1:1;
      location /inner/ { }
    }
    location /p/ {
      proxy_set_header X-C loc;
      deny 192.0.2.1;
      client_max_body_size 5m;
      return 204;
      location /p/q/ { }
    }
    location /files/ {
      alias /data/;
      location /files/sub/ { }
    }
    location /m/ {
      limit_except GET { deny all; }
    }
  }
}
`);
  const s = config.servers[0]!;

  it('takes the nearest level for single-valued directives', () => {
    assert.deepEqual(config.http!.value('server_tokens'), ['off']);
    assert.deepEqual(s.value('server_tokens'), ['on']);
    const root = byPath(s.locations, '/');
    const eff = root.effective('server_tokens')!;
    assert.deepEqual([eff.scope.kind, eff.inherited, eff.directives[0]!.args[0]!.value], ['server', true, 'on']);
    assert.deepEqual(byPath(s.locations, '/p/').value('client_max_body_size'), ['5m']);
    assert.deepEqual(byPath(s.locations, '/p/').locations[0]!.value('client_max_body_size'), ['5m']);
    assert.deepEqual(root.value('client_max_body_size'), ['1m']);
    assert.equal(root.value('autoindex'), undefined);
  });

  it('replaces whole lists: proxy_set_header, and allow/deny as one list', () => {
    const root = byPath(s.locations, '/');
    assert.deepEqual(root.effective('proxy_set_header')!.directives.map((d) => d.args[0]!.value), ['X-A', 'X-B']);
    const p = byPath(s.locations, '/p/');
    assert.deepEqual(p.effective('proxy_set_header')!.directives.map((d) => d.args[0]!.value), ['X-C']);
    assert.deepEqual(root.effective('allow')!.directives.map((d) => `${d.name} ${d.args[0]!.value}`), ['allow 10.0.0.0/8', 'deny all']);
    assert.deepEqual(p.effective('allow')!.directives.map((d) => `${d.name} ${d.args[0]!.value}`), ['deny 192.0.2.1']);
    assert.deepEqual(p.locations[0]!.effective('deny')!.directives.map((d) => d.args[0]!.value), ['192.0.2.1']);
    const le = byPath(s.locations, '/m/').limitExcepts[0]!;
    assert.deepEqual(le.methods, ['GET']);
    assert.deepEqual(le.effective('deny')!.directives.map((d) => d.args[0]!.value), ['all']);
    assert.equal(le.effective('deny')!.inherited, false);
  });

  it('does not inherit content handlers and rewrite statements', () => {
    const root = byPath(s.locations, '/');
    assert.deepEqual(root.value('proxy_pass'), ['http://127.0.0.1:1']);
    assert.equal(root.locations[0]!.effective('proxy_pass'), undefined);
    assert.equal(byPath(s.locations, '/p/').locations[0]!.effective('return'), undefined);
    assert.equal(inheritanceOf('proxy_pass'), 'none');
    assert.equal(inheritanceOf('add_header'), 'list');
    assert.equal(inheritanceOf('ssl_protocols'), 'nearest');
  });

  it('treats root and alias as one slot', () => {
    const files = byPath(s.locations, '/files/');
    assert.equal(files.effective('root')!.directives[0]!.name, 'alias');
    assert.equal(files.locations[0]!.effective('root')!.directives[0]!.name, 'alias');
    assert.deepEqual(byPath(s.locations, '/').value('root'), ['/srv/http']);
  });

  it('lists every scope of a server', () => {
    assert.deepEqual(allLocations(s).map((l) => l.path), ['/', '/inner/', '/p/', '/p/q/', '/files/', '/files/sub/', '/m/']);
    assert.equal(allScopes(s).filter((x) => x.kind === 'limit_except').length, 1);
  });
});

describe('nginx effective model: servers', () => {
  it('reads listen forms and server names', () => {
    const config = model(`
events {}
http {
  server {
    listen 80 default_server;
    listen [::]:80;
    listen 127.0.0.1:8080 proxy_protocol;
    listen unix:/run/app.sock;
    listen localhost;
    server_name example.com www.example.com;
    server_name "";
  }
  server { server_name implicit.example; }
}
`);
    const [a, b] = config.servers;
    assert.deepEqual(a!.listens.map((l) => [l.address, l.port, l.defaultServer, l.proxyProtocol]), [
      ['*', 80, true, false],
      ['[::]', 80, false, false],
      ['127.0.0.1', 8080, false, true],
      ['unix:/run/app.sock', undefined, false, false],
      ['localhost', 80, false, false],
    ]);
    assert.deepEqual(a!.serverNames.map((n) => n.value), ['example.com', 'www.example.com', '']);
    assert.deepEqual(a!.serverNames[1]!.loc.column, 29);
    assert.deepEqual(b!.listens.map((l) => [l.address, l.port, l.implicit]), [['*', 80, true]]);
  });

  it('merges ssl and http2 over servers sharing an address and port', () => {
    const config = model(`
events {}
http {
  server { listen 443 ssl http2; server_name a; }
  server { listen 443; server_name b; }
  server { listen 0.0.0.0:443; server_name c; }
  server { listen [::]:443; server_name d; }
  server { listen 8443; ssl on; server_name e; }
  server { listen 8080; http2 on; server_name f; }
}
`);
    const by = (name: string) => config.servers.find((s) => s.serverNames[0]!.value === name)!.listens[0]!;
    assert.deepEqual([by('a').ssl, by('a').sslParam, by('a').http2], [true, true, true]);
    assert.deepEqual([by('b').ssl, by('b').sslParam, by('b').http2], [true, false, true]);
    assert.equal(by('c').ssl, true);
    assert.equal(by('d').ssl, false);
    assert.deepEqual([by('e').ssl, by('e').sslParam], [true, false]);
    assert.equal(by('f').http2, true);
  });

  it('parses listen addresses and location modifiers like nginx', () => {
    assert.deepEqual(parseListenAddress('[::1]'), { address: '[::1]', port: 80 });
    assert.deepEqual(parseListenAddress('*:8000'), { address: '*', port: 8000 });
    assert.deepEqual(parseListenAddress('99999'), { address: '*' });
    assert.deepEqual(locationMatch(['=/exact']), { modifier: '=', path: '/exact' });
    assert.deepEqual(locationMatch(['~*', '\\.php$']), { modifier: '~*', path: '\\.php$' });
    assert.deepEqual(locationMatch(['~*\\.php$']), { modifier: '~*', path: '\\.php$' });
    assert.deepEqual(locationMatch(['^~', '/static/']), { modifier: '^~', path: '/static/' });
    assert.deepEqual(locationMatch(['@fallback']), { modifier: '@', path: 'fallback' });
    assert.deepEqual(locationMatch(['/']), { modifier: '', path: '/' });
  });

  it('reads a conf.d file as the http level, and stream servers apart', () => {
    const snippet = model('upstream app { server 127.0.0.1:3000; }\nadd_header X-Snippet 1;\nserver {\n  listen 80;\n  location / { proxy_pass http://app; }\n}\n', 'conf.d/default.conf');
    assert.equal(snippet.context, 'http');
    assert.equal(snippet.servers.length, 1);
    assert.deepEqual(headers(snippet.servers[0]!.locations[0]!), ['X-Snippet=1']);
    assert.equal(snippet.http!.block, undefined);
    const stream = model('events {}\nstream {\n  server { listen 5432; proxy_pass db:5432; }\n}\nhttp { server { listen 80; } }\n');
    assert.equal(stream.streamServers.length, 1);
    assert.equal(stream.streamServers[0]!.protocol, 'stream');
    assert.equal(stream.servers.length, 1);
    assert.deepEqual(stream.streamServers[0]!.listens.map((l) => l.port), [5432]);
  });
});

describe('nginx logical addresses', () => {
  it('keys statements by their place, not their line', () => {
    const text = 'events {}\nhttp {\n  server {\n    listen 443 ssl;\n    server_name a.example;\n    add_header X-A 1;\n    add_header X-A 2;\n    location /api/ { add_header X-B 1; }\n  }\n}\n';
    const a = model(text);
    const b = model(`# moved down\n\n${text}`);
    const loc = a.servers[0]!.locations[0]!;
    assert.equal(a.servers[0]!.keyPath, 'http/server a.example 443');
    assert.equal(loc.keyPath, 'http/server a.example 443/location /api/');
    assert.equal(loc.addHeaders[0]!.directive.keyPath, 'http/server a.example 443/location /api//add_header X-B');
    assert.deepEqual(a.servers[0]!.addHeaders.map((h) => h.directive.keyPath), ['http/server a.example 443/add_header X-A', 'http/server a.example 443/add_header X-A#2']);
    assert.equal(b.servers[0]!.locations[0]!.keyPath, loc.keyPath);
    assert.notEqual(b.servers[0]!.locations[0]!.loc.line, loc.loc.line);
    const snippet = model('server { listen 80; }\n', 'conf.d/x.conf');
    assert.equal(snippet.servers[0]!.keyPath, 'http/server  80');
  });
});

describe('nginx effective model on fixtures', () => {
  it('ok-hardened-headers: the /static/ location loses the security headers', () => {
    const { config, errors } = loadNginxConfig('nginx.conf', new SourceStore(join(FIXTURES, 'ok-hardened-headers')));
    assert.deepEqual(errors, []);
    const server = config!.servers[0]!;
    assert.deepEqual(server.listens.map((l) => [l.port, l.ssl]), [[443, true]]);
    assert.deepEqual(headers(server), [
      'Strict-Transport-Security=max-age=63072000; includeSubDomains; preload always',
      "Content-Security-Policy=default-src 'self'; frame-ancestors 'none' always",
      'Referrer-Policy=no-referrer',
    ]);
    const statics = byPath(server.locations, '/static/');
    assert.deepEqual(statics.droppedHeaders.map((h) => h.name), ['Strict-Transport-Security', 'Content-Security-Policy', 'Referrer-Policy']);
    assert.deepEqual(byPath(server.locations, '/').droppedHeaders, []);
    const admin = byPath(server.locations, '/admin/');
    assert.deepEqual(admin.locations[0]!.effective('allow')!.directives.map((d) => `${d.name} ${d.args[0]!.value}`), ['allow all']);
    assert.deepEqual(admin.locations[0]!.value('auth_basic'), ['off']);
    assert.deepEqual(byPath(server.locations, '/login').value('limit_req'), ['zone=login', 'burst=5', 'nodelay']);
    assert.deepEqual(byPath(server.locations, '/login').value('limit_conn'), ['addr', '20']);
  });

  it('ok-includes: values from included snippets carry their file and include chain', () => {
    const { config, errors } = loadNginxConfig('nginx.conf', new SourceStore(join(FIXTURES, 'ok-includes')));
    assert.deepEqual(errors, []);
    const site = config!.servers.find((s) => s.serverNames.some((n) => n.value === 'example.org'))!;
    const protocols = site.effective('ssl_protocols')!.directives[0]!;
    assert.equal(protocols.file, 'snippets/ssl-params.conf');
    assert.deepEqual(protocols.includeChain.map((l) => `${l.path}:${l.line}`), ['nginx.conf:13', 'sites-enabled/example.org:4']);
    assert.equal(site.block!.file, 'sites-enabled/example.org');
    const def = config!.servers.find((s) => s.listens.some((l) => l.defaultServer))!;
    assert.deepEqual(def.locations[0]!.effective('proxy_set_header')!.directives.map((d) => d.file), ['snippets/proxy-headers.conf', 'snippets/proxy-headers.conf']);
    assert.deepEqual(headers(def.locations[0]!), ['X-Frame-Options=SAMEORIGIN always', 'X-Content-Type-Options=nosniff always']);
  });
});
