import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseImageRef } from '../../../src/inputs/compose/image.ts';
import { parseShortPort } from '../../../src/inputs/compose/ports.ts';
import { lines, load, pos, project, service } from './helpers.ts';

describe('image references', () => {
  it('splits repository, tag and digest', () => {
    assert.deepEqual(parseImageRef('postgres'), { repository: 'postgres' });
    assert.deepEqual(parseImageRef('postgres:16.2'), { repository: 'postgres', tag: '16.2' });
    assert.deepEqual(parseImageRef('localhost:5000/app'), { repository: 'localhost:5000/app' });
    assert.deepEqual(parseImageRef('localhost:5000/app:1.0'), { repository: 'localhost:5000/app', tag: '1.0' });
    assert.deepEqual(parseImageRef('repo@sha256:abc'), { repository: 'repo', digest: 'sha256:abc' });
    assert.deepEqual(parseImageRef('ghcr.io/org/app:1.2@sha256:abc'), { repository: 'ghcr.io/org/app', tag: '1.2', digest: 'sha256:abc' });
  });

  it('fills ImageRef on the service with the scalar node', () => {
    const p = project({ 'compose.yml': lines('services:', '  a:', '    image: bitnami/redis:7.2') });
    const img = service(p, 'a').image!;
    assert.deepEqual([img.value, img.repository, img.tag, img.digest], ['bitnami/redis:7.2', 'bitnami/redis', '7.2', undefined]);
    assert.equal(img.keyPath, 'services.a.image');
    assert.equal(img.node.keyPath, 'services.a.image');
    assert.equal(pos(img), '3:12');
  });
});

describe('ports', () => {
  it('parses short syntax forms', () => {
    assert.deepEqual(parseShortPort('80'), { target: '80', protocol: 'tcp' });
    assert.deepEqual(parseShortPort('8080:80'), { published: '8080', target: '80', protocol: 'tcp' });
    assert.deepEqual(parseShortPort('127.0.0.1:8080:80/udp'), { hostIp: '127.0.0.1', published: '8080', target: '80', protocol: 'udp' });
    assert.deepEqual(parseShortPort('[::1]:80:80'), { hostIp: '::1', published: '80', target: '80', protocol: 'tcp' });
    assert.deepEqual(parseShortPort('::1:80:80'), { hostIp: '::1', published: '80', target: '80', protocol: 'tcp' });
    assert.deepEqual(parseShortPort('8000-8010:8000-8010'), { published: '8000-8010', target: '8000-8010', protocol: 'tcp' });
    assert.deepEqual(parseShortPort('127.0.0.1::80'), { hostIp: '127.0.0.1', target: '80', protocol: 'tcp' });
  });

  it('builds PortMappings from short, integer and long entries', () => {
    const p = project({
      'compose.yml': lines(
        'services:',
        '  web:',
        '    image: nginx',
        '    ports:',
        '      - 80',
        '      - "127.0.0.1:8443:443/tcp"',
        '      - target: 53',
        '        published: "5353"',
        '        host_ip: 0.0.0.0',
        '        protocol: udp',
        '        mode: host',
      ),
    });
    const ports = service(p, 'web').ports;
    assert.deepEqual(
      ports.map((x) => [x.syntax, x.hostIp, x.published, x.target, x.protocol, x.raw, x.keyPath, pos(x)]),
      [
        ['short', undefined, undefined, '80', 'tcp', '80', 'services.web.ports[0]', '5:9'],
        ['short', '127.0.0.1', '8443', '443', 'tcp', '127.0.0.1:8443:443/tcp', 'services.web.ports[1]', '6:9'],
        ['long', '0.0.0.0', '5353', '53', 'udp', '0.0.0.0:5353:53/udp', 'services.web.ports[2]', '7:9'],
      ],
    );
  });

  it('reports a port entry it cannot read, with its position', () => {
    const r = load({ 'compose.yml': lines('services:', '  web:', '    image: nginx', '    ports:', '      - [80]') });
    assert.ok(r.project);
    assert.deepEqual(r.errors.map((e) => [e.path, e.line, e.column]), [['compose.yml', 5, 9]]);
  });
});

