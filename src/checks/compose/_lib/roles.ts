/**
 * What a Compose service is for (edge proxy, database, cache, admin UI, …), guessed from
 * its image, command, name and container ports. Exposure and segmentation checks judge
 * a service by its role: a published port is fine on the proxy and a leak on Postgres.
 */
import type { CheckSettings } from '../../../core/check.ts';
import type { ComposeService, YNode } from '../../../inputs/compose/model.ts';

export type ServiceRole =
  | 'edge'
  | 'database'
  | 'cache'
  | 'broker'
  | 'vector-store'
  | 'search'
  | 'object-store'
  | 'admin-ui'
  | 'model-server'
  | 'worker'
  | 'app'
  | 'unknown';

export interface ServiceClass {
  role: ServiceRole;
  /** The recognised product (`postgres`, `flower`, `jupyter`, …) when one was. */
  product?: string;
  /** What decided the role, for messages and debugging. */
  via: 'settings' | 'image' | 'command' | 'name' | 'port' | 'build' | 'none';
}

/** Roles that hold data; they belong on internal networks, away from the edge. */
export const DATA_TIER_ROLES: ReadonlySet<ServiceRole> = new Set([
  'database', 'cache', 'broker', 'vector-store', 'search', 'object-store',
]);

/** Roles whose published port is a serious exposure (no or weak auth, raw protocols). */
export const SENSITIVE_ROLES: ReadonlySet<ServiceRole> = new Set([
  ...DATA_TIER_ROLES, 'admin-ui', 'model-server',
]);

interface ProductRule {
  product: string;
  role: ServiceRole;
  /** Matched against the last path segment of the image repository. */
  image?: RegExp;
  /** Matched against the whole repository (for names whose last segment is generic). */
  repo?: RegExp;
  /** Matched against the service name. */
  name?: RegExp;
}

