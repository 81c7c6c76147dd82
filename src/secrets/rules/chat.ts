/**
 * Chat tokens and incoming webhooks. A webhook URL is a credential: whoever has it posts
 * into the channel as the integration (phishing links from a trusted sender).
 * - Slack: tokens `xoxb-` (bot), `xoxp-` (user), `xoxa-`/`xoxr-`/`xoxs-`/`xoxe-`, app-level
 *   `xapp-`; webhooks `https://hooks.slack.com/services/T…/B…/<24 chars>`, workflow and
 *   trigger webhooks under `/workflows/` and `/triggers/`.
 * - Discord: `https://discord.com/api/webhooks/<id>/<token>`.
 * - Telegram bot tokens: `<bot id>:AA` + 33 characters.
 */
import type { SecretRule } from './types.ts';
import { distinctChars } from './types.ts';

export const CHAT_RULES: readonly SecretRule[] = [
  {
    id: 'slack-token',
    category: 'chat-tokens-or-webhooks',
    label: 'Slack token',
    keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxe-', 'xoxe.', 'xapp-'],
    pattern: /(?<![A-Za-z0-9_-])((?:xox[abprse]|xoxe\.xox[bp]|xapp)-[0-9]+-[A-Za-z0-9-]{10,})(?![A-Za-z0-9_-])/g,
    judge: (secret) => (distinctChars(secret) >= 12 ? {} : undefined),
  },
  {
    id: 'slack-webhook',
    category: 'chat-tokens-or-webhooks',
    label: 'Slack webhook URL',
    keywords: ['hooks.slack.com'],
    pattern: /(https:\/\/hooks\.slack\.com\/(?:services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,}|(?:workflows|triggers)\/T[A-Z0-9]{6,}\/A[A-Z0-9]{6,}\/[0-9]+\/[A-Za-z0-9]{20,}))/g,
    judge: (secret) => (distinctChars(secret.slice(secret.lastIndexOf('/') + 1)) >= 10 ? {} : undefined),
  },
  {
    id: 'discord-webhook',
    category: 'chat-tokens-or-webhooks',
    label: 'Discord webhook URL',
    keywords: ['/api/webhooks/'],
    pattern: /(https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/[0-9]{17,20}\/[A-Za-z0-9_-]{60,68})(?![A-Za-z0-9_-])/g,
    judge: (secret) => (distinctChars(secret.slice(secret.lastIndexOf('/') + 1)) >= 12 ? {} : undefined),
  },
  {
    id: 'telegram-bot-token',
    category: 'chat-tokens-or-webhooks',
    label: 'Telegram bot token',
    keywords: [':aa'],
    pattern: /(?<![A-Za-z0-9_:-])([0-9]{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/g,
    judge: (secret) => (distinctChars(secret.slice(13)) >= 12 ? {} : undefined),
  },
];
