/**
 * The sops MAC: SHA-512 over the plaintext bytes of every value in file order (keys and
 * comments are not hashed), as uppercase hex, stored encrypted under the data key with
 * the `lastmodified` timestamp as AAD. With `mac_only_encrypted` only encrypted values
 * count, and the hash is seeded with a constant so the two kinds of MAC never coincide.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Hash } from 'node:crypto';

// sha256("sops"), from sops.go (MACOnlyEncryptedInitialization).
const MAC_ONLY_ENCRYPTED_SEED = Buffer.from('8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69', 'hex');

export class MacBuilder {
  private readonly hash: Hash = createHash('sha512');

  constructor(private readonly macOnlyEncrypted: boolean) {
    if (macOnlyEncrypted) this.hash.update(MAC_ONLY_ENCRYPTED_SEED);
  }

  /** Feed one value's plaintext; `encrypted` says whether the rules encrypt it. */
  addValue(plaintext: string, encrypted: boolean): void {
    if (this.macOnlyEncrypted && !encrypted) return;
    this.hash.update(plaintext, 'utf8');
  }

  /** Uppercase hex, as Go's `%X` prints it. */
  digest(): string {
    return this.hash.digest('hex').toUpperCase();
  }
}

export function macEquals(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
