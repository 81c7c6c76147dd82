import { defineCheck } from '../../core/check.ts';
import type { TlsFiles } from '../../inputs/tls-files/load.ts';
import { isPublicName } from '../_shared/certificates.ts';

export default defineCheck<TlsFiles>({
  id: 'tls-files/no-self-signed-certificate',
  title: 'Certificates for public names are issued by a trusted CA',
  severity: 'medium',
  checklist: ['E2'],
  rationale:
    'A self-signed certificate for a public host name cannot be verified by browsers or API clients, so every user is ' +
    'shown a warning and either leaves or learns to accept any certificate, which is exactly what a man-in-the-middle ' +
    'needs. Clients configured to skip verification to make it work are then open to anyone.',
  remediation:
    'Get a certificate from a public CA (free and automatic with Let\'s Encrypt: `certbot certonly --webroot -w /var/www/certbot -d app.example.com`). ' +
    'Keep self-signed or private-CA certificates for internal names only, and distribute that CA to the clients.',
  references: ['https://letsencrypt.org/getting-started/', 'https://www.rfc-editor.org/rfc/rfc5280'],
  fixable: false,
  run({ model, report }) {
    for (const c of model.certificates) {
      if (!c.selfSigned || c.ca) continue;
      const publicNames = c.names.filter(isPublicName);
      if (publicNames.length === 0) continue;
      report({ at: c, message: `certificate for ${publicNames.join(', ')} is self-signed: no client can verify it` });
    }
  },
});
