import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, lines, load, pos, project, service } from './helpers.ts';

describe('extends', () => {
  it('merges a base from the same file: maps by key, lists combined, scalars and commands overridden', () => {
    const p = project({
      'compose.yml': lines(
        'services:',
        '  base:',
        '    image: app:1',
        '    command: [serve, --base]',
        '    ports: ["80:80"]',
        '    cap_add: [CHOWN]',
        '    environment:',
        '      - A=base',
        '      - B=base',
        '    volumes:',
        '      - ./a:/data',
        '      - ./logs:/logs',
        '    healthcheck:',
        '      test: [CMD, base]',
        '      interval: 10s',
        '  web:',
        '    extends: base',
        '    command: [serve]',
        '    ports: ["443:443"]',
        '    cap_add: [CHOWN, NET_BIND_SERVICE]',
        '    environment:',
        '      B: web',
        '      C: web',
        '    volumes:',
        '      - ./b:/data',
        '    healthcheck:',
        '      test: [CMD, web]',
      ),
    });
    const web = service(p, 'web');
    assert.deepEqual(web.extends, { service: 'base' });
    assert.equal(web.image!.value, 'app:1');
    assert.equal(pos(web.image), '3:12');
    assert.equal(web.image!.keyPath, 'services.web.image');
    assert.deepEqual((web.command as { items: { value: unknown }[] }).items.map((i) => i.value), ['serve']);
    assert.deepEqual(web.ports.map((x) => [x.raw, pos(x), x.keyPath]), [
      ['80:80', '5:13', 'services.web.ports[0]'],
      ['443:443', '19:13', 'services.web.ports[1]'],
    ]);
    assert.deepEqual(web.capAdd.map((c) => c.value), ['CHOWN', 'NET_BIND_SERVICE']);
    assert.deepEqual(web.environment.map((v) => [v.name, v.value, pos(v)]), [['A', 'base', '8:9'], ['B', 'web', '22:7'], ['C', 'web', '23:7']]);
    assert.deepEqual(web.volumes.map((v) => [v.source, v.target, pos(v)]), [['./b', '/data', '25:9'], ['./logs', '/logs', '12:9']]);
    assert.deepEqual((web.healthcheckTest as { items: { value: unknown }[] }).items.map((i) => i.value), ['CMD', 'web']);
    assert.equal((at(web.node, 'healthcheck', 'interval') as { value: unknown }).value, '10s');
    // The base itself is untouched.
    assert.deepEqual(service(p, 'base').ports.map((x) => x.raw), ['80:80']);
  });

  it('follows extends into other files, recursively, relative to the declaring file', () => {
    const p = project({
      'app/compose.yml': lines('services:', '  web:', '    extends:', '      file: ../shared/web.yml', '      service: hardened-web', '    image: web:2'),
      'shared/web.yml': lines('services:', '  hardened-web:', '    extends: {file: base/root.yml, service: root}', '    read_only: true'),
      'shared/base/root.yml': lines('services:', '  root:', '    cap_drop: [ALL]', '    user: "1000"'),
    }, ['app/compose.yml']);
    const web = service(p, 'web');
    assert.deepEqual(web.extends, { service: 'hardened-web', file: '../shared/web.yml' });
    assert.equal(web.path, 'app/compose.yml');
    assert.deepEqual(web.loc, { path: 'app/compose.yml', line: 2, column: 3, endLine: 2, endColumn: 6 });
    assert.equal(web.image!.value, 'web:2');
    assert.equal(web.readOnly!.loc.path, 'shared/web.yml');
    assert.equal(web.readOnly!.keyPath, 'services.web.read_only');
    assert.deepEqual([web.capDrop[0]!.value, web.capDrop[0]!.loc.path, pos(web.capDrop[0]), web.capDrop[0]!.keyPath], ['ALL', 'shared/base/root.yml', '3:16', 'services.web.cap_drop[0]']);
    assert.equal(web.user!.value, '1000');
    assert.deepEqual(p.services.map((s) => s.name), ['web']);
    assert.deepEqual(p.files, ['app/compose.yml', 'shared/base/root.yml', 'shared/web.yml']);
  });

  it('reports an extends cycle without hanging', () => {
    const r = load({ 'compose.yml': lines('services:', '  a:', '    extends: b', '    image: x', '  b:', '    extends: c', '  c:', '    extends: a') });
    assert.ok(r.project);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0]!.path, 'compose.yml');
    assert.equal(r.errors[0]!.line, 3);
    assert.equal(r.errors[0]!.column, 14);
    assert.match(r.errors[0]!.reason, /^extends cycle: a → b → c → a$/);
  });

  it('reports a self-extending service and an unknown base', () => {
    const r = load({ 'compose.yml': lines('services:', '  a:', '    extends: a', '  b:', '    extends: {service: nope}') });
    assert.deepEqual(r.errors.map((e) => [e.line, e.column]), [[3, 14], [5, 14]]);
    assert.match(r.errors[0]!.reason, /cycle: a → a/);
    assert.equal(r.errors[1]!.reason, 'extends: no service "nope" in this project');
  });

  it('reports a missing extends file at the extends entry', () => {
    const r = load({ 'compose.yml': lines('services:', '  a:', '    extends: {service: x, file: gone.yml}', '    image: x') });
    assert.ok(r.project);
    assert.deepEqual(r.errors, [{ path: 'compose.yml', line: 3, column: 14, reason: 'extended file gone.yml: no such file or directory' }]);
  });

  it('parses a shared base file once per load', () => {
    const r = load({
      'compose.yml': lines('services:', '  a:', '    extends: {file: base.yml, service: b}', '  c:', '    extends: {file: base.yml, service: b}'),
      'base.yml': lines('services:', '  b:', '    image: *nope'),
    });
    assert.ok(r.project);
    assert.deepEqual(r.errors.map((e) => [e.path, e.line, e.reason]), [['base.yml', 3, 'unresolved alias *nope']]);
  });
});

