import { defineCheck } from '../../core/check.ts';
import { mustBeEncrypted } from '../../inputs/sops/load.ts';
import type { SopsFile } from '../../inputs/sops/load.ts';

export default defineCheck<SopsFile>({
  id: 'sops/require-full-encryption',
  title: 'SOPS files have every value encrypted',
  severity: 'high',
  checklist: ['A13'],
  rationale:
    'A SOPS file is committed because it is encrypted. A value added or edited by hand after encryption (an editor ' +
    'instead of `sops edit`, a merge conflict resolved in plain text) stays in the clear next to the encrypted ones and ' +
    'goes into the repository with them. Every value must be `ENC[AES256_GCM,…]`, except those the file\'s own rule ' +
    'leaves in plain text (`unencrypted_suffix`, by default `_unencrypted`; `encrypted_regex`, `encrypted_suffix`, ' +
    '`unencrypted_regex`) and empty values, which sops never encrypts. Dotenv, YAML and JSON SOPS files are read.',
  remediation:
    'Re-encrypt the file so every value is encrypted, and rotate the values that were in plain text in a commit:\n' +
    '```sh\nsops decrypt --in-place secrets.env && sops encrypt --in-place secrets.env\n# or: bulwark secrets edit secrets.env\n```',
  references: ['https://github.com/getsops/sops#encrypting-only-parts-of-a-file', 'https://github.com/getsops/sops'],
  fixable: false,
  run({ model, report }) {
    for (const v of model.values) {
      if (v.encrypted || v.empty || !mustBeEncrypted(model.rule, v.keys)) continue;
      report({
        at: { loc: v.loc, keyPath: v.keyPath },
        message: `${v.keys.join('.')} is in plain text in a SOPS-encrypted file (its rule ${model.rule.kind}=${model.rule.value} says it must be encrypted).`,
      });
    }
  },
});
