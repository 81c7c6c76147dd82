import { defineCheck } from '../../core/check.ts';
import type { SecretsFile } from '../../inputs/secrets/load.ts';
import { reportHits } from './_report.ts';

export default defineCheck<SecretsFile>({
  id: 'secrets/no-code-host-tokens',
  title: 'GitHub and GitLab tokens are not in files',
  severity: 'critical',
  checklist: ['A12'],
  rationale:
    'A GitHub or GitLab token acts as its owner: it reads private repositories, pushes code (a backdoor in the next release), reads CI secrets and, with admin scopes, changes the organisation. GitHub tokens carry their kind in the prefix (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`) and six CRC32 check characters: a token whose check characters agree is reported as verified, one whose do not one level lower. GitLab tokens: `glpat-`, `gldt-`, `glrt-`, `glptt-`, `glft-`, `glcbt-`, runner registration `GR1348941…`.',
  remediation:
    'Revoke the token (GitHub: Settings → Developer settings; GitLab: Access tokens), remove it from the file and the history, and give CI the built-in short-lived token (`GITHUB_TOKEN`, `CI_JOB_TOKEN`) or a secret of the CI system instead.',
  references: ['https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats', 'https://docs.gitlab.com/ee/security/tokens/', 'CWE-798'],
  fixable: false,
  run({ model, report }) {
    reportHits(model, report, 'code-host-tokens', { base: 'critical', checksummed: true, advice: 'Revoke the token and use the CI system’s short-lived token or secret store.' });
  },
});
