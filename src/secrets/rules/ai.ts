/**
 * AI API keys. OpenAI: project keys `sk-proj-…`, service-account keys `sk-svcacct-…`,
 * admin keys `sk-admin-…`, and legacy user keys (`sk-` + 48 base62 characters, which
 * contain the marker `T3BlbkFJ`). Anthropic: `sk-ant-api03-…` and `sk-ant-admin01-…`.
 * Hugging Face: `hf_` + 34 letters. Groq: `gsk_` + 52 characters.
 */
import type { SecretRule } from './types.ts';
import { distinctChars } from './types.ts';

const varied = (from: number, min = 16) => (secret: string) => (distinctChars(secret.slice(from)) >= min ? {} : undefined);

export const AI_RULES: readonly SecretRule[] = [
  {
    id: 'openai-api-key',
    category: 'ai-api-keys',
    label: 'OpenAI API key',
    keywords: ['sk-proj-', 'sk-svcacct-', 'sk-admin-', 'sk-none-', 't3blbkfj'],
    pattern: /(?<![A-Za-z0-9_-])(sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{40,300}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})(?![A-Za-z0-9_-])/g,
    judge: varied(8),
  },
  {
    id: 'openai-legacy-api-key',
    category: 'ai-api-keys',
    label: 'OpenAI API key',
    keywords: ['sk-'],
    pattern: /(?<![A-Za-z0-9_-])(sk-[A-Za-z0-9]{48})(?![A-Za-z0-9_-])/g,
    // Any `sk-` + 48 random base62: require the mix of cases and digits a random key has.
    judge: (secret) => (/[a-z]/.test(secret.slice(3)) && /[A-Z]/.test(secret) && /[0-9]/.test(secret) && distinctChars(secret) >= 20 && !secret.includes('T3BlbkFJ') ? {} : undefined),
  },
  {
    id: 'anthropic-api-key',
    category: 'ai-api-keys',
    label: 'Anthropic API key',
    keywords: ['sk-ant-'],
    pattern: /(?<![A-Za-z0-9_-])(sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,120})(?![A-Za-z0-9_-])/g,
    judge: varied(14),
  },
  {
    id: 'huggingface-token',
    category: 'ai-api-keys',
    label: 'Hugging Face access token',
    keywords: ['hf_'],
    pattern: /(?<![A-Za-z0-9_])(hf_[A-Za-z]{34})(?![A-Za-z0-9_])/g,
    judge: (secret) => (/[A-Z]/.test(secret) && /[a-z]/.test(secret.slice(3)) && distinctChars(secret.slice(3)) >= 14 ? {} : undefined),
  },
  {
    id: 'groq-api-key',
    category: 'ai-api-keys',
    label: 'Groq API key',
    keywords: ['gsk_'],
    pattern: /(?<![A-Za-z0-9_])(gsk_[A-Za-z0-9]{52})(?![A-Za-z0-9_])/g,
    judge: varied(4),
  },
];
