/**
 * Certificate judgement shared by the certificate files a scan finds (`tls-files/…`) and
 * the certificates a live TLS probe receives (`tls/…`), so both say the same thing.
 */

export const DAY_MS = 86_400_000;
/** Renewal window: Let's Encrypt renews at 30 days left; less than that means renewal is failing. */
export const EXPIRY_WARNING_DAYS = 30;

/** The name to show for a certificate: its first DNS/IP name, else its subject. */
export function describeCert(c: { names: readonly string[]; subject: string }): string {
  return c.names[0] ?? c.subject.replace(/\n/g, ', ');
}

/** Why a certificate key is too weak (`a 1024-bit RSA key`), or undefined when it is not. */
export function weakKeyReason(key: { type: string; bits?: number; curve?: string }): string | undefined {
  const { type, bits, curve } = key;
  if ((type === 'rsa' || type === 'rsa-pss') && bits !== undefined && bits < 2048) return `a ${bits}-bit RSA key`;
  if (type === 'dsa') return `a DSA key${bits !== undefined ? ` (${bits} bits)` : ''}`;
  if (type === 'ec' && bits !== undefined && bits < 256) return `a ${bits}-bit elliptic curve key (${curve})`;
  return undefined;
}

/** A name the public internet resolves: not localhost, not a private suffix or address. */
export function isPublicName(name: string): boolean {
  const n = name.toLowerCase().replace(/^\*\./, '');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(n)) {
    const [a, b] = n.split('.').map(Number) as [number, number];
    return !(a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || a === 0);
  }
  if (n.includes(':')) return !/^(?:::1|f[cd]|fe80)/.test(n);
  if (!n.includes('.')) return false;
  return !/\.(?:localhost|local|internal|intranet|corp|home|lan|test|example|invalid|home\.arpa|svc|cluster\.local)$/.test(n);
}
