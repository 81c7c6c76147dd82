import { defineCheck } from '../../core/check.ts';
import type { GitRepo } from '../../inputs/git/load.ts';

export default defineCheck<GitRepo>({
  id: 'git/require-override-ignored',
  title: 'docker-compose.override.yml is git-ignored',
  severity: 'low',
  checklist: ['A12'],
  rationale:
    'Compose reads `docker-compose.override.yml` (or `compose.override.yaml`) automatically, on top of the main file. It ' +
    'is meant for one machine\'s settings (published debug ports, local volumes, credentials for a developer\'s ' +
    'database), which end up in the repository and on the next colleague\'s or server\'s stack when it is committed. ' +
    'Reported when such a file exists and git does not ignore it (tracked, or not ignored). Needs `git` and a repository.',
  remediation:
    'Ignore the override file and commit a template the team copies:\n```gitignore\ndocker-compose.override.yml\ncompose.override.yaml\n```\n' +
    'If it is tracked, `git rm --cached docker-compose.override.yml` first; settings every environment needs belong in the main file.',
  references: ['https://docs.docker.com/compose/how-tos/multiple-compose-files/merge/'],
  fixable: false,
  run({ model, report }) {
    for (const f of model.overrideFiles) {
      if (f.status !== 'tracked' && f.status !== 'untracked') continue;
      report({
        at: { path: f.path, line: 1, column: 1 },
        fileLevel: true,
        message: f.status === 'tracked'
          ? `${f.path} is tracked by git: per-machine Compose settings are shared with every checkout. Stop tracking it and ignore it.`
          : `${f.path} is not git-ignored: per-machine Compose settings are one \`git add\` away from the repository.`,
      });
    }
  },
});
