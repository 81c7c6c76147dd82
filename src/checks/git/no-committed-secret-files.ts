import { defineCheck } from '../../core/check.ts';
import type { GitRepo } from '../../inputs/git/load.ts';

export default defineCheck<GitRepo>({
  id: 'git/no-committed-secret-files',
  title: 'Key stores, private keys and password files are not committed',
  severity: 'high',
  checklist: ['A12', 'A13'],
  rationale:
    'Some files are secrets as a whole: PKCS#12 and Java key stores (`*.p12`, `*.pfx`, `*.jks`), SSH private keys ' +
    '(`id_rsa`, `id_ed25519`, …), PEM files holding a private key, age identities (`AGE-SECRET-KEY-1…`, the key that ' +
    'decrypts SOPS files: `keys.txt`, `*.agekey`), password files (`password.txt`, `.htpasswd`, `.pgpass`, `.netrc`, ' +
    '`.git-credentials`). Tracked by git, they are in every clone and in the history. Binary key stores cannot be read ' +
    'line by line: this check knows them by name. A key that secrets/no-private-keys reports on the same line is left to it.',
  remediation:
    'Stop tracking the file, ignore its pattern, purge it from the history, and replace the key or password:\n' +
    '```sh\ngit rm --cached certs/server.p12\necho "*.p12" >> .gitignore\ngit filter-repo --path certs/server.p12 --invert-paths\n```\n' +
    'Keep SOPS/age identities outside the repository (`~/.config/sops/age/keys.txt`), and mount keys at deploy time.',
  references: ['https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/removing-sensitive-data-from-a-repository', 'https://github.com/getsops/sops#encrypting-using-age', 'CWE-540'],
  fixable: false,
  run({ model, report }) {
    for (const f of model.committedSecretFiles) {
      report({
        at: { path: f.path, line: f.line, column: 1 },
        fileLevel: f.line === 1,
        message: `${f.path} is a ${f.what} tracked by git: it is in every clone and in the history. Stop tracking it, purge it and replace the secret.`,
      });
    }
  },
});
