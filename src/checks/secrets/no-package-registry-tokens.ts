import { defineCheck } from '../../core/check.ts';
import type { SecretsFile } from '../../inputs/secrets/load.ts';
import { reportHits } from './_report.ts';

export default defineCheck<SecretsFile>({
  id: 'secrets/no-package-registry-tokens',
  title: 'Package registry tokens (npm, PyPI, RubyGems, Docker Hub) are not in files',
  severity: 'critical',
  checklist: ['A12'],
  rationale:
    'A registry token publishes releases: a malicious version of your package reaches every user on their next install, or a poisoned image every server on its next pull. Recognised: npm tokens (`npm_…`, with CRC32 check characters) and `.npmrc` `_authToken=`/`_auth=` values, PyPI API tokens (`pypi-AgEIcHlwaS5vcmc…`; TestPyPI reported at low), RubyGems keys (`rubygems_…`) and Docker Hub personal access tokens (`dckr_pat_…`).',
  remediation:
    'Revoke the token on the registry, publish from CI with trusted publishing (OIDC) or a token stored as a CI secret, and keep `.npmrc` tokens as `${NPM_TOKEN}` references.',
  references: ['https://docs.npmjs.com/about-access-tokens', 'https://docs.pypi.org/trusted-publishers/', 'https://docs.docker.com/security/for-developers/access-tokens/', 'CWE-798'],
  fixable: false,
  run({ model, report }) {
    reportHits(model, report, 'package-registry-tokens', { base: 'critical', checksummed: true, advice: 'Revoke the token and publish with trusted publishing or a CI secret.' });
  },
});
