/**
 * Reading a service's environment and command the way the container will see them:
 * `environment:` wins over `env_file`, and the last definition of a name wins.
 */
import type { ComposeService, EnvVar, YNode, YScalar } from '../../../inputs/compose/model.ts';
import { isFalsy, isTruthy } from '../../_shared/booleans.ts';

/** The effective definition of `name` for a service, if it has one. */
export function envVar(service: ComposeService, name: string): EnvVar | undefined {
  let found: EnvVar | undefined;
  for (const v of service.environment) {
    if (v.name !== name) continue;
    if (!found || v.origin === 'environment' || found.origin === 'env_file') found = v;
  }
  return found;
}

/** The effective value of `name`, `undefined` when unset or taken from the shell. */
export function envValue(service: ComposeService, name: string): string | undefined {
  return envVar(service, name)?.value;
}

/** True when the variable is set to true/1/yes/on. */
export function envIsTrue(service: ComposeService, name: string): boolean {
  return isTruthy(envValue(service, name));
}

export { isFalsy, isTruthy };

/**
 * True when the variable, or its `_FILE` variant, is set: to something non-empty, or to
 * a `${VAR}` reference (the value is supplied at deploy time, e.g. `${X:?required}`).
 */
export function envHasValue(service: ComposeService, name: string): boolean {
  return [name, `${name}_FILE`].some((n) => {
    const v = envVar(service, n);
    return v !== undefined && ((v.value ?? '').trim() !== '' || (v.vars?.length ?? 0) > 0);
  });
}

/** The scalars of a command-like node: the string itself, or the list items. */
export function commandScalars(node: YNode | undefined): YScalar[] {
  if (!node) return [];
  if (node.kind === 'scalar') return [node];
  if (node.kind === 'seq') return node.items.filter((n): n is YScalar => n.kind === 'scalar');
  return [];
}

/** The first scalar of `entrypoint` or `command` whose interpolated text matches. */
export function findCommandScalar(service: ComposeService, pattern: RegExp): YScalar | undefined {
  for (const s of [...commandScalars(service.entrypoint), ...commandScalars(service.command)]) {
    if (s.value !== null && pattern.test(String(s.value))) return s;
  }
  return undefined;
}
