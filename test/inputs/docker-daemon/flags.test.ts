/**
 * dockerd flags under a host root: ExecStart of docker.service after drop-ins (reset by an
 * empty ExecStart=), /etc over /lib, variables from Environment= and EnvironmentFile=
 * (Debian's DOCKER_OPTS), continuation lines, positions of every flag; random unit text
 * never throws.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readDockerdFlags } from '../../../src/inputs/docker-daemon/flags.ts';
import type { HostTextAccess } from '../../../src/inputs/docker-daemon/flags.ts';
import { nestedSetting } from '../../../src/inputs/docker-daemon/load.ts';

function host(files: Record<string, string>): HostTextAccess {
  return {
    read: (p) => files[p],
    list: (dir) => {
      const names = Object.keys(files).filter((p) => p.startsWith(`${dir}/`)).map((p) => p.slice(dir.length + 1)).filter((n) => !n.includes('/'));
      return names.length > 0 ? names.sort() : undefined;
    },
  };
}

function summary(files: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, s] of readDockerdFlags(host(files))) out[name] = `${JSON.stringify(s.value)} @${s.loc.path}:${s.loc.line}:${s.loc.column}`;
  return out;
}

const DEBIAN_UNIT = `[Unit]
Description=Docker Application Container Engine

[Service]
Type=notify
EnvironmentFile=-/etc/default/docker
ExecStart=/usr/sbin/dockerd -H fd:// $DOCKER_OPTS
ExecReload=/bin/kill -s HUP $MAINPID
`;

describe('readDockerdFlags', () => {
  it("reads Debian's DOCKER_OPTS from /etc/default/docker, positioned in that file", () => {
    const got = summary({
      'lib/systemd/system/docker.service': DEBIAN_UNIT,
      'etc/default/docker': '# Docker options\n#DOCKER_OPTS="--dns 8.8.8.8"\nDOCKER_OPTS="--icc=false --live-restore --log-opt max-size=10m --log-opt max-file=3"\n',
    });
    assert.deepEqual(got, {
      icc: 'false @etc/default/docker:3:14',
      'live-restore': 'true @etc/default/docker:3:26',
      'log-opts': '{"max-size":"10m","max-file":"3"} @etc/default/docker:3:41',
    });
  });

  it('gives log-opt flags nested positions like daemon.json', () => {
    const flags = readDockerdFlags(host({ 'lib/systemd/system/docker.service': '[Service]\nExecStart=/usr/bin/dockerd --log-opt max-size=10m --log-opt=max-file=1\n' }));
    const maxFile = nestedSetting(flags.get('log-opts'), 'max-file')!;
    assert.deepEqual([maxFile.value, maxFile.loc.line, maxFile.loc.column, maxFile.keyPath], ['1', 2, 51, '--log-opt.max-file']);
  });

  it('takes the last ExecStart after drop-ins, an empty one resetting, continuation lines positioned', () => {
    const got = summary({
      'lib/systemd/system/docker.service': '[Service]\nExecStart=/usr/bin/dockerd -H fd:// --icc=true --containerd=/run/containerd/containerd.sock\n',
      'etc/systemd/system/docker.service.d/10-hardening.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// \\\n    --no-new-privileges \\\n    --userns-remap default\n',
      'etc/systemd/system/docker.service.d/notes.txt': '[Service]\nExecStart=/usr/bin/dockerd --icc=true\n',
    });
    assert.deepEqual(got, {
      'no-new-privileges': 'true @etc/systemd/system/docker.service.d/10-hardening.conf:4:5',
      'userns-remap': '"default" @etc/systemd/system/docker.service.d/10-hardening.conf:5:5',
    });
  });

  it('prefers /etc over /lib for the unit, and a drop-in of the same name in /etc', () => {
    const got = summary({
      'lib/systemd/system/docker.service': '[Service]\nExecStart=/usr/bin/dockerd --icc=true\n',
      'etc/systemd/system/docker.service': '[Service]\nExecStart=/usr/bin/dockerd --icc=false\n',
      'lib/systemd/system/docker.service.d/x.conf': '[Service]\nEnvironment=A=1\n',
      'etc/systemd/system/docker.service.d/x.conf': '[Service]\nEnvironment="OPTS=--live-restore=false"\nExecStart=\nExecStart=-/usr/bin/dockerd ${OPTS} --icc=0\n',
    });
    assert.deepEqual(got, {
      'live-restore': 'false @etc/systemd/system/docker.service.d/x.conf:4:29',
      icc: 'false @etc/systemd/system/docker.service.d/x.conf:4:37',
    });
  });

  it('ignores what dockerd would not read as these flags', () => {
    const got = summary({
      'lib/systemd/system/docker.service': '[Unit]\nExecStart=/usr/bin/dockerd --icc=false\n[Service]\nExecStart=/usr/bin/dockerd --icc=no --live-restore=maybe --log-opt novalue --userns-remap\n',
    });
    assert.deepEqual(got, {});
    assert.deepEqual(summary({}), {});
    assert.deepEqual(summary({ 'lib/systemd/system/docker.service': '[Service]\nExecStart=\n' }), {});
  });

  it('never throws on random unit and environment text', () => {
    const pieces = ['[Service]', '\n', 'ExecStart=', '/usr/bin/dockerd ', '--icc=false ', '--log-opt ', 'max-size=1m ', '$OPTS', '${OPTS}', '"', "'", '\\', '\\\n', 'Environment=', 'OPTS=--live-restore', 'EnvironmentFile=-/env', '='];
    const text = fc.oneof(fc.string(), fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((xs) => xs.join('')));
    fc.assert(
      fc.property(text, text, (unit, env) => {
        const flags = readDockerdFlags(host({ 'lib/systemd/system/docker.service': unit, env }));
        for (const s of flags.values()) assert.ok(s.loc.line >= 1 && s.loc.column >= 1);
      }),
      { numRuns: 500 },
    );
  });
});
