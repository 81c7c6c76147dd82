/**
 * What an encrypted dotenv file is: encrypted or not, for whom, under which rule, which
 * keys are stored readable, and, when an identity is at hand, whether it opens the file
 * and the MAC holds. Never decrypts more than needed and never returns a value.
 */
import { SecretsError } from './errors.ts';
import { hasSopsMetadata, parseDotenv, splitMetadata } from './sops/dotenv-codec.ts';
import { readMetadata } from './sops/metadata.ts';
import type { SopsMetadata } from './sops/metadata.ts';
import { RuleWalker } from './sops/rules.ts';
import { decryptWithKey, recoverDataKey } from './sops/sops-dotenv.ts';
import { looksEncrypted } from './sops/value-cipher.ts';

export interface SecretsStatus {
  encrypted: boolean;
  /** Number of KEY=value lines (metadata excluded). */
  values: number;
  /** Keys kept readable on purpose by the file's rule. */
  plaintextByRule: string[];
  /** Keys the rule wants encrypted that are stored in plain text (added by hand). */
  plaintextByMistake: string[];
  metadata?: {
    recipients: string[];
    otherKeySources: string[];
    lastModified: string;
    version: string;
    rule: string;
    macOnlyEncrypted: boolean;
  };
  /** When identities were given: did one open the file, and did the MAC hold. */
  check?: { decrypts: boolean; mac?: 'ok' | 'mismatch'; problem?: string };
}

export async function secretsStatus(text: string, identities: readonly string[], identitySources: readonly string[]): Promise<SecretsStatus> {
  const items = parseDotenv(text);
  if (!hasSopsMetadata(items)) {
    const values = items.filter((i) => i.kind === 'pair').length;
    return { encrypted: false, values, plaintextByRule: [], plaintextByMistake: [] };
  }
  const { data, metadata: flat } = splitMetadata(items);
  const metadata = readMetadata(flat);
  const walker = new RuleWalker(metadata.rule);
  const status: SecretsStatus = {
    encrypted: true,
    values: 0,
    plaintextByRule: [],
    plaintextByMistake: [],
    metadata: describe(metadata),
  };
  for (const item of data) {
    if (item.kind === 'comment') {
      walker.comment(item.text);
      continue;
    }
    status.values++;
    if (!walker.value(item.key)) status.plaintextByRule.push(item.key);
    else if (item.value !== '' && !looksEncrypted(item.value)) status.plaintextByMistake.push(item.key);
  }
  if (identities.length > 0) {
    try {
      const { dataKey } = await recoverDataKey(metadata, { identities, identitySources });
      status.check = { decrypts: true };
      try {
        decryptWithKey(data, metadata, dataKey);
        status.check.mac = 'ok';
      } catch (err) {
        status.check.mac = 'mismatch';
        status.check.problem = (err as Error).message;
      }
    } catch (err) {
      if (!(err instanceof SecretsError)) throw err;
      status.check = { decrypts: false, problem: err.message };
    }
  }
  return status;
}

function describe(meta: SopsMetadata): NonNullable<SecretsStatus['metadata']> {
  return {
    recipients: meta.age.map((a) => a.recipient),
    otherKeySources: [...new Set([...meta.otherEntries.keys()].map((k) => k.split('__')[0]!))],
    lastModified: meta.lastModified,
    version: meta.version,
    rule: `${meta.rule.kind}=${meta.rule.value}`,
    macOnlyEncrypted: meta.macOnlyEncrypted,
  };
}
