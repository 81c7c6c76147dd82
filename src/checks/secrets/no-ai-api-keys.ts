import { defineCheck } from '../../core/check.ts';
import type { SecretsFile } from '../../inputs/secrets/load.ts';
import { reportHits } from './_report.ts';

export default defineCheck<SecretsFile>({
  id: 'secrets/no-ai-api-keys',
  title: 'AI API keys (OpenAI, Anthropic, Hugging Face, Groq) are not in files',
  severity: 'high',
  checklist: ['A12'],
  rationale:
    'An AI provider key is billed per use: a leaked one is drained by others within hours (keys are harvested from public repositories for resale), and an organisation key also reads its stored files and fine-tunes. Recognised: OpenAI project, service-account, admin and legacy keys (`sk-proj-…`, `sk-svcacct-…`, `sk-admin-…`, `sk-…T3BlbkFJ…`), Anthropic keys (`sk-ant-api03-…`, `sk-ant-admin01-…`), Hugging Face tokens (`hf_…`) and Groq keys (`gsk_…`).',
  remediation:
    'Revoke the key in the provider’s console, remove it from the file and the history, set a spending limit, and read the key from an encrypted secret.',
  references: ['https://platform.openai.com/docs/api-reference/authentication', 'https://docs.anthropic.com/en/api/getting-started', 'CWE-798'],
  fixable: false,
  run({ model, report }) {
    reportHits(model, report, 'ai-api-keys', { base: 'high', advice: 'Revoke the key at the provider and read it from an encrypted secret.' });
  },
});
