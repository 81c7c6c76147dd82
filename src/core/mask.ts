/**
 * Masking of secret values. Long values keep a short prefix and suffix so a user can
 * recognise which key it is (`sk_l…9o0P`); short ones are hidden entirely because a
 * few characters of an 8-character password are a large share of it.
 */
export function maskSecret(value: string): string {
  if (value.length >= 24) return `${value.slice(0, 4)}…${value.slice(-4)}`;
  return '****';
}

/** Replace every occurrence of each secret in `text` with its masked form. */
export function maskAll(text: string, secrets: Iterable<string>): string {
  let out = text;
  // Longest first, so a secret containing another is masked whole.
  const sorted = [...new Set(secrets)].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  for (const secret of sorted) out = out.split(secret).join(maskSecret(secret));
  return out;
}

const SECRET_KEY = /(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|credential|auth)/i;
const KEY_VALUE = /^(\s*-?\s*["']?)([A-Za-z0-9_.\-]+)(["']?\s*[:=]\s*)(["']?)(.*?)(\4\s*(#.*)?)$/;
const DEFAULTED_VAR = /(\$\{[A-Za-z_]\w*:?[-=])([^}]+)\}/g;
const URL_PASSWORD = /([a-z][a-z0-9+.\-]*:\/\/[^:@\s/]*:)([^@\s/]+)(@)/gi;

/**
 * Mask what looks secret in one source line: the value of a key named like a secret,
 * and the password part of any URL. Used for snippets, where we do not know the model.
 */
export function maskLine(line: string): string {
  let out = line.replace(URL_PASSWORD, (_m, a: string, pw: string, b: string) =>
    pw.startsWith('${') || pw.startsWith('$') ? `${a}${pw}${b}` : `${a}${maskSecret(pw)}${b}`,
  );
  const m = KEY_VALUE.exec(out);
  if (m) {
    const [, lead, key, sep, quote, value, tail] = m as unknown as string[];
    if (SECRET_KEY.test(key!) && value && !isReference(value) && !value.includes('://')) {
      const masked = value.search(DEFAULTED_VAR) >= 0
        ? value.replace(DEFAULTED_VAR, (_d, head: string, def: string) => `${head}${maskSecret(def)}}`)
        : maskSecret(value);
      out = `${lead}${key}${sep}${quote}${masked}${tail}`;
    }
  }
  return out;
}

/** `${VAR}` or a file path reference is not itself a secret. */
function isReference(value: string): boolean {
  return /^\$\{[A-Za-z_]\w*\}$/.test(value) || /^\$[A-Za-z_]\w*$/.test(value) || value.startsWith('/run/secrets/');
}
