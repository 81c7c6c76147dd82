import { defineCheck } from '../../core/check.ts';
import type { Severity } from '../../core/severity.ts';
import type { PortsSnapshot } from '../../probes/ports/snapshot.ts';
import { reportOpenPorts } from './_lib.ts';

/** Interfaces that hand over the host itself to whoever reaches them. */
const HOST_TAKEOVER: Record<string, Severity> = { 'docker-api': 'critical', kubelet: 'critical' };

export default defineCheck<PortsSnapshot>({
  id: 'ports/no-exposed-admin-interfaces',
  title: 'Admin interfaces (Docker API, kubelet, dashboards, metrics, notebooks) are not reachable from the network',
  severity: 'high',
  checklist: ['N8', 'N1', 'N7'],
  rationale:
    'Control planes and admin tools are built for operators, not for the internet: Jupyter and Flower run code or tasks, ' +
    'Prometheus, node-exporter and Alertmanager disclose the whole topology, Grafana, pgAdmin, Portainer, Kibana, Consul ' +
    'and the RabbitMQ and MinIO consoles are one password (often a default) from full control. The plain Docker API ' +
    '(2375) and the kubelet API (10250) are critical: whoever reaches them starts a privileged container and owns the ' +
    'host, and cryptominer botnets sweep for both. The `host://` probe tries a TCP connect to each well-known default ' +
    'port and reports each admin port that accepts. It measures exposure from where it runs: probe the public address ' +
    'from another machine or network. Against a loopback address (127.0.0.1, ::1, localhost) the host sees its own ' +
    'listeners, firewalled or not, so those findings are `info` only. An open port is not proof that no login is ' +
    'asked, but an admin interface should not be reachable at all from where users are.',
  remediation:
    'Keep admin interfaces on loopback or an internal network and reach them over SSH tunnels or a VPN, or publish them ' +
    'only through the reverse proxy with authentication in front. In Compose:\n\n' +
    '    services:\n' +
    '      grafana:\n' +
    '        ports: ["127.0.0.1:3000:3000"]   # ssh -L 3000:127.0.0.1:3000 host\n' +
    '      flower:\n' +
    '        # no ports: the proxy serves it behind auth_basic / SSO\n\n' +
    'Never start dockerd with `-H tcp://0.0.0.0:2375`; use the Unix socket, or 2376 with `--tlsverify` and client ' +
    'certificates, or `DOCKER_HOST=ssh://host`. Kubelet: `--anonymous-auth=false`, `--authorization-mode=Webhook`, and ' +
    'firewall 10250 to the control plane. Host firewall: default deny incoming, allow only 22/80/443.',
  references: [
    'https://docs.docker.com/engine/security/protect-access/',
    'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/',
    'https://kubernetes.io/docs/reference/networking/ports-and-protocols/',
  ],
  fixable: false,
  run({ model, report }) {
    reportOpenPorts(
      model,
      'admin',
      (service) => HOST_TAKEOVER[service],
      'an admin interface should be reachable only from an admin network, a VPN or an SSH tunnel.',
      report,
    );
  },
});
