/**
 * One path segment of a glob(3) pattern as a RegExp, the way sshd's and nginx's `Include`
 * expand them: `*`, `?`, `[...]` and `[!...]` classes, `\` escapes; a malformed class
 * matches a literal `[`; a pattern that still cannot compile matches nothing.
 */
export function globSegment(seg: string, options: { dotAll?: boolean } = {}): RegExp {
  let re = '^';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const close = seg.indexOf(']', i + 2);
      if (close === -1) {
        re += '\\[';
        continue;
      }
      let body = seg.slice(i + 1, close);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      re += '[' + body.replace(/\\/g, '\\\\') + ']';
      i = close;
    } else if (c === '\\' && i + 1 < seg.length) {
      re += escapeRe(seg[++i]!);
    } else re += escapeRe(c);
  }
  try {
    return new RegExp(re + '$', options.dotAll ? 's' : '');
  } catch {
    return /$^/;
  }
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
