/** Every provider rule, in the order hits are preferred when two match the same text. */
import { AI_RULES } from './ai.ts';
import { CHAT_RULES } from './chat.ts';
import { CLOUD_RULES } from './cloud.ts';
import { CODE_HOST_RULES } from './code-hosts.ts';
import { EMAIL_RULES } from './email.ts';
import { JWT_RULES } from './jwt.ts';
import { PACKAGE_REGISTRY_RULES } from './package-registries.ts';
import { PRIVATE_KEY_RULES } from './private-keys.ts';
import { STRIPE_RULES } from './stripe.ts';
import type { SecretRule } from './types.ts';
import { URL_RULES } from './urls.ts';

export type { SecretCategory, SecretRule } from './types.ts';

export const SECRET_RULES: readonly SecretRule[] = [
  ...CLOUD_RULES,
  ...PRIVATE_KEY_RULES,
  ...CODE_HOST_RULES,
  ...STRIPE_RULES,
  ...AI_RULES,
  ...EMAIL_RULES,
  ...PACKAGE_REGISTRY_RULES,
  ...CHAT_RULES,
  ...JWT_RULES,
  ...URL_RULES,
];
