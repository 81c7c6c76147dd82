import { defineCheck } from '../../core/check.ts';
import type { NginxConfig } from '../../inputs/nginx/model.ts';
import { describeScope, hasUnfollowedInclude } from './_lib.ts';

export default defineCheck<NginxConfig>({
  id: 'nginx/require-ssl-certificate',
  title: 'Every HTTPS server has a certificate and key',
  severity: 'medium',
  checklist: ['E2'],
  rationale:
    'A `listen … ssl` server with no `ssl_certificate` in force cannot complete a TLS handshake: recent nginx refuses ' +
    'to start ("no ssl_certificate is defined"), older ones fail every handshake, and clients fall back to the plain ' +
    'HTTP site or to another virtual host\'s certificate with a name mismatch that users learn to click through.',
  remediation:
    'Give the server (or the http level) a certificate and its key, e.g. from Let\'s Encrypt:\n\n' +
    '    ssl_certificate     /etc/letsencrypt/live/app.example.com/fullchain.pem;\n' +
    '    ssl_certificate_key /etc/letsencrypt/live/app.example.com/privkey.pem;\n\n' +
    'For a catch-all default server that should refuse TLS, use `ssl_reject_handshake on;` instead.',
  references: ['https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_certificate', 'https://nginx.org/en/docs/http/configuring_https_servers.html'],
  fixable: false,
  run({ model, report }) {
    if (hasUnfollowedInclude(model)) return;
    for (const server of model.servers) {
      const tls = server.listens.filter((l) => l.ssl);
      if (tls.length === 0) continue;
      if (server.effective('ssl_certificate')) continue;
      if (server.value('ssl_reject_handshake')?.[0] === 'on') continue;
      // A Lua-provided certificate (ssl_certificate_by_lua*) is also a certificate.
      if (server.directives.some((d) => d.name.startsWith('ssl_certificate_by_lua'))) continue;
      const at = tls[0]!.directive ?? server.block ?? server;
      report({ at, message: `${describeScope(server)} listens with TLS but no ssl_certificate is in force (nor at the http level)` });
    }
  },
});
