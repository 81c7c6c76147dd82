import { defineCheck } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import { headerValue, isRedirect } from '../../probes/http/snapshot.ts';
import type { HttpSnapshot } from '../../probes/http/snapshot.ts';

export default defineCheck<HttpSnapshot>({
  id: 'http/require-https-redirect',
  title: 'Plain HTTP only redirects to HTTPS',
  severity: 'high',
  checklist: ['E1'],
  rationale:
    'A site that answers plain HTTP with its pages sends sessions, credentials and content in clear text to anyone on ' +
    'the path, and lets an attacker strip the upgrade to HTTPS. The only thing port 80 should answer is a permanent ' +
    'redirect to the same URL over HTTPS (and ACME challenges). The probe judges the answer to the http:// target given.',
  remediation:
    'Make the plain-HTTP server redirect everything. nginx:\n\n' +
    '    server {\n        listen 80;\n        server_name app.example.com;\n        return 301 https://$host$request_uri;\n    }\n\n' +
    'Then send HSTS from the HTTPS server so browsers stop trying HTTP.',
  references: ['https://developer.mozilla.org/en-US/observatory/docs/faq', 'https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#return'],
  fixable: false,
  run({ model, report }) {
    if (model.scheme !== 'http') return;
    const { status } = model.first;
    const at = targetLocation(model.target);
    if (isRedirect(status)) {
      const location = headerValue(model.first, 'location') ?? '';
      if (/^https:\/\//i.test(location)) return;
      report({ at, key: '/', subject: '/', message: `Plain HTTP answers ${status} but redirects to ${location === '' ? 'nowhere' : `"${location}"`}, not to an https:// URL.` });
    } else if (status >= 200 && status < 300) {
      report({ at, key: '/', subject: '/', message: `Plain HTTP serves ${model.first.path} itself (status ${status}) instead of redirecting to HTTPS.` });
    }
  },
});
