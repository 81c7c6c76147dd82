/**
 * Weak SSH algorithms and how bad each is. The grading follows ssh-audit's policy
 * database (jtesta/ssh-audit, `ssh2_kexdb.py`, v3.x), mapped onto our severities:
 *
 * - ssh-audit **fail** → `medium`; `high` where the break is practical or there is no
 *   protection at all: plaintext (`none`), RC4, DES, and the 1024-bit fixed groups that
 *   Logjam-style precomputation targets (`diffie-hellman-group1-*`).
 * - ssh-audit **warn** → `low` (CBC mode, 64-bit tags, 2048-bit DH groups).
 * - encrypt-and-MAC with a strong hash (ssh-audit warn) → `info`: OpenSSH still offers
 *   these by default and no attack on them is known; `-etm` variants are preferable.
 * - one deliberate deviation: ssh-audit **fails** the NIST P-curves (`ecdh-sha2-nistp*`,
 *   `ecdsa-sha2-nistp*`) over doubts about how their constants were chosen. No attack is
 *   known and RFC 9142 keeps them as SHOULD, so we report them at `low`: worth removing
 *   when every client supports curve25519 / ed25519, not worth failing a build over.
 *
 * Names not listed here (curve25519, sntrup761, mlkem768, aes-gcm, chacha20-poly1305,
 * `-etm` SHA-2 MACs, ed25519, rsa-sha2-*) are not findings, and neither are unknown ones.
 */
import { targetLocation } from '../../core/location.ts';
import type { ReportInput } from '../../core/check.ts';
import type { Severity } from '../../core/severity.ts';
import type { SshSnapshot } from '../../probes/ssh/snapshot.ts';

export interface WeakAlgorithm {
  severity: Severity;
  /** Why, in a few words, for the finding message. */
  reason: string;
}

interface Rule {
  match: string | RegExp;
  weak: WeakAlgorithm;
}

const w = (severity: Severity, reason: string): WeakAlgorithm => ({ severity, reason });

const SHA1_KEX = 'SHA-1 exchange hash (RFC 9142: SHOULD NOT)';
const DH1024 = '1024-bit fixed group (Logjam precomputation) and SHA-1';
const NIST_CURVE = 'NIST P-curve; ssh-audit fails it over its unexplained constants (no known attack)';

export const WEAK_KEX: readonly Rule[] = [
  { match: 'diffie-hellman-group1-sha1', weak: w('high', DH1024) },
  { match: 'diffie-hellman-group1-sha256', weak: w('high', '1024-bit fixed group (Logjam precomputation)') },
  { match: /^gss-group1-sha1-/, weak: w('high', DH1024) },
  { match: 'rsa1024-sha1', weak: w('high', '1024-bit RSA key exchange and SHA-1') },
  { match: 'diffie-hellman-group14-sha1', weak: w('medium', SHA1_KEX) },
  { match: 'diffie-hellman-group-exchange-sha1', weak: w('medium', SHA1_KEX) },
  { match: /^gss-(gex|group14)-sha1-/, weak: w('medium', SHA1_KEX) },
  { match: /^ecdh-sha2-nistp(192|224)$/, weak: w('medium', 'small NIST curve') },
  { match: /^ecdh-sha2-nistp(256|384|521)$/, weak: w('low', NIST_CURVE) },
  { match: /^gss-nistp\d+-sha\d+-/, weak: w('low', NIST_CURVE) },
  { match: 'diffie-hellman-group14-sha256', weak: w('low', '2048-bit group: only 112-bit strength (ssh-audit warns)') },
  { match: 'rsa2048-sha256', weak: w('low', '2048-bit RSA key exchange: only 112-bit strength') },
];

export const WEAK_HOST_KEY_ALGORITHMS: readonly Rule[] = [
  { match: /^ssh-dss(-cert-v0[01]@openssh\.com)?$/, weak: w('medium', 'DSA: 1024-bit keys, and a weak random nonce reveals the key (disabled since OpenSSH 7.0)') },
  { match: /^(x509v3-)?ssh-dss$|^x509v3-sign-dss/, weak: w('medium', 'DSA: 1024-bit keys') },
  { match: /^ssh-rsa(-cert-v0[01]@openssh\.com)?$/, weak: w('medium', 'RSA signatures over SHA-1 (chosen-prefix collisions; disabled by default since OpenSSH 8.8)') },
  { match: /^x509v3-(ssh-rsa|sign-rsa(-sha1)?)$/, weak: w('medium', 'RSA signatures over SHA-1') },
  { match: 'ssh-rsa1', weak: w('medium', 'RSA signatures over SHA-1') },
  { match: /^(sk-)?ecdsa-sha2-nistp\d+(@openssh\.com)?(-cert-v01@openssh\.com)?$/, weak: w('low', `${NIST_CURVE}; ECDSA also leaks the key on a weak random nonce`) },
  { match: /^webauthn-sk-ecdsa-sha2-nistp256@openssh\.com$/, weak: w('low', NIST_CURVE) },
  { match: 'null', weak: w('high', 'no host authentication') },
];

