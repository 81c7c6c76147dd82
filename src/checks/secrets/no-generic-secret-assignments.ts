import { defineCheck } from '../../core/check.ts';
import type { SecretsFile } from '../../inputs/secrets/load.ts';
import { reportHits } from './_report.ts';

export default defineCheck<SecretsFile>({
  id: 'secrets/no-generic-secret-assignments',
  title: 'Variables named like secrets do not hold literal random values in files',
  severity: 'medium',
  checklist: ['A12'],
  rationale:
    'A value assigned to a name that says password, secret, token, API key or credential (`DB_PASSWORD=…`, `api_key: "…"`, `"clientSecret": "…"`) and that looks random is very likely a real credential, whatever the provider. Values are judged by name and content: references (`${VAR}`, `$VAR`, `ENC[…]`, `{{ … }}`), empty values, placeholders (`changeme`, `<your-key>`, `xxx`), words, identifiers and paths are not secrets; an estimated entropy of at least 56 bits (passwords) or 72 bits (tokens, keys) is required, 128 bits in templates. In source code only quoted strings count. Weak values are env/no-weak-secrets’ and compose/no-literal-credentials’ business; on a line they report, this check stays quiet.',
  remediation:
    'Move the value out of the file (an encrypted `.env` with `bulwark secrets encrypt`, Compose `secrets:`, the CI secret store), reference it (`${DB_PASSWORD}`), and rotate it: the old value is in the history.',
  references: ['https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html', 'CWE-798'],
  fixable: false,
  run({ model, report }) {
    reportHits(model, report, 'generic-secret-assignments', { base: 'medium', advice: 'Rotate it and keep it in an encrypted secret, referenced by name.' });
  },
});
