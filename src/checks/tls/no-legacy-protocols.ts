import { defineCheck } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import type { Severity } from '../../core/severity.ts';
import type { TlsProtocol, TlsSnapshot } from '../../probes/tls/snapshot.ts';

const LEGACY: ReadonlyArray<{ protocol: TlsProtocol; severity: Severity; why: string }> = [
  { protocol: 'SSLv2', severity: 'critical', why: 'SSLv2 is broken beyond repair (DROWN) and prohibited by RFC 6176' },
  { protocol: 'SSLv3', severity: 'critical', why: 'SSLv3 is broken (POODLE) and prohibited by RFC 7568' },
  { protocol: 'TLSv1', severity: 'high', why: 'TLS 1.0 is deprecated by RFC 8996 (BEAST, SHA-1 handshakes) and fails PCI DSS' },
  { protocol: 'TLSv1.1', severity: 'high', why: 'TLS 1.1 is deprecated by RFC 8996 and no current browser uses it' },
];

export default defineCheck<TlsSnapshot>({
  id: 'tls/no-legacy-protocols',
  title: 'The server accepts only TLS 1.2 and TLS 1.3',
  severity: 'high',
  checklist: ['E2'],
  rationale:
    'Every browser and maintained client speaks TLS 1.2 or 1.3, so a server that still completes SSLv2, SSLv3, TLS 1.0 ' +
    'or TLS 1.1 handshakes gains no user but lets an attacker on the path force a downgrade to a protocol with known ' +
    'attacks (DROWN, POODLE, BEAST). RFC 8996 deprecates TLS 1.0 and 1.1. The probe completes a real handshake per TLS ' +
    'version and sends its own hello for SSLv2/SSLv3, so the verdict is what the server does, not what its config says.',
  remediation:
    'Allow only TLS 1.2 and 1.3. nginx:\n\n    ssl_protocols TLSv1.2 TLSv1.3;\n\n' +
    'Apache: `SSLProtocol -all +TLSv1.2 +TLSv1.3`; Traefik: `minVersion = "VersionTLS12"` in the TLS options; HAProxy: ' +
    '`ssl-min-ver TLSv1.2`. Reload, then probe again.',
  references: ['https://www.rfc-editor.org/rfc/rfc8996', 'https://ssl-config.mozilla.org/', 'https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_protocols'],
  fixable: false,
  run({ model, report }) {
    for (const legacy of LEGACY) {
      if (model.protocols[legacy.protocol] !== true) continue;
      report({
        at: targetLocation(model.target),
        key: legacy.protocol,
        subject: legacy.protocol,
        severity: legacy.severity,
        message: `The server accepts ${legacy.protocol}: ${legacy.why}.`,
      });
    }
  },
});
