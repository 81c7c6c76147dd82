/** Temporary file trees for discovery and scan tests. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempTree {
  root: string;
  path(rel: string): string;
  write(rel: string, content: string | Uint8Array): string;
  remove(): void;
}

/** Make a temp folder holding `files` (relative path → content). Readable by every user. */
export function makeTree(files: Record<string, string | Uint8Array> = {}): TempTree {
  const root = mkdtempSync(join(tmpdir(), 'bulwark-test-'));
  // mkdtemp makes 0700; the unprivileged-user tests must be able to enter it.
  chmodSync(root, 0o755);
  const tree: TempTree = {
    root,
    path: (rel) => join(root, rel),
    write(rel, content) {
      const p = join(root, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
      return p;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const [rel, content] of Object.entries(files)) tree.write(rel, content);
  return tree;
}

/** A compose file with one privileged service, so `compose/no-privileged` proves it was scanned. */
export const PRIVILEGED_COMPOSE = `services:
  app:
    image: nginx:1.27
    privileged: true
`;

export const CLEAN_COMPOSE = `services:
  app:
    image: nginx:1.27
`;
