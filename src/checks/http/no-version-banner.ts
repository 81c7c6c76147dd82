import { defineCheck } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import { headerValue } from '../../probes/http/snapshot.ts';
import type { HttpSnapshot } from '../../probes/http/snapshot.ts';

/** Headers that announce software; `server` only counts when it carries a version number. */
const BANNERS: ReadonlyArray<{ name: string; announces: (value: string) => boolean }> = [
  { name: 'server', announces: (v) => /\d+\.\d+/.test(v) },
  { name: 'x-powered-by', announces: (v) => v.trim() !== '' },
  { name: 'x-aspnet-version', announces: (v) => v.trim() !== '' },
  { name: 'x-aspnetmvc-version', announces: (v) => v.trim() !== '' },
];

export default defineCheck<HttpSnapshot>({
  id: 'http/no-version-banner',
  title: 'Responses do not announce software versions',
  severity: 'low',
  checklist: ['N8'],
  rationale:
    'A `Server: nginx/1.22.1` or `X-Powered-By: Express` header tells scanners exactly which CVEs to try, for free. ' +
    'Hiding it does not fix a vulnerable version, but it stops the server from advertising one.',
  remediation:
    'nginx: `server_tokens off;` (the header then says only `nginx`). Express: `app.disable("x-powered-by")`; PHP: ' +
    '`expose_php = Off`; at the proxy: `proxy_hide_header X-Powered-By;`.',
  references: ['https://nginx.org/en/docs/http/ngx_http_core_module.html#server_tokens', 'https://owasp.org/www-project-secure-headers/'],
  fixable: false,
  run({ model, report }) {
    for (const banner of BANNERS) {
      const value = headerValue(model.first, banner.name);
      if (value === undefined || !banner.announces(value)) continue;
      report({ at: targetLocation(model.target), key: banner.name, subject: banner.name, message: `The ${banner.name} header announces "${value.slice(0, 120)}".` });
    }
  },
});
