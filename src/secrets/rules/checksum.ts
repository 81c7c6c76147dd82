/**
 * Check characters some providers put in their tokens (GitHub, npm): the CRC32 of the
 * random part, written in base62 and left-padded to 6 characters. A token whose check
 * characters agree was almost certainly issued, not typed or made up.
 */
import { crc32 } from 'node:zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function crc32Base62(text: string): string {
  let n = crc32(Buffer.from(text, 'latin1')) >>> 0;
  let out = '';
  do {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out.padStart(6, '0');
}
