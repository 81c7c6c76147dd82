/**
 * On a live host an enabled sshd jail also needs a running fail2ban-server; on a mounted
 * root (not live) the process list is never consulted.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import requireSshdJail from '../../../src/checks/fail2ban/require-sshd-jail.ts';
import type { Fail2banConfig } from '../../../src/inputs/fail2ban/load.ts';
import { loadFail2ban } from '../../../src/inputs/fail2ban/load.ts';
import type { LiveHost } from '../../../src/inputs/host/live.ts';
import { discoverHost } from '../../../src/inputs/host/layout.ts';
import { SourceStore } from '../../../src/inputs/source.ts';
import { makeTree } from '../../scan/tree.ts';
import type { TempTree } from '../../scan/tree.ts';

const trees: TempTree[] = [];
after(() => trees.forEach((t) => t.remove()));

function liveWith(comms: string[]): LiveHost {
  return {
    processes: () => ({ processes: comms.map((comm, i) => ({ pid: 100 + i, comm, argv: [`/usr/bin/${comm}`] })), complete: true }),
    blockDevices: () => ({ devices: [], complete: true }),
    resolveDevice: () => undefined,
  };
}

function judge(live: boolean, processes: string[]): { model: Fail2banConfig; messages: string[] } {
  const t = makeTree({
    'etc/ssh/sshd_config': 'PasswordAuthentication no\n',
    'etc/fail2ban/jail.local': '[sshd]\nenabled = true\nmaxretry = 3\nbantime = 24h\nfindtime = 10m\n',
  });
  trees.push(t);
  const found = discoverHost(t.root);
  const { units, errors } = loadFail2ban({ files: found.files, store: new SourceStore(t.root), host: { ...found.context, live } }, liveWith(processes));
  assert.deepEqual(errors, []);
  const model = units[0]!.model as Fail2banConfig;
  const messages: string[] = [];
  requireSshdJail.run({ model, settings: { edgeServices: [] }, facts: {}, report: (r) => messages.push(`${'loc' in r.at ? r.at.loc.line : r.at.line} ${r.message}`) });
  return { model, messages };
}

describe('fail2ban on a live host', () => {
  it('reports an enabled jail whose server does not run, at the enabled line', () => {
    const { model, messages } = judge(true, ['sshd', 'cron']);
    assert.equal(model.running, 'no');
    assert.equal(messages.length, 1);
    assert.match(messages[0]!, /^2 the \[sshd\] jail is enabled but no fail2ban-server process runs/);
  });

  it('is silent when fail2ban-server runs', () => {
    const { model, messages } = judge(true, ['sshd', 'fail2ban-server']);
    assert.equal(model.running, 'yes');
    assert.deepEqual(messages, []);
  });

  it('never looks at processes of the scanning machine for a mounted root', () => {
    const { model, messages } = judge(false, []);
    assert.equal(model.running, undefined);
    assert.deepEqual(messages, []);
  });
});
