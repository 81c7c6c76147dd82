import { defineCheck } from '../../core/check.ts';
import type { TlsSnapshot } from '../../probes/tls/snapshot.ts';
import { describeCert, weakKeyReason } from '../_shared/certificates.ts';
import { reportBySubject, servedCertificates } from './_lib.ts';
import type { CertificateProblem } from './_lib.ts';

export default defineCheck<TlsSnapshot>({
  id: 'tls/no-weak-certificate-key',
  title: 'Served certificates have strong keys (RSA 2048+, EC 256+)',
  severity: 'high',
  checklist: ['E2'],
  rationale:
    'RSA keys under 2048 bits are within reach of factoring and are rejected by browsers and by OpenSSL\'s default ' +
    'security level; DSA keys are obsolete. A weak key lets an attacker who factors it impersonate the server.',
  remediation:
    'Issue a new certificate with an ECDSA P-256 key (`certbot --key-type ecdsa`) or RSA 2048/3072, and revoke the old one.',
  references: ['https://www.keylength.com/', 'https://cabforum.org/baseline-requirements-documents/'],
  fixable: false,
  run({ model, report }) {
    const problems: CertificateProblem[] = [];
    for (const { cert, position } of servedCertificates(model)) {
      const weak = weakKeyReason(cert.key);
      if (weak) problems.push({ subject: `${cert.key.type}-${cert.key.bits ?? 'unknown'}`, message: `The ${position} (${describeCert(cert)}) has ${weak}.` });
    }
    reportBySubject(report, model, problems);
  },
});
