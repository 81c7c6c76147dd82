import { defineCheck } from '../../core/check.ts';
import type { SecretsFile } from '../../inputs/secrets/load.ts';
import { reportHits } from './_report.ts';

export default defineCheck<SecretsFile>({
  id: 'secrets/no-private-keys',
  title: 'Private keys (PEM, OpenSSH, PuTTY, age) are not in plain-text files',
  severity: 'critical',
  checklist: ['A12'],
  rationale:
    'A private key is the identity of a server or a person: with a TLS key anyone can impersonate the site or decrypt recorded traffic without forward secrecy, with an SSH key log in wherever it is authorised, with an age identity decrypt every SOPS file encrypted to it. In a repository it is readable by everyone with access, in every clone, fork and CI cache, and it stays in the history.\n\nRecognised: PEM blocks `-----BEGIN … PRIVATE KEY-----` with a key body (also inside JSON strings), OpenSSH keys, PuTTY `.ppk` files and age identities (`AGE-SECRET-KEY-1…`). A passphrase-protected key (PKCS#8 `ENCRYPTED PRIVATE KEY`, legacy `Proc-Type: 4,ENCRYPTED`, an OpenSSH key with a cipher) is reported at medium. Under `--host-root` keys on the machine are where they belong: only keys in files a checkout on the host tracks are reported.',
  remediation:
    'Remove the key from the repository and its history (`git rm --cached <file>`, `git filter-repo --path <file> --invert-paths`), add the pattern to `.gitignore`, and replace the key (new certificate, new SSH key, `age-keygen` and re-encrypt). Mount keys at deploy time or keep them encrypted with SOPS/age.',
  references: ['https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/removing-sensitive-data-from-a-repository', 'https://age-encryption.org/v1', 'CWE-321'],
  fixable: false,
  run({ model, report }) {
    reportHits(model, report, 'private-keys', { base: 'critical', advice: 'Replace the key and keep it out of the repository (mounted at deploy time, or encrypted).' });
  },
});
