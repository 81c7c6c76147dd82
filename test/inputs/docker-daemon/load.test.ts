/**
 * daemon.json as the docker-daemon checks and the scan facts see it: settings with
 * positions, dockerd's empty-file rule, the log-rotation reading shared with the Compose
 * check, and the host rule: Docker installed without daemon.json means dockerd's defaults,
 * but only when etc/docker could be looked at.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { dockerDaemonLoader, nestedSetting, readDaemonJson } from '../../../src/inputs/docker-daemon/load.ts';
import type { DaemonConfig } from '../../../src/inputs/docker-daemon/load.ts';
import { daemonLogging, positiveSize } from '../../../src/inputs/docker-daemon/logging.ts';
import { SourceStore } from '../../../src/inputs/source.ts';
import { gatherFacts } from '../../../src/scan/facts.ts';
import { makeTree } from '../../scan/tree.ts';
import type { TempTree } from '../../scan/tree.ts';

const trees: TempTree[] = [];
after(() => trees.forEach((t) => t.remove()));

function config(text: string): DaemonConfig {
  const r = readDaemonJson('daemon.json', text);
  assert.deepEqual(r.errors, []);
  return r.config!;
}

describe('readDaemonJson', () => {
  it('gives top-level and nested settings their key positions', () => {
    const c = config('{\n  "icc": false,\n  "log-opts": {\n    "max-size": "10m",\n    "max-file": "1"\n  }\n}\n');
    assert.equal(c.present, true);
    assert.deepEqual([...c.settings.keys()], ['icc', 'log-opts']);
    assert.equal(c.settings.get('icc')!.loc.line, 2);
    const maxFile = nestedSetting(c.settings.get('log-opts'), 'max-file')!;
    assert.deepEqual([maxFile.loc.line, maxFile.loc.column, maxFile.keyPath, maxFile.value], [5, 5, 'log-opts.max-file', '1']);
    assert.equal(nestedSetting(c.settings.get('icc'), 'x'), undefined);
  });

  it('reads an empty (or blank, or null) file as no settings, as dockerd does', () => {
    for (const text of ['', '  \n\n', 'null']) assert.equal(config(text).settings.size, 0);
  });

  it('turns a file dockerd refuses into a positioned error that does not echo it', () => {
    const bad = readDaemonJson('daemon.json', '{\n  "registry-mirrors": ["https://u:p4ss@mirror"],\n  "icc": nope\n}');
    assert.equal(bad.config, undefined);
    assert.equal(bad.errors.length, 1);
    assert.deepEqual([bad.errors[0]!.line, bad.errors[0]!.column], [3, 10]);
    assert.match(bad.errors[0]!.reason, /^invalid JSON: expected a value/);
    assert.doesNotMatch(bad.errors[0]!.reason, /p4ss|nope/);
    const list = readDaemonJson('daemon.json', '\n  ["icc"]');
    assert.deepEqual(list.errors, [{ path: 'daemon.json', line: 2, column: 3, reason: 'daemon.json must hold a JSON object' }]);
  });
});

describe('daemonLogging', () => {
  const cases: Array<[string, boolean, boolean]> = [
    ['{}', false, false],
    ['{"log-driver": "json-file"}', false, false],
    ['{"log-opts": {"max-file": "5"}}', false, false],
    ['{"log-opts": {"max-size": "-1", "max-file": "5"}}', false, false],
    ['{"log-opts": {"max-size": "0"}}', false, false],
    ['{"log-opts": {"max-size": "10m"}}', true, true],
    ['{"log-opts": {"max-size": "10m", "max-file": "1"}}', true, true],
    ['{"log-opts": {"max-size": "1.5GiB", "max-file": "3"}}', true, false],
    ['{"log-driver": "local"}', true, false],
    ['{"log-driver": "local", "log-opts": {"max-file": "1"}}', true, true],
    ['{"log-driver": "journald"}', true, false],
    ['{"log-driver": "syslog", "log-opts": {"syslog-address": "udp://1.2.3.4:514"}}', true, false],
  ];
  for (const [text, bounded, single] of cases) {
    it(`${text} → ${bounded ? 'bounded' : 'unbounded'}${single ? ', one file' : ''}`, () => {
      const l = daemonLogging(config(text));
      assert.deepEqual([l.bounded, l.singleFile], [bounded, single]);
    });
  }

  it('reads sizes as go-units FromHumanSize does', () => {
    for (const ok of ['10m', '10M', '10mb', '10MiB', '1g', '100k', '2048', '1.5g', '10 m']) assert.ok(positiveSize(ok), ok);
    for (const bad of ['', '0', '-1', 'm', '10x', 'ten', 10, null]) assert.ok(!positiveSize(bad), String(bad));
  });
});

describe('dockerDaemonLoader under a host root', () => {
  function load(files: Record<string, string>, unreadable: string[] = []): Array<{ path: string; present: boolean }> {
    const t = makeTree(files);
    trees.push(t);
    const discovered = 'etc/docker/daemon.json' in files ? [{ path: 'etc/docker/daemon.json', kind: 'docker-daemon' as const, by: 'name' as const }] : [];
    const { units, errors } = dockerDaemonLoader.load({
      files: discovered,
      store: new SourceStore(t.root),
      host: { root: t.root, live: false, unreadable: new Set(unreadable) },
    });
    assert.deepEqual(errors, []);
    return units.map((u) => ({ path: (u.model as DaemonConfig).path, present: (u.model as DaemonConfig).present }));
  }

  it('reports dockerd defaults when Docker is installed without daemon.json', () => {
    assert.deepEqual(load({ 'usr/bin/dockerd': '', 'etc/hostname': 'h\n' }), [{ path: 'etc/docker/daemon.json', present: false }]);
    assert.deepEqual(load({ 'usr/sbin/dockerd': '' }), [{ path: 'etc/docker/daemon.json', present: false }]);
  });

  it('claims nothing when etc/docker could not be read, or Docker is not installed', () => {
    assert.deepEqual(load({ 'usr/bin/dockerd': '' }, ['etc/docker']), []);
    assert.deepEqual(load({ 'usr/bin/dockerd': '' }, ['etc']), []);
    assert.deepEqual(load({ 'etc/hostname': 'h\n' }), []);
  });

  it('reads the file when it is there', () => {
    assert.deepEqual(load({ 'usr/bin/dockerd': '', 'etc/docker/daemon.json': '{"icc": false}' }), [{ path: 'etc/docker/daemon.json', present: true }]);
  });

  it("judges a repository's daemon.json only when it is Docker's (a docker folder, or a dockerd setting)", () => {
    const files = { 'svc/daemon.json': '{ "port": 8080 }', 'ops/docker/daemon.json': '{}', 'daemon.json': '{ "icc": true }', 'etc/docker-ce/daemon.json': '' };
    const t = makeTree(files);
    trees.push(t);
    const discovered = Object.keys(files).map((path) => ({ path, kind: 'docker-daemon' as const, by: 'name' as const }));
    const { units } = dockerDaemonLoader.load({ files: discovered, store: new SourceStore(t.root) });
    assert.deepEqual(units.map((u) => (u.model as DaemonConfig).path), ['ops/docker/daemon.json', 'daemon.json', 'etc/docker-ce/daemon.json']);
  });

  it('produces no unit in a repository without daemon.json', () => {
    const t = makeTree({ 'usr/bin/dockerd': '' });
    trees.push(t);
    assert.deepEqual(dockerDaemonLoader.load({ files: [], store: new SourceStore(t.root) }).units, []);
  });
});

describe('gatherFacts', () => {
  function rotation(text: string): { fact: boolean | undefined; errors: number } {
    const t = makeTree({ 'daemon.json': text });
    trees.push(t);
    const r = gatherFacts([{ path: 'daemon.json', kind: 'docker-daemon', by: 'name' }], new SourceStore(t.root));
    return { fact: r.facts.daemonLogRotation, errors: r.errors.length };
  }

  it('says logs are bounded exactly when the daemon check would not report unbounded growth', () => {
    assert.deepEqual(rotation('{"log-opts": {"max-size": "10m"}}'), { fact: true, errors: 0 });
    assert.deepEqual(rotation('{"log-driver": "journald"}'), { fact: true, errors: 0 });
    assert.deepEqual(rotation('{"log-driver": "local"}'), { fact: true, errors: 0 });
    assert.deepEqual(rotation('{"log-opts": {"max-file": "3"}}'), { fact: undefined, errors: 0 });
    assert.deepEqual(rotation('{"log-opts": {"max-size": "10m",}}'), { fact: undefined, errors: 1 });
  });
});
