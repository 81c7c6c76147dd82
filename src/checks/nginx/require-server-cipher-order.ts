import { defineCheck } from '../../core/check.ts';
import type { NginxConfig } from '../../inputs/nginx/model.ts';
import { isTlsServer } from './_lib.ts';

const LEGACY = new Set(['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2']);

/** Every suite the string selects is forward-secret AEAD (then the client's pick does not matter). */
function onlyStrongSuites(spec: string): boolean {
  const words = spec.split(/[:,\s]+/).filter((w) => w !== '' && !/^[!\-@]/.test(w));
  return words.length > 0 && words.every((w) => /^(?:ECDHE|DHE|EECDH|EDH|TLS_)/.test(w) && /GCM|CHACHA20|CCM/.test(w));
}

export default defineCheck<NginxConfig>({
  id: 'nginx/require-server-cipher-order',
  title: 'With a mixed cipher list, the server picks the cipher',
  severity: 'low',
  checklist: ['E2'],
  rationale:
    'With `ssl_prefer_server_ciphers off` (the default) a TLS 1.2 client chooses the suite from the server\'s list, so ' +
    'a list that still holds CBC or non-forward-secret suites for old clients lets any client (or a downgrade) land on ' +
    'them. It does not matter when the list holds only forward-secret AEAD suites (Mozilla\'s intermediate profile, ' +
    'which then recommends `off`), or when only TLS 1.3 is enabled: those cases are not reported.',
  remediation:
    'Either trim `ssl_ciphers` to forward-secret AEAD suites (ECDHE-…-GCM-…, …-CHACHA20-POLY1305), or keep the mixed ' +
    'list ordered strongest first and add:\n\n    ssl_prefer_server_ciphers on;',
  references: ['https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_prefer_server_ciphers', 'https://wiki.mozilla.org/Security/Server_Side_TLS'],
  fixable: false,
  run({ model, report }) {
    for (const server of model.servers) {
      if (!isTlsServer(server)) continue;
      const ciphers = server.effective('ssl_ciphers')?.directives[0];
      if (!ciphers) continue; // nginx's default HIGH:!aNULL:!MD5 with the default order is the common, tested case
      const protocols = server.value('ssl_protocols') ?? ['TLSv1', 'TLSv1.1', 'TLSv1.2'];
      if (!protocols.some((p) => LEGACY.has(p))) continue;
      if (onlyStrongSuites(ciphers.args.map((a) => a.value).join(':'))) continue;
      if (server.value('ssl_prefer_server_ciphers')?.[0] === 'on') continue;
      report({ at: ciphers, message: 'ssl_ciphers mixes strong and legacy suites but ssl_prefer_server_ciphers is off: TLS 1.2 clients pick the suite' });
    }
  },
});
