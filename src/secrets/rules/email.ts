/**
 * Transactional e-mail API keys: whoever has one sends mail as the domain (phishing
 * that passes SPF and DKIM) and reads delivery logs.
 * - SendGrid: `SG.` + 22 + `.` + 43 base64url characters.
 * - Resend: `re_` + id + `_` + secret.
 * - Mailgun private API keys: `key-` + 32 hex characters.
 * - Mailchimp / Mandrill API keys: 32 hex characters + `-us<datacenter>`.
 */
import type { SecretRule } from './types.ts';
import { distinctChars } from './types.ts';

export const EMAIL_RULES: readonly SecretRule[] = [
  {
    id: 'sendgrid-api-key',
    category: 'email-api-keys',
    label: 'SendGrid API key',
    keywords: ['sg.'],
    pattern: /(?<![A-Za-z0-9_.-])(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g,
    judge: (secret) => (distinctChars(secret.slice(26)) >= 14 ? {} : undefined),
  },
  {
    id: 'resend-api-key',
    category: 'email-api-keys',
    label: 'Resend API key',
    keywords: ['re_'],
    pattern: /(?<![A-Za-z0-9_])(re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24,})(?![A-Za-z0-9_])/g,
    // Identifiers such as `re_compile_…` have no digits and few upper-case letters.
    judge: (secret) => (/[0-9]/.test(secret) && /[A-Z]/.test(secret) && /[a-z]/.test(secret.slice(3)) && distinctChars(secret) >= 14 ? {} : undefined),
  },
  {
    id: 'mailgun-api-key',
    category: 'email-api-keys',
    label: 'Mailgun API key',
    keywords: ['key-'],
    pattern: /(?<![A-Za-z0-9_-])(key-[0-9a-f]{32})(?![A-Za-z0-9_-])/g,
    judge: (secret) => (distinctChars(secret.slice(4)) >= 10 ? {} : undefined),
  },
  {
    id: 'mailchimp-api-key',
    category: 'email-api-keys',
    label: 'Mailchimp API key',
    keywords: ['-us'],
    pattern: /(?<![A-Za-z0-9_-])([0-9a-f]{32}-us[0-9]{1,2})(?![A-Za-z0-9_-])/g,
    judge: (secret) => (distinctChars(secret.slice(0, 32)) >= 10 ? {} : undefined),
  },
];
