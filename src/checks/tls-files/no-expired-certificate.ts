import { defineCheck } from '../../core/check.ts';
import type { TlsFiles } from '../../inputs/tls-files/load.ts';
import { DAY_MS as DAY, describeCert, EXPIRY_WARNING_DAYS } from '../_shared/certificates.ts';

export default defineCheck<TlsFiles>({
  id: 'tls-files/no-expired-certificate',
  title: 'Certificates are valid for at least 30 more days',
  severity: 'high',
  checklist: ['E2', 'E9'],
  rationale:
    'An expired certificate breaks every client that verifies it (browsers show a full-page error, API clients and ' +
    'SAML/SSO peers refuse to connect), and it teaches users to click through warnings. A certificate with less than ' +
    '30 days left means automatic renewal is not running (Let\'s Encrypt renews at 30 days).',
  remediation:
    'Renew the certificate and set up automatic renewal, e.g. `certbot renew --deploy-hook "nginx -s reload"` from a ' +
    'systemd timer, and monitor expiry (`openssl x509 -enddate -noout -in cert.pem`). Certificates should not live in ' +
    'the repository at all: mount them at deploy time.',
  references: ['https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5', 'https://letsencrypt.org/docs/integration-guide/'],
  fixable: false,
  run({ model, report }) {
    const now = Date.now();
    for (const c of model.certificates) {
      const left = c.notAfter.getTime() - now;
      const until = c.notAfter.toISOString().slice(0, 10);
      if (left < 0) {
        report({ at: c, message: `certificate for ${describeCert(c)} expired on ${until}` });
      } else if (left < EXPIRY_WARNING_DAYS * DAY) {
        report({ at: c, severity: 'medium', message: `certificate for ${describeCert(c)} expires in ${Math.floor(left / DAY)} days (${until})` });
      }
    }
  },
});
