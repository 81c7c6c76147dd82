import { defineCheck } from '../../core/check.ts';
import type { SecretsFile } from '../../inputs/secrets/load.ts';
import { reportHits } from './_report.ts';

export default defineCheck<SecretsFile>({
  id: 'secrets/no-cloud-credentials',
  title: 'Cloud provider credentials (AWS, Google Cloud, Azure) are not in files',
  severity: 'critical',
  checklist: ['A12'],
  rationale:
    'Cloud credentials open the account they belong to: whoever reads an AWS access key and its secret, a Google Cloud service-account key file or an Azure storage connection string can read and delete data, start machines at your expense (crypto-mining bills arrive within hours of a leak) and reach everything the key is allowed to. Bots scan public repositories for these formats within minutes of a push, and a key stays in the history after the file is fixed.\n\nFormats recognised (from the providers’ documentation): AWS access key ids (`AKIA`, `ASIA`, `ABIA`, `ACCA` + 16 base-32 characters) and secret access keys assigned to `aws_secret_access_key`-like names; Google Cloud service-account JSON (`"type": "service_account"` with a PEM `"private_key"`) and API keys (`AIza…`); Azure storage account keys (`AccountKey=` in connection strings, `AZURE_STORAGE_KEY`) and Entra ID client secrets (`…Q~…`).',
  remediation:
    'Revoke the key at the provider first (IAM console, `gcloud iam service-accounts keys delete`, `az storage account keys renew`), then remove it from the file and from the history (`git filter-repo`), and give the workload short-lived credentials instead (instance roles, workload identity) or an encrypted secret (`bulwark secrets encrypt .env`).',
  references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html', 'https://cloud.google.com/iam/docs/keys-create-delete', 'https://learn.microsoft.com/azure/storage/common/storage-account-keys-manage', 'CWE-798'],
  fixable: false,
  run({ model, report }) {
    reportHits(model, report, 'cloud-credentials', { base: 'critical', advice: 'Revoke it at the provider and use short-lived credentials or an encrypted secret.' });
  },
});
