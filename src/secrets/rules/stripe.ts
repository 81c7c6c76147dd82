/**
 * Stripe API keys: `sk_live_` / `sk_test_` secret keys and `rk_live_` / `rk_test_`
 * restricted keys, then 24 or more base62 characters (newer keys are about 100). A test
 * key reaches only the sandbox: reported, at low severity. `whsec_` webhook signing
 * secrets let anyone forge Stripe events to the app. Publishable keys (`pk_…`) are meant
 * for browsers and are not reported.
 */
import type { SecretRule } from './types.ts';
import { distinctChars } from './types.ts';

export const STRIPE_RULES: readonly SecretRule[] = [
  {
    id: 'stripe-secret-key',
    category: 'stripe-keys',
    label: 'Stripe secret key',
    keywords: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
    pattern: /(?<![A-Za-z0-9_])((?:sk|rk)_(live|test)_[0-9A-Za-z]{24,247})(?![A-Za-z0-9_])/g,
    judge: (secret, match) => {
      if (distinctChars(secret.slice(8)) < 10) return undefined;
      return { mode: match[2] === 'live' ? 'live' : 'test' };
    },
  },
  {
    id: 'stripe-webhook-secret',
    category: 'stripe-keys',
    label: 'Stripe webhook signing secret',
    keywords: ['whsec_'],
    pattern: /(?<![A-Za-z0-9_])(whsec_[A-Za-z0-9+/]{32,})(?![A-Za-z0-9_])/g,
    judge: (secret) => (distinctChars(secret.slice(6)) >= 12 ? {} : undefined),
  },
];
