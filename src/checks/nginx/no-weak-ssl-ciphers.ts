import { defineCheck } from '../../core/check.ts';
import type { NginxConfig } from '../../inputs/nginx/model.ts';
import { isTlsServer } from './_lib.ts';

/** Cipher-string words that select broken suites, and how bad they are. */
const WEAK: ReadonlyArray<{ word: RegExp; what: string; severity: 'high' | 'medium' }> = [
  { word: /^(?:e?NULL|COMPLEMENTOFALL)$|(?:^|-)NULL(?:-|$)/, what: 'NULL (no encryption)', severity: 'high' },
  { word: /^aNULL$|^(?:ADH|AECDH)(?:-|$)|^kNULL$/, what: 'anonymous (no authentication)', severity: 'high' },
  { word: /^(?:EXPORT|EXP|EXPORT40|EXPORT56)$|^EXP-/, what: 'EXPORT', severity: 'high' },
  { word: /^RC4$|(?:^|-)RC4(?:-|$)/, what: 'RC4', severity: 'high' },
  { word: /^(?:3DES|DES|DES-CBC3-SHA|DES-CBC-SHA)$|(?:^|-)(?:DES-CBC3|DES-CBC)(?:-|$)/, what: '3DES/DES', severity: 'medium' },
  { word: /^MD5$|(?:^|-)MD5$/, what: 'MD5', severity: 'medium' },
];

/** OpenSSL cipher-string words, with `+` combinations split into their parts. */
export function weakCiphers(spec: string): { what: string; severity: 'high' | 'medium'; word: string }[] {
  const words = spec.split(/[:,\s]+/).filter((w) => w !== '');
  const excluded = new Set(words.filter((w) => w.startsWith('!') || w.startsWith('-')).map((w) => w.slice(1)));
  const out: { what: string; severity: 'high' | 'medium'; word: string }[] = [];
  for (const w of words) {
    if (/^[!\-+@]/.test(w)) continue;
    for (const part of w.split('+')) {
      const hit = WEAK.find((x) => x.word.test(part));
      if (hit && !excluded.has(part)) out.push({ what: hit.what, severity: hit.severity, word: w });
    }
    // ALL includes the anonymous suites (and eNULL with COMPLEMENTOFALL) unless they are excluded.
    if (w === 'ALL' && !(excluded.has('aNULL') || excluded.has('ADH'))) out.push({ what: 'ALL without !aNULL (anonymous suites)', severity: 'high', word: w });
  }
  return out;
}

export default defineCheck<NginxConfig>({
  id: 'nginx/no-weak-ssl-ciphers',
  title: 'HTTPS servers offer no broken cipher suites',
  severity: 'high',
  checklist: ['E2'],
  rationale:
    'NULL and anonymous suites give no encryption or no authentication at all, EXPORT suites are breakable in minutes ' +
    '(FREAK, Logjam), RC4 leaks plaintext statistically, and 3DES (Sweet32) and MD5 are broken. A client that offers ' +
    'one of them, or an attacker who strips the better ones, can end up on it. nginx\'s default `HIGH:!aNULL:!MD5` is ' +
    'fine; hand-written strings are where these creep in.',
  remediation:
    'Use Mozilla\'s intermediate list (or drop `ssl_ciphers` to get nginx\'s default):\n\n' +
    '    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:' +
    'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;\n' +
    '    ssl_prefer_server_ciphers off;\n\n' +
    'or, if `ALL`/`DEFAULT` must stay, exclude the broken families: `…:!aNULL:!eNULL:!EXPORT:!RC4:!3DES:!MD5`.',
  references: ['https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_ciphers', 'https://ssl-config.mozilla.org/', 'https://sweet32.info/'],
  fixable: false,
  run({ model, report }) {
    for (const server of model.servers) {
      if (!isTlsServer(server)) continue;
      const d = server.effective('ssl_ciphers')?.directives[0];
      if (!d) continue;
      const weak = weakCiphers(d.args.map((a) => a.value).join(':'));
      if (weak.length === 0) continue;
      const kinds = [...new Set(weak.map((w) => w.what))];
      report({
        at: d,
        severity: weak.some((w) => w.severity === 'high') ? 'high' : 'medium',
        message: `ssl_ciphers enables ${kinds.join(', ')} suites (${[...new Set(weak.map((w) => w.word))].join(', ')})`,
      });
    }
  },
});
