import { defineCheck } from '../../core/check.ts';
import type { Severity } from '../../core/severity.ts';
import type { ComposeProject, ComposeService, YScalar } from '../../inputs/compose/model.ts';
import { scalarOf, scalarText } from './_lib/hardening.ts';
import { describeService } from './_lib/roles.ts';

interface HostNamespace {
  attribute: string;
  node(service: ComposeService): YScalar | undefined;
  severity: Severity;
  exposes: string;
}

/**
 * Severity follows what the shared namespace exposes: the host's network stack and its
 * processes are high; IPC, user-namespace remapping and cgroups medium; the hostname low.
 */
const NAMESPACES: HostNamespace[] = [
  {
    attribute: 'network_mode',
    node: (s) => s.networkMode,
    severity: 'high',
    exposes: "the host's network stack: every host-local service (databases on 127.0.0.1, cloud metadata, the Docker API on TCP) becomes reachable and its ports bypass Docker's port publishing and firewall rules",
  },
  {
    attribute: 'pid',
    node: (s) => s.pid,
    severity: 'high',
    exposes: "the host's process table: it sees every process and its command line and environment, and can signal or (with SYS_PTRACE) inject into them",
  },
  {
    attribute: 'ipc',
    node: (s) => s.ipc,
    severity: 'medium',
    exposes: "the host's shared memory and semaphores, which other processes may use to exchange data",
  },
  {
    attribute: 'userns_mode',
    node: (s) => scalarOf(s.node, 'userns_mode'),
    severity: 'medium',
    exposes: "the host's user namespace: it opts out of the daemon's user-namespace remapping, so root in the container is root on the host",
  },
  {
    attribute: 'cgroup',
    node: (s) => scalarOf(s.node, 'cgroup'),
    severity: 'medium',
    exposes: "the host's cgroup namespace: it sees and may reach the host's whole cgroup tree",
  },
  {
    attribute: 'uts',
    node: (s) => scalarOf(s.node, 'uts'),
    severity: 'low',
    exposes: "the host's UTS namespace: it can change the host's hostname",
  },
];

export default defineCheck<ComposeProject>({
  id: 'compose/no-host-namespaces',
  title: 'Containers do not share host namespaces',
  severity: 'high',
  checklist: ['D6'],
  rationale:
    'Namespaces are what make a container a container. `network_mode: host` puts the service on the host\'s ' +
    'network stack, where every service bound to 127.0.0.1 and the cloud metadata endpoint are in reach and ' +
    'published-port and firewall rules no longer apply; `pid: host` shows (and lets it signal or trace) every host ' +
    'process; `ipc: host` shares host shared memory; `userns_mode: host` disables user-namespace remapping; ' +
    '`cgroup: host` exposes the host cgroup tree; `uts: host` lets it rename the host. Sharing with another ' +
    'container (`network_mode: service:vpn`, `pid: service:app`) keeps the isolation from the host and is fine. ' +
    'Severity is high for network and PID, medium for IPC, user namespace and cgroup, low for UTS.',
  remediation:
    'Remove the host namespace and publish only the ports the service needs, or join another container\'s ' +
    'namespace when two services must share one:\n' +
    '```yaml\n' +
    'services:\n' +
    '  app:\n' +
    '    # network_mode: host   <- remove\n' +
    '    ports:\n' +
    '      - "127.0.0.1:8080:8080"\n' +
    '  sidecar:\n' +
    '    network_mode: service:app   # shares app\'s namespace, not the host\'s\n' +
    '```\n' +
    'Host monitoring agents that truly need the host view should be the only such service and carry a ' +
    'suppression comment with the reason.',
  references: [
    'CIS Docker Benchmark 5.9 (host network namespace), 5.15 (host PID namespace), 5.16 (host IPC namespace), ' +
      '5.20 (host UTS namespace), 5.30 (host user namespace)',
    'https://docs.docker.com/reference/compose-file/services/#network_mode',
    'https://docs.docker.com/reference/compose-file/services/#pid',
    'https://docs.docker.com/reference/compose-file/services/#ipc',
    'https://docs.docker.com/engine/security/userns-remap/',
  ],
  fixable: false,
  run({ model, report }) {
    for (const service of model.services) {
      for (const ns of NAMESPACES) {
        const node = ns.node(service);
        // Docker compares the mode to "host" exactly; `HOST` would name a network or fail.
        if (!node || scalarText(node) !== 'host') continue;
        report({
          at: node,
          subject: service.name,
          severity: ns.severity,
          message: `${describeService(service)} sets \`${ns.attribute}: host\` and shares ${ns.exposes}.`,
        });
      }
    }
  },
});
