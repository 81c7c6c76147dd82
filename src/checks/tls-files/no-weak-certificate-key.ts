import { defineCheck } from '../../core/check.ts';
import type { TlsFiles } from '../../inputs/tls-files/load.ts';
import { describeCert, weakKeyReason } from '../_shared/certificates.ts';

export default defineCheck<TlsFiles>({
  id: 'tls-files/no-weak-certificate-key',
  title: 'Certificate keys are RSA 2048+ or ECDSA P-256+',
  severity: 'high',
  checklist: ['E2', 'E9'],
  rationale:
    'RSA keys under 2048 bits (and DSA keys) are within reach of well-funded attackers and are refused by current ' +
    'browsers and CAs; elliptic curves under 256 bits likewise. Whoever factors the key can impersonate the server or, ' +
    'for a SAML signing certificate, forge logins.',
  remediation:
    'Issue a new key and certificate: `openssl req -new -newkey rsa:3072 -nodes -keyout privkey.pem -out req.csr` ' +
    '(or `-newkey ec -pkeyopt ec_paramgen_curve:P-256`), then revoke the old certificate.',
  references: ['https://csrc.nist.gov/publications/detail/sp/800-131a/rev-2/final', 'https://cabforum.org/baseline-requirements-documents/'],
  fixable: false,
  run({ model, report }) {
    for (const c of model.certificates) {
      const weak = weakKeyReason(c.key);
      if (weak) report({ at: c, message: `certificate for ${describeCert(c)} has ${weak}` });
    }
  },
});
