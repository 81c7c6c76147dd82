/**
 * Which files Bulwark reads, decided from the name alone so that a walk over a large
 * tree opens only the few files that matter. Plain `.yml`/`.yaml` files are candidates:
 * their text is checked for a top-level `services:` key before the Compose loader sees them.
 */

/** Input kinds discovery hands on. */
export type InputKind = 'compose' | 'env' | 'docker-daemon' | 'sshd';

/** What a file name says: a known input, a YAML file to peek into, or nothing. */
export type NameClass = InputKind | 'yaml' | undefined;

const COMPOSE_NAME = /^(?:docker-)?compose(?:[.\-_][^/]*)?\.ya?ml$/i;
const YAML_NAME = /\.ya?ml$/i;
const ENV_NAME = /^\.env(?:\..+)?$|^.+\.env$/;

export function classifyName(name: string): NameClass {
  if (COMPOSE_NAME.test(name)) return 'compose';
  if (name === 'daemon.json') return 'docker-daemon';
  if (name === 'sshd_config') return 'sshd';
  if (ENV_NAME.test(name)) return 'env';
  if (YAML_NAME.test(name)) return 'yaml';
  return undefined;
}

/** A YAML document with `services:` at column 0 is worth handing to the Compose loader. */
const TOP_LEVEL_SERVICES = /^(?:services|"services"|'services')[ \t]*:/m;

export function looksLikeCompose(text: string): boolean {
  return TOP_LEVEL_SERVICES.test(text);
}

/** Directories never worth walking: VCS internals and installed dependencies. */
export function isSkippedDirName(name: string): boolean {
  return name === '.git' || name === 'node_modules';
}
