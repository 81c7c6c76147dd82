/**
 * Generic secret assignments: `DB_PASSWORD=…`, `api_key: "…"`, `"clientSecret": "…"`,
 * `token = '…'`, judged by the name (secrets/names.ts: password, secret, token, API key,
 * credential) and by the value: not a reference (`${VAR}`, `$VAR`, `ENC[…]`, `{{ … }}`),
 * not a placeholder or well-known default, not words, not an identifier or a path, and
 * random enough (estimated entropy, secrets/strength.ts). Weak values are the
 * env/no-weak-secrets and compose checks' business; this rule finds real-looking ones.
 *
 * In source code only quoted string literals count (`password = getPassword()` is code);
 * in configuration (dotenv, YAML, INI, TOML, shell, Markdown) unquoted values count too.
 */
import { isCredentialName, isPasswordName, isWeakPassword } from './names.ts';
import { estimateBits, isDictionaryValue, isPlaceholderValue } from './strength.ts';

/** Lower-case substrings one of which every credential name contains. */
export const GENERIC_KEYWORDS = ['pass', 'pw', 'secret', 'token', 'credential', 'key', 'auth'];

/** `name` `=`/`:`/`:=`/`=>` value (quoted, or a bare word); one line only. */
export const ASSIGNMENT = /(?<![A-Za-z0-9_$-])["']?([A-Za-z_][A-Za-z0-9_.-]{1,80})["']?[ \t]*(?::=|=>|:|=)[ \t]*(?:"([^"\\\r\n]*)"|'([^'\\\r\n]*)'|`([^`$\\\r\n]*)`|([^\s"'`,;#(){}[\]]+))/g;

const CODE_EXTENSION = /\.(?:[cm]?[jt]sx?|py|go|rb|java|kt|kts|scala|php|cs|rs|swift|c|cc|cpp|h|hpp|m|dart|lua|pl|r|ex|exs|erl|clj|groovy|vue|svelte|html?|css|scss|sql|json|lock)$/i;

/** True for files whose unquoted `name = value` text is code, not configuration. */
export function isCodePath(path: string): boolean {
  return CODE_EXTENSION.test(path);
}

const IDENTIFIER_LIKE = [
  /^[a-z]+(?:[_.\-][a-z0-9]+)*$/, // snake / kebab / dotted lower-case words
  /^[a-z]+(?:[#._\-:/ ]+[a-z]+)+$/, // lower-case words with punctuation: selectors, labels, routes
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/, // CONSTANT_NAME
  /^[a-z]+(?:[A-Z][a-z0-9]*)+$/, // camelCase
  /^(?:[A-Z][a-z0-9]+)+$/, // PascalCase
];

/** Why a value is not a leaked secret, or undefined when it looks like one. */
export function notASecret(value: string, name: string, example: boolean): boolean {
  const v = value.trim();
  if (v.length < 8 || v.length > 200 || /\s/.test(v)) return true; // prose, not a key
  // Keys and tokens are printable ASCII; letters beyond it are text (translated messages under a `…_token_…` key).
  if (/[^\x21-\x7e]/.test(v)) return true;
  if (/^(?:\$|%\(|%[sd]|\{\{|<|ENC\[|!vault|\*{3})/.test(v) || /\$\{|\$\(|\{\{/.test(v)) return true;
  if (v.includes('://')) return true; // URLs are the URL rule's
  if (/\.\.\.|…/.test(v)) return true; // a value cut short in docs: `AGE-SECRET-KEY-1qgdy...`
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(v)) return true; // a member path: `settings.secretKey`, `bls.aggregatePublicKeys`
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/.test(v) || /^[\w.\-/]+\.(?:pem|key|crt|json|txt|ya?ml|env|p12|pfx|gpg|asc|conf|cfg)$/i.test(v)) return true;
  if (/^(?:process\.env|os\.environ|env\(|getenv|config\.|settings\.|import\.meta)/i.test(v)) return true;
  if (/^(?:sha1|sha256|sha512|argon2(?:id|i|d)?|pbkdf2[\w-]*|bcrypt|scrypt)[:$]|^\$2[aby]\$|^\$argon2/i.test(v)) return true;
  if (/^(?:true|false|null|none|undefined|yes|no|on|off)$/i.test(v) || /^\d+(?:\.\d+)*$/.test(v)) return true;
  if (IDENTIFIER_LIKE.some((re) => re.test(v.replace(/^_+/, '')))) return true; // `_EllipticCurvePrivateKey`: a type name
  if (isPlaceholderValue(v) || isWeakPassword(v) || isDictionaryValue(v)) return true;
  const bits = estimateBits(v);
  const needed = example ? 128 : isPasswordName(name) ? 56 : 72;
  return bits < needed;
}

export interface GenericMatch {
  name: string;
  value: string;
  /** 0-based index of the value in the text searched. */
  index: number;
}

/** Credential assignments in `text` whose value looks like a real secret. */
export function* genericAssignments(text: string, code: boolean, example: boolean): Generator<GenericMatch> {
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(text); m !== null; m = ASSIGNMENT.exec(text)) {
    const name = m[1]!;
    const quoted = m[2] ?? m[3] ?? m[4];
    const value = quoted ?? m[5]!;
    if (quoted === undefined && code) continue;
    // `key = derive(…)`: a bare word right before a parenthesis is a call, in code blocks of docs too.
    if (quoted === undefined && text[m.index + m[0].length] === '(') continue;
    // `key = 'prefix.' + name`: one piece of a string built at run time.
    if (quoted !== undefined && /^[ \t]*\+/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 8))) continue;
    // `self.key`, `this.token_type`: the property decides, not the object (`app.secret_key` still counts).
    if (!isCredentialName(name.slice(name.lastIndexOf('.') + 1))) continue;
    if (notASecret(value, name, example)) continue;
    const at = m.index + m[0].length - (quoted !== undefined ? value.length + 1 : value.length);
    yield { name, value, index: at };
  }
}
