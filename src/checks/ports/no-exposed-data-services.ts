import { defineCheck } from '../../core/check.ts';
import type { PortsSnapshot } from '../../probes/ports/snapshot.ts';
import { reportOpenPorts } from './_lib.ts';

export default defineCheck<PortsSnapshot>({
  id: 'ports/no-exposed-data-services',
  title: 'Databases, caches, brokers and vector stores are not reachable from the network',
  severity: 'high',
  checklist: ['N1', 'N7'],
  rationale:
    'A database, cache, message broker, search engine, vector store or object store whose port answers from the network ' +
    'is one weak or default password (or none: Redis, Memcached, Elasticsearch, Qdrant and MongoDB have all shipped ' +
    'open) away from a full data leak, and mass scanners find such ports within hours. Only the applications that use ' +
    'a data service should reach it, over an internal network. The `host://` probe tries a TCP connect to each ' +
    'well-known default port (PostgreSQL 5432, MySQL 3306, Redis 6379, MongoDB 27017, Elasticsearch 9200/9300, Qdrant ' +
    '6333/6334, Milvus 19530, RabbitMQ 5672, Kafka 9092, NATS 4222, etcd 2379/2380, MinIO 9000, …) and reports each one ' +
    'that accepts. It measures exposure from where it runs: probe the public address from another machine or network. ' +
    'Against a loopback address (127.0.0.1, ::1, localhost) the host sees its own listeners, firewalled or not, so ' +
    'those findings are `info` only. A service moved to a non-default port is not seen.',
  remediation:
    'Publish nothing for data services and let the applications reach them over an internal network. In Compose, drop ' +
    'the `ports:` of the service (or bind it to loopback for local tools):\n\n' +
    '    services:\n' +
    '      redis:\n' +
    '        image: redis:7\n' +
    '        # no ports: the app reaches redis:6379 on the project network\n' +
    '      postgres:\n' +
    '        ports: ["127.0.0.1:5432:5432"]   # only for local tools\n\n' +
    'On the host, deny incoming by default and allow only 22/80/443 (`ufw default deny incoming`, `ufw allow 443/tcp`); ' +
    'note that Docker-published ports bypass UFW, so the Compose change is the one that counts. Bind native services to ' +
    'loopback or the private interface (`bind 127.0.0.1` in redis.conf, `listen_addresses` in postgresql.conf).',
  references: [
    'https://docs.docker.com/engine/network/packet-filtering-firewalls/',
    'https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xhtml',
  ],
  fixable: false,
  run({ model, report }) {
    reportOpenPorts(
      model,
      'data',
      () => undefined,
      'a data service should be reachable only by the applications that use it, over an internal network.',
      report,
    );
  },
});
