import type { ReportInput } from '../../core/check.ts';
import { defineCheck } from '../../core/check.ts';
import type { Location } from '../../core/location.ts';
import type { ComposeProject, ComposeService, EnvVar, VarRef, YScalar } from '../../inputs/compose/model.ts';
import { commandCredentials, isCredentialName, isWeakPassword } from './_lib/credentials.ts';
import { commandScalars, envValue, isTruthy } from './_lib/env.ts';
import { describeService } from './_lib/roles.ts';
import { findUrls, hasReference } from './_lib/urls.ts';

/** Switches that start a database with no password at all. */
const NO_PASSWORD: Record<string, (v: string) => boolean> = {
  POSTGRES_HOST_AUTH_METHOD: (v) => v.trim().toLowerCase() === 'trust',
  MYSQL_ALLOW_EMPTY_PASSWORD: (v) => v.trim() !== '' && !/^(no|false|0)$/i.test(v.trim()),
  MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: (v) => v.trim() !== '' && !/^(no|false|0)$/i.test(v.trim()),
  MARIADB_ALLOW_EMPTY_PASSWORD: (v) => v.trim() !== '' && !/^(no|false|0)$/i.test(v.trim()),
  ALLOW_EMPTY_PASSWORD: isTruthy,
};

/** The user a password belongs to: `POSTGRES_PASSWORD` -> `POSTGRES_USER`, … */
function userFor(service: ComposeService, passwordName: string): string | undefined {
  const stems = [passwordName.replace(/_?(PASSWORD|PASSWD|PASS|PWD)$/i, '')];
  if (/^MONGO_INITDB_ROOT/.test(passwordName)) stems.push('MONGO_INITDB_ROOT');
  for (const stem of stems) {
    for (const suffix of ['_USER', '_USERNAME', 'USER', '_LOGIN']) {
      const v = envValue(service, `${stem}${suffix}`);
      if (v) return v;
    }
  }
  return undefined;
}

/** A default that is a literal (not empty, not another reference). */
function literalDefault(ref: VarRef): string | undefined {
  if (ref.operator !== ':-' && ref.operator !== '-') return undefined;
  const operand = ref.operand ?? '';
  return operand.trim() !== '' && !hasReference(operand) ? operand : undefined;
}

export default defineCheck<ComposeProject>({
  id: 'compose/no-weak-default-credentials',
  title: 'Credentials have no built-in defaults or well-known values',
  severity: 'high',
  checklist: ['A2'],
  rationale:
    '`${POSTGRES_PASSWORD:-devpass}` is convenient in development and silently becomes the production password ' +
    'the day the variable is missing from the server\'s `.env`: the stack starts, nothing fails, and the password ' +
    'is in the public repository. Well-known defaults (postgres/postgres, guest/guest, minioadmin, admin/admin) ' +
    'are the first thing scanners and botnets try, and "trust" or empty-password switches need no guess at all.',
  remediation:
    'Make the variable required so a missing value stops the deploy instead of weakening it, and generate a ' +
    'strong value (`openssl rand -base64 32`):\n' +
    '```yaml\nenvironment:\n  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}\n```\n' +
    'Remove `POSTGRES_HOST_AUTH_METHOD=trust` and `*_ALLOW_EMPTY_PASSWORD`.',
  references: ['https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#interpolation-syntax', 'https://hub.docker.com/_/postgres'],
  fixable: false,
  run({ model, report }) {
    const variableLoc = (ref: VarRef): Location | undefined =>
      ref.source === 'env' && !ref.usedDefault ? model.variables[ref.name]?.loc : undefined;

    for (const service of model.services) {
      // The weak value is masked wherever it appears in a message, and default passwords
      // are often service names ("postgres", "redis"): messages about a weak value name
      // the variable only; the finding's subject names the service.
      const who = describeService(service);
      const emit = (input: Omit<ReportInput, 'subject'>): void => report({ ...input, subject: service.name });

      for (const env of service.environment) {
        const written = env.raw ?? env.value ?? '';
        const urlPasswordVars = new Set(
          findUrls(written).flatMap((u) => [...(u.password ?? '').matchAll(/\$\{?([A-Za-z_]\w*)/g)].map((m) => m[1]!)),
        );
        let defaulted = false;
        for (const ref of env.vars ?? []) {
          const fallback = literalDefault(ref);
          if (fallback === undefined) continue;
          if (!isCredentialName(env.name) && !isCredentialName(ref.name) && !urlPasswordVars.has(ref.name)) continue;
          defaulted = true;
          emit({
            at: env,
            key: `default:${ref.name}`,
            secrets: [fallback],
            message: `${env.name} falls back to a hard-coded default when \${${ref.name}} is unset; ` +
              `use \${${ref.name}:?…} so a missing value stops the deploy.`,
          });
        }
        const value = env.value;
        if (value === undefined) continue;
        const noPassword = NO_PASSWORD[env.name];
        if (noPassword?.(value)) {
          emit({ at: env, key: 'no-password', message: `${who}: ${env.name} lets clients connect without a password.` });
          continue;
        }
        if (defaulted) continue;
        if (isCredentialName(env.name) && isWeakPassword(value, userFor(service, env.name))) {
          const { at, key, via } = weakAt(env, variableLoc, `weak:${env.name}`);
          emit({ at, key, secrets: [value], message: `${via ?? env.name} is set to a well-known default or guessable password.` });
        }
        for (const url of findUrls(value)) {
          if (!url.password || !isWeakPassword(url.password, url.user)) continue;
          const { at, key, via } = weakAt(env, variableLoc, `weak-url:${env.name}:${url.index}`);
          emit({
            at,
            key,
            secrets: [url.password],
            message: `${via ?? env.name} connects with a well-known default or guessable password.`,
          });
        }
      }

      const lines = [['command', service.command], ['entrypoint', service.entrypoint], ['healthcheck', service.healthcheckTest]] as const;
      for (const [label, node] of lines) {
        const credentialRefs = new Set(
          commandCredentials(node).flatMap((c) => [...c.value.matchAll(/\$\{?([A-Za-z_]\w*)/g)].map((m) => m[1]!)),
        );
        for (const scalar of commandScalars(node)) reportCommandDefaults(label, scalar, credentialRefs);
      }

      function reportCommandDefaults(label: string, scalar: YScalar, credentialRefs: Set<string>): void {
        for (const ref of scalar.vars ?? []) {
          const fallback = literalDefault(ref);
          if (fallback === undefined || !(isCredentialName(ref.name) || credentialRefs.has(ref.name))) continue;
          emit({
            at: scalar,
            key: `default:${ref.name}`,
            secrets: [fallback],
            message: `The ${label} falls back to a hard-coded default when \${${ref.name}} is unset; ` +
              `use \${${ref.name}:?…} so a missing value stops the deploy.`,
          });
        }
      }
    }
  },
});

/**
 * Report a weak value where it is written: the compose entry, or the `.env` line it came
 * from (keyed by variable, so services sharing one weak variable give one finding).
 */
function weakAt(
  env: EnvVar,
  variableLoc: (ref: VarRef) => Location | undefined,
  key: string,
): { at: EnvVar | Location; key: string; via?: string } {
  const refs = env.vars ?? [];
  if (refs.length === 1) {
    const ref = refs[0]!;
    const loc = variableLoc(ref);
    if (loc) return { at: loc, key: `weak-var:${ref.name}`, via: `${ref.name} in .env (used in ${env.name})` };
  }
  return { at: env, key };
}
