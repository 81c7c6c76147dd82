/**
 * Service role classification: what a service is for, from image, command, name and ports.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadComposeProject } from '../../src/inputs/compose/load.ts';
import { SourceStore } from '../../src/inputs/source.ts';
import type { ServiceFacts } from '../../src/checks/compose/_lib/roles.ts';
import { classifyFacts, classifyService, describeService, profileNote } from '../../src/checks/compose/_lib/roles.ts';

function facts(partial: Partial<ServiceFacts> & { name: string }): ServiceFacts {
  return { containerPorts: [], hasBuild: false, ...partial };
}

describe('classifyFacts', () => {
  const cases: [string, Partial<ServiceFacts> & { name: string }, string, string | undefined][] = [
    ['official postgres', { name: 'main', repository: 'postgres', tag: '16' }, 'database', 'postgres'],
    ['bitnami postgresql', { name: 'x', repository: 'bitnami/postgresql' }, 'database', 'postgres'],
    ['docker.io/library prefix', { name: 'x', repository: 'docker.io/library/redis' }, 'cache', 'redis'],
    ['timescale', { name: 'x', repository: 'timescale/timescaledb-ha' }, 'database', 'postgres'],
    ['pgvector is a vector store, not plain postgres', { name: 'x', repository: 'pgvector/pgvector' }, 'vector-store', 'pgvector'],
    ['rabbitmq management image', { name: 'x', repository: 'rabbitmq', tag: '3-management' }, 'broker', 'rabbitmq'],
    ['flower image', { name: 'monitor', repository: 'mher/flower' }, 'admin-ui', 'flower'],
    ['jupyter stack image', { name: 'lab', repository: 'quay.io/jupyter/scipy-notebook' }, 'admin-ui', 'jupyter'],
    ['redis-commander is an admin UI, not a cache', { name: 'rc', repository: 'rediscommander/redis-commander' }, 'admin-ui', 'redis-commander'],
    ['qdrant', { name: 'x', repository: 'qdrant/qdrant' }, 'vector-store', 'qdrant'],
    ['elasticsearch on elastic registry', { name: 'x', repository: 'docker.elastic.co/elasticsearch/elasticsearch' }, 'search', 'elasticsearch'],
    ['minio', { name: 'x', repository: 'minio/minio' }, 'object-store', 'minio'],
    ['ollama', { name: 'llm', repository: 'ollama/ollama' }, 'model-server', 'ollama'],
    ['vllm', { name: 'x', repository: 'vllm/vllm-openai' }, 'model-server', 'vllm'],
    ['tgi', { name: 'x', repository: 'ghcr.io/huggingface/text-generation-inference' }, 'model-server', 'text-generation-inference'],
    ['nginx is the edge', { name: 'frontend', repository: 'nginx' }, 'edge', 'nginx'],
    ['traefik is the edge', { name: 'x', repository: 'traefik' }, 'edge', 'traefik'],
    ['celery worker on a python image', { name: 'bg', repository: 'python', command: 'celery -A app worker -l info' }, 'worker', 'celery'],
    ['flower from the app build', { name: 'monitor', hasBuild: true, command: 'celery -A app flower --port=5555' }, 'admin-ui', 'flower'],
    ['jupyter from a build', { name: 'x', hasBuild: true, command: 'jupyter lab --ip=0.0.0.0' }, 'admin-ui', 'jupyter'],
    ['rq worker', { name: 'x', hasBuild: true, command: 'rq worker high default' }, 'worker', 'rq'],
    ['worker by name word', { name: 'api-worker', hasBuild: true }, 'worker', undefined],
    ['beat by name', { name: 'beat', hasBuild: true }, 'worker', undefined],
    ['db by name', { name: 'db' }, 'database', undefined],
    ['pg-main by name word', { name: 'pg-main' }, 'database', 'postgres'],
    ['postgres port on an unknown image', { name: 'x', repository: 'ghcr.io/acme/store', containerPorts: ['5432'] }, 'database', 'postgres'],
    ['flower port', { name: 'x', repository: 'ghcr.io/acme/dash', containerPorts: ['5555'] }, 'admin-ui', 'flower'],
    ['3000 is an app port, not grafana', { name: 'web', repository: 'ghcr.io/acme/web', containerPorts: ['3000'] }, 'app', undefined],
    ['a build is an app', { name: 'api', hasBuild: true }, 'app', undefined],
    ['nothing known', { name: 'thing', repository: 'ghcr.io/acme/thing' }, 'unknown', undefined],
  ];
  for (const [label, input, role, product] of cases) {
    it(label, () => {
      const c = classifyFacts(facts(input));
      assert.equal(c.role, role);
      assert.equal(c.product, product);
    });
  }

  it('the image decides over the name', () => {
    assert.equal(classifyFacts(facts({ name: 'worker', repository: 'redis' })).role, 'cache');
  });

  it('a configured edge list is authoritative', () => {
    const gateway = classifyFacts(facts({ name: 'gateway', hasBuild: true }), ['gateway']);
    assert.deepEqual([gateway.role, gateway.via], ['edge', 'settings']);
    // An nginx that is not listed only serves files inside the stack.
    assert.equal(classifyFacts(facts({ name: 'static', repository: 'nginx' }), ['gateway']).role, 'app');
    assert.equal(classifyFacts(facts({ name: 'static', repository: 'nginx' }), []).role, 'edge');
  });
});

describe('classifyService on a loaded project', () => {
  it('reads image, command, ports and build from the model', () => {
    const store = new SourceStore('/nonexistent-root');
    store.put('compose.yml', [
      'services:',
      '  proxy:',
      '    image: caddy:2.8',
      '  tasks:',
      '    build: .',
      '    command: ["celery", "-A", "app", "worker"]',
      '  store:',
      '    image: ghcr.io/acme/store:1',
      '    expose: ["5432"]',
      '  api:',
      '    build: .',
      '    ports: ["8000:8000"]',
      '    profiles: [debug, tools]',
      '',
    ].join('\n'));
    const { project, errors } = loadComposeProject(['compose.yml'], store);
    assert.deepEqual(errors, []);
    assert.ok(project);
    const roles = Object.fromEntries(project.services.map((s) => [s.name, classifyService(s).role]));
    assert.deepEqual(roles, { proxy: 'edge', tasks: 'worker', store: 'database', api: 'app' });
    const api = project.services.find((s) => s.name === 'api')!;
    assert.equal(describeService(api, 'app'), 'Service "api" (app, only started with profiles "debug", "tools")');
  });
});

describe('describeService', () => {
  it('names the role and the profile a service needs', () => {
    assert.equal(describeService({ name: 'db', profiles: [] }, 'database'), 'Service "db" (database)');
    assert.equal(describeService({ name: 'db', profiles: ['dev'] }), 'Service "db" (only started with profile "dev")');
    assert.equal(describeService({ name: 'x', profiles: [] }, 'unknown'), 'Service "x"');
    assert.equal(profileNote([]), '');
  });
});
