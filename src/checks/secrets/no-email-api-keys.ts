import { defineCheck } from '../../core/check.ts';
import type { SecretsFile } from '../../inputs/secrets/load.ts';
import { reportHits } from './_report.ts';

export default defineCheck<SecretsFile>({
  id: 'secrets/no-email-api-keys',
  title: 'E-mail API keys (SendGrid, Resend, Mailgun, Mailchimp) are not in files',
  severity: 'high',
  checklist: ['A12'],
  rationale:
    'A transactional e-mail key sends mail as your domain, passing SPF and DKIM: the perfect phishing sender, and a quick way to get the domain blocklisted. It also reads delivery logs with customer addresses. Recognised: SendGrid (`SG.…`), Resend (`re_…`), Mailgun (`key-` + 32 hex) and Mailchimp (`…-us<n>`) keys.',
  remediation:
    'Delete the key in the provider’s dashboard and create a new one with the least scope (send only), kept in an encrypted secret.',
  references: ['https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys', 'https://resend.com/docs/dashboard/api-keys/introduction', 'CWE-798'],
  fixable: false,
  run({ model, report }) {
    reportHits(model, report, 'email-api-keys', { base: 'high', advice: 'Delete the key at the provider and create a send-only one kept in an encrypted secret.' });
  },
});
