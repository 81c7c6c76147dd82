import { defineCheck } from '../../core/check.ts';
import type { TlsFiles } from '../../inputs/tls-files/load.ts';
import { describeCert } from '../_shared/certificates.ts';

export default defineCheck<TlsFiles>({
  id: 'tls-files/no-weak-signature',
  title: 'Certificates are not signed with SHA-1 or MD5',
  severity: 'medium',
  checklist: ['E2', 'E9'],
  rationale:
    'SHA-1 and MD5 collisions are practical (SHAttered, the 2008 rogue CA), so a signature over them no longer proves ' +
    'who issued the certificate; browsers reject such certificates and SAML libraries increasingly refuse them. A ' +
    'self-signed root\'s own signature is not checked by clients and is not reported.',
  remediation: 'Reissue the certificate with a SHA-256 signature: `openssl req … -sha256` / `openssl x509 -req … -sha256`, or from your CA.',
  references: ['https://shattered.io/', 'https://www.rfc-editor.org/rfc/rfc6194'],
  fixable: false,
  run({ model, report }) {
    for (const c of model.certificates) {
      if (!c.weakDigest || (c.selfSigned && c.ca)) continue;
      report({
        at: c,
        severity: c.weakDigest === 'sha1' ? 'medium' : 'high',
        message: `certificate for ${describeCert(c)} is signed with ${c.signatureAlgorithm} (${c.weakDigest.toUpperCase()})`,
      });
    }
  },
});
