import { defineCheck } from '../../core/check.ts';
import type { TlsFiles } from '../../inputs/tls-files/load.ts';

export default defineCheck<TlsFiles>({
  id: 'tls-files/no-committed-private-key',
  title: 'No private keys in the repository',
  severity: 'high',
  checklist: ['A12', 'A13'],
  rationale:
    'A private key in a repository is readable by everyone with access to it, now and in every clone, fork, CI cache ' +
    'and backup, and it stays in the history after deletion. Whoever has a TLS key can impersonate the server or ' +
    'decrypt recorded traffic without forward secrecy; an SSH key opens the machines it is authorised on. Under ' +
    '`--host-root` keys are where they belong and are not reported here.',
  remediation:
    'Remove the key from the repository and its history (`git rm --cached`, then `git filter-repo --path <file> --invert-paths`), ' +
    'add the pattern to `.gitignore`, revoke and replace the key (new certificate, new SSH key), and mount keys at deploy ' +
    'time or keep them encrypted with SOPS/age (`bulwark secrets encrypt`).',
  references: ['https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/removing-sensitive-data-from-a-repository', 'CWE-798'],
  fixable: false,
  run({ model, report }) {
    if (model.onHost) return;
    for (const k of model.privateKeys) {
      report({
        at: k,
        severity: k.encrypted ? 'medium' : 'high',
        message: `${model.path} holds a${k.encrypted ? ' passphrase-protected' : 'n unencrypted'} private key (${k.label}) in the scanned tree`,
      });
    }
  },
});