describe('include', () => {
  it('joins included services, networks, volumes and secrets', () => {
    const p = project({
      'compose.yml': lines('include:', '  - db/compose.yml', '  - path: [cache/compose.yml, cache/override.yml]', 'services:', '  web:', '    image: web'),
      'db/compose.yml': lines('services:', '  db:', '    image: postgres:16', '    env_file: db.env', 'volumes:', '  pgdata:', 'networks:', '  backend:', '    internal: true', 'secrets:', '  pg_pw:', '    file: ./pw'),
      'db/db.env': 'POSTGRES_DB=app\n',
      'cache/compose.yml': lines('services:', '  redis:', '    image: redis:7'),
      'cache/override.yml': lines('services:', '  redis:', '    read_only: true'),
    });
    assert.deepEqual(p.services.map((s) => [s.name, s.path]), [['web', 'compose.yml'], ['db', 'db/compose.yml'], ['redis', 'cache/compose.yml']]);
    const db = service(p, 'db');
    assert.deepEqual(db.loc, { path: 'db/compose.yml', line: 2, column: 3, endLine: 2, endColumn: 5 });
    assert.deepEqual(db.environment.map((v) => [v.name, v.loc.path]), [['POSTGRES_DB', 'db/db.env']]);
    assert.equal(service(p, 'redis').readOnly!.value, true);
    assert.deepEqual(p.volumes.map((v) => v.name), ['pgdata']);
    assert.deepEqual(p.networks.map((n) => [n.name, n.internal, n.implicit]), [['backend', true, false], ['default', false, true]]);
    assert.deepEqual(p.secrets.map((s) => [s.name, s.loc.path]), [['pg_pw', 'db/compose.yml']]);
    assert.deepEqual(p.files, ['compose.yml', 'cache/compose.yml', 'cache/override.yml', 'db/compose.yml', 'db/db.env']);
  });

  it('interpolates included files with the including project variables first, then the include env_file', () => {
    const p = project({
      '.env': 'TAG=main\n',
      'compose.yml': lines('include:', '  - path: sub/compose.yml', '    env_file: sub/vars.env'),
      'sub/vars.env': lines('TAG=sub', 'OTHER=sub-other'),
      'sub/compose.yml': lines('services:', '  s:', '    image: app:${TAG}-${OTHER}'),
    });
    assert.equal(service(p, 's').image!.value, 'app:main-sub-other');
  });

  it('resolves paths in included files against the include project_directory', () => {
    const p = project({
      'compose.yml': lines('include:', '  - path: stacks/a.yml', '    project_directory: apps/a'),
      'stacks/a.yml': lines('services:', '  a:', '    build: .'),
      'apps/a/Dockerfile': 'FROM x\nUSER 1\n',
    });
    assert.equal(service(p, 'a').build!.context, 'apps/a');
    assert.equal(service(p, 'a').build!.user!.value, '1');
  });

  it('accepts a main file that only includes', () => {
    const p = project({ 'compose.yml': lines('include:', '  - sub.yml'), 'sub.yml': lines('services:', '  s:', '    image: x') });
    assert.deepEqual(p.services.map((s) => s.name), ['s']);
  });

  it('reports a missing include, an include cycle and a name conflict, with positions', () => {
    const r = load({
      'compose.yml': lines('include:', '  - missing.yml', '  - loop.yml', '  - dup.yml', 'services:', '  web:', '    image: x'),
      'loop.yml': lines('include:', '  - compose.yml', 'services:', '  l:', '    image: x'),
      'dup.yml': lines('services:', '  web:', '    image: other'),
    });
    assert.ok(r.project);
    assert.deepEqual(r.errors, [
      { path: 'compose.yml', line: 2, column: 5, reason: 'included file missing.yml: no such file or directory' },
      { path: 'loop.yml', line: 2, column: 5, reason: 'include cycle: compose.yml → loop.yml → compose.yml' },
      { path: 'dup.yml', line: 2, column: 3, reason: 'service "web" from included dup.yml conflicts with a service of the same name' },
    ]);
    assert.deepEqual(r.project.services.map((s) => [s.name, s.image?.value]), [['web', 'x'], ['l', 'x']]);
  });
});

