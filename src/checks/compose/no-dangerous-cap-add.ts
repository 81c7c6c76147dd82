import { defineCheck } from '../../core/check.ts';
import type { Severity } from '../../core/severity.ts';
import type { ComposeProject } from '../../inputs/compose/model.ts';
import { capabilityName } from './_lib/hardening.ts';
import { describeService } from './_lib/roles.ts';

interface DangerousCapability {
  severity: Severity;
  /** What the capability lets a compromised process do, for the message. */
  grants: string;
}

/**
 * Capabilities that break container isolation or reach the host kernel. Critical where
 * a known one-step escape exists; medium where the harm stays mostly inside the
 * container's network or the host clock.
 */
const DANGEROUS: Record<string, DangerousCapability> = {
  ALL: { severity: 'critical', grants: 'every capability, as good as `privileged` for escaping to the host' },
  SYS_ADMIN: { severity: 'critical', grants: 'mount, namespaces, cgroup release_agent and BPF: known container escapes' },
  SYS_MODULE: { severity: 'critical', grants: 'loading kernel modules, i.e. arbitrary code in the host kernel' },
  SYS_PTRACE: { severity: 'high', grants: 'tracing and injecting code into other processes (and host processes with `pid: host`)' },
  SYS_RAWIO: { severity: 'high', grants: 'raw I/O on devices and memory (/dev/mem, ioperm)' },
  SYS_BOOT: { severity: 'high', grants: 'rebooting the host and loading a new kernel (kexec)' },
  DAC_READ_SEARCH: { severity: 'high', grants: 'open_by_handle_at, which reads any host file (the "shocker" escape)' },
  NET_ADMIN: { severity: 'high', grants: 'reconfiguring interfaces, routes and firewall rules, sniffing and redirecting traffic' },
  BPF: { severity: 'high', grants: 'loading BPF programs into the host kernel' },
  MAC_ADMIN: { severity: 'high', grants: 'changing the AppArmor/SELinux policy that confines containers' },
  MAC_OVERRIDE: { severity: 'high', grants: 'bypassing the AppArmor/SELinux policy' },
  SYS_TIME: { severity: 'medium', grants: 'setting the host clock (breaks TLS validity, logs and token expiry)' },
  PERFMON: { severity: 'medium', grants: 'perf monitoring of the whole host, a side channel on other workloads' },
  NET_RAW: { severity: 'medium', grants: 'raw sockets: ARP and DNS spoofing of neighbour containers' },
  SYS_RESOURCE: { severity: 'medium', grants: 'overriding resource limits and quotas' },
  LINUX_IMMUTABLE: { severity: 'medium', grants: 'changing immutable and append-only file flags (log tampering)' },
  SYSLOG: { severity: 'medium', grants: 'reading and clearing the kernel log, which leaks kernel addresses' },
  AUDIT_CONTROL: { severity: 'medium', grants: 'turning off kernel auditing' },
  CHECKPOINT_RESTORE: { severity: 'medium', grants: 'checkpointing and restoring processes, including forging their PIDs' },
};

export default defineCheck<ComposeProject>({
  id: 'compose/no-dangerous-cap-add',
  title: 'Containers add no dangerous Linux capabilities',
  severity: 'high',
  checklist: ['D1'],
  rationale:
    'Some capabilities hand the container a piece of the host: SYS_ADMIN (mounts, namespaces, the cgroup ' +
    'release_agent escape), SYS_MODULE (kernel modules), ALL (everything) are each a known route from the container ' +
    'to root on the host, so they are critical. SYS_PTRACE, SYS_RAWIO, SYS_BOOT, DAC_READ_SEARCH (the "shocker" ' +
    'file-handle escape), NET_ADMIN, BPF and MAC_ADMIN/MAC_OVERRIDE are high: they reach the kernel, other processes ' +
    'or the confinement policy. SYS_TIME, PERFMON, NET_RAW, SYS_RESOURCE and similar are medium: their damage stays ' +
    'mostly in the container, its network or the clock. A capability added to a service is granted to whatever ' +
    'code runs in it after a compromise.',
  remediation:
    'Remove the capability, or isolate the one component that needs it in its own minimal container. ' +
    'Prefer a narrower capability or a host-side tool: e.g. a VPN container needs NET_ADMIN but then nothing else, ' +
    'a service binding port 80 needs NET_BIND_SERVICE, not SYS_ADMIN.\n' +
    '```yaml\n' +
    'services:\n' +
    '  web:\n' +
    '    cap_drop: [ALL]\n' +
    '    cap_add: [NET_BIND_SERVICE]\n' +
    '```',
  references: [
    'CIS Docker Benchmark 5.3 (Ensure that Linux kernel capabilities are restricted within containers)',
    'https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities',
    'https://man7.org/linux/man-pages/man7/capabilities.7.html',
  ],
  fixable: false,
  run({ model, report }) {
    for (const service of model.services) {
      for (const node of service.capAdd) {
        const name = capabilityName(node);
        const danger = Object.hasOwn(DANGEROUS, name) ? DANGEROUS[name] : undefined;
        if (!danger) continue;
        report({
          at: node,
          subject: service.name,
          key: name,
          severity: danger.severity,
          message: `${describeService(service)} adds capability ${name} (${danger.grants}).`,
        });
      }
    }
  },
});
