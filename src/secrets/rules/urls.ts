/**
 * Passwords written into URLs: database URLs (`postgres://app:<password>@db/app`),
 * broker and cache URLs, and HTTP basic auth (`https://user:<password>@host`). Not
 * reported: references (`${DB_PASSWORD}`, `$PASS`, `%s`, `{password}`, `<password>`),
 * placeholders and well-known defaults (those are env/no-default-credentials-in-urls'
 * and compose/no-weak-default-credentials' business), documentation hosts
 * (`example.com`, RFC 2606). A URL to this machine only (`localhost`) is reported lower.
 */
import { estimateBits, isPlaceholderValue } from '../strength.ts';
import { isWeakPassword } from '../names.ts';
import type { SecretRule } from './types.ts';

const DOC_HOST = /(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid)$/i;
const LOCAL_HOST = /^(?:localhost|127\.\d+\.\d+\.\d+|\[?::1\]?|0\.0\.0\.0)$/i;
const PLACEHOLDER_PASSWORD = /^(?:pass(?:word)?|pwd|passwd|secret|token|key|x+|\*+|\.+|_+|-+|user|username|changeme|your[-_]?password|mypassword|dbpass(?:word)?)$/i;

function decodePercent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export const URL_RULES: readonly SecretRule[] = [
  {
    id: 'url-password',
    category: 'credentials-in-urls',
    label: 'password in a URL',
    keywords: ['://'],
    pattern: /(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]{1,24}:\/\/([^\s:@/"'`<>{}$]{1,64}):([^\s@/"'`<>]{1,128})@([^\s/"'`<>:?#]+)/gi,
    secretOf: (m) => m[2],
    judge: (password, m) => {
      const user = m[1]!;
      const host = m[3]!;
      if (/^[$%{<[*]|\$\{|\$[A-Za-z_]|\{\{|%\(|%s/.test(password)) return undefined;
      if (password.length < 4 || PLACEHOLDER_PASSWORD.test(password) || isPlaceholderValue(password) || isWeakPassword(password, user)) return undefined;
      if (DOC_HOST.test(host.replace(/\.$/, ''))) return undefined;
      // Short guessable passwords (`p4ss`, `s3cr%40t`) in tests and docs are the weak-credential checks' business.
      if (estimateBits(decodePercent(password)) < 40) return undefined;
      return LOCAL_HOST.test(host) ? { weakened: 'local only' } : {};
    },
  },
];
