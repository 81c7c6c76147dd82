import { defineCheck } from '../../core/check.ts';
import type { VaultFile } from '../../inputs/vault/load.ts';

export default defineCheck<VaultFile>({
  id: 'vault/no-plaintext-vault-files',
  title: 'Ansible Vault files are encrypted',
  severity: 'high',
  checklist: ['A13'],
  rationale:
    'Ansible projects keep their secrets in files named `vault.yml` (`group_vars/<group>/vault.yml`, `*vault*.yml`) so ' +
    'that they are encrypted with `ansible-vault` and can be committed. A file with that name that does not start with ' +
    'the `$ANSIBLE_VAULT;1.1;AES256` header was decrypted for an edit (`ansible-vault decrypt`) and not encrypted again, ' +
    'or never encrypted: its secrets are in plain text in the repository. Values encrypted one by one (`!vault |`) count ' +
    'as encrypted.',
  remediation:
    'Encrypt the file, rotate the values that were committed in plain text, and edit it only through ansible-vault from now on:\n' +
    '```sh\nansible-vault encrypt group_vars/all/vault.yml\nansible-vault edit group_vars/all/vault.yml\n```',
  references: ['https://docs.ansible.com/ansible/latest/vault_guide/vault_encrypting_content.html', 'https://docs.ansible.com/ansible/latest/tips_tricks/ansible_tips_tricks.html#keep-vaulted-variables-safely-visible'],
  fixable: false,
  run({ model, report }) {
    if (model.encrypted) return;
    const first = model.plaintextValues[0];
    if (!first) return;
    report({
      at: { loc: first.loc, keyPath: first.keyPath },
      message: `${model.path} is named as an Ansible Vault file but is not encrypted (no $ANSIBLE_VAULT header): ${model.plaintextValues.length} value${model.plaintextValues.length === 1 ? '' : 's'} in plain text.`,
    });
  },
});
