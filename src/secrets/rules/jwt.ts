/**
 * JSON Web Tokens (RFC 7519): three base64url parts, the first two JSON objects, so
 * every JWT starts `eyJ`. A signed token is a bearer credential until it expires.
 * Not reported: unsigned tokens (`alg: none`), Supabase `anon` keys (public by design:
 * `role: anon`), and the jwt.io documentation example. An expired token is reported at
 * lower severity (it may still be accepted by a server that does not check `exp`).
 */
import type { HitVerdict, SecretRule } from './types.ts';

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function judgeJwt(token: string, now = Date.now()): HitVerdict | undefined {
  const [h, p] = token.split('.');
  const header = decodePart(h!);
  const payload = decodePart(p!);
  if (!header || !payload || typeof header.alg !== 'string') return undefined;
  if (header.alg.toLowerCase() === 'none') return undefined;
  if (payload.role === 'anon') return undefined;
  if (payload.sub === '1234567890' && (payload.name === 'John Doe' || payload.iat === 1516239022)) return undefined;
  if (typeof payload.exp === 'number' && payload.exp * 1000 < now) return { weakened: 'expired' };
  return payload.role === 'service_role' ? { verified: true } : {};
}

export const JWT_RULES: readonly SecretRule[] = [
  {
    id: 'jwt',
    category: 'jwts',
    label: 'JSON Web Token',
    keywords: ['eyj'],
    pattern: /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/g,
    judge: (secret) => judgeJwt(secret),
  },
];
