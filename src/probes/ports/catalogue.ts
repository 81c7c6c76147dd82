/**
 * The well-known ports a `host://` probe tries: the default ports of the data services and
 * admin interfaces self-hosted stacks run, plus the three a public host is expected to
 * expose. One row per port, so a port is never tried twice and a subject (`6379/redis`)
 * names one service. Ports many unrelated programs share (8080, 8000, 8888 aside from
 * Jupyter) are left out unless one service clearly owns them in these stacks: an open
 * 8080 says nothing about what answers there.
 *
 * Sources: "IANA" is the IANA service-name registry; otherwise the project's own docs
 * give the port as its default.
 */

/**
 * `data`: a database, cache, broker, vector store or object store (checklist N1: publish
 * nothing). `admin`: a control plane, dashboard, metrics or notebook endpoint (N8).
 * `public`: SSH, HTTP and HTTPS, expected on a public host; recorded, not judged.
 */
export type PortRole = 'data' | 'admin' | 'public';

export interface PortEntry {
  port: number;
  /** Short lower-case service name used in subjects: `6379/redis`. */
  service: string;
  /** Human name, with the other programs that commonly share the port. */
  name: string;
  role: PortRole;
  /** Where the port assignment comes from. */
  source: string;
}

export const PORT_CATALOGUE: readonly PortEntry[] = [
  // Expected on a public host: recorded so the report shows what answered.
  { port: 22, service: 'ssh', name: 'SSH', role: 'public', source: 'IANA' },
  { port: 80, service: 'http', name: 'HTTP', role: 'public', source: 'IANA' },
  { port: 443, service: 'https', name: 'HTTPS', role: 'public', source: 'IANA' },

  // Data services.
  { port: 2379, service: 'etcd', name: 'etcd client API', role: 'data', source: 'IANA; etcd docs' },
  { port: 2380, service: 'etcd-peer', name: 'etcd peer API', role: 'data', source: 'IANA; etcd docs' },
  { port: 3306, service: 'mysql', name: 'MySQL / MariaDB', role: 'data', source: 'IANA' },
  { port: 4222, service: 'nats', name: 'NATS client port', role: 'data', source: 'NATS docs' },
  { port: 5432, service: 'postgresql', name: 'PostgreSQL', role: 'data', source: 'IANA' },
  { port: 5672, service: 'rabbitmq', name: 'RabbitMQ (AMQP 0-9-1)', role: 'data', source: 'IANA (amqp)' },
  { port: 6333, service: 'qdrant', name: 'Qdrant HTTP API', role: 'data', source: 'Qdrant docs' },
  { port: 6334, service: 'qdrant-grpc', name: 'Qdrant gRPC API', role: 'data', source: 'Qdrant docs' },
  { port: 6379, service: 'redis', name: 'Redis / Valkey', role: 'data', source: 'IANA' },
  { port: 7700, service: 'meilisearch', name: 'Meilisearch', role: 'data', source: 'Meilisearch docs' },
  { port: 8123, service: 'clickhouse', name: 'ClickHouse HTTP interface', role: 'data', source: 'ClickHouse docs' },
  // 9000 is MinIO's S3 API, ClickHouse's native protocol, PHP-FPM and Portainer's old HTTP
  // port. MinIO names it here: object storage is the usual 9000 of Compose stacks, ClickHouse
  // is caught by 8123 (on by default next to 9000) and Portainer moved to 9443.
  { port: 9000, service: 'minio', name: 'MinIO S3 API (also ClickHouse native protocol, PHP-FPM)', role: 'data', source: 'MinIO docs' },
  { port: 9042, service: 'cassandra', name: 'Cassandra CQL', role: 'data', source: 'Cassandra docs' },
  { port: 9092, service: 'kafka', name: 'Kafka broker', role: 'data', source: 'IANA; Kafka docs' },
  { port: 9200, service: 'elasticsearch', name: 'Elasticsearch / OpenSearch REST API', role: 'data', source: 'IANA (wap-wsp, unused); Elastic docs' },
  { port: 9300, service: 'elasticsearch-transport', name: 'Elasticsearch / OpenSearch transport', role: 'data', source: 'Elastic docs' },
  { port: 11211, service: 'memcached', name: 'Memcached', role: 'data', source: 'IANA' },
  { port: 19530, service: 'milvus', name: 'Milvus gRPC API', role: 'data', source: 'Milvus docs' },
  { port: 27017, service: 'mongodb', name: 'MongoDB', role: 'data', source: 'IANA; MongoDB docs' },

  // Admin and control interfaces.
  { port: 2375, service: 'docker-api', name: 'Docker Engine API, plain TCP', role: 'admin', source: 'IANA; Docker docs' },
  { port: 2376, service: 'docker-api-tls', name: 'Docker Engine API over TLS', role: 'admin', source: 'IANA; Docker docs' },
  { port: 3000, service: 'grafana', name: 'Grafana (also many Node.js apps)', role: 'admin', source: 'Grafana docs' },
  { port: 5050, service: 'pgadmin', name: 'pgAdmin', role: 'admin', source: 'pgAdmin docs (container images)' },
  { port: 5555, service: 'flower', name: 'Celery Flower', role: 'admin', source: 'Flower docs' },
  { port: 5601, service: 'kibana', name: 'Kibana / OpenSearch Dashboards', role: 'admin', source: 'Elastic docs' },
  { port: 6443, service: 'kubernetes-api', name: 'Kubernetes API server', role: 'admin', source: 'Kubernetes docs (ports and protocols)' },
  { port: 8500, service: 'consul', name: 'Consul HTTP API and UI', role: 'admin', source: 'Consul docs' },
  { port: 8888, service: 'jupyter', name: 'Jupyter Notebook / JupyterLab', role: 'admin', source: 'Jupyter docs' },
  { port: 9001, service: 'minio-console', name: 'MinIO console', role: 'admin', source: 'MinIO docs (container examples)' },
  { port: 9090, service: 'prometheus', name: 'Prometheus', role: 'admin', source: 'Prometheus default port allocations' },
  { port: 9093, service: 'alertmanager', name: 'Alertmanager', role: 'admin', source: 'Prometheus default port allocations' },
  { port: 9100, service: 'node-exporter', name: 'Prometheus node exporter', role: 'admin', source: 'Prometheus default port allocations' },
  { port: 9443, service: 'portainer', name: 'Portainer (HTTPS)', role: 'admin', source: 'Portainer docs' },
  { port: 10250, service: 'kubelet', name: 'Kubernetes kubelet API', role: 'admin', source: 'Kubernetes docs (ports and protocols)' },
  { port: 11434, service: 'ollama', name: 'Ollama API', role: 'admin', source: 'Ollama docs' },
  { port: 15672, service: 'rabbitmq-management', name: 'RabbitMQ management UI and API', role: 'admin', source: 'RabbitMQ docs' },
];