// Order matters: the first rule that matches wins, so specific products (redis-commander,
// pgvector, rabbitmq management) come before the generic ones they contain.
const PRODUCTS: ProductRule[] = [
  { product: 'redis-commander', role: 'admin-ui', image: /^redis-commander$/, name: /^redis-?commander$/ },
  { product: 'redisinsight', role: 'admin-ui', image: /^redisinsight$/, name: /^redis-?insight$/ },
  { product: 'mongo-express', role: 'admin-ui', image: /^mongo-express$/, name: /^mongo-?express$/ },
  { product: 'pgadmin', role: 'admin-ui', image: /^pgadmin4?$/, name: /^pgadmin4?$/ },
  { product: 'adminer', role: 'admin-ui', image: /^adminer$/, name: /^adminer$/ },
  { product: 'phpmyadmin', role: 'admin-ui', image: /^phpmyadmin$/, name: /^phpmyadmin$/ },
  { product: 'flower', role: 'admin-ui', image: /^(celery-)?flower$/, name: /^flower$/ },
  { product: 'grafana', role: 'admin-ui', image: /^grafana(-oss|-enterprise)?$/, name: /^grafana$/ },
  { product: 'prometheus', role: 'admin-ui', image: /^prometheus$/, name: /^prometheus$/ },
  { product: 'alertmanager', role: 'admin-ui', image: /^alertmanager$/, name: /^alertmanager$/ },
  { product: 'kibana', role: 'admin-ui', image: /^kibana$/, name: /^kibana$/ },
  { product: 'opensearch-dashboards', role: 'admin-ui', image: /^opensearch-dashboards$/, name: /^opensearch-dashboards$/ },
  { product: 'portainer', role: 'admin-ui', image: /^portainer(-ce|-ee)?$/, name: /^portainer$/ },
  { product: 'jupyter', role: 'admin-ui', image: /(notebook|^jupyterlab$|^jupyterhub$)/, repo: /^(quay\.io\/)?jupyter(hub)?\//, name: /^(jupyter(lab|hub)?|notebooks?)$/ },
  { product: 'pgvector', role: 'vector-store', repo: /(^|\/)pgvector\/pgvector$/, name: /^pgvector$/ },
  { product: 'postgres', role: 'database', image: /^(postgres(ql)?(-\w+)?|postgis|timescaledb(-ha|-postgis)?|supabase-postgres)$/, name: /^(postgres(ql)?|pg|pgsql|timescale(db)?)$/ },
  { product: 'mysql', role: 'database', image: /^(mysql(-server)?|percona(-server)?)$/, name: /^mysql$/ },
  { product: 'mariadb', role: 'database', image: /^mariadb$/, name: /^mariadb$/ },
  { product: 'mongo', role: 'database', image: /^mongo(db)?(-community-server)?$/, name: /^mongo(db)?$/ },
  { product: 'cockroach', role: 'database', image: /^cockroach$/, name: /^cockroach(db)?$/ },
  { product: 'clickhouse', role: 'database', image: /^clickhouse(-server)?$/, name: /^clickhouse$/ },
  { product: 'cassandra', role: 'database', image: /^(cassandra|scylla)$/, name: /^(cassandra|scylla(db)?)$/ },
  { product: 'couchdb', role: 'database', image: /^couchdb$/, name: /^couchdb$/ },
  { product: 'neo4j', role: 'database', image: /^neo4j$/, name: /^neo4j$/ },
  { product: 'influxdb', role: 'database', image: /^influxdb$/, name: /^influx(db)?$/ },
  { product: 'redis', role: 'cache', image: /^(redis(-stack(-server)?)?|redis-stack)$/, name: /^redis$/ },
  { product: 'valkey', role: 'cache', image: /^valkey$/, name: /^valkey$/ },
  { product: 'memcached', role: 'cache', image: /^memcached$/, name: /^memcached?$/ },
  { product: 'keydb', role: 'cache', image: /^keydb$/, name: /^keydb$/ },
  { product: 'dragonfly', role: 'cache', image: /^dragonfly$/, name: /^dragonfly(db)?$/ },
  { product: 'rabbitmq', role: 'broker', image: /^rabbitmq$/, name: /^(rabbit(mq)?|amqp)$/ },
  { product: 'nats', role: 'broker', image: /^nats(-streaming)?$/, name: /^nats$/ },
  { product: 'kafka', role: 'broker', image: /^(kafka|cp-kafka|cp-server)$/, name: /^kafka$/ },
  { product: 'zookeeper', role: 'broker', image: /^(zookeeper|cp-zookeeper)$/, name: /^zookeeper$/ },
  { product: 'mosquitto', role: 'broker', image: /^(eclipse-)?mosquitto$/, name: /^(mosquitto|mqtt)$/ },
  { product: 'redpanda', role: 'broker', image: /^redpanda$/, name: /^redpanda$/ },
  { product: 'qdrant', role: 'vector-store', image: /^qdrant$/, name: /^qdrant$/ },
  { product: 'weaviate', role: 'vector-store', image: /^weaviate$/, name: /^weaviate$/ },
  { product: 'milvus', role: 'vector-store', image: /^milvus$/, name: /^milvus(-standalone)?$/ },
  { product: 'chroma', role: 'vector-store', image: /^chroma(db)?$/, name: /^chroma(db)?$/ },
  { product: 'elasticsearch', role: 'search', image: /^elasticsearch(-oss)?$/, name: /^(elasticsearch|elastic|es)$/ },
  { product: 'opensearch', role: 'search', image: /^opensearch$/, name: /^opensearch$/ },
  { product: 'meilisearch', role: 'search', image: /^meilisearch$/, name: /^meili(search)?$/ },
  { product: 'typesense', role: 'search', image: /^typesense$/, name: /^typesense$/ },
  { product: 'solr', role: 'search', image: /^solr$/, name: /^solr$/ },
  { product: 'minio', role: 'object-store', image: /^minio$/, name: /^(minio|s3)$/ },
  { product: 'ollama', role: 'model-server', image: /^ollama$/, name: /^ollama$/ },
  { product: 'vllm', role: 'model-server', image: /^vllm(-openai)?$/, name: /^vllm$/ },
  { product: 'text-generation-inference', role: 'model-server', image: /^text-generation-inference$/, name: /^tgi$/ },
  { product: 'text-embeddings-inference', role: 'model-server', image: /^text-embeddings-inference$/, name: /^tei$/ },
  { product: 'triton', role: 'model-server', image: /^tritonserver$/, name: /^triton$/ },
  { product: 'localai', role: 'model-server', image: /^local-?ai$/, name: /^local-?ai$/ },
  { product: 'nginx', role: 'edge', image: /^(nginx(-unprivileged)?|openresty|nginx-proxy)$/, name: /^nginx$/ },
  { product: 'traefik', role: 'edge', image: /^traefik$/, name: /^traefik$/ },
  { product: 'caddy', role: 'edge', image: /^caddy$/, name: /^caddy$/ },
  { product: 'haproxy', role: 'edge', image: /^haproxy$/, name: /^haproxy$/ },
  { product: 'envoy', role: 'edge', image: /^envoy(-distroless)?$/, name: /^envoy$/ },
  { product: 'httpd', role: 'edge', image: /^(httpd|apache2?)$/, name: /^(httpd|apache2?)$/ },
];

interface CommandRule {
  product?: string;
  role: ServiceRole;
  pattern: RegExp;
}

// The command says what a generic image (python, node, a local build) actually runs.
const COMMANDS: CommandRule[] = [
  { product: 'flower', role: 'admin-ui', pattern: /\bcelery\b.*\bflower\b|(^|\s)flower(\s|$)/ },
  { product: 'jupyter', role: 'admin-ui', pattern: /\bjupyter(-lab|-notebook)?\b|\bstart-notebook(\.sh|\.py)?\b/ },
  { product: 'celery', role: 'worker', pattern: /\bcelery\b.*\b(worker|beat)\b/ },
  { product: 'rq', role: 'worker', pattern: /\brq(\s+\S+)*\s+worker\b|\brqworker\b/ },
  { product: 'sidekiq', role: 'worker', pattern: /\bsidekiq\b/ },
  { product: 'dramatiq', role: 'worker', pattern: /\bdramatiq\b/ },
  { product: 'arq', role: 'worker', pattern: /(^|\s)arq\s/ },
  { product: 'ollama', role: 'model-server', pattern: /\bollama\s+serve\b/ },
  { product: 'vllm', role: 'model-server', pattern: /\bvllm(\.entrypoints|\s+serve)\b/ },
];

// Service-name words that say the role when nothing more specific matched.
const NAME_WORDS: [RegExp, ServiceRole][] = [
  [/^(proxy|reverse-?proxy|edge|ingress|lb|loadbalancer)$/, 'edge'],
  [/^(worker|workers|scheduler|beat|cron|consumer|jobs?|tasks?)$/, 'worker'],
  [/^(db|database|postgres|mysql|mongo)$/, 'database'],
  [/^(cache|redis)$/, 'cache'],
  [/^(queue|broker|mq)$/, 'broker'],
  [/^(vectordb|vectorstore|vector)$/, 'vector-store'],
  [/^(search)$/, 'search'],
  [/^(admin|dashboard|monitoring|metrics)$/, 'admin-ui'],
];

// Container ports that name their product without doubt. Ports many apps use (3000,
// 8080, 8000, 8888) only say "app" here; the image or name must say more.
const PORTS: Record<string, { product: string; role: ServiceRole }> = {
  '5432': { product: 'postgres', role: 'database' },
  '3306': { product: 'mysql', role: 'database' },
  '27017': { product: 'mongo', role: 'database' },
  '26257': { product: 'cockroach', role: 'database' },
  '8123': { product: 'clickhouse', role: 'database' },
  '9042': { product: 'cassandra', role: 'database' },
  '6379': { product: 'redis', role: 'cache' },
  '11211': { product: 'memcached', role: 'cache' },
  '5672': { product: 'rabbitmq', role: 'broker' },
  '15672': { product: 'rabbitmq', role: 'broker' },
  '4222': { product: 'nats', role: 'broker' },
  '9092': { product: 'kafka', role: 'broker' },
  '2181': { product: 'zookeeper', role: 'broker' },
  '1883': { product: 'mosquitto', role: 'broker' },
  '6333': { product: 'qdrant', role: 'vector-store' },
  '6334': { product: 'qdrant', role: 'vector-store' },
  '19530': { product: 'milvus', role: 'vector-store' },
  '9200': { product: 'elasticsearch', role: 'search' },
  '7700': { product: 'meilisearch', role: 'search' },
  '8108': { product: 'typesense', role: 'search' },
  '8983': { product: 'solr', role: 'search' },
  '5601': { product: 'kibana', role: 'admin-ui' },
  '5555': { product: 'flower', role: 'admin-ui' },
  '9090': { product: 'prometheus', role: 'admin-ui' },
  '9093': { product: 'alertmanager', role: 'admin-ui' },
  '11434': { product: 'ollama', role: 'model-server' },
};

const APP_PORTS = new Set(['80', '3000', '4000', '5000', '8000', '8001', '8080', '8081', '8443', '8888', '9000']);

/** The facts role classification reads; a plain object so it is easy to test. */
export interface ServiceFacts {
  name: string;
  /** Image repository, e.g. `postgres`, `bitnami/redis`, `ghcr.io/org/app`. */
  repository?: string;
  /** Image tag, e.g. `3-management`. */
  tag?: string;
  /** `entrypoint` and `command` joined into one line. */
  command?: string;
  /** Container ports (targets of `ports:` and `expose:`). */
  containerPorts: string[];
  hasBuild: boolean;
}

export function serviceFacts(service: ComposeService): ServiceFacts {
  const command = [nodeText(service.entrypoint), nodeText(service.command)].filter(Boolean).join(' ');
  const facts: ServiceFacts = {
    name: service.name,
    containerPorts: [...service.ports.map((p) => p.target), ...service.expose.map((e) => String(e.value ?? ''))]
      .map((p) => p.split('/')[0]!),
    hasBuild: service.hasBuild,
  };
  if (service.image) {
    facts.repository = service.image.repository;
    if (service.image.tag) facts.tag = service.image.tag;
  }
  if (command) facts.command = command;
  return facts;
}

/** Classify a service; `settings.edgeServices`, when non-empty, alone decides what is edge. */
export function classifyService(service: ComposeService, settings?: Pick<CheckSettings, 'edgeServices'>): ServiceClass {
  return classifyFacts(serviceFacts(service), settings?.edgeServices ?? []);
}

export function classifyFacts(facts: ServiceFacts, edgeServices: readonly string[] = []): ServiceClass {
  const edgeListed = edgeServices.length > 0;
  if (edgeListed && edgeServices.includes(facts.name)) {
    return { role: 'edge', via: 'settings', ...productOf(facts) };
  }
  // With an explicit edge list, a guessed edge is only a web server inside the stack.
  const allow = (c: ServiceClass | undefined): ServiceClass | undefined =>
    c && edgeListed && c.role === 'edge' ? { ...c, role: 'app' } : c;
  return (
    allow(byImage(facts)) ??
    allow(byCommand(facts)) ??
    allow(byName(facts)) ??
    allow(byPort(facts)) ??
    (facts.hasBuild || facts.containerPorts.some((p) => APP_PORTS.has(p))
      ? { role: 'app', via: facts.hasBuild ? 'build' : 'port' }
      : { role: 'unknown', via: 'none' })
  );
}

function productOf(facts: ServiceFacts): { product?: string } {
  const c = byImage(facts) ?? byCommand(facts) ?? byName(facts);
  return c?.product ? { product: c.product } : {};
}

function byImage(facts: ServiceFacts): ServiceClass | undefined {
  if (!facts.repository) return undefined;
  const repo = facts.repository.toLowerCase().replace(/^docker\.io\/(library\/)?/, '');
  const last = repo.slice(repo.lastIndexOf('/') + 1);
  for (const rule of PRODUCTS) {
    if (rule.repo?.test(repo) || rule.image?.test(last)) {
      return { role: rule.role, product: rule.product, via: 'image' };
    }
  }
  return undefined;
}

function byCommand(facts: ServiceFacts): ServiceClass | undefined {
  if (!facts.command) return undefined;
  for (const rule of COMMANDS) {
    if (rule.pattern.test(facts.command)) {
      return { role: rule.role, via: 'command', ...(rule.product ? { product: rule.product } : {}) };
    }
  }
  return undefined;
}

function byName(facts: ServiceFacts): ServiceClass | undefined {
  const name = facts.name.toLowerCase();
  for (const rule of PRODUCTS) {
    if (rule.name?.test(name)) return { role: rule.role, product: rule.product, via: 'name' };
  }
  // `celery-worker`, `api_worker`, `pg-main`: look at each word of the name.
  const words = name.split(/[-_.]+/).filter(Boolean);
  for (const word of words.length > 1 ? words : []) {
    for (const rule of PRODUCTS) {
      if (rule.name?.test(word)) return { role: rule.role, product: rule.product, via: 'name' };
    }
  }
  for (const word of [name, ...words]) {
    for (const [pattern, role] of NAME_WORDS) {
      if (pattern.test(word)) return { role, via: 'name' };
    }
  }
  return undefined;
}

function byPort(facts: ServiceFacts): ServiceClass | undefined {
  for (const port of facts.containerPorts) {
    const hit = PORTS[port];
    if (hit) return { role: hit.role, product: hit.product, via: 'port' };
  }
  return undefined;
}

/** The text of a `command`/`entrypoint` node: a string, or list items joined by spaces. */
export function nodeText(node: YNode | undefined): string {
  if (!node) return '';
  if (node.kind === 'scalar') return node.value === null ? '' : String(node.value);
  if (node.kind === 'seq') return node.items.map(nodeText).join(' ');
  return '';
}

/** `Service "db" (database)` plus the profiles it needs, for messages. */
export function describeService(service: Pick<ComposeService, 'name' | 'profiles'>, role?: ServiceRole | string): string {
  const notes: string[] = [];
  if (role && role !== 'unknown') notes.push(role);
  const profiles = profileNote(service.profiles);
  if (profiles) notes.push(profiles);
  return `Service "${service.name}"${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

/** `only with profile "debug"`, or '' when the service always starts. */
export function profileNote(profiles: readonly string[]): string {
  if (profiles.length === 0) return '';
  const list = profiles.map((p) => `"${p}"`).join(', ');
  return `only started with profile${profiles.length > 1 ? 's' : ''} ${list}`;
}
