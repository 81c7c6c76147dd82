import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, lines, pos, project, service } from './helpers.ts';

describe('compose YAML: positions, anchors, merge keys', () => {
  it('gives every key and value its 1-based line and column', () => {
    const p = project({
      'compose.yml': lines(
        'services:',
        '  db:',
        '    image: "postgres:16"',
        '    privileged: true',
        '    command: ["postgres", "-c", "x=1"]',
      ),
    });
    const db = service(p, 'db');
    assert.deepEqual(db.loc, { path: 'compose.yml', line: 2, column: 3, endLine: 2, endColumn: 5 });
    assert.equal(db.keyPath, 'services.db');
    assert.equal(db.path, 'compose.yml');
    assert.deepEqual(db.image!.loc, { path: 'compose.yml', line: 3, column: 12, endLine: 3, endColumn: 25 });
    assert.equal(db.privileged!.value, true);
    assert.deepEqual(db.privileged!.loc, { path: 'compose.yml', line: 4, column: 17, endLine: 4, endColumn: 21 });
    const entry = db.node.entries.find((e) => e.key === 'privileged')!;
    assert.deepEqual(entry.keyLoc, { path: 'compose.yml', line: 4, column: 5, endLine: 4, endColumn: 15 });
    assert.equal(pos(at(db.command, 2)), '5:33');
    assert.equal(at(db.command, 2).keyPath, 'services.db.command[2]');
    assert.deepEqual(db.node.loc, { path: 'compose.yml', line: 3, column: 5, endLine: 5, endColumn: 39 });
  });

  it('keeps YAML types: numbers, booleans, null', () => {
    const p = project({ 'compose.yml': lines('services:', '  a:', '    image: x', '    pids_limit: 100', '    read_only: false', '    user:', '    tty: "true"') });
    const a = service(p, 'a');
    assert.equal(a.pidsLimit!.value, 100);
    assert.equal(a.readOnly!.value, false);
    assert.equal(a.user, undefined, 'a null user is no user');
    assert.equal((at(a.node, 'user') as { value: unknown }).value, null);
    assert.equal((at(a.node, 'tty') as { value: unknown }).value, 'true');
  });

  it('applies << merge keys: explicit keys win, earlier sources win over later ones', () => {
    const p = project({
      'compose.yml': lines(
        'x-a: &a',
        '  image: a-image',
        '  user: a-user',
        '  restart: always',
        'x-b: &b',
        '  image: b-image',
        '  read_only: true',
        'services:',
        '  one:',
        '    <<: [*a, *b]',
        '    user: own',
        '  two:',
        '    <<: *b',
        '    image: two-image',
      ),
    });
    const one = service(p, 'one');
    assert.equal(one.image!.value, 'a-image');
    assert.equal(one.user!.value, 'own');
    assert.equal(one.readOnly!.value, true);
    assert.deepEqual(one.node.entries.map((e) => e.key).sort(), ['image', 'read_only', 'restart', 'user']);
    // Values merged from an anchor keep the place where they are written...
    assert.equal(pos(one.image), '2:10');
    assert.equal(pos(one.readOnly), '7:14');
    // ...and the logical path of the service that inherits them.
    assert.equal(one.image!.keyPath, 'services.one.image');
    assert.equal(one.readOnly!.keyPath, 'services.one.read_only');
    const two = service(p, 'two');
    assert.equal(two.image!.value, 'two-image');
    assert.equal(pos(two.image), '14:12');
    assert.equal(pos(two.readOnly), '7:14');
    assert.equal(two.readOnly!.keyPath, 'services.two.read_only');
  });

  it('resolves aliases to the anchor location, with per-use keyPaths', () => {
    const p = project({
      'compose.yml': lines(
        'x-ports: &ports',
        '  - "8080:80"',
        'services:',
        '  web:',
        '    image: &img nginx:1.27',
        '    ports: *ports',
        '  copy:',
        '    image: *img',
        '    ports: *ports',
      ),
    });
    const web = service(p, 'web');
    const copy = service(p, 'copy');
    assert.equal(copy.image!.value, 'nginx:1.27');
    assert.equal(pos(copy.image), '5:17', 'the value itself, after its &img anchor');
    assert.equal(pos(web.ports[0]), '2:5');
    assert.equal(pos(copy.ports[0]), '2:5');
    assert.equal(web.ports[0]!.keyPath, 'services.web.ports[0]');
    assert.equal(copy.ports[0]!.keyPath, 'services.copy.ports[0]');
    assert.notEqual(web.ports[0], copy.ports[0]);
  });

  it('interpolates scalars from the .env beside the main file, keeping raw and vars', () => {
    process.env.BULWARK_TEST_FROM_SHELL = 'shell-value';
    try {
      const p = project({
        'deploy/.env': lines('TAG=1.4.2', 'REGISTRY=ghcr.io/acme'),
        'deploy/compose.yml': lines(
          'services:',
          '  app:',
          '    image: ${REGISTRY}/app:${TAG:-latest}',
          '    user: $BULWARK_TEST_FROM_SHELL',
          '    command: echo $$HOME',
          '    working_dir: /srv',
        ),
      }, ['deploy/compose.yml']);
      const app = service(p, 'app');
      assert.equal(app.image!.value, 'ghcr.io/acme/app:1.4.2');
      assert.equal(app.image!.node.raw, '${REGISTRY}/app:${TAG:-latest}');
      assert.deepEqual(app.image!.node.vars!.map((v) => [v.name, v.source, v.usedDefault]), [['REGISTRY', 'env', false], ['TAG', 'env', false]]);
      // The process environment is never consulted: scans are deterministic.
      assert.equal(app.user!.value, '');
      assert.deepEqual(app.user!.vars, [{ name: 'BULWARK_TEST_FROM_SHELL', source: 'unset', usedDefault: false }]);
      assert.equal((at(app.node, 'command') as { value: unknown }).value, 'echo $HOME');
      assert.equal((at(app.node, 'working_dir') as { raw?: string }).raw, undefined);
      assert.deepEqual(Object.keys(p.variables), ['TAG', 'REGISTRY']);
      assert.deepEqual(p.variables.TAG, { value: '1.4.2', loc: { path: 'deploy/.env', line: 1, column: 1, endLine: 1, endColumn: 4 } });
      assert.deepEqual(p.files, ['deploy/compose.yml', 'deploy/.env']);
    } finally {
      delete process.env.BULWARK_TEST_FROM_SHELL;
    }
  });

  it('expands ${VAR} inside .env values from earlier lines, not inside single quotes', () => {
    const p = project({
      '.env': lines('HOST=db', 'URL=postgres://${HOST}:5432', "LIT='${HOST}'"),
      'compose.yml': lines('services:', '  a:', '    image: x', '    environment:', '      U: $URL', '      L: $LIT'),
    });
    const env = service(p, 'a').environment;
    assert.deepEqual(env.map((v) => [v.name, v.value]), [['U', 'postgres://db:5432'], ['L', '${HOST}']]);
  });

  it('casts interpolated booleans and numbers of typed attributes, as compose does', () => {
    const p = project({
      '.env': lines('PRIV=true', 'PIDS=200'),
      'compose.yml': lines('services:', '  a:', '    image: x', '    privileged: ${PRIV}', '    read_only: ${RO:-false}', '    pids_limit: $PIDS'),
    });
    const a = service(p, 'a');
    assert.equal(a.privileged!.value, true);
    assert.equal(a.privileged!.raw, '${PRIV}');
    assert.equal(a.readOnly!.value, false);
    assert.equal(a.pidsLimit!.value, 200);
  });

  it('keeps odd variable names as plain entries and accepts a missing required variable', () => {
    const p = project({
      '.env': lines('__proto__=x', 'constructor=y'),
      'compose.yml': lines('services:', '  a:', '    image: app:${TAG:?set TAG in .env}'),
    });
    assert.equal(Object.getPrototypeOf(p.variables), Object.prototype);
    assert.deepEqual(Object.keys(p.variables), ['__proto__', 'constructor']);
    assert.equal(p.variables['__proto__']!.value, 'x');
    const img = service(p, 'a').image!;
    assert.equal(img.value, 'app:');
    assert.deepEqual(img.node.vars, [{ name: 'TAG', source: 'unset', usedDefault: false, operator: ':?', operand: 'set TAG in .env' }]);
  });

  it('quotes odd keys in keyPaths', () => {
    const p = project({ 'compose.yml': lines('services:', '  a:', '    image: x', '    labels:', '      com.example.role: web') });
    assert.equal(at(service(p, 'a').node, 'labels', 'com.example.role').keyPath, 'services.a.labels."com.example.role"');
  });
});
