/**
 * `bulwark secrets …`: SOPS-compatible age encryption of dotenv files. Each subcommand
 * reads its inputs, calls the library in `src/secrets/`, writes atomically and turns
 * the outcome into an exit code: 0 done, 1 (status only) the file is not safely
 * encrypted, 2 usage error or failure (wrong key, tampering, bad input). Messages name
 * keys, lines and paths; secret values appear only where the user asked for them
 * (decrypt to stdout, gen).
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { SecretsError } from '../secrets/errors.ts';
import type { SecretEncoding, SecretSpec } from '../secrets/generate.ts';
import type { EncryptionRule, RuleKind } from '../secrets/sops/rules.ts';
import { decodeUtf8, parseDotenv } from '../secrets/sops/dotenv-codec.ts';
import type { DotenvItem } from '../secrets/sops/dotenv-codec.ts';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './io.ts';
import type { CliIo } from './io.ts';
import { writeFileAtomic } from './write-atomic.ts';

/** Larger inputs are not dotenv files. */
const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export interface IdentityOptions {
  /** `--identity FILE`, repeatable: identity files tried before the sops lookup. */
  identity: string[];
}

export interface RuleOptions {
  encryptedRegex?: string;
  unencryptedRegex?: string;
  encryptedSuffix?: string;
  unencryptedSuffix?: string;
  macOnlyEncrypted?: boolean;
}

