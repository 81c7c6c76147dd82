/** An in-memory file tree with the access fail2ban's reader needs; `unreadable` paths fail like EACCES. */
import type { Fail2banAccess } from '../../../src/inputs/fail2ban/config.ts';
import type { PlaceState, TextRead } from '../../../src/inputs/fail2ban/host-files.ts';

export function memoryAccess(files: Record<string, string>, unreadable: readonly string[] = []): Fail2banAccess & { reads: string[] } {
  const reads: string[] = [];
  const hidden = (p: string): boolean => unreadable.some((u) => p === u || p.startsWith(`${u}/`));
  const stat = (p: string): PlaceState => {
    if (hidden(p)) return 'unreadable';
    if (p in files) return 'file';
    return Object.keys(files).some((f) => f.startsWith(`${p}/`)) ? 'dir' : 'absent';
  };
  return {
    reads,
    stat,
    text(p): TextRead {
      const s = stat(p);
      if (s === 'file') {
        reads.push(p);
        return { ok: true, text: files[p]! };
      }
      if (s === 'absent') return { ok: false, state: 'absent', reason: 'no such file or directory' };
      return { ok: false, state: 'unreadable', reason: 'permission denied' };
    },
    list(dir) {
      const s = stat(dir);
      if (s === 'unreadable') return 'unreadable';
      if (s !== 'dir') return undefined;
      const names = new Set<string>();
      for (const f of Object.keys(files)) if (f.startsWith(`${dir}/`)) names.add(f.slice(dir.length + 1).split('/')[0]!);
      return [...names].sort();
    },
  };
}
