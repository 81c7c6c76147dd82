/**
 * Which files Bulwark reads, decided from the name alone so that a walk over a large
 * tree opens only the few files that matter. Plain `.yml`/`.yaml` files are candidates:
 * their text is checked for a top-level `services:` key before the Compose loader sees them.
 */

/**
 * Input kinds discovery hands on. The host kinds after `sshd` are found by their place
 * under a host root (`scan --host-root`, see inputs/host/layout.ts); `authorized-keys` and
 * `key-material` are also recognised by name anywhere in a repo.
 */
export type InputKind =
  | 'compose'
  | 'env'
  | 'docker-daemon'
  | 'sshd'
  | 'authorized-keys'
  | 'key-material'
  | 'ufw'
  | 'fail2ban'
  | 'auditd'
  | 'updates'
  | 'backups'
  | 'disk'
  /** nginx configs: by path (inputs/nginx/discover.ts classifyNginxPath), confirmed by content where the path alone is not enough. */
  | 'nginx'
  /** X.509 certificates by name (`*.crt`, `*.cer`); PEM certificates in `*.pem` files arrive as `key-material`. */
  | 'certificate'
  /** Every other regular file (source, docs, data): listed only when a selected loader wants all text (the secret scan). */
  | 'text';

/** What a file name says: a known input, a YAML file to peek into, or nothing. */
export type NameClass = InputKind | 'yaml' | undefined;

const COMPOSE_NAME = /^(?:docker-)?compose(?:[.\-_][^/]*)?\.ya?ml$/i;
const YAML_NAME = /\.ya?ml$/i;
const ENV_NAME = /^\.env(?:\..+)?$|^.+\.env$/;
const CERTIFICATE_NAME = /\.(?:crt|cer)$/i;
/** Private keys and keystores by their usual names (public halves and certificates-only names excluded). */
const KEY_MATERIAL_NAME = /^(?:id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?|.+\.(?:pem|key|p12|pfx|jks|keystore))$/i;

export function classifyName(name: string): NameClass {
  if (COMPOSE_NAME.test(name)) return 'compose';
  if (name === 'daemon.json') return 'docker-daemon';
  if (name === 'sshd_config') return 'sshd';
  if (name === 'authorized_keys' || name === 'authorized_keys2') return 'authorized-keys';
  if (KEY_MATERIAL_NAME.test(name)) return 'key-material';
  if (CERTIFICATE_NAME.test(name)) return 'certificate';
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
