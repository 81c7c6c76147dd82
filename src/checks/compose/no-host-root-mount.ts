import { posix } from 'node:path';
import { defineCheck } from '../../core/check.ts';
import type { Severity } from '../../core/severity.ts';
import type { ComposeProject } from '../../inputs/compose/model.ts';
import { absoluteHostPath, describeBind, hostBindOf } from './_lib/hardening.ts';
import { describeService } from './_lib/roles.ts';

interface SensitivePath {
  what: string;
  /** Also matches everything below it (a subdirectory exposes the same secrets). */
  subtree?: boolean;
  /** Critical even read-only: the Docker socket is reachable inside (binds are recursive). */
  socketInside?: boolean;
  /** Critical when writable: writing there is a direct route to root on the host. */
  criticalWritable?: boolean;
}

const SENSITIVE: Record<string, SensitivePath> = {
  '/': { what: 'the whole host filesystem', socketInside: true },
  '/run': { what: 'host runtime state, including the Docker socket', socketInside: true },
  '/var/run': { what: 'host runtime state, including the Docker socket', socketInside: true },
  '/etc': { what: 'host configuration (passwd, shadow, sudoers, cron, systemd units)', criticalWritable: true },
  '/root': { what: "root's home directory (SSH keys, shell history, credentials)", subtree: true, criticalWritable: true },
  '/boot': { what: 'the host kernel and boot loader', subtree: true, criticalWritable: true },
  '/var/lib/docker': { what: 'every container filesystem, volume and image on the host', subtree: true, criticalWritable: true },
  '/var/lib/containerd': { what: 'every container filesystem and image on the host', subtree: true, criticalWritable: true },
  '/proc': { what: 'host process information and kernel tunables', criticalWritable: true },
  '/sys': { what: 'kernel, cgroup and device settings', criticalWritable: true },
  '/dev': { what: 'host devices (disks, memory)' },
  '/home': { what: "users' home directories (SSH keys, credentials)" },
  '/etc/shadow': { what: 'host password hashes', criticalWritable: true },
  '/etc/sudoers': { what: 'host sudo rules', criticalWritable: true },
  '/etc/sudoers.d': { what: 'host sudo rules', criticalWritable: true },
};

function sensitivePath(source: string): [string, SensitivePath] | undefined {
  if (Object.hasOwn(SENSITIVE, source)) return [source, SENSITIVE[source]!];
  for (const [path, info] of Object.entries(SENSITIVE)) {
    if (info.subtree && source.startsWith(`${path}/`)) return [path, info];
  }
  if (posix.basename(source) === '.ssh') return [source, { what: 'SSH keys', criticalWritable: true }];
  return undefined;
}

export default defineCheck<ComposeProject>({
  id: 'compose/no-host-root-mount',
  title: 'Containers do not mount sensitive host directories',
  severity: 'high',
  checklist: ['D6'],
  rationale:
    'A bind mount hands the container a piece of the host as it is, with the host\'s uids: /etc holds the password ' +
    'hashes and sudoers, /root and /home the SSH keys, /var/lib/docker every other container\'s filesystem and ' +
    'secrets, /proc and /sys kernel tunables, /dev the disks. A compromise of the service reads all of it, and with ' +
    'write access plants a cron job, an SSH key or a setuid binary and owns the host. Severity: high for a read-only ' +
    'mount; critical when the mount is writable and writing there is a direct route to host root (/etc, /root, ' +
    '/boot, /proc, /sys, /var/lib/docker), and critical even read-only for /, /run and /var/run, because Docker ' +
    'binds are recursive and the Docker socket inside stays usable through a read-only mount.',
  remediation:
    'Mount only the file or directory the service needs, read-only, or use a named volume:\n' +
    '```yaml\n' +
    'services:\n' +
    '  app:\n' +
    '    volumes:\n' +
    '      - /etc/localtime:/etc/localtime:ro   # one file, read-only\n' +
    '      - app-data:/var/lib/app              # a volume instead of a host directory\n' +
    'volumes:\n' +
    '  app-data:\n' +
    '```\n' +
    'Monitoring agents that really need host views (node-exporter, cAdvisor) should get read-only mounts of the ' +
    'narrowest paths, run without network exposure, and carry a suppression comment with the reason.',
  references: [
    'CIS Docker Benchmark 5.5 (Ensure sensitive host system directories are not mounted on containers)',
    'https://docs.docker.com/engine/storage/bind-mounts/',
    'https://docs.docker.com/reference/compose-file/services/#volumes',
  ],
  fixable: false,
  run({ model, report }) {
    for (const service of model.services) {
      for (const mount of service.volumes) {
        const bind = hostBindOf(model, mount);
        const source = absoluteHostPath(bind?.source);
        const hit = source ? sensitivePath(source) : undefined;
        if (!bind || !hit) continue;
        const [, info] = hit;
        const severity: Severity =
          info.socketInside || (!mount.readOnly && info.criticalWritable) ? 'critical' : 'high';
        const access = mount.readOnly ? 'read-only' : 'writable';
        report({
          at: mount,
          subject: service.name,
          severity,
          message: `${describeService(service)} has a ${access} ${describeBind(bind)}: ${info.what}.`,
        });
      }
    }
  },
});
