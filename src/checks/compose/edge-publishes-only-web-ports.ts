import { defineCheck } from '../../core/check.ts';
import type { ComposeProject, PortMapping } from '../../inputs/compose/model.ts';
import { isLoopbackBinding } from './_lib/networks.ts';
import { classifyService, describeService } from './_lib/roles.ts';

/** 80 and 443 over TCP, and 443 over UDP for HTTP/3. */
function isWebPort(port: PortMapping): boolean {
  const protocol = port.protocol.toLowerCase();
  if (port.published === '80') return protocol === 'tcp';
  if (port.published === '443') return protocol === 'tcp' || protocol === 'udp';
  return false;
}

export default defineCheck<ComposeProject>({
  id: 'compose/edge-publishes-only-web-ports',
  title: 'The reverse proxy publishes only 80 and 443',
  severity: 'medium',
  checklist: ['N1'],
  rationale:
    'The reverse proxy is the one service meant to face the internet, and it should do so only on the web ports. ' +
    'Anything else it publishes (a Traefik dashboard on 8080, an nginx status page, a second HTTP port that skips ' +
    'the TLS server block) is an extra, usually unauthenticated, entry point the firewall does not stop, because ' +
    'Docker publishes ports ahead of UFW rules.',
  remediation:
    'Publish only `80:80` and `443:443` (plus `443:443/udp` for HTTP/3). Serve dashboards through an ' +
    'authenticated route on 443, or bind them to `127.0.0.1` and reach them over an SSH tunnel.',
  references: ['https://docs.docker.com/reference/compose-file/services/#ports'],
  fixable: false,
  run({ model, settings, report }) {
    for (const service of model.services) {
      if (classifyService(service, settings).role !== 'edge') continue;
      for (const port of service.ports) {
        if (isWebPort(port)) continue;
        const host = port.published ?? 'a random host port';
        const loopback = isLoopbackBinding(port.hostIp);
        report({
          at: port,
          subject: service.name,
          severity: loopback ? 'low' : 'medium',
          message: `${describeService(service, 'edge')} publishes ${host}/${port.protocol} (container port ${port.target})` +
            `${loopback ? ' on loopback' : ''}; the edge should publish only 80 and 443.`,
        });
      }
    }
  },
});