/** Run a subcommand body, turning SecretsError (and unreadable files) into exit 2 with a one-line message. */
async function guarded(io: CliIo, command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof SecretsError) {
      io.stderr.write(`bulwark secrets ${command}: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

function readInput(io: CliIo, file: string): { path: string; text: string; mode: number } {
  const path = resolve(io.cwd, file);
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    throw new SecretsError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (!st.isFile()) throw new SecretsError(`${file} is not a regular file`);
  if (st.size > MAX_INPUT_BYTES) throw new SecretsError(`${file} is too large for a dotenv file (${st.size} bytes)`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new SecretsError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return { path, text: decodeUtf8(bytes, file), mode: st.mode & 0o7777 };
}

function write(io: CliIo, path: string, text: string, mode: number, what: string): void {
  try {
    writeFileAtomic(path, text, { mode });
  } catch (err) {
    throw new SecretsError(`cannot write ${what}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function display(io: CliIo, path: string): string {
  const rel = relative(io.cwd, path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}

async function identities(io: CliIo, options: IdentityOptions): Promise<{ identities: string[]; sources: string[] }> {
  const { findIdentities } = await import('../secrets/identities.ts');
  return findIdentities({ env: io.env, cwd: io.cwd, files: options.identity });
}

function warnIfShared(io: CliIo, path: string, label: string): void {
  try {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      io.stderr.write(`bulwark: note: ${label} holds plaintext secrets and is readable by other users (mode ${mode.toString(8).padStart(4, '0')})\n`);
    }
  } catch {
    // nothing to warn about
  }
}

// ---- keygen ----

export interface KeygenOptions {
  output?: string;
  append?: boolean;
}

export async function runSecretsKeygen(options: KeygenOptions, io: CliIo): Promise<number> {
  return guarded(io, 'keygen', async () => {
    const { defaultKeysFile } = await import('../secrets/identities.ts');
    const { generateAgeIdentity } = await import('../secrets/age/age-keys.ts');
    const target = options.output !== undefined ? resolve(io.cwd, options.output) : defaultKeysFile(io.env);
    if (target === undefined) throw new SecretsError('cannot tell where to write the key (no HOME); pass --output FILE');
    const exists = existsSync(target);
    if (exists && !options.append) {
      throw new SecretsError(`${display(io, target)} already exists; it is never overwritten (pass --append to add a new identity to it)`);
    }
    const { identity, recipient } = await generateAgeIdentity();
    const block = `# created: ${new Date().toISOString().slice(0, 19)}Z\n# public key: ${recipient}\n${identity}\n`;
    try {
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      // Created 0600 from the start; appending keeps the file's own mode.
      const fd = openSync(target, exists ? 'a' : 'wx', 0o600);
      try {
        const bytes = Buffer.from(block, 'utf8');
        for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      throw new SecretsError(`cannot write ${display(io, target)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    if (exists) warnIfShared(io, target, display(io, target));
    io.stdout.write(`${recipient}\n`);
    io.stderr.write(
      `bulwark: ${exists ? 'added a new age identity to' : 'wrote a new age identity to'} ${display(io, target)} (private: keep it out of git and back it up).\n` +
        'The public key above is the recipient: put it in .sops.yaml creation_rules (age: …) or pass it with --age.\n',
    );
    return EXIT_OK;
  });
}

// ---- encrypt ----

export interface EncryptCommandOptions extends RuleOptions {
  output?: string;
  inPlace?: boolean;
  force?: boolean;
  age: string[];
}

function ruleFromFlags(options: RuleOptions): EncryptionRule | undefined {
  const given: [RuleKind, string | undefined][] = [
    ['encrypted_regex', options.encryptedRegex],
    ['unencrypted_regex', options.unencryptedRegex],
    ['encrypted_suffix', options.encryptedSuffix],
    ['unencrypted_suffix', options.unencryptedSuffix],
  ];
  const set = given.filter(([, v]) => v !== undefined && v !== '');
  if (set.length > 1) throw new SecretsError('use at most one of --encrypted-regex, --unencrypted-regex, --encrypted-suffix, --unencrypted-suffix');
  const first = set[0];
  return first ? { kind: first[0], value: first[1]! } : undefined;
}

export async function runSecretsEncrypt(file: string, options: EncryptCommandOptions, io: CliIo): Promise<number> {
  return guarded(io, 'encrypt', async () => {
    const input = readInput(io, file);
    const { loadCreationRule } = await import('../secrets/sops-config.ts');
    const { encryptDotenv } = await import('../secrets/sops/sops-dotenv.ts');
    if (options.inPlace && options.output !== undefined) throw new SecretsError('use either --in-place or --output, not both');

    let rule = ruleFromFlags(options);
    let macOnlyEncrypted = options.macOnlyEncrypted === true;
    let recipients = options.age;
    let from = '--age';
    if (recipients.length === 0 || rule === undefined) {
      const config = loadCreationRule(io.cwd, input.path);
      if (config) {
        if (recipients.length === 0) {
          recipients = config.rule.recipients;
          from = `${display(io, config.configPath)} (creation_rules[${config.rule.index}])`;
        }
        rule ??= config.rule.rule;
        macOnlyEncrypted ||= config.rule.macOnlyEncrypted;
      }
    }
    if (recipients.length === 0) {
      throw new SecretsError('no recipients: pass --age age1… or add a .sops.yaml with creation_rules that name age recipients');
    }

    const toStdout = options.output === '-';
    const target = options.inPlace ? input.path : toStdout ? undefined : resolve(io.cwd, options.output ?? `${file}.enc`);
    if (target !== undefined && target !== input.path && existsSync(target) && !options.force) {
      throw new SecretsError(`${display(io, target)} already exists; pass --force to replace it`);
    }
    if (target === input.path && !options.inPlace) throw new SecretsError('the output is the input; use --in-place to encrypt a file in place');

    const encrypted = await encryptDotenv(input.text, { recipients, ...(rule ? { rule } : {}), macOnlyEncrypted });
    if (target === undefined) {
      io.stdout.write(encrypted);
      return EXIT_OK;
    }
    write(io, target, encrypted, input.mode, display(io, target));
    const n = new Set(recipients).size;
    io.stderr.write(`bulwark: encrypted ${display(io, input.path)}${target === input.path ? ' in place' : ` to ${display(io, target)}`} for ${n} age ${n === 1 ? 'recipient' : 'recipients'} (from ${from})\n`);
    if (target !== input.path) {
      io.stderr.write(`bulwark: ${display(io, input.path)} still holds the plaintext: delete it, or keep it out of git\n`);
    }
    return EXIT_OK;
  });
}

// ---- decrypt ----

export interface DecryptCommandOptions extends IdentityOptions {
  output?: string;
  inPlace?: boolean;
}

export async function runSecretsDecrypt(file: string, options: DecryptCommandOptions, io: CliIo): Promise<number> {
  return guarded(io, 'decrypt', async () => {
    if (options.inPlace && options.output !== undefined) throw new SecretsError('use either --in-place or --output, not both');
    const input = readInput(io, file);
    const { decryptDotenv, plaintextOf } = await import('../secrets/sops/sops-dotenv.ts');
    const ids = await identities(io, options);
    const decrypted = await decryptDotenv(input.text, { identities: ids.identities, identitySources: ids.sources });
    const plaintext = plaintextOf(decrypted.items);
    const target = options.inPlace ? input.path : options.output === undefined || options.output === '-' ? undefined : resolve(io.cwd, options.output);
    if (target === undefined) {
      io.stdout.write(plaintext);
      return EXIT_OK;
    }
    // A new plaintext file is created 0600; an existing one keeps its mode (we warn if it is shared).
    write(io, target, plaintext, 0o600, display(io, target));
    warnIfShared(io, target, display(io, target));
    io.stderr.write(`bulwark: decrypted ${display(io, input.path)}${target === input.path ? ' in place' : ` to ${display(io, target)}`}\n`);
    return EXIT_OK;
  });
}

// ---- edit ----

export async function runSecretsEdit(file: string, options: IdentityOptions, io: CliIo): Promise<number> {
  return guarded(io, 'edit', async () => {
    const input = readInput(io, file);
    const { decryptDotenv, plaintextOf, sealDotenv } = await import('../secrets/sops/sops-dotenv.ts');
    const { editPlaintext, pickEditor } = await import('../secrets/edit.ts');
    const editor = pickEditor(io.env);
    const ids = await identities(io, options);
    const decrypted = await decryptDotenv(input.text, { identities: ids.identities, identitySources: ids.sources });
    const name = display(io, input.path);
    const plainName = basename(input.path).replace(/\.enc$/, '').replace('.enc.', '.');
    const outcome = await editPlaintext(plaintextOf(decrypted.items), { editor, env: io.env, fileName: plainName || 'secrets.env' });
    if (outcome.status === 'editor-failed') {
      io.stderr.write(`bulwark secrets edit: ${outcome.detail}; ${name} left unchanged\n`);
      return EXIT_USAGE;
    }
    if (outcome.status === 'unchanged') {
      io.stderr.write(`bulwark: no changes; ${name} left unchanged\n`);
      return EXIT_OK;
    }
    let items: DotenvItem[];
    try {
      items = parseDotenv(outcome.text);
      const reserved = items.find((i) => i.kind === 'pair' && i.key.startsWith('sops_'));
      if (reserved && reserved.kind === 'pair') throw new SecretsError(`the key ${reserved.key} uses the reserved prefix sops_`);
    } catch (err) {
      if (!(err instanceof SecretsError)) throw err;
      io.stderr.write(`bulwark secrets edit: the edited text is not valid (${err.message}); ${name} left unchanged, your edits are discarded\n`);
      return EXIT_USAGE;
    }
    const sealed = sealDotenv(items, decrypted.metadata, decrypted.dataKey, decrypted.stash);
    // Someone else wrote the file while the editor was open: theirs wins, ours is not kept in plain text anywhere.
    let current = '';
    try {
      current = readFileSync(input.path, 'utf8');
    } catch {
      // gone: treated as changed
    }
    if (current !== input.text) {
      io.stderr.write(`bulwark secrets edit: ${name} changed on disk while it was being edited; it was left as it is now and your edits are discarded\n`);
      return EXIT_USAGE;
    }
    write(io, input.path, sealed, input.mode, name);
    io.stderr.write(`bulwark: ${name} re-encrypted (${summarizeChanges(decrypted.items, items)})\n`);
    return EXIT_OK;
  });
}

/** Which keys an edit added, removed or changed: names only. */
export function summarizeChanges(before: readonly DotenvItem[], after: readonly DotenvItem[]): string {
  const values = (items: readonly DotenvItem[]): Map<string, string[]> => {
    const m = new Map<string, string[]>();
    for (const i of items) if (i.kind === 'pair') m.set(i.key, [...(m.get(i.key) ?? []), i.value]);
    return m;
  };
  const a = values(before);
  const b = values(after);
  const added = [...b.keys()].filter((k) => !a.has(k));
  const removed = [...a.keys()].filter((k) => !b.has(k));
  const changed = [...b.keys()].filter((k) => a.has(k) && a.get(k)!.join('\n') !== b.get(k)!.join('\n'));
  const parts = [
    added.length > 0 ? `added ${added.join(', ')}` : '',
    removed.length > 0 ? `removed ${removed.join(', ')}` : '',
    changed.length > 0 ? `changed ${changed.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : 'comments or order changed';
}

// ---- gen ----

export interface GenOptions {
  encoding: SecretEncoding;
  length?: number;
  bytes?: number;
}

function specFrom(options: { encoding?: SecretEncoding; length?: number; bytes?: number }, fallback: SecretEncoding): SecretSpec {
  if (options.length !== undefined && options.bytes !== undefined) throw new SecretsError('use either --length or --bytes, not both');
  return {
    encoding: options.encoding ?? fallback,
    ...(options.length !== undefined ? { length: options.length } : {}),
    ...(options.bytes !== undefined ? { bytes: options.bytes } : {}),
  };
}

export async function runSecretsGen(options: GenOptions, io: CliIo): Promise<number> {
  return guarded(io, 'gen', async () => {
    const { entropyBits, generateSecret, WEAK_BITS } = await import('../secrets/generate.ts');
    const spec = specFrom(options, 'base64url');
    const secret = generateSecret(spec);
    const bits = Math.floor(entropyBits(spec));
    if (bits < WEAK_BITS) io.stderr.write(`bulwark: warning: this secret has only ${bits} bits of entropy; ${WEAK_BITS} or more is recommended\n`);
    io.stdout.write(`${secret}\n`);
    return EXIT_OK;
  });
}

// ---- rotate ----

export interface RotateOptions extends IdentityOptions {
  encoding?: SecretEncoding;
  length?: number;
  bytes?: number;
}

export async function runSecretsRotate(file: string, keys: string[], options: RotateOptions, io: CliIo): Promise<number> {
  return guarded(io, 'rotate', async () => {
    const input = readInput(io, file);
    const { decryptDotenv, sealDotenv } = await import('../secrets/sops/sops-dotenv.ts');
    const { rotateValues } = await import('../secrets/rotate.ts');
    const { plaintextNames, restartHints } = await import('../secrets/restart-hints.ts');
    const explicit = options.encoding !== undefined || options.length !== undefined || options.bytes !== undefined;
    const spec = explicit ? specFrom(options, 'base64url') : undefined;
    const ids = await identities(io, options);
    const decrypted = await decryptDotenv(input.text, { identities: ids.identities, identitySources: ids.sources });
    const result = rotateValues(decrypted.items, keys, decrypted.metadata.rule, spec);
    const sealed = sealDotenv(result.items, decrypted.metadata, decrypted.dataKey, decrypted.stash);
    const name = display(io, input.path);
    write(io, input.path, sealed, input.mode, name);

    const width = Math.max(...result.rotated.map((r) => r.key.length));
    let out = `Rotated in ${name}:\n`;
    for (const r of result.rotated) out += `  ${r.key.padEnd(width)}  new value: ${r.made}${r.lines > 1 ? ` (${r.lines} lines)` : ''}\n`;
    const hint = restartHints(input.path, result.rotated.map((r) => r.key));
    if (hint && hint.services.length > 0) {
      out += `\nMust be restarted (recreated) to use the new values, per ${display(io, resolve(dirname(input.path), hint.composeFile))}:\n`;
      for (const s of hint.services) out += `  ${s.name}: ${s.keys.join(', ')}\n`;
      out += `Run: docker compose up -d --force-recreate ${hint.services.map((s) => s.name).join(' ')}\n`;
    } else {
      out += `\nMust be restarted: every service that reads ${name} (decrypted); ${hint ? `no service in ${hint.composeFile} refers to these keys` : 'no Compose file beside it says which'}.\n`;
    }
    for (const key of result.initOnly) {
      out += `Note: ${key} is read only when the database is first created; change the password inside the database too, or the services will fail to log in.\n`;
    }
    for (const plainName of plaintextNames(basename(input.path))) {
      const twin = resolve(dirname(input.path), plainName);
      if (twin !== input.path && existsSync(twin)) {
        out += `Note: ${display(io, twin)} (a decrypted copy?) still has the old values; refresh it with: bulwark secrets decrypt ${name} -o ${display(io, twin)}\n`;
      }
    }
    io.stdout.write(out);
    return EXIT_OK;
  });
}

// ---- status ----

export interface StatusOptions extends IdentityOptions {
  format: 'text' | 'json';
}

export async function runSecretsStatus(file: string, options: StatusOptions, io: CliIo): Promise<number> {
  return guarded(io, 'status', async () => {
    const input = readInput(io, file);
    const { secretsStatus } = await import('../secrets/status.ts');
    let ids: { identities: string[]; sources: string[] } = { identities: [], sources: [] };
    let identityProblem: string | undefined;
    try {
      ids = await identities(io, options);
    } catch (err) {
      if (!(err instanceof SecretsError)) throw err;
      identityProblem = err.message;
    }
    const status = await secretsStatus(input.text, ids.identities, ids.sources);
    const name = display(io, input.path);
    const unsafe = !status.encrypted || status.plaintextByMistake.length > 0 || status.check?.mac === 'mismatch';
    if (options.format === 'json') {
      io.stdout.write(`${JSON.stringify({ file: name, ...status, ...(identityProblem ? { identityProblem } : {}) }, null, 2)}\n`);
      return unsafe ? EXIT_FINDINGS : EXIT_OK;
    }
    let out = '';
    if (!status.encrypted) {
      out += `${name}: NOT encrypted: ${status.values} ${status.values === 1 ? 'value' : 'values'} in plain text\n`;
      out += `Encrypt it with: bulwark secrets encrypt ${name} --age <recipient>  (or a .sops.yaml creation rule)\n`;
    } else {
      const m = status.metadata!;
      out += `${name}: encrypted (sops ${m.version || 'unknown version'}, last modified ${m.lastModified})\n`;
      out += `  values:       ${status.values}${status.plaintextByRule.length > 0 ? ` (readable by rule: ${status.plaintextByRule.join(', ')})` : ''}\n`;
      out += `  rule:         ${m.rule}${m.macOnlyEncrypted ? ', MAC over encrypted values only' : ''}\n`;
      out += `  recipients:   ${m.recipients.length > 0 ? m.recipients.join(', ') : 'none (age)'}\n`;
      if (m.otherKeySources.length > 0) out += `  other keys:   ${m.otherKeySources.join(', ')}\n`;
      if (status.plaintextByMistake.length > 0) {
        out += `  NOT encrypted although the rule says so: ${status.plaintextByMistake.join(', ')} (added by hand? fix with: bulwark secrets edit ${name})\n`;
      }
      if (status.check) {
        out += status.check.decrypts
          ? `  your key:     opens the file; MAC ${status.check.mac === 'ok' ? 'verified' : `FAILED: ${status.check.problem}`}\n`
          : `  your key:     ${status.check.problem}\n`;
      } else {
        out += `  your key:     ${identityProblem ?? 'no age identity found (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, ~/.config/sops/age/keys.txt)'}\n`;
      }
    }
    io.stdout.write(out);
    return unsafe ? EXIT_FINDINGS : EXIT_OK;
  });
}
