import { defineCheck } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import type { TlsSnapshot } from '../../probes/tls/snapshot.ts';

export default defineCheck<TlsSnapshot>({
  id: 'tls/require-hostname-match',
  title: 'The certificate is valid for the name clients use',
  severity: 'high',
  checklist: ['E2'],
  rationale:
    'Clients accept a certificate only for the names in its subject alternative names. A mismatch breaks verifying ' +
    'clients and pushes users and scripts to turn verification off. The probe compares the leaf certificate with the ' +
    'host name (or IP address) of the target, the way browsers do (RFC 6125: SANs, one wildcard label).',
  remediation:
    'Issue the certificate for every name the service is reached by (`certbot -d app.example.com -d www.example.com`), ' +
    'or probe the name clients actually use. In nginx, make sure the right `server` block (by `server_name`) serves the ' +
    'certificate for that name.',
  references: ['https://www.rfc-editor.org/rfc/rfc6125', 'https://nginx.org/en/docs/http/configuring_https_servers.html'],
  fixable: false,
  run({ model, report }) {
    const cert = model.certificate;
    if (!cert || cert.hostnameMatches) return;
    const names = cert.chain[0]?.names ?? [];
    report({
      at: targetLocation(model.target),
      key: model.host,
      subject: model.host,
      message: `The certificate is not valid for ${model.host}: it names ${names.length > 0 ? names.join(', ') : 'no host'}.`,
    });
  },
});
