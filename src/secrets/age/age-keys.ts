/**
 * age, through the `age-encryption` package (loaded on first use, so commands that do
 * not need it never pay for it): new identities, recipient checks, and wrapping the
 * 32-byte sops data key once per recipient as an armored age file, exactly as `age -a`
 * writes it.
 */
import { SecretsError } from '../errors.ts';

type AgeModule = typeof import('age-encryption');

let loaded: Promise<AgeModule> | undefined;
function ageModule(): Promise<AgeModule> {
  loaded ??= import('age-encryption');
  return loaded;
}

const X25519_IDENTITY = /^AGE-SECRET-KEY-1[0-9A-Z]+$/;
const HYBRID_IDENTITY = /^AGE-SECRET-KEY-PQ-1[0-9A-Z]+$/;

/** Identity kinds we can use; plugin identities need the plugin binaries, which we do not run. */
export function identityKind(line: string): 'x25519' | 'hybrid' | 'plugin' | 'unknown' {
  if (X25519_IDENTITY.test(line)) return 'x25519';
  if (HYBRID_IDENTITY.test(line)) return 'hybrid';
  if (line.startsWith('AGE-PLUGIN-')) return 'plugin';
  return 'unknown';
}

/** A new X25519 identity (`AGE-SECRET-KEY-1…`) and its recipient (`age1…`). */
export async function generateAgeIdentity(): Promise<{ identity: string; recipient: string }> {
  const age = await ageModule();
  const identity = await age.generateX25519Identity();
  return { identity, recipient: await age.identityToRecipient(identity) };
}

/** The recipient of an identity; throws a SecretsError (without the identity) when it is not one. */
export async function recipientOf(identity: string): Promise<string> {
  const age = await ageModule();
  try {
    return await age.identityToRecipient(identity);
  } catch {
    throw new SecretsError('not a valid age identity');
  }
}

/**
 * Check a recipient string before any work is done. X25519 (`age1…`) and hybrid
 * post-quantum (`age1pq1…`) recipients are supported; SSH and plugin recipients are not.
 */
export async function checkRecipient(recipient: string): Promise<void> {
  if (recipient.startsWith('ssh-')) {
    throw new SecretsError(`recipient ${shorten(recipient)}: SSH recipients are not supported by bulwark; use an age1… key (or sops)`);
  }
  if (!recipient.startsWith('age1')) throw new SecretsError(`recipient ${shorten(recipient)}: not an age recipient (age1…)`);
  const age = await ageModule();
  try {
    new age.Encrypter().addRecipient(recipient);
  } catch (err) {
    const plugin = /^age1[a-z0-9]+1/.test(recipient) && !recipient.startsWith('age1pq1');
    throw new SecretsError(
      plugin
        ? `recipient ${shorten(recipient)}: age plugin recipients are not supported by bulwark`
        : `recipient ${shorten(recipient)}: not a valid age recipient (${(err as Error).message})`,
    );
  }
}

/** Wrap the data key for one recipient: an armored age file with one stanza, ending in LF. */
export async function wrapDataKey(dataKey: Uint8Array, recipient: string): Promise<string> {
  const age = await ageModule();
  const encrypter = new age.Encrypter();
  encrypter.addRecipient(recipient);
  return age.armor.encode(await encrypter.encrypt(dataKey));
}

export type UnwrapOutcome = { ok: true; dataKey: Uint8Array } | { ok: false; reason: 'no-match' | 'malformed' | 'bad-key'; detail?: string };

/** Try to unwrap one armored data key with the given identities. Never throws. */
export async function unwrapDataKey(armored: string, identities: readonly string[]): Promise<UnwrapOutcome> {
  const age = await ageModule();
  let file: Uint8Array;
  try {
    file = age.armor.decode(armored);
  } catch (err) {
    return { ok: false, reason: 'malformed', detail: (err as Error).message };
  }
  const decrypter = new age.Decrypter();
  for (const identity of identities) {
    try {
      decrypter.addIdentity(identity);
    } catch {
      // Checked when the identities were read; a bad one simply cannot match.
    }
  }
  let dataKey: Uint8Array;
  try {
    dataKey = await decrypter.decrypt(file);
  } catch (err) {
    const message = (err as Error).message;
    if (/no identity matched/i.test(message)) return { ok: false, reason: 'no-match' };
    return { ok: false, reason: 'malformed', detail: message };
  }
  if (dataKey.length !== 32) return { ok: false, reason: 'bad-key', detail: `the unwrapped data key is ${dataKey.length} bytes, not 32` };
  return { ok: true, dataKey };
}

function shorten(text: string): string {
  return text.length > 24 ? `${text.slice(0, 20)}…` : text;
}
