import { defineCheck } from '../../core/check.ts';
import type { EnvUnit } from '../../inputs/env/settings.ts';
import { knownValue } from '../../inputs/env/settings.ts';
import { firstSet, inService, isTruthy } from './_lib.ts';

/**
 * Origin lists: django-cors-headers `CORS_ALLOWED_ORIGINS` (`CORS_ORIGIN_WHITELIST`), FastAPI
 * template `BACKEND_CORS_ORIGINS`, flask-cors / Starlette / Node `CORS_ORIGINS`, `CORS_ORIGIN`,
 * `CORS_ALLOW_ORIGINS`, `CORS_ALLOW_ORIGIN`, `CORS_DOMAINS`, `ALLOWED_ORIGINS`,
 * `ACCESS_CONTROL_ALLOW_ORIGIN`, and the same with a prefix (`DJANGO_CORS_ALLOWED_ORIGINS`).
 */
const ORIGIN_LIST = /^(?:[A-Z0-9]+_)*(?:CORS_(?:ALLOWED_|ALLOW_)?ORIGINS?|CORS_ORIGIN_WHITELIST|CORS_DOMAINS|ALLOWED_ORIGINS|ACCESS_CONTROL_ALLOW_ORIGIN)$/;
/** Regex lists that match every origin (`CORS_ALLOWED_ORIGIN_REGEXES=.*`). */
const ORIGIN_REGEXES = /^(?:[A-Z0-9]+_)*CORS_(?:ALLOWED_)?ORIGIN_REGEX(?:ES)?$/;
/** django-cors-headers switches that allow every origin. */
const ALLOW_ALL = /^(?:[A-Z0-9]+_)*CORS_(?:ORIGIN_ALLOW_ALL|ALLOW_ALL_ORIGINS)$/;
/** Credentialed CORS: django-cors-headers, flask-cors, Node cors. */
const CREDENTIALS = ['CORS_ALLOW_CREDENTIALS', 'CORS_SUPPORTS_CREDENTIALS', 'CORS_CREDENTIALS', 'CORS_WITH_CREDENTIALS', 'DJANGO_CORS_ALLOW_CREDENTIALS'];

function elements(value: string): string[] {
  return value.replace(/[[\]"']/g, ' ').split(/[\s,;]+/).filter(Boolean);
}

export default defineCheck<EnvUnit>({
  id: 'env/no-wildcard-cors',
  title: 'CORS allows named origins, not every origin',
  severity: 'medium',
  checklist: ['A6'],
  rationale:
    'CORS decides which other websites may read this API\'s responses from a visitor\'s browser. `*` lets any ' +
    'page do it; with credentials allowed (the libraries then echo the caller\'s origin, since browsers reject ' +
    '`*` with credentials), any page the user visits can call the API as the user and read the answers.\n\n' +
    'Names read: `CORS_ALLOWED_ORIGINS`, `CORS_ORIGIN_WHITELIST`, `CORS_ORIGIN_ALLOW_ALL`, `CORS_ALLOW_ALL_ORIGINS` ' +
    'and `CORS_ALLOWED_ORIGIN_REGEXES` (django-cors-headers), `BACKEND_CORS_ORIGINS` (FastAPI template), ' +
    '`CORS_ORIGINS`, `CORS_ORIGIN`, `CORS_ALLOW_ORIGINS`, `CORS_ALLOW_ORIGIN`, `CORS_DOMAINS`, `ALLOWED_ORIGINS`, ' +
    '`ACCESS_CONTROL_ALLOW_ORIGIN` (flask-cors, Starlette, Node cors), also with a prefix (`DJANGO_…`); ' +
    'credentials: `CORS_ALLOW_CREDENTIALS`, `CORS_SUPPORTS_CREDENTIALS`, `CORS_CREDENTIALS`, `CORS_WITH_CREDENTIALS`. ' +
    'A `*` element in an origin list (`*`, `["*"]`, `https://a.example,*`), a match-all regex, or an allow-all ' +
    'switch set to true is medium, high when credentials are allowed too. Templates are not judged.',
  remediation:
    'List the origins that serve your frontend:\n' +
    '```dotenv\nCORS_ALLOWED_ORIGINS=https://app.example.com,https://admin.example.com\nCORS_ALLOW_CREDENTIALS=true\n```',
  references: ['https://github.com/adamchainz/django-cors-headers#configuration', 'https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS#requests_with_credentials'],
  fixable: false,
  run({ model, report }) {
    if (model.example) return;
    const credentials = firstSet(model, CREDENTIALS);
    const withCredentials = credentials !== undefined && isTruthy(credentials.value);
    for (const setting of model.settings) {
      const value = knownValue(setting);
      if (value === undefined) continue;
      let what: string | undefined;
      if (ORIGIN_LIST.test(setting.name) && elements(value).includes('*')) what = `${setting.name} allows every origin (*)`;
      else if (ORIGIN_REGEXES.test(setting.name) && elements(value).some((r) => /^\^?\.\*\$?$|^\^?\.\+\$?$/.test(r))) what = `${setting.name} matches every origin`;
      else if (ALLOW_ALL.test(setting.name) && isTruthy(value)) what = `${setting.name}=${value.trim()} allows every origin`;
      if (!what) continue;
      report({
        at: setting,
        key: setting.name,
        severity: withCredentials ? 'high' : 'medium',
        message: `${what}${inService(model)}${withCredentials ? `, with credentials (${credentials!.setting.name}): any website can call the API as the signed-in user` : ''}; list the allowed origins.`,
      });
    }
  },
});
