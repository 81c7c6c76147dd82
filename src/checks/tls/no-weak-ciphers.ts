import { defineCheck } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import { CATEGORY_REASONS, isAnonymous, WEAK_CATEGORIES } from '../../probes/tls/cipher-suites.ts';
import type { TlsSnapshot } from '../../probes/tls/snapshot.ts';

export default defineCheck<TlsSnapshot>({
  id: 'tls/no-weak-ciphers',
  title: 'The server accepts no broken cipher suites',
  severity: 'high',
  checklist: ['E2'],
  rationale:
    'A cipher suite the server accepts is one an attacker can steer a handshake to. The probe offers the legacy suites ' +
    'in its own ClientHello, one class at a time, and records each one the server picks: NULL (no encryption), ' +
    'anonymous (aNULL: no server authentication), EXPORT (40/56-bit), LOW (DES, RC4, RC2) at high, and 3DES/IDEA ' +
    '(64-bit blocks, Sweet32) at medium. The classes match testssl.sh\'s, so the verdicts can be compared.',
  remediation:
    'Offer only AEAD suites with forward secrecy. nginx (Mozilla "intermediate"):\n\n' +
    '    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:' +
    'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;\n\n' +
    'Never use `ALL`, `eNULL`, `aNULL`, `EXPORT`, `RC4`, `3DES` or `@SECLEVEL=0` in a cipher string.',
  references: ['https://ssl-config.mozilla.org/', 'https://www.rfc-editor.org/rfc/rfc7465', 'https://sweet32.info/', 'https://testssl.sh/'],
  fixable: false,
  run({ model, report }) {
    for (const category of WEAK_CATEGORIES) {
      // An anonymous NULL suite (AECDH-NULL-SHA) is both unencrypted and unauthenticated, and counts in both classes, as in testssl.sh.
      const suites = model.weakCiphers.filter((s) => s.category === category || (category === 'aNULL' && isAnonymous(s.name)));
      if (suites.length === 0) continue;
      report({
        at: targetLocation(model.target),
        key: category,
        subject: category,
        severity: category === '3DES' ? 'medium' : 'high',
        message: `The server accepts ${category} cipher suites (${suites.map((s) => s.name).join(', ')}): ${CATEGORY_REASONS[category]}.`,
      });
    }
  },
});
