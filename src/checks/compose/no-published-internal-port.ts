import { defineCheck } from '../../core/check.ts';
import type { Severity } from '../../core/severity.ts';
import type { ComposeProject, PortMapping } from '../../inputs/compose/model.ts';
import { isLoopbackBinding } from './_lib/networks.ts';
import { classifyService, describeService, SENSITIVE_ROLES } from './_lib/roles.ts';

function describePort(port: PortMapping): string {
  if (port.published === undefined) return `container port ${port.target}/${port.protocol} on a random host port`;
  return `port ${port.published} (container ${port.target}/${port.protocol})`;
}

export default defineCheck<ComposeProject>({
  id: 'compose/no-published-internal-port',
  title: 'Only the reverse proxy publishes ports',
  severity: 'high',
  checklist: ['N1', 'N2'],
  rationale:
    'Every port in `ports:` is opened on the host, and Docker inserts its own iptables rules ahead of UFW, so ' +
    'a published database, cache, broker, dashboard or app server is reachable from the internet even when the ' +
    'host firewall says otherwise. Databases and admin UIs are then one weak password (or none) away from a breach. ' +
    'Only the reverse proxy should publish, and everything else should be reached through it or over the internal network.',
  remediation:
    'Remove `ports:` from internal services; other containers reach them by service name on the Compose network ' +
    '(use `expose:` to document the port). For local debugging, bind to loopback in a git-ignored override file:\n' +
    '```yaml\n# docker-compose.override.yml (in .gitignore)\nservices:\n  db:\n    ports:\n      - "127.0.0.1:5432:5432"\n```',
  references: [
    'CIS Docker Benchmark 5.7, 5.14',
    'https://docs.docker.com/engine/network/packet-filtering-firewalls/#docker-and-ufw',
    'https://docs.docker.com/reference/compose-file/services/#ports',
  ],
  fixable: false,
  run({ model, settings, report }) {
    for (const service of model.services) {
      const cls = classifyService(service, settings);
      if (cls.role === 'edge') continue;
      const who = describeService(service, cls.product && cls.product !== cls.role ? `${cls.role}: ${cls.product}` : cls.role);
      for (const port of service.ports) {
        let severity: Severity = SENSITIVE_ROLES.has(cls.role) ? 'high' : 'medium';
        let message: string;
        if (isLoopbackBinding(port.hostIp)) {
          severity = 'low';
          message = `${who} publishes ${describePort(port)} on loopback only; fine for local development, ` +
            'but keep it in a git-ignored override file so it never reaches a server.';
        } else {
          message = `${who} publishes ${describePort(port)} on ${port.hostIp ? `address ${port.hostIp}` : 'all host interfaces'}; ` +
            'only the reverse proxy should publish ports.';
        }
        report({ at: port, subject: service.name, severity, message });
      }
    }
  },
});
