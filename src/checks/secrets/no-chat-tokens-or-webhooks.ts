import { defineCheck } from '../../core/check.ts';
import type { SecretsFile } from '../../inputs/secrets/load.ts';
import { reportHits } from './_report.ts';

export default defineCheck<SecretsFile>({
  id: 'secrets/no-chat-tokens-or-webhooks',
  title: 'Chat tokens and incoming webhooks (Slack, Discord, Telegram) are not in files',
  severity: 'high',
  checklist: ['A12'],
  rationale:
    'A Slack or Discord webhook URL, a Slack bot or user token, or a Telegram bot token lets anyone post as your integration: phishing links from a sender the team trusts, fake alerts, and with user tokens reading private channels. Recognised: Slack tokens (`xoxb-`, `xoxp-`, `xoxa-`, `xoxr-`, `xoxs-`, `xoxe-`, `xapp-`), Slack webhooks (`hooks.slack.com/services/…`, `/workflows/`, `/triggers/`), Discord webhooks (`discord.com/api/webhooks/<id>/<token>`) and Telegram bot tokens (`<id>:AA…`).',
  remediation:
    'Rotate the token or delete and recreate the webhook, then read it from the environment or an encrypted secret (`SLACK_WEBHOOK_URL` in an encrypted `.env`).',
  references: ['https://api.slack.com/authentication/token-types', 'https://api.slack.com/messaging/webhooks', 'CWE-798'],
  fixable: false,
  run({ model, report }) {
    reportHits(model, report, 'chat-tokens-or-webhooks', { base: 'high', advice: 'Rotate the token or recreate the webhook, and keep it in an encrypted secret.' });
  },
});
