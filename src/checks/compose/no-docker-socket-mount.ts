import { posix } from 'node:path';
import { defineCheck } from '../../core/check.ts';
import type { ComposeProject } from '../../inputs/compose/model.ts';
import { describeBind, hostBindOf } from './_lib/hardening.ts';
import { describeService } from './_lib/roles.ts';

/** Container-engine API sockets, wherever they live (rootless engines keep them under /run/user/<uid>). */
const ENGINE_SOCKET = /^(docker|containerd|podman|crio|cri-dockerd|dockershim|balena-engine)\.sock$/;

/** Directories that hold an engine socket: mounting them is mounting the socket. */
const ENGINE_SOCKET_DIRS = new Set([
  '/run/containerd', '/var/run/containerd',
  '/run/podman', '/var/run/podman',
  '/run/docker', '/var/run/docker',
  '/run/crio', '/var/run/crio',
  '/run/k3s/containerd',
]);

function isEngineSocket(source: string): boolean {
  return ENGINE_SOCKET.test(posix.basename(source)) || ENGINE_SOCKET_DIRS.has(source);
}

export default defineCheck<ComposeProject>({
  id: 'compose/no-docker-socket-mount',
  title: 'Containers do not mount the Docker (or another container engine) socket',
  severity: 'critical',
  checklist: ['D6'],
  rationale:
    'The Docker socket is the full Docker API: whoever can connect to it can start a privileged container that ' +
    'mounts the host\'s / and is root on the host in one command. Mounting it `:ro` changes nothing, because a ' +
    'read-only bind only stops writes to the socket file itself, not connecting to it and sending API requests. ' +
    'The same holds for containerd, CRI-O and Podman sockets, and for the directories that hold them. Any ' +
    'vulnerability in the service that mounts it (a reverse proxy, a dashboard, a CI runner, a backup tool) ' +
    'becomes a host takeover.',
  remediation:
    'Remove the mount. If the service only reads container metadata (Traefik, Portainer agents, log shippers, ' +
    'Watchtower-like tools), put a filtering proxy in front of the socket that allows only the read endpoints it ' +
    'needs, on an internal network:\n' +
    '```yaml\n' +
    'services:\n' +
    '  socket-proxy:\n' +
    '    image: tecnativa/docker-socket-proxy:0.3.0\n' +
    '    environment:\n' +
    '      CONTAINERS: 1   # read-only container listing, nothing else\n' +
    '    volumes:\n' +
    '      - /var/run/docker.sock:/var/run/docker.sock:ro\n' +
    '    networks: [socket]\n' +
    '  traefik:\n' +
    '    environment:\n' +
    '      DOCKER_HOST: tcp://socket-proxy:2375\n' +
    '    networks: [socket, edge]\n' +
    'networks:\n' +
    '  socket:\n' +
    '    internal: true\n' +
    '```\n' +
    'The proxy itself still mounts the socket: suppress the finding there with a reason.',
  references: [
    'CIS Docker Benchmark 5.31 (Ensure that the Docker socket is not mounted inside any containers)',
    'https://docs.docker.com/engine/security/#docker-daemon-attack-surface',
    'https://docs.docker.com/engine/security/protect-access/',
  ],
  fixable: false,
  run({ model, report }) {
    for (const service of model.services) {
      for (const mount of service.volumes) {
        const bind = hostBindOf(model, mount);
        if (!bind || !isEngineSocket(bind.source)) continue;
        const ro = mount.readOnly ? ' Read-only does not help: the API is still reachable through it.' : '';
        report({
          at: mount,
          subject: service.name,
          message: `${describeService(service)} has a ${describeBind(bind)}, which gives it the container engine API and so root on the host.${ro}`,
        });
      }
    }
  },
});
