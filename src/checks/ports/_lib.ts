/** What both `ports/…` checks share: which open ports to report, and how to word them from where the probe ran. */
import type { ReportInput } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import type { Severity } from '../../core/severity.ts';
import type { PortRole } from '../../probes/ports/catalogue.ts';
import type { PortsSnapshot } from '../../probes/ports/snapshot.ts';

/**
 * Whether connecting to this address reaches the probing machine itself: 127.0.0.0/8, ::1,
 * their IPv4-mapped forms, and the unspecified 0.0.0.0 and ::, which Linux routes to the
 * local host. A host probing itself sees every listener, firewalled or not.
 */
export function isLoopback(address: string): boolean {
  const a = address.toLowerCase().replace(/%.*$/, '');
  const v4 = a.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(v4)) return v4.startsWith('127.') || v4 === '0.0.0.0';
  // IPv6: the address is ::1 or :: however many zero groups are written out.
  const groups = expandIpv6(a);
  return groups !== undefined && groups.slice(0, 7).every((g) => g === 0) && (groups[7] === 1 || groups[7] === 0);
}

function expandIpv6(a: string): number[] | undefined {
  const halves = a.split('::');
  if (halves.length > 2) return undefined;
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = 8 - head.length - tail.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0) || [...head, ...tail].some((g) => !Number.isInteger(g))) return undefined;
  return [...head, ...Array<number>(fill).fill(0), ...tail];
}

/**
 * One finding per open port of `role`, subject `<port>/<service>`. On a loopback address
 * every finding is `info`: the probe then measures what listens, not what is exposed.
 */
export function reportOpenPorts(
  model: PortsSnapshot,
  role: PortRole,
  severityOf: (service: string) => Severity | undefined,
  why: string,
  report: (input: ReportInput) => void,
): void {
  const at = targetLocation(model.target);
  const loopback = isLoopback(model.address);
  for (const p of model.ports) {
    if (p.role !== role || p.state !== 'open') continue;
    const subject = `${p.port}/${p.service}`;
    const banner = p.banner ? ` It greeted the probe with "${p.banner}".` : '';
    if (loopback) {
      report({
        at,
        key: subject,
        subject,
        severity: 'info',
        message:
          `Port ${p.port} (${p.name}) is open on ${model.address}, a loopback address: a host probing itself reaches every listener, ` +
          `so this says nothing about exposure. Run the probe from another machine or network, against the address others use, to measure it.${banner}`,
      });
    } else {
      const severity = severityOf(p.service);
      report({
        at,
        key: subject,
        subject,
        ...(severity ? { severity } : {}),
        message: `Port ${p.port} (${p.name}) accepts connections on ${model.address} from where the probe ran: ${why}${banner}`,
      });
    }
  }
}
