import { defineCheck } from '../../core/check.ts';
import type { SecretsFile } from '../../inputs/secrets/load.ts';
import { reportHits } from './_report.ts';

export default defineCheck<SecretsFile>({
  id: 'secrets/no-stripe-keys',
  title: 'Stripe secret keys and webhook secrets are not in files',
  severity: 'critical',
  checklist: ['A12'],
  rationale:
    'A Stripe secret key (`sk_live_…`) or restricted key (`rk_live_…`) moves money: it creates charges and refunds, reads customer data and changes payouts. A webhook signing secret (`whsec_…`) lets anyone forge Stripe events to the application (an order marked paid). Test-mode keys (`sk_test_`, `rk_test_`) reach only the sandbox and are reported at low. Publishable keys (`pk_…`) are meant for browsers and are not reported.',
  remediation:
    'Roll the key in the Stripe dashboard (Developers → API keys → Roll key), remove it from the file and the history, and load it from an encrypted secret.',
  references: ['https://docs.stripe.com/keys', 'https://docs.stripe.com/keys-best-practices', 'CWE-798'],
  fixable: false,
  run({ model, report }) {
    reportHits(model, report, 'stripe-keys', { base: 'critical', advice: 'Roll the key in the Stripe dashboard and load it from an encrypted secret.' });
  },
});