describe('volumes', () => {
  it('classifies short syntax', () => {
    const p = project({
      'compose.yml': lines(
        'services:',
        '  a:',
        '    image: x',
        '    volumes:',
        '      - ./src:/app',
        '      - ./src:/app2:ro',
        '      - /var/run/docker.sock:/var/run/docker.sock:ro',
        '      - data:/var/lib/x',
        '      - /anon',
        '      - ~/x:/y',
        '      - ../conf:/etc/conf:rw,z',
        '      - C:\\data:/data',
      ),
    });
    assert.deepEqual(
      service(p, 'a').volumes.map((v) => [v.type, v.source, v.target, v.readOnly, v.keyPath.slice(-3), pos(v)]),
      [
        ['bind', './src', '/app', false, '[0]', '5:9'],
        ['bind', './src', '/app2', true, '[1]', '6:9'],
        ['bind', '/var/run/docker.sock', '/var/run/docker.sock', true, '[2]', '7:9'],
        ['volume', 'data', '/var/lib/x', false, '[3]', '8:9'],
        ['volume', undefined, '/anon', false, '[4]', '9:9'],
        ['bind', '~/x', '/y', false, '[5]', '10:9'],
        ['bind', '../conf', '/etc/conf', false, '[6]', '11:9'],
        ['bind', 'C:\\data', '/data', false, '[7]', '12:9'],
      ],
    );
  });

  it('reads long syntax', () => {
    const p = project({
      'compose.yml': lines(
        'services:',
        '  a:',
        '    image: x',
        '    volumes:',
        '      - type: bind',
        '        source: /var/run/docker.sock',
        '        target: /var/run/docker.sock',
        '        read_only: true',
        '      - type: tmpfs',
        '        target: /tmp',
        '      - type: volume',
        '        source: data',
        '        target: /data',
      ),
    });
    assert.deepEqual(
      service(p, 'a').volumes.map((v) => [v.syntax, v.type, v.source, v.target, v.readOnly, pos(v)]),
      [
        ['long', 'bind', '/var/run/docker.sock', '/var/run/docker.sock', true, '5:9'],
        ['long', 'tmpfs', undefined, '/tmp', false, '9:9'],
        ['long', 'volume', 'data', '/data', false, '11:9'],
      ],
    );
  });
});

describe('networks', () => {
  it('reads list and map forms, and the implicit default network', () => {
    const p = project({
      'compose.yml': lines(
        'services:',
        '  a:',
        '    image: x',
        '    networks: [front, back]',
        '  b:',
        '    image: x',
        '    networks:',
        '      back:',
        '        aliases: [db]',
        '  c:',
        '    image: x',
        '  d:',
        '    image: x',
        '    network_mode: host',
        'networks:',
        '  front: {}',
        '  back:',
        '    internal: true',
        '    driver: bridge',
        '  ext:',
        '    external: true',
      ),
    });
    assert.deepEqual(service(p, 'a').networks.map((n) => [n.name, n.implicit, pos(n), n.keyPath]), [
      ['front', false, '4:16', 'services.a.networks[0]'],
      ['back', false, '4:23', 'services.a.networks[1]'],
    ]);
    assert.deepEqual(service(p, 'b').networks.map((n) => [n.name, pos(n), n.keyPath]), [['back', '8:7', 'services.b.networks.back']]);
    assert.deepEqual(service(p, 'c').networks.map((n) => [n.name, n.implicit, pos(n)]), [['default', true, '10:3']]);
    assert.deepEqual(service(p, 'd').networks, []);
    assert.equal(service(p, 'd').networkMode!.value, 'host');
    assert.deepEqual(p.networks.map((n) => [n.name, n.internal, n.external, n.driver, n.implicit, pos(n), n.keyPath]), [
      ['front', false, false, undefined, false, '16:3', 'networks.front'],
      ['back', true, false, 'bridge', false, '17:3', 'networks.back'],
      ['ext', false, true, undefined, false, '20:3', 'networks.ext'],
      ['default', false, false, undefined, true, '10:3', 'networks.default'],
    ]);
  });

  it('does not add an implicit default network that a file declares or nobody uses', () => {
    const declared = project({ 'compose.yml': lines('services:', '  a:', '    image: x', 'networks:', '  default:', '    internal: true') });
    assert.deepEqual(declared.networks.map((n) => [n.name, n.implicit, n.internal]), [['default', false, true]]);
    const unused = project({ 'compose.yml': lines('services:', '  a:', '    image: x', '    network_mode: none') });
    assert.deepEqual(unused.networks, []);
  });
});

