import { defineCheck } from '../../core/check.ts';
import type { NginxConfig } from '../../inputs/nginx/model.ts';
import { hasUnfollowedInclude, scopeAt } from './_lib.ts';

export default defineCheck<NginxConfig>({
  id: 'nginx/no-server-tokens',
  title: 'nginx does not announce its version',
  severity: 'low',
  checklist: ['N8'],
  rationale:
    'With `server_tokens on` (the default) every response and error page carries `Server: nginx/1.22.1`, which tells ' +
    'scanners exactly which published vulnerabilities to try. Hiding it is no fix for an old version, but it takes the ' +
    'server out of version-based mass scanning.',
  remediation: 'At the http level:\n\n    server_tokens off;',
  references: ['https://nginx.org/en/docs/http/ngx_http_core_module.html#server_tokens'],
  fixable: false,
  run({ model, report }) {
    let reportedDefault = false;
    for (const server of model.servers) {
      const eff = server.effective('server_tokens');
      const value = eff?.directives[0]?.args[0]?.value.toLowerCase();
      if (value === 'off') continue;
      if (eff) {
        const d = eff.directives[0]!;
        report({ at: d, message: `server_tokens ${value}: responses and error pages show the nginx version` });
        continue;
      }
      if (reportedDefault || hasUnfollowedInclude(model)) continue;
      reportedDefault = true;
      const at = model.http && model.context === 'main' ? scopeAt(model.http) : scopeAt(server);
      report({ at, key: 'default', message: 'server_tokens is not set, so nginx shows its version in the Server header and on error pages (default: on)' });
    }
  },
});
