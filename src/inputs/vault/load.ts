/**
 * The `vault` loader: Ansible Vault files by name (`vault.yml`, `*vault*.yml`, the
 * convention of `group_vars/<group>/vault.yml`). An encrypted file starts with the
 * `$ANSIBLE_VAULT;1.1;AES256` header; a file with that name in plain YAML holds the
 * secrets in the clear. Values encrypted one by one (`!vault |`) count as encrypted.
 */
import { basename } from 'node:path';
import type { ScanError } from '../../core/finding.ts';
import type { Location } from '../../core/location.ts';
import { readForSecretScan } from '../../secrets/detect.ts';
import type { LoadedUnit, UnitLoader } from '../loader.ts';

export interface VaultFile {
  kind: 'vault';
  path: string;
  /** Starts with `$ANSIBLE_VAULT;`. */
  encrypted: boolean;
  /** Plain (not `!vault`) values: where each is written. */
  plaintextValues: Array<{ name: string; loc: Location; keyPath: string }>;
}

const VAULT_NAME = /vault[^/]*\.ya?ml$/i;
const KEY_VALUE = /^(\s*)(?:-\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*:\s*(.*)$/;

export const vaultLoader: UnitLoader<Iterable<LoadedUnit>> = {
  kind: 'vault',
  wantsAllText: true,
  load(context) {
    const errors: ScanError[] = [];
    function* units(): Generator<LoadedUnit> {
      for (const file of context.files) {
        if (file.kind === 'compose' || !VAULT_NAME.test(basename(file.path))) continue;
        const read = readForSecretScan(context.store.absolute(file.path));
        if (!read.ok) continue;
        const model = readVaultFile(file.path, read.text);
        context.store.put(file.path, read.text);
        yield { model, files: [file.path] };
      }
    }
    return { units: units(), errors };
  },
};

export function readVaultFile(path: string, text: string): VaultFile {
  const encrypted = text.trimStart().startsWith('$ANSIBLE_VAULT;');
  const plaintextValues: VaultFile['plaintextValues'] = [];
  if (!encrypted) {
    text.split('\n').forEach((raw, i) => {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (/^\s*(?:#|---|\.\.\.|$)/.test(line)) return;
      const m = KEY_VALUE.exec(line);
      if (!m) return;
      const value = m[3]!.replace(/\s+#.*$/, '').trim();
      // A nested mapping (`db:` alone) holds its values on the lines below.
      if (value === '' || value.startsWith('!vault') || value === '|' || value === '>') return;
      plaintextValues.push({ name: m[2]!, loc: { path, line: i + 1, column: m[1]!.length + 1 }, keyPath: `vault.${i + 1}` });
    });
  }
  return { kind: 'vault', path, encrypted, plaintextValues };
}
