import { defineCheck } from '../../core/check.ts';
import type { GitRepo } from '../../inputs/git/load.ts';

export default defineCheck<GitRepo>({
  id: 'git/require-env-ignored',
  title: '.env files are git-ignored',
  severity: 'medium',
  checklist: ['A12'],
  rationale:
    'A `.env` file holds the passwords and keys of a deployment. If git does not ignore it, the next `git add .` or ' +
    '`git commit -a` of a tired operator puts every secret in the repository and its history, where every clone, fork ' +
    'and CI cache keeps it. Reported: `.env` and `.env.*` files in the scanned tree that are neither tracked nor ignored. ' +
    'Templates (`.env.example`, `.env.sample`, `.env.template`, `.env.dist`, …) and SOPS-encrypted files (with `sops_mac=` ' +
    'metadata) are meant to be committed and are not reported; tracked files are git/no-tracked-env-files\' business. ' +
    'Needs `git` and a repository; without them nothing is reported.',
  remediation:
    'Ignore env files and keep a template instead:\n```gitignore\n.env\n.env.*\n!.env.example\n```\n' +
    'Then check with `git check-ignore -v .env`.',
  references: ['https://git-scm.com/docs/gitignore', 'https://12factor.net/config'],
  fixable: false,
  run({ model, report }) {
    for (const f of model.envFiles) {
      if (f.status !== 'untracked') continue;
      report({
        at: { path: f.path, line: 1, column: 1 },
        fileLevel: true,
        message: `${f.path} is not git-ignored: the next \`git add .\` commits its secrets. Add it to .gitignore.`,
      });
    }
  },
});
