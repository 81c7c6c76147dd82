import { defineCheck } from '../../core/check.ts';
import type { ComposeProject } from '../../inputs/compose/model.ts';
import { serviceNetworkNames } from './_lib/networks.ts';
import { classifyService, DATA_TIER_ROLES, describeService } from './_lib/roles.ts';

export default defineCheck<ComposeProject>({
  id: 'compose/no-data-tier-on-edge-network',
  title: 'The data tier does not share a network with the reverse proxy',
  severity: 'medium',
  checklist: ['N4'],
  rationale:
    'The reverse proxy parses untrusted traffic all day; if it is compromised (or misrouted by a bad `proxy_pass`), ' +
    'everything on its networks is one hop away. Databases, caches, brokers, vector stores and search engines on the ' +
    "proxy's network can be reached directly from it, skipping the application and its authorisation. Tier " +
    'separation puts the proxy and the app on a frontend network and the app and the data on a backend one.',
  remediation:
    'Give the proxy a `frontend` network and the data services a `backend` network marked `internal: true`; attach ' +
    'only the application services to both:\n' +
    '```yaml\nnetworks:\n  frontend: {}\n  backend:\n    internal: true\nservices:\n  proxy:\n    networks: [frontend]\n' +
    '  api:\n    networks: [frontend, backend]\n  db:\n    networks: [backend]\n```',
  references: ['https://docs.docker.com/reference/compose-file/networks/', 'https://docs.docker.com/compose/how-tos/networking/'],
  fixable: false,
  run({ model, settings, report }) {
    const classes = new Map(model.services.map((s) => [s, classifyService(s, settings)]));
    const edges = model.services.filter((s) => classes.get(s)!.role === 'edge');
    if (edges.length === 0) return;
    for (const service of model.services) {
      const cls = classes.get(service)!;
      if (!DATA_TIER_ROLES.has(cls.role)) continue;
      for (const attachment of service.networks) {
        if (service.networkMode) break;
        const proxies = edges.filter((e) => e !== service && serviceNetworkNames(e).includes(attachment.name));
        if (proxies.length === 0) continue;
        const names = proxies.map((p) => `"${p.name}"`).join(', ');
        const net = attachment.implicit ? `the implicit "${attachment.name}" network` : `network "${attachment.name}"`;
        report({
          at: attachment.implicit ? service : attachment,
          key: attachment.name,
          subject: service.name,
          message: `${describeService(service, cls.role)} shares ${net} with the reverse proxy ${names}; ` +
            'put the data tier on a separate internal network.',
        });
      }
    }
  },
});
