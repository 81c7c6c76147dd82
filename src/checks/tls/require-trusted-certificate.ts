import { defineCheck } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import type { TlsSnapshot } from '../../probes/tls/snapshot.ts';
import { describeCert } from '../_shared/certificates.ts';

export default defineCheck<TlsSnapshot>({
  id: 'tls/require-trusted-certificate',
  title: 'The certificate chains to a trusted CA',
  severity: 'high',
  checklist: ['E2'],
  rationale:
    'A certificate no client can verify (self-signed, or issued by a CA the client does not know, or served without its ' +
    'intermediate) gives no protection against a man in the middle: every client must either fail or skip verification, ' +
    'and skipping verification is how credentials get stolen. The probe verifies the chain itself against the system\'s ' +
    'CAs (plus `--ca-file` for an internal CA), ignoring dates, which the expiry check judges.',
  remediation:
    'Serve a certificate from a public CA (Let\'s Encrypt via certbot, Caddy or Traefik) with the full chain ' +
    '(`ssl_certificate fullchain.pem;` in nginx). For an internal CA, distribute its root to clients and probe with ' +
    '`bulwark probe --ca-file internal-ca.pem https://host`.',
  references: ['https://letsencrypt.org/getting-started/', 'https://nginx.org/en/docs/http/configuring_https_servers.html#chains'],
  fixable: false,
  run({ model, report }) {
    const cert = model.certificate;
    if (!cert || cert.trusted) return;
    const leaf = cert.chain[0];
    const name = leaf ? describeCert(leaf) : 'the server';
    const selfSigned = leaf?.selfSigned === true;
    report({
      at: targetLocation(model.target),
      key: selfSigned ? 'self-signed' : 'untrusted',
      subject: selfSigned ? 'self-signed' : 'untrusted',
      message: selfSigned
        ? `The certificate for ${name} is self-signed: no client can verify it.`
        : `The certificate for ${name} does not chain to a trusted CA (${cert.trustError ?? 'unverified'}).`,
    });
  },
});
