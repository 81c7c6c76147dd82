/**
 * Where age identities come from, as sops looks for them (age/keysource.go): every
 * source that is set is used, in this order: `SOPS_AGE_KEY` (identities, one per line),
 * the file named by `SOPS_AGE_KEY_FILE`, then `$XDG_CONFIG_HOME/sops/age/keys.txt` or
 * `~/.config/sops/age/keys.txt`. Files passed with `--identity` come first.
 * Not supported: SSH private keys, `SOPS_AGE_KEY_CMD`, passphrase-encrypted key files.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { identityKind } from './age/age-keys.ts';
import { SecretsError } from './errors.ts';

export interface FoundIdentities {
  /** Identity strings (`AGE-SECRET-KEY-1…`), never to be printed. */
  identities: string[];
  /** The sources that gave at least one identity, for messages. */
  sources: string[];
}

export interface IdentityLookup {
  env: Record<string, string | undefined>;
  cwd: string;
  /** Identity files given on the command line. */
  files?: readonly string[];
}

/** The default identity file: `$XDG_CONFIG_HOME/sops/age/keys.txt`, else `$HOME/.config/sops/age/keys.txt`. */
export function defaultKeysFile(env: Record<string, string | undefined>): string | undefined {
  const xdg = env.XDG_CONFIG_HOME;
  // Go's os.UserConfigDir ignores a relative XDG_CONFIG_HOME (it is an error there).
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return join(xdg, 'sops', 'age', 'keys.txt');
  if (xdg !== undefined && xdg !== '') return undefined;
  const home = env.HOME;
  return home ? join(home, '.config', 'sops', 'age', 'keys.txt') : undefined;
}

export function findIdentities(lookup: IdentityLookup): FoundIdentities {
  const found: FoundIdentities = { identities: [], sources: [] };
  const add = (text: string, source: string): void => {
    const ids = parseIdentities(text, source);
    if (ids.length === 0) return;
    found.identities.push(...ids);
    found.sources.push(source);
  };
  for (const file of lookup.files ?? []) add(readIdentityFile(resolve(lookup.cwd, file), file, true)!, file);
  const inline = lookup.env.SOPS_AGE_KEY;
  if (inline !== undefined && inline !== '') add(inline, 'SOPS_AGE_KEY');
  const keyFile = lookup.env.SOPS_AGE_KEY_FILE;
  if (keyFile !== undefined && keyFile !== '') {
    add(readIdentityFile(resolve(lookup.cwd, keyFile), `SOPS_AGE_KEY_FILE (${keyFile})`, true)!, `SOPS_AGE_KEY_FILE (${keyFile})`);
  }
  const fallback = defaultKeysFile(lookup.env);
  if (fallback !== undefined) {
    const text = readIdentityFile(fallback, fallback, false);
    if (text !== undefined) add(text, fallback);
  }
  return found;
}

function readIdentityFile(path: string, label: string, required: boolean): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!required && code === 'ENOENT') return undefined;
    throw new SecretsError(`cannot read the age identity file ${label}: ${code ?? (err as Error).message}`);
  }
}

/**
 * Identity text → identities: one per line (several per line allowed, separated by
 * spaces), `#` lines and blank lines ignored. Errors name the line, never its content.
 */
export function parseIdentities(text: string, source: string): string[] {
  if (text.includes('-----BEGIN AGE ENCRYPTED FILE-----') || text.startsWith('age-encryption.org/')) {
    throw new SecretsError(`${source}: passphrase-protected identity files are not supported; decrypt it with age first`);
  }
  const out: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    for (const word of line.split(/\s+/)) {
      const kind = identityKind(word);
      if (kind === 'x25519' || kind === 'hybrid') out.push(word);
      else if (kind === 'plugin') throw new SecretsError(`${source} line ${i + 1}: age plugin identities are not supported`);
      else if (word.startsWith('-----BEGIN OPENSSH') || word.startsWith('ssh-')) {
        throw new SecretsError(`${source} line ${i + 1}: SSH keys are not supported; use an age identity`);
      } else throw new SecretsError(`${source} line ${i + 1}: not an age identity (AGE-SECRET-KEY-1…)`);
    }
  }
  return out;
}
