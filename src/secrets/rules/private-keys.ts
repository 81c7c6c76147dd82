/**
 * Private keys: PEM blocks (`-----BEGIN … PRIVATE KEY-----`, RFC 7468; OpenSSH's own
 * `OPENSSH PRIVATE KEY`), PuTTY key files and age identities (`AGE-SECRET-KEY-1` + 58
 * bech32 characters, what SOPS with age decrypts with).
 *
 * A PEM header alone is common in code and docs (`'-----BEGIN PRIVATE KEY-----'` as a
 * string constant); a key needs its base64 body, on the next line or after a `\n`
 * escape in a JSON or YAML string. A key that is protected by a passphrase (PKCS#8
 * `ENCRYPTED PRIVATE KEY`, legacy `Proc-Type: 4,ENCRYPTED`, an OpenSSH key whose cipher
 * is not `none`) is still reported, at lower severity.
 */
import type { HitVerdict, LineContext, SecretRule } from './types.ts';

const BODY_LINE = /^\s*[A-Za-z0-9+/=]{40,}\s*$/;

function pemVerdict(label: string, ctx: LineContext, inline: boolean): HitVerdict | undefined {
  if (inline) return label.startsWith('ENCRYPTED') ? { weakened: 'passphrase-protected' } : {};
  // The body follows within a few lines (headers such as Proc-Type come first in legacy PEM).
  let encrypted = label.startsWith('ENCRYPTED');
  const firstBody: string[] = [];
  for (let i = ctx.index + 1; i < Math.min(ctx.lines.length, ctx.index + 5); i++) {
    const line = ctx.lines[i]!;
    if (/^Proc-Type:\s*4,ENCRYPTED/i.test(line)) encrypted = true;
    if (BODY_LINE.test(line)) {
      firstBody.push(line.trim());
      if (i + 1 < ctx.lines.length) firstBody.push(ctx.lines[i + 1]!.trim());
      break;
    }
  }
  if (firstBody.length === 0) return undefined;
  if (label === 'OPENSSH PRIVATE KEY' && !encrypted) encrypted = opensshEncrypted(firstBody.join(''));
  return encrypted ? { weakened: 'passphrase-protected' } : {};
}

/** OpenSSH key format: `openssh-key-v1\0`, then the cipher name as a length-prefixed string. */
function opensshEncrypted(base64: string): boolean {
  const bytes = Buffer.from(base64.slice(0, 4 * Math.floor(base64.length / 4)), 'base64');
  const magic = 'openssh-key-v1\0';
  if (bytes.subarray(0, magic.length).toString('latin1') !== magic || bytes.length < magic.length + 4) return false;
  const len = bytes.readUInt32BE(magic.length);
  const cipher = bytes.subarray(magic.length + 4, magic.length + 4 + len).toString('latin1');
  return cipher !== 'none';
}

export const PRIVATE_KEY_RULES: readonly SecretRule[] = [
  {
    id: 'pem-private-key',
    category: 'private-keys',
    label: 'private key',
    keywords: ['private key-----'],
    // Group 1: the body when it is inline (`\n`-escaped), else the header line's label.
    pattern: /-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP |SSH2 )?PRIVATE KEY(?: BLOCK)?)-----(\\n[A-Za-z0-9+/=]{40,}(?:\\n[A-Za-z0-9+/=:, -]*)*)?/g,
    secretOf: (match) => match[2],
    judge: (_secret, match, ctx) => pemVerdict(match[1]!, ctx, match[2] !== undefined),
  },
  {
    id: 'putty-private-key',
    category: 'private-keys',
    label: 'PuTTY private key',
    keywords: ['putty-user-key-file-'],
    pattern: /^(PuTTY-User-Key-File-\d+): \S+/g,
    secretOf: () => undefined,
    judge: (_s, _m, ctx) => {
      const encryption = ctx.lines.slice(ctx.index + 1, ctx.index + 3).find((l) => l.startsWith('Encryption:'));
      if (!encryption) return undefined;
      return /Encryption:\s*none/.test(encryption) ? {} : { weakened: 'passphrase-protected' };
    },
  },
  {
    id: 'age-identity',
    category: 'private-keys',
    label: 'age secret key (identity)',
    keywords: ['age-secret-key-1'],
    pattern: /(?<![A-Za-z0-9])(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})(?![A-Za-z0-9])/g,
  },
];
