import { defineCheck } from '../../core/check.ts';
import type { SecretsFile } from '../../inputs/secrets/load.ts';
import { reportHits } from './_report.ts';

export default defineCheck<SecretsFile>({
  id: 'secrets/no-jwts',
  title: 'Signed JSON Web Tokens are not in files',
  severity: 'medium',
  checklist: ['A12'],
  rationale:
    'A signed JWT is a bearer credential: whoever holds it is the user or service it names until it expires, and long-lived service tokens (a Supabase `service_role` key, an API gateway token) often never do. Recognised: three base64url parts whose header and payload are JSON objects with an algorithm. Not reported: unsigned tokens (`alg: none`), Supabase `anon` keys (public by design) and the jwt.io documentation example; expired tokens are reported at lower severity.',
  remediation:
    'Revoke the token (rotate the signing key if it cannot be revoked one by one), remove it from the file, and have the service obtain short-lived tokens at run time.',
  references: ['https://www.rfc-editor.org/rfc/rfc7519', 'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html', 'CWE-798'],
  fixable: false,
  run({ model, report }) {
    reportHits(model, report, 'jwts', { base: 'medium', advice: 'Revoke it (or rotate the signing key) and obtain short-lived tokens at run time.' });
  },
});