describe('environment and env_file', () => {
  it('reads list and map forms', () => {
    const p = project({
      'compose.yml': lines(
        'services:',
        '  a:',
        '    image: x',
        '    environment:',
        '      - A=b',
        '      - FROM_SHELL',
        '      - EMPTY=',
        '  b:',
        '    image: x',
        '    environment:',
        '      A: b',
        '      N: 5',
        '      UNSET:',
      ),
    });
    assert.deepEqual(service(p, 'a').environment.map((v) => [v.name, v.value, v.origin, pos(v), v.keyPath]), [
      ['A', 'b', 'environment', '5:9', 'services.a.environment[0]'],
      ['FROM_SHELL', undefined, 'environment', '6:9', 'services.a.environment[1]'],
      ['EMPTY', '', 'environment', '7:9', 'services.a.environment[2]'],
    ]);
    const b = service(p, 'b').environment;
    assert.deepEqual(b.map((v) => [v.name, v.value, pos(v), v.keyPath]), [
      ['A', 'b', '11:7', 'services.b.environment.A'],
      ['N', '5', '12:7', 'services.b.environment.N'],
      ['UNSET', undefined, '13:7', 'services.b.environment.UNSET'],
    ]);
    assert.deepEqual(b[0]!.loc, { path: 'compose.yml', line: 11, column: 7, endLine: 11, endColumn: 11 });
  });

  it('keeps the written text of interpolated environment values', () => {
    const p = project({
      '.env': 'PW=hunter2\n',
      'compose.yml': lines('services:', '  a:', '    image: x', '    environment:', '      - DB_PASSWORD=${PW}'),
    });
    const v = service(p, 'a').environment[0]!;
    assert.deepEqual([v.name, v.value, v.raw], ['DB_PASSWORD', 'hunter2', '${PW}']);
    assert.deepEqual(v.vars, [{ name: 'PW', source: 'env', usedDefault: false }]);
  });

  it('reads env_file in its three forms, positioned inside the env file, environment winning', () => {
    const p = project({
      '.env': 'TAG=9\n',
      'svc/common.env': lines('# shared', 'A=from-file', 'B=${A}-${TAG}', "C='${A}'"),
      'svc/extra.env': 'D=4\n',
      'svc/compose.yml': lines(
        'services:',
        '  one:',
        '    image: x',
        '    env_file: common.env',
        '  two:',
        '    image: x',
        '    env_file: [common.env, extra.env]',
        '    environment:',
        '      A: override',
        '  three:',
        '    image: x',
        '    env_file:',
        '      - path: ./extra.env',
        '        required: true',
        '      - path: ./optional.env',
        '        required: false',
      ),
    }, ['svc/compose.yml']);
    const one = service(p, 'one').environment;
    assert.deepEqual(one.map((v) => [v.name, v.value, v.origin, v.loc.path, pos(v), v.keyPath]), [
      ['A', 'from-file', 'env_file', 'svc/common.env', '2:1', 'services.one.env_file.A'],
      ['B', 'from-file-', 'env_file', 'svc/common.env', '3:1', 'services.one.env_file.B'],
      ['C', '${A}', 'env_file', 'svc/common.env', '4:1', 'services.one.env_file.C'],
    ]);
    // The project's .env is the one beside the main file (svc/.env), which does not exist here.
    assert.equal(one[1]!.raw, '${A}-${TAG}');
    assert.deepEqual(one[0]!.loc, { path: 'svc/common.env', line: 2, column: 1, endLine: 2, endColumn: 12 });
    const two = service(p, 'two').environment;
    assert.deepEqual(two.map((v) => [v.name, v.value, v.origin]), [
      ['A', 'override', 'environment'],
      ['B', 'from-file-', 'env_file'],
      ['C', '${A}', 'env_file'],
      ['D', '4', 'env_file'],
    ]);
    assert.equal(two[3]!.keyPath, 'services.two.env_file[1].D');
    assert.deepEqual(service(p, 'three').environment.map((v) => [v.name, v.loc.path]), [['D', 'svc/extra.env']]);
    assert.deepEqual(p.files, ['svc/compose.yml', 'svc/common.env', 'svc/extra.env']);
  });

  it('reports a missing required env_file at the entry that names it', () => {
    const r = load({ 'compose.yml': lines('services:', '  a:', '    image: x', '    env_file:', '      - ./missing.env', '      - path: gone.env', '        required: false') });
    assert.ok(r.project);
    assert.deepEqual(r.errors, [{ path: 'compose.yml', line: 5, column: 9, reason: 'env_file not found: ./missing.env' }]);
  });
});

