import { defineCheck } from '../../core/check.ts';
import type { NginxConfig } from '../../inputs/nginx/model.ts';
import { describeScope, hasUnfollowedInclude, isTlsServer, publicListens } from './_lib.ts';

const BROKEN = ['SSLv2', 'SSLv3', 'TLSv1'];
const LEGACY = [...BROKEN, 'TLSv1.1'];

export default defineCheck<NginxConfig>({
  id: 'nginx/no-legacy-tls-protocols',
  title: 'HTTPS servers allow only TLS 1.2 and TLS 1.3',
  severity: 'high',
  checklist: ['E2'],
  rationale:
    'SSLv3 and TLS 1.0 are broken (POODLE, BEAST, no AEAD ciphers) and TLS 1.1 is deprecated by RFC 8996; offering ' +
    'them lets an attacker on the path downgrade clients and is a PCI DSS failure. When `ssl_protocols` is not set, ' +
    'nginx\'s default is `TLSv1 TLSv1.1 TLSv1.2` (plus TLSv1.3 from 1.23.4): the legacy versions are enabled and only ' +
    'an OpenSSL 3 build at security level 1 or above keeps them from negotiating, which depends on the distribution\'s ' +
    'OpenSSL configuration rather than on yours.',
  remediation:
    'Set the protocols explicitly at the http level (and remove weaker settings from servers):\n\n' +
    '    ssl_protocols TLSv1.2 TLSv1.3;\n\n' +
    'Note that for servers sharing one address:port, the default server\'s value is the one nginx uses.',
  references: ['https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_protocols', 'https://www.rfc-editor.org/rfc/rfc8996', 'https://ssl-config.mozilla.org/'],
  fixable: false,
  run({ model, report }) {
    for (const server of model.servers) {
      if (!isTlsServer(server)) continue;
      const eff = server.effective('ssl_protocols');
      if (!eff) {
        if (hasUnfollowedInclude(model)) continue;
        const at = publicListens(server).find((l) => l.ssl)!;
        report({
          at: at.directive ?? server.block ?? server,
          severity: 'medium',
          message:
            `${describeScope(server)}: ssl_protocols is not set, so nginx's default (TLSv1 TLSv1.1 TLSv1.2, plus TLSv1.3 ` +
            'from nginx 1.23.4) enables TLS 1.0 and 1.1; only the OpenSSL security level may keep them from negotiating',
        });
        continue;
      }
      const d = eff.directives[0]!;
      const on = d.args.map((a) => a.value).filter((p) => LEGACY.includes(p));
      if (on.length === 0) continue;
      report({
        at: d,
        severity: on.some((p) => BROKEN.includes(p)) ? 'high' : 'medium',
        message: `ssl_protocols enables ${on.join(', ')}${eff.inherited ? ` for ${describeScope(server)}` : ''}: only TLSv1.2 and TLSv1.3 are safe`,
      });
    }
  },
});
