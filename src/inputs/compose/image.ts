/**
 * Split an image reference into repository, tag and digest, as written: no registry or
 * `library/` expansion, because checks compare against what the user typed.
 */
export interface ParsedImage {
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImageRef(value: string): ParsedImage {
  let name = value.trim();
  let digest: string | undefined;
  const at = name.indexOf('@');
  if (at >= 0) {
    digest = name.slice(at + 1);
    name = name.slice(0, at);
  }
  // A `:` after the last `/` is a tag; one before it belongs to a registry port (`localhost:5000/app`).
  const colon = name.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  const out: ParsedImage = { repository: name };
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}
