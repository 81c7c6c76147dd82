/**
 * The dotenv text layout of sops (stores/dotenv): one item per line, split on LF only.
 * Empty lines are dropped, a line whose first byte is `#` is a comment (its text is all
 * that follows the `#`), anything else is `KEY=value` split at the first `=`, both sides
 * verbatim except that the two characters `\n` in a value stand for a line feed.
 * Keys starting with `sops_` carry the encryption metadata.
 *
 * This is deliberately not `inputs/env/parse-env.ts`: sops does no quote or `export`
 * handling, and a file must come back byte for byte as sops would write it.
 */
import { SecretsError } from '../errors.ts';

export type DotenvItem = { kind: 'comment'; text: string } | { kind: 'pair'; key: string; value: string };

export const METADATA_PREFIX = 'sops_';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes → text; sops works on bytes, we refuse what is not UTF-8 rather than mangle it. */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new SecretsError(`${what} is not UTF-8 text`);
  }
}

/** Parse dotenv text the way sops does. Errors name the line, never its content. */
export function parseDotenv(text: string): DotenvItem[] {
  const items: DotenvItem[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    if (line.startsWith('#')) {
      items.push({ kind: 'comment', text: line.slice(1) });
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new SecretsError(`line ${i + 1}: not a KEY=value line or a # comment`);
    items.push({ kind: 'pair', key: line.slice(0, eq), value: line.slice(eq + 1).replaceAll('\\n', '\n') });
  }
  return items;
}

/** Items → text, every line ending with LF, line feeds in values written as `\n`. */
export function serializeDotenv(items: readonly DotenvItem[]): string {
  let out = '';
  for (const item of items) {
    out += item.kind === 'comment' ? `#${item.text}\n` : `${item.key}=${item.value.replaceAll('\n', '\\n')}\n`;
  }
  return out;
}

/** Split the `sops_*` pairs (prefix removed) from the data items, keeping both in order. */
export function splitMetadata(items: readonly DotenvItem[]): { data: DotenvItem[]; metadata: Map<string, string> } {
  const data: DotenvItem[] = [];
  const metadata = new Map<string, string>();
  for (const item of items) {
    if (item.kind === 'pair' && item.key.startsWith(METADATA_PREFIX)) {
      const key = item.key.slice(METADATA_PREFIX.length);
      if (metadata.has(key)) throw new SecretsError(`sops metadata: duplicate value for ${item.key}`);
      metadata.set(key, item.value);
    } else {
      data.push(item);
    }
  }
  return { data, metadata };
}

/** True when the text has any `sops_` key, which is how sops tells an encrypted file. */
export function hasSopsMetadata(items: readonly DotenvItem[]): boolean {
  return items.some((item) => item.kind === 'pair' && item.key.startsWith(METADATA_PREFIX));
}