describe('overlays', () => {
  it('merges overlays in order and lists every file', () => {
    const p = project({
      'compose.yml': lines('services:', '  web:', '    image: web:1', '    ports: ["80:80"]', '    environment: [A=1]', 'networks:', '  front: {}'),
      'compose.override.yml': lines('services:', '  web:', '    image: web:2', '    ports: ["443:443"]', '    environment: {A: "2"}', '  worker:', '    image: worker', 'networks:', '  front:', '    internal: true'),
      'compose.prod.yml': lines('services:', '  web:', '    ports: !reset []', '    command: !override [run]'),
    }, ['compose.yml', 'compose.override.yml', 'compose.prod.yml']);
    const web = service(p, 'web');
    assert.equal(web.path, 'compose.yml');
    assert.equal(pos(web), '2:3');
    assert.equal(web.image!.value, 'web:2');
    assert.equal(web.image!.loc.path, 'compose.override.yml');
    assert.deepEqual(web.ports, [], '!reset removes the merged ports');
    assert.deepEqual(web.environment.map((v) => [v.name, v.value, v.loc.path]), [['A', '2', 'compose.override.yml']]);
    assert.deepEqual(p.services.map((s) => s.name), ['web', 'worker']);
    assert.deepEqual(p.networks.map((n) => [n.name, n.internal, n.loc.path]), [['front', true, 'compose.yml'], ['default', false, 'compose.yml']]);
    assert.deepEqual(p.files, ['compose.yml', 'compose.override.yml', 'compose.prod.yml']);
  });

  it('resolves overlay paths against the main file directory', () => {
    const p = project({
      'stack/compose.yml': lines('services:', '  a:', '    image: x'),
      'stack/overrides/dev.yml': lines('services:', '  a:', '    env_file: dev.env'),
      'stack/dev.env': 'DEBUG=1\n',
    }, ['stack/compose.yml', 'stack/overrides/dev.yml']);
    assert.deepEqual(service(p, 'a').environment.map((v) => [v.name, v.loc.path]), [['DEBUG', 'stack/dev.env']]);
  });

  it('keeps the project when an overlay is broken or missing', () => {
    const r = load({
      'compose.yml': lines('services:', '  a:', '    image: x'),
      'bad.yml': lines('services:', '  a:', '    image: y', '    image: z'),
    }, ['compose.yml', 'bad.yml', 'missing.yml']);
    assert.ok(r.project);
    assert.equal(service(r.project, 'a').image!.value, 'x');
    assert.deepEqual(r.errors.map((e) => [e.path, e.line !== undefined]), [['bad.yml', true], ['missing.yml', false]]);
    assert.match(r.errors[1]!.reason, /no such file/);
  });
});
