import { defineCheck } from '../../core/check.ts';
import { targetLocation } from '../../core/location.ts';
import { headerValue } from '../../probes/http/snapshot.ts';
import type { HttpSnapshot } from '../../probes/http/snapshot.ts';

/** 180 days: the shortest max-age the MDN Observatory and hstspreload.org accept as real protection. */
export const MIN_HSTS_MAX_AGE = 15_552_000;

export default defineCheck<HttpSnapshot>({
  id: 'http/require-hsts',
  title: 'HTTPS responses send Strict-Transport-Security with a long max-age',
  severity: 'medium',
  checklist: ['E3'],
  rationale:
    'Without HSTS, the first request a browser makes to the site by name goes over plain HTTP, where an attacker can ' +
    'intercept it and keep the user on HTTP (SSL stripping). HSTS makes the browser go to HTTPS by itself for ' +
    '`max-age` seconds; less than 180 days leaves long gaps for returning users.',
  remediation:
    'Send it from the HTTPS server on every response. nginx:\n\n' +
    '    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;\n\n' +
    'Add `preload` only once every subdomain serves HTTPS.',
  references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security', 'https://hstspreload.org/'],
  fixable: false,
  run({ model, report }) {
    if (model.scheme !== 'https') return;
    const at = targetLocation(model.target);
    const value = headerValue(model.main, 'strict-transport-security');
    if (value === undefined) {
      report({ at, key: 'missing', subject: 'missing', message: `The response to ${model.main.path} has no Strict-Transport-Security header.` });
      return;
    }
    const age = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(value)?.[1];
    if (age === undefined || Number(age) < MIN_HSTS_MAX_AGE) {
      report({
        at,
        key: 'short-max-age',
        subject: 'short-max-age',
        severity: age !== undefined && Number(age) > 0 ? 'low' : 'medium',
        message:
          age === undefined
            ? 'Strict-Transport-Security has no max-age: browsers ignore it.'
            : `Strict-Transport-Security max-age=${age} is shorter than 180 days (${MIN_HSTS_MAX_AGE})${Number(age) === 0 ? ': max-age=0 switches HSTS off' : ''}.`,
      });
    }
  },
});
