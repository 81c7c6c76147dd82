import { defineCheck } from '../../core/check.ts';
import type { NginxConfig } from '../../inputs/nginx/model.ts';
import type { NginxDirective } from '../../inputs/nginx/parse.ts';

function walk(list: readonly NginxDirective[], out: NginxDirective[]): void {
  for (const d of list) {
    if (d.name === 'autoindex' && d.args[0]?.value.toLowerCase() === 'on') out.push(d);
    if (d.block) walk(d.block, out);
  }
}

export default defineCheck<NginxConfig>({
  id: 'nginx/no-autoindex',
  title: 'nginx does not list directory contents',
  severity: 'medium',
  checklist: ['N8'],
  rationale:
    '`autoindex on` turns every folder without an index file into a clickable listing: backups, `.env` copies, ' +
    'uploaded files and build artefacts that nobody meant to publish become easy to find and download.',
  remediation: 'Remove `autoindex on;` (the default is off), or keep it only in a location that is restricted with `allow … deny all;` or `auth_basic`.',
  references: ['https://nginx.org/en/docs/http/ngx_http_autoindex_module.html'],
  fixable: false,
  run({ model, report }) {
    const found: NginxDirective[] = [];
    walk(model.directives, found);
    for (const d of found) report({ at: d, message: 'autoindex on: folders without an index file are listed to anyone' });
  },
});