describe('other service attributes', () => {
  it('exposes the normalized fields', () => {
    const p = project({
      'compose.yml': lines(
        'services:',
        '  a:',
        '    image: x',
        '    profiles: [debug, tools]',
        '    user: "1000:1000"',
        '    cap_add: [NET_ADMIN]',
        '    cap_drop:',
        '      - ALL',
        '    security_opt: ["no-new-privileges:true"]',
        '    expose: ["9000", 9001]',
        '    pid: host',
        '    ipc: shareable',
        '    entrypoint: /init',
        '    command: [run, --fast]',
        '    healthcheck:',
        '      test: ["CMD", "true"]',
        '    logging:',
        '      driver: json-file',
        '      options: {max-size: 10m}',
        '    secrets:',
        '      - db_pw',
        '      - source: api',
        '        target: api_key',
        '    deploy:',
        '      resources:',
        '        limits:',
        '          pids: 50',
        'secrets:',
        '  db_pw:',
        '    file: ./db_pw.txt',
        '  api:',
        '    external: true',
        'volumes:',
        '  data:',
        '  ext:',
        '    external: true',
      ),
    });
    const a = service(p, 'a');
    assert.deepEqual(a.profiles, ['debug', 'tools']);
    assert.equal(a.user!.value, '1000:1000');
    assert.deepEqual(a.capAdd.map((s) => [s.value, pos(s), s.keyPath]), [['NET_ADMIN', '6:15', 'services.a.cap_add[0]']]);
    assert.deepEqual(a.capDrop.map((s) => [s.value, pos(s)]), [['ALL', '8:9']]);
    assert.deepEqual(a.securityOpt.map((s) => s.value), ['no-new-privileges:true']);
    assert.deepEqual(a.expose.map((s) => s.value), ['9000', 9001]);
    assert.equal(a.pid!.value, 'host');
    assert.equal(a.ipc!.value, 'shareable');
    assert.equal((a.entrypoint as { value: unknown }).value, '/init');
    assert.equal(a.command!.kind, 'seq');
    assert.equal(a.healthcheckTest!.keyPath, 'services.a.healthcheck.test');
    assert.equal(pos(a.healthcheckTest), '16:13');
    assert.equal(a.logging!.keyPath, 'services.a.logging');
    assert.equal(a.secrets.length, 2);
    assert.equal(a.secrets[1]!.keyPath, 'services.a.secrets[1]');
    assert.equal(a.pidsLimit!.value, 50);
    assert.equal(a.pidsLimit!.keyPath, 'services.a.deploy.resources.limits.pids');
    assert.equal(a.hasBuild, false);
    assert.equal(a.networkMode, undefined);
    assert.deepEqual(p.secrets.map((s) => [s.name, s.external, pos(s), s.keyPath, s.node?.kind]), [
      ['db_pw', false, '29:3', 'secrets.db_pw', 'map'],
      ['api', true, '31:3', 'secrets.api', 'map'],
    ]);
    assert.deepEqual(p.volumes.map((v) => [v.name, v.external, v.node?.kind]), [['data', false, undefined], ['ext', true, 'map']]);
  });

  it('prefers pids_limit over deploy limits', () => {
    const p = project({ 'compose.yml': lines('services:', '  a:', '    image: x', '    pids_limit: 10', '    deploy: {resources: {limits: {pids: 99}}}') });
    assert.equal(service(p, 'a').pidsLimit!.value, 10);
  });
});
