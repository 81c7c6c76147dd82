import { defineCheck } from '../../core/check.ts';
import type { TlsSnapshot } from '../../probes/tls/snapshot.ts';
import { describeCert } from '../_shared/certificates.ts';
import { reportBySubject, servedCertificates } from './_lib.ts';
import type { CertificateProblem } from './_lib.ts';

export default defineCheck<TlsSnapshot>({
  id: 'tls/no-weak-signature',
  title: 'Served certificates are not signed with SHA-1 or MD5',
  severity: 'medium',
  checklist: ['E2'],
  rationale:
    'SHA-1 and MD5 collisions are practical (SHAttered, the 2008 rogue CA), so a signature with them does not prove who ' +
    'issued the certificate; browsers reject SHA-1 certificates. The signature of a self-signed root the server sends ' +
    'along is not judged: clients trust their own copy of it, not its signature.',
  remediation: 'Reissue the certificate with a SHA-256 signature (every current CA and `openssl req -sha256` do).',
  references: ['https://shattered.io/', 'https://www.rfc-editor.org/rfc/rfc9155'],
  fixable: false,
  run({ model, report }) {
    const problems: CertificateProblem[] = [];
    for (const { cert, position } of servedCertificates(model)) {
      if (!cert.weakDigest) continue;
      problems.push({
        subject: cert.signatureAlgorithm,
        severity: cert.weakDigest === 'sha1' ? 'medium' : 'high',
        message: `The ${position} (${describeCert(cert)}) is signed with ${cert.signatureAlgorithm} (${cert.weakDigest.toUpperCase()}).`,
      });
    }
    reportBySubject(report, model, problems);
  },
});
