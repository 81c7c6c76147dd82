import { defineCheck } from '../../core/check.ts';
import type { SopsFile } from '../../inputs/sops/load.ts';

const ENCRYPTED_MAC = /^ENC\[AES256_GCM,data:[^,\]]+,iv:[^,\]]+,tag:[^,\]]+,type:str\]$/;

export default defineCheck<SopsFile>({
  id: 'sops/require-mac',
  title: 'SOPS files carry their message authentication code',
  severity: 'high',
  checklist: ['A13'],
  rationale:
    'The MAC (`sops_mac` in dotenv, `sops.mac` in YAML and JSON) is an encrypted SHA-512 over every value: it is what ' +
    'lets sops notice that a value was removed, reordered, or replaced by an older encrypted value (a rolled-back ' +
    'password). A file without one, or with a MAC that is not an encrypted value, cannot be checked, and `sops decrypt` ' +
    'refuses it unless `--ignore-mac` is given, which teaches people to always pass it.',
  remediation:
    'Re-encrypt the file with sops (or `bulwark secrets edit`), which writes a fresh MAC over the current values:\n' +
    '```sh\nsops decrypt --ignore-mac --in-place secrets.env && sops encrypt --in-place secrets.env\n```\n' +
    'Check first that no value was tampered with.',
  references: ['https://github.com/getsops/sops#message-authentication-code'],
  fixable: false,
  run({ model, report }) {
    if (ENCRYPTED_MAC.test(model.mac.trim())) return;
    report({
      at: model.metadataLoc,
      message: model.mac.trim() === ''
        ? `${model.path} has SOPS metadata but no MAC: tampering with its values cannot be detected.`
        : `The SOPS MAC of ${model.path} is not an encrypted value: tampering with its values cannot be detected.`,
    });
  },
});
