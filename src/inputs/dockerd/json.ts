/**
 * Strict JSON for daemon.json: `JSON.parse` decides validity (dockerd is as strict), and
 * its error becomes a line number without ever echoing the input, which may hold a secret.
 */
export type JsonResult = { ok: true; value: unknown } | { ok: false; reason: string; line?: number };

export function parseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const message = (err as Error).message;
    // V8 either names the offset ("… in JSON at position 42") or quotes the surrounding
    // input ("Unexpected token 'x', "…" is not valid JSON"); keep the offset as a line and
    // never echo the quoted input, which could hold a credential.
    const pos = / at position (\d+)/.exec(message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    const token = /^Unexpected token '(.)'/.exec(message);
    const reason = token
      ? `unexpected character '${token[1]}'`
      : message.includes('is not valid JSON') ? 'not valid JSON' : message.replace(/( in JSON)? at position \d+.*$/, '');
    return line === undefined ? { ok: false, reason } : { ok: false, reason, line };
  }
}
