import { defineCheck } from '../../core/check.ts';
import type { SecretsFile } from '../../inputs/secrets/load.ts';
import { reportHits } from './_report.ts';

export default defineCheck<SecretsFile>({
  id: 'secrets/no-credentials-in-urls',
  title: 'URLs do not carry passwords',
  severity: 'high',
  checklist: ['A12'],
  rationale:
    'A URL with `user:password@` hands the password to everything that handles the URL: logs, error pages, process lists, proxies and the repository. Database URLs (`postgres://app:<password>@db/app`), broker and cache URLs and HTTP basic auth are recognised. Not reported: references (`${DB_PASSWORD}`, `$PASS`, `%s`, `{password}`), placeholders and well-known defaults (env/no-default-credentials-in-urls and compose/no-weak-default-credentials report those), and documentation hosts (`example.com`). A URL to localhost is reported at medium at most.',
  remediation:
    'Build the URL from a separately stored password (`postgres://app:${DB_PASSWORD}@db/app` with `DB_PASSWORD` in an encrypted `.env`), or pass the password through a secret file (`PGPASSFILE`, Compose `secrets:`), and change the password that was written down.',
  references: ['https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html', 'CWE-798'],
  fixable: false,
  run({ model, report }) {
    reportHits(model, report, 'credentials-in-urls', { base: 'high', advice: 'Change the password and build the URL from a separately stored secret.' });
  },
});
