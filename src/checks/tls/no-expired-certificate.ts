import { defineCheck } from '../../core/check.ts';
import type { TlsSnapshot } from '../../probes/tls/snapshot.ts';
import { DAY_MS, describeCert, EXPIRY_WARNING_DAYS } from '../_shared/certificates.ts';
import { reportBySubject, servedCertificates } from './_lib.ts';
import type { CertificateProblem } from './_lib.ts';

export default defineCheck<TlsSnapshot>({
  id: 'tls/no-expired-certificate',
  title: 'The served certificates are valid for at least 30 more days',
  severity: 'high',
  checklist: ['E2'],
  rationale:
    'An expired (or not yet valid) certificate breaks every client that verifies it, and teaches users to click through ' +
    'warnings. Less than 30 days left means automatic renewal is not working (Let\'s Encrypt renews at 30 days). The ' +
    'probe judges the leaf and the intermediates the server sends, at the time of the probe.',
  remediation:
    'Renew the certificate and make renewal automatic (certbot/acme.sh timer, Caddy or Traefik ACME), reload the proxy, ' +
    'and alert on expiry. Check what is served with `openssl s_client -connect host:443 | openssl x509 -noout -dates`.',
  references: ['https://letsencrypt.org/docs/integration-guide/', 'https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5'],
  fixable: false,
  run({ model, report }) {
    const now = Date.parse(model.takenAt);
    const problems: CertificateProblem[] = [];
    for (const { cert, position } of servedCertificates(model)) {
      const left = Date.parse(cert.notAfter) - now;
      const name = describeCert(cert);
      if (left < 0) {
        problems.push({ subject: 'expired', message: `The ${position} (${name}) expired on ${cert.notAfter.slice(0, 10)}.` });
      } else if (Date.parse(cert.notBefore) > now) {
        problems.push({ subject: 'not-yet-valid', message: `The ${position} (${name}) is not valid before ${cert.notBefore.slice(0, 10)}.` });
      } else if (left < EXPIRY_WARNING_DAYS * DAY_MS) {
        problems.push({
          subject: 'expiring',
          severity: 'medium',
          message: `The ${position} (${name}) expires in ${Math.floor(left / DAY_MS)} days (${cert.notAfter.slice(0, 10)}): renewal is not working.`,
        });
      }
    }
    reportBySubject(report, model, problems);
  },
});