export const WEAK_CIPHERS: readonly Rule[] = [
  { match: 'none', weak: w('high', 'no encryption at all') },
  { match: /^arcfour(128|256)?$/, weak: w('high', 'RC4 is broken') },
  { match: /^des(-cbc)?(@ssh\.com|-ssh1)?$/, weak: w('high', 'single DES is broken (56-bit key)') },
  { match: /^3des(-(cbc|ctr|cfb|ofb|ecb))?$/, weak: w('medium', '3DES: 64-bit blocks (Sweet32) and slow; disabled by default since OpenSSH 7.4') },
  { match: /^blowfish(-(cbc|ctr|cfb|ofb|ecb))?$/, weak: w('medium', 'Blowfish: 64-bit blocks (Sweet32)') },
  { match: /^cast128(-12)?-(cbc|ctr|cfb|ofb|ecb)(@ssh\.com)?$/, weak: w('medium', 'CAST-128: 64-bit blocks') },
  { match: /^idea-/, weak: w('medium', 'IDEA: 64-bit blocks, deprecated') },
  { match: /^(rijndael(128|192|256)?-cbc)(@lysator\.liu\.se|@ssh\.com)?$/, weak: w('medium', 'non-standard Rijndael alias, CBC mode') },
  { match: /^(seed|serpent\d+)-/, weak: w('medium', 'deprecated cipher') },
  { match: /-cbc(@openssh\.org)?$/, weak: w('low', 'CBC mode: plaintext-recovery attacks (CVE-2008-5161), removed from OpenSSH server defaults in 6.7') },
  { match: /-(ecb|cfb|ofb)$/, weak: w('low', 'weak cipher mode') },
];

export const WEAK_MACS: readonly Rule[] = [
  { match: 'none', weak: w('high', 'no integrity protection at all') },
  { match: /^hmac-md5(-96)?(-etm@openssh\.com)?$/, weak: w('medium', 'MD5 is broken') },
  { match: /^hmac-sha1(-96)?(-etm)?(@openssh\.com)?$/, weak: w('medium', 'SHA-1 (ssh-audit fails it; HMAC-SHA1 has no practical forgery, so this is about margin)') },
  { match: /^hmac-ripemd(160)?(-96)?(-etm@openssh\.com|@openssh\.com)?$/, weak: w('medium', 'RIPEMD-160 is deprecated') },
  { match: /^umac-(32|64)(-etm)?@openssh\.com$/, weak: w('low', 'small 64-bit tag') },
  { match: /-96(-etm@openssh\.com|@ssh\.com)?$/, weak: w('low', 'truncated 96-bit tag') },
  { match: /^hmac-sha2-(224|56)$/, weak: w('low', 'small tag') },
  { match: /^(hmac-sha2-(256|384|512)|umac-128@openssh\.com|hmac-sha(256|384|512)(-2)?(@ssh\.com)?|hmac-sha3-\d+)$/, weak: w('info', 'encrypt-and-MAC: the MAC covers the plaintext; prefer an -etm@openssh.com MAC') },
];

/** The first rule that matches `name`, or undefined when the algorithm is fine (or unknown). */
export function weakness(rules: readonly Rule[], name: string): WeakAlgorithm | undefined {
  for (const r of rules) {
    if (typeof r.match === 'string' ? r.match === name : r.match.test(name)) return r.weak;
  }
  return undefined;
}

/** The same table as plain rows, for documentation and tests. */
export function describeRules(rules: readonly Rule[]): { match: string; severity: Severity; reason: string }[] {
  return rules.map((r) => ({ match: typeof r.match === 'string' ? r.match : String(r.match), severity: r.weak.severity, reason: r.weak.reason }));
}

/** What the algorithm checks share: one finding per weak name, at that name's severity. */
export function reportWeak(
  report: (input: ReportInput) => void,
  model: SshSnapshot,
  rules: readonly Rule[],
  names: readonly string[],
  noun: string,
): void {
  for (const name of new Set(names)) {
    const weak = weakness(rules, name);
    if (!weak) continue;
    report({
      at: targetLocation(model.target),
      key: name,
      subject: name,
      severity: weak.severity,
      message: `The server offers ${noun} ${name}: ${weak.reason}.`,
    });
  }
}
