import { defineCheck } from '../../core/check.ts';
import type { SopsFile } from '../../inputs/sops/load.ts';

export default defineCheck<SopsFile>({
  id: 'sops/require-sops-config',
  title: 'SOPS files have a .sops.yaml that names their recipients',
  severity: 'low',
  checklist: ['A13'],
  rationale:
    'A `.sops.yaml` with `creation_rules` says who can decrypt which file (age, PGP or KMS recipients) and which values ' +
    'are encrypted. Without it, every new file and every re-encryption depends on each operator passing the right ' +
    '`--age` recipients by hand: a forgotten recipient locks a teammate or the deploy key out, an extra one gives access ' +
    'to someone who should not have it, and `sops updatekeys` cannot rotate recipients. Looked for in the file\'s folder ' +
    'and its parents, as sops does.',
  remediation:
    'Add a `.sops.yaml` at the repository root:\n```yaml\ncreation_rules:\n  - path_regex: \\.env(\\..*)?$\n    age: >-\n      age1…operator,\n      age1…deploy\n```\n' +
    'then run `sops updatekeys <file>` so the file is encrypted to exactly those recipients.',
  references: ['https://github.com/getsops/sops#using-sops-yaml-conf-to-select-kms-pgp-and-age-for-new-files'],
  fixable: false,
  run({ model, report }) {
    if (!model.config.problem) return;
    report({
      at: { path: model.path, line: 1, column: 1 },
      fileLevel: true,
      message: `${model.path} is SOPS-encrypted but ${model.config.problem}.`,
    });
  },
});
