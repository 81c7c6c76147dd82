import { defineCheck } from '../../core/check.ts';
import type { GitRepo } from '../../inputs/git/load.ts';

export default defineCheck<GitRepo>({
  id: 'git/no-tracked-env-files',
  title: '.env files are not committed',
  severity: 'high',
  checklist: ['A12'],
  rationale:
    'A committed `.env` file gives its secrets to everyone who can read the repository, now and in every clone, fork, ' +
    'CI cache and backup; deleting the file later leaves them in the history. Listing the file in `.gitignore` does not ' +
    'help once it is tracked: git keeps tracking it. Reported: `.env` and `.env.*` files that git tracks (committed or ' +
    'staged), except templates (`.env.example`, …) and SOPS-encrypted files. Needs `git` and a repository.',
  remediation:
    'Stop tracking the file, ignore it, and rotate every secret it held (they are in the history):\n' +
    '```sh\ngit rm --cached .env\necho ".env" >> .gitignore\ngit commit -m "Stop tracking .env"\n```\n' +
    'To share the settings, commit an encrypted copy instead (`bulwark secrets encrypt .env`) or a template with placeholders.',
  references: ['https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/removing-sensitive-data-from-a-repository', 'CWE-538'],
  fixable: false,
  run({ model, report }) {
    for (const f of model.envFiles) {
      if (f.status !== 'tracked') continue;
      report({
        at: { path: f.path, line: 1, column: 1 },
        fileLevel: true,
        message: `${f.path} is tracked by git${f.listedInGitignore ? ' although .gitignore lists it (ignoring does not untrack)' : ''}: its secrets are in the repository and its history. Run \`git rm --cached ${f.path}\` and rotate them.`,
      });
    }
  },
});
