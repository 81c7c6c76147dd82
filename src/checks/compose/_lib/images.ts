/**
 * What we know about well-known images, for the container-hardening checks.
 *
 * Policy for `compose/no-root-user` (D5), when a service sets no `user:`:
 * - images whose Dockerfile ends with a non-root `USER` (NON_ROOT below) pass: the
 *   container never runs its main process as root unless the compose file asks for it;
 * - official images whose entrypoint starts as root only to fix ownership of the data
 *   directory and then `exec`s the server as an unprivileged user with gosu/su-exec/setpriv
 *   (DROPS_PRIVILEGES below) are reported at `info`: the long-running process is not root,
 *   but the entrypoint is, and `user:` would remove even that;
 * - every other image is assumed to run as root, which is Docker's default.
 * Lists hold only images whose behaviour we checked in their Dockerfile or entrypoint;
 * a missing image is reported, never silently trusted.
 */
export interface ImageName {
  repository: string;
  tag?: string;
}

export interface ImageUser {
  kind: 'non-root' | 'drops-privileges';
  /** The user the main process runs as, for messages. */
  user: string;
}

/** Registry prefixes that name Docker Hub (and its common mirrors), removed before matching. */
const HUB_PREFIXES = [
  'docker.io/library/',
  'index.docker.io/library/',
  'registry-1.docker.io/library/',
  'registry.hub.docker.com/library/',
  'public.ecr.aws/docker/library/',
  'mirror.gcr.io/library/',
  'docker.io/',
  'index.docker.io/',
  'registry-1.docker.io/',
  'registry.hub.docker.com/',
  'mirror.gcr.io/',
  'library/',
];

/** `docker.io/library/Postgres` -> `postgres`, `docker.io/bitnami/redis` -> `bitnami/redis`. */
export function normalizeRepository(repository: string): string {
  let repo = repository.trim().toLowerCase();
  for (const prefix of HUB_PREFIXES) {
    if (repo.startsWith(prefix)) {
      repo = repo.slice(prefix.length);
      break;
    }
  }
  return repo;
}

interface Rule {
  /** Exact repository, or a prefix ending in `/` that matches a whole namespace. */
  match: string;
  user: string;
  /** Extra condition on the tag (e.g. distroless is non-root only in its `nonroot` tags). */
  tag?: (tag: string) => boolean;
}

const NON_ROOT: Rule[] = [
  { match: 'grafana/grafana', user: 'grafana (uid 472)' },
  { match: 'grafana/grafana-oss', user: 'grafana (uid 472)' },
  { match: 'grafana/grafana-enterprise', user: 'grafana (uid 472)' },
  { match: 'grafana/loki', user: 'loki (uid 10001)' },
  // Every image of the Prometheus project is built FROM its busybox base with `USER nobody`.
  { match: 'prom/', user: 'nobody (uid 65534)' },
  { match: 'quay.io/prometheus/', user: 'nobody (uid 65534)' },
  { match: 'bitnami/', user: 'uid 1001' },
  { match: 'bitnamilegacy/', user: 'uid 1001' },
  { match: 'jupyter/', user: 'jovyan (uid 1000)' },
  { match: 'quay.io/jupyter/', user: 'jovyan (uid 1000)' },
  { match: 'nginxinc/nginx-unprivileged', user: 'nginx (uid 101)' },
  { match: 'gcr.io/distroless/', user: 'nonroot (uid 65532)', tag: (t) => t.includes('nonroot') },
  // Chainguard images run as nonroot except their `-dev` variants, which add a shell and root.
  { match: 'cgr.dev/chainguard/', user: 'nonroot (uid 65532)', tag: (t) => !t.endsWith('-dev') },
  // The Elastic images end with `USER 1000:0`; their entrypoint only re-execs when started as root.
  { match: 'elasticsearch', user: 'elasticsearch (uid 1000)' },
  { match: 'docker.elastic.co/elasticsearch/elasticsearch', user: 'elasticsearch (uid 1000)' },
  { match: 'kibana', user: 'kibana (uid 1000)' },
  { match: 'docker.elastic.co/kibana/kibana', user: 'kibana (uid 1000)' },
  { match: 'logstash', user: 'logstash (uid 1000)' },
  { match: 'docker.elastic.co/logstash/logstash', user: 'logstash (uid 1000)' },
  { match: 'jenkins/jenkins', user: 'jenkins (uid 1000)' },
  { match: 'quay.io/keycloak/keycloak', user: 'keycloak (uid 1000)' },
  { match: 'keycloak/keycloak', user: 'keycloak (uid 1000)' },
  { match: 'sonarqube', user: 'sonarqube (uid 1000)' },
  { match: 'memcached', user: 'memcache (uid 11211)' },
  { match: 'solr', user: 'solr (uid 8983)' },
  { match: 'n8nio/n8n', user: 'node (uid 1000)' },
  { match: 'gitea/gitea', user: 'git (uid 1000)', tag: (t) => t.includes('rootless') },
];

const DROPS_PRIVILEGES: Rule[] = [
  { match: 'postgres', user: 'postgres' },
  { match: 'postgis/postgis', user: 'postgres' },
  { match: 'pgvector/pgvector', user: 'postgres' },
  { match: 'timescale/timescaledb', user: 'postgres' },
  { match: 'redis', user: 'redis' },
  { match: 'valkey/valkey', user: 'valkey' },
  { match: 'mysql', user: 'mysql' },
  { match: 'mariadb', user: 'mysql' },
  { match: 'mongo', user: 'mongodb' },
  { match: 'rabbitmq', user: 'rabbitmq' },
  { match: 'couchdb', user: 'couchdb' },
  { match: 'cassandra', user: 'cassandra' },
  { match: 'zookeeper', user: 'zookeeper' },
  { match: 'influxdb', user: 'influxdb' },
  { match: 'neo4j', user: 'neo4j' },
  { match: 'clickhouse/clickhouse-server', user: 'clickhouse' },
  { match: 'ghost', user: 'node' },
  { match: 'consul', user: 'consul' },
  { match: 'hashicorp/consul', user: 'consul' },
  { match: 'vault', user: 'vault' },
  { match: 'hashicorp/vault', user: 'vault' },
];

function find(rules: Rule[], image: ImageName): Rule | undefined {
  const repo = normalizeRepository(image.repository);
  const tag = (image.tag ?? 'latest').toLowerCase();
  return rules.find((r) =>
    (r.match.endsWith('/') ? repo.startsWith(r.match) : repo === r.match) && (!r.tag || r.tag(tag)),
  );
}

/** The image's default user when we know it is not plain root; undefined means "assume root". */
export function knownImageUser(image: ImageName): ImageUser | undefined {
  const nonRoot = find(NON_ROOT, image);
  if (nonRoot) return { kind: 'non-root', user: nonRoot.user };
  const drops = find(DROPS_PRIVILEGES, image);
  if (drops) return { kind: 'drops-privileges', user: drops.user };
  return undefined;
}

/** True for a `user:`/`USER` value whose user part is root (`root`, `0`, `0:0`, `root:1000`). */
export function isRootUser(value: string): boolean {
  const user = value.trim().split(':')[0]!.trim().toLowerCase();
  return user === 'root' || /^0+$/.test(user);
}
