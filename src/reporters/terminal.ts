/**
 * Scanned files are untrusted: a message or snippet could carry escape sequences that
 * rewrite the terminal, or bidi overrides that make the shown line differ from the real
 * one. Text meant for a terminal shows such characters as visible `\u` escapes instead.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function forTerminal(text: string): string {
  return text.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
