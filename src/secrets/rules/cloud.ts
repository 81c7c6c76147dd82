/**
 * Cloud provider credentials.
 * - AWS: access key ids are 20 characters, a 4-letter prefix naming the kind (`AKIA`
 *   long-term user key, `ASIA` temporary STS key, `ABIA`/`ACCA` service-specific) and 16
 *   base-32 characters; the secret access key is 40 base64 characters, recognisable only
 *   by the name it is assigned to (`aws_secret_access_key`, `AWS_SECRET_ACCESS_KEY`).
 * - Google Cloud: a service-account key file is JSON with `"type": "service_account"` and
 *   a PEM `"private_key"`; API keys are `AIza` + 35 characters.
 * - Azure: storage account keys are 64 random bytes in base64 (88 characters ending `==`),
 *   usually inside a connection string (`AccountKey=…`); Entra ID client secrets carry
 *   `Q~` at their fourth character.
 */
import type { SecretRule } from './types.ts';
import { isRepetitive } from './types.ts';

export const CLOUD_RULES: readonly SecretRule[] = [
  {
    id: 'aws-access-key-id',
    category: 'cloud-credentials',
    label: 'AWS access key id',
    keywords: ['akia', 'asia', 'abia', 'acca'],
    pattern: /(?<![A-Za-z0-9])((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Za-z0-9])/g,
    judge: (secret) => (isRepetitive(secret.slice(4)) ? undefined : {}),
  },
  {
    id: 'aws-secret-access-key',
    category: 'cloud-credentials',
    label: 'AWS secret access key',
    keywords: ['secret_access_key', 'secretaccesskey', 'secret-access-key'],
    pattern: /secret[_-]?access[_-]?key["']?\s*(?:[:=]|=>)\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    judge: (secret) => (isRepetitive(secret) || !/[0-9]/.test(secret) && !/[/+]/.test(secret) ? undefined : {}),
  },
  {
    id: 'gcp-service-account-key',
    category: 'cloud-credentials',
    label: 'Google Cloud service-account private key',
    keywords: ['"private_key"'],
    pattern: /"private_key"\s*:\s*"-----BEGIN (?:RSA )?PRIVATE KEY-----\\n([A-Za-z0-9+/=]{40,}(?:\\n[A-Za-z0-9+/=]*)*)/g,
    judge: (_s, _m, ctx) => (ctx.lowerText.includes('service_account') ? { verified: true } : {}),
  },
  {
    id: 'gcp-api-key',
    category: 'cloud-credentials',
    label: 'Google API key',
    keywords: ['aiza'],
    pattern: /(?<![A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/g,
    judge: (secret) => (isRepetitive(secret.slice(4)) ? undefined : {}),
  },
  {
    id: 'azure-storage-account-key',
    category: 'cloud-credentials',
    label: 'Azure storage account key',
    keywords: ['accountkey', 'storage_key', 'storage_account_key', 'storagekey', 'storage-key'],
    pattern: /(?:AccountKey=|storage[_-]?(?:account[_-]?)?key["']?\s*[:=]\s*["']?)([A-Za-z0-9+/]{86}==)/gi,
    judge: (secret) => (isRepetitive(secret.slice(0, 86)) ? undefined : {}),
  },
  {
    id: 'azure-client-secret',
    category: 'cloud-credentials',
    label: 'Azure (Entra ID) client secret',
    keywords: ['q~'],
    pattern: /(?<![A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/g,
    judge: (secret) => (/[0-9]/.test(secret.slice(6)) && /[A-Za-z]/.test(secret.slice(6)) ? {} : undefined),
  },
];
