import { defineCheck } from '../../core/check.ts';
import type { ComposeProject } from '../../inputs/compose/model.ts';
import { commandCredentials, isCredentialName, isLiteralSecretValue, messageAvoiding } from './_lib/credentials.ts';
import { describeService } from './_lib/roles.ts';
import { findUrls, hasReference } from './_lib/urls.ts';

export default defineCheck<ComposeProject>({
  id: 'compose/no-literal-credentials',
  title: 'Credentials are not written in the compose file',
  severity: 'high',
  checklist: ['A2', 'A12'],
  rationale:
    'A compose file is committed, copied into tickets and pasted into chats; a password, token or API key ' +
    'written in it is shared with everyone who ever sees the repository, lives on in git history after it is ' +
    'changed, and is usually the same in every environment. Credentials belong in a git-ignored `.env` ' +
    '(better: an encrypted one) or in Compose `secrets:`.',
  remediation:
    'Reference the value instead of writing it, and fail fast when it is missing:\n' +
    '```yaml\nenvironment:\n  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}\n```\n' +
    'or mount it as a secret and use the image\'s `_FILE` variant:\n' +
    '```yaml\nsecrets: [db_password]\nenvironment:\n  POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n```\n' +
    'Then rotate the value that was committed: it is in the git history.',
  references: ['https://docs.docker.com/compose/how-tos/use-secrets/', 'https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/'],
  fixable: false,
  run({ model, report }) {
    for (const service of model.services) {
      const who = describeService(service);
      for (const env of service.environment) {
        if (env.origin !== 'environment') continue;
        const written = env.raw ?? env.value;
        if (written === undefined) continue;
        if (isCredentialName(env.name) && isLiteralSecretValue(written)) {
          report({
            at: env,
            key: env.name,
            subject: service.name,
            secrets: [written],
            message: messageAvoiding([written],
              `${who}: ${env.name} is a literal value in the compose file; reference it from a git-ignored .env or a secret.`,
              `${env.name} is a literal value in the compose file; reference it from a git-ignored .env or a secret.`),
          });
          continue;
        }
        for (const url of findUrls(written)) {
          if (!url.password || hasReference(url.password)) continue;
          report({
            at: env,
            key: `${env.name}:${url.index}`,
            subject: service.name,
            secrets: [url.password],
            message: messageAvoiding([url.password],
              `${who}: ${env.name} holds a ${url.scheme}:// URL with a literal password; build it from \${…} references instead.`,
              `${env.name} holds a URL with a literal password; build it from \${…} references instead.`),
          });
        }
      }
      const lines = [['command', service.command], ['entrypoint', service.entrypoint], ['healthcheck', service.healthcheckTest]] as const;
      for (const [label, node] of lines) {
        for (const c of commandCredentials(node)) {
          if (!isLiteralSecretValue(c.value)) continue;
          report({
            at: c.node,
            key: `${label}:${c.carrier}`,
            subject: service.name,
            secrets: [c.value],
            message: messageAvoiding([c.value],
              `${who}: the ${label} passes a literal ${c.password ? 'password' : 'secret'} via ${c.carrier}; reference it instead of writing it in the file.`,
              `The ${label} passes a literal ${c.password ? 'password' : 'secret'}; reference it instead of writing it in the file.`),
          });
        }
      }
    }
  },
});
