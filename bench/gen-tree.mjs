#!/usr/bin/env node
// Generates a synthetic deployment repo of N files: compose stacks (about 1 in 25
// files, with .env files beside them) mixed with ordinary source, docs and data files,
// in nested folders like a real monorepo. Deterministic for a given N.
//   node bench/gen-tree.mjs 10000 bench/trees/t10000
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const total = Number(process.argv[2] ?? 1000);
const out = process.argv[3] ?? `bench/trees/t${total}`;
rmSync(out, { recursive: true, force: true });

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);

const compose = (i) => `# stack ${i}
x-common: &common
  restart: unless-stopped
  logging:
    driver: json-file
    options: { max-size: "10m", max-file: "3" }
services:
  proxy:
    <<: *common
    image: nginx:1.27.${i % 10}
    ports: ["80:80", "443:443"]
    networks: [edge]
  api${i}:
    <<: *common
    build: ./api
    environment:
      DATABASE_URL: postgres://app:\${DB_PASSWORD:-devpass}@db:5432/app
      REDIS_URL: redis://cache:6379/0
      SECRET_KEY: \${SECRET_KEY:?set it}
    ports: ["${8000 + (i % 100)}:8000"]
    networks: [edge, data]
  worker:
    <<: *common
    image: ghcr.io/acme/worker:${i % 7}.0
    command: celery -A app worker
    user: "1000:1000"
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    networks: [data]
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: example${i}
    ports: ["5432:5432"]
    volumes: ["pgdata:/var/lib/postgresql/data"]
    networks: [data]
  cache:
    image: redis:latest
    command: redis-server --requirepass \${REDIS_PASSWORD}
    networks: [data]
networks:
  edge: {}
  data: { internal: true }
volumes:
  pgdata: {}
`;
const env = (i) => `DB_PASSWORD=notreal${i}\nSECRET_KEY=dev-secret-${i}\nREDIS_PASSWORD=\n`;
const ts = (i) => `export function handler${i}(req: Request): Response {\n  const n = ${i};\n  return new Response(String(n * 2));\n}\n`.repeat(4);
const py = (i) => `def task_${i}(x):\n    """Synthetic task ${i}."""\n    return x + ${i}\n`.repeat(5);
const md = (i) => `# Doc ${i}\n\nSome prose about service ${i}.\n\n- item\n- item\n`;
const json = (i) => JSON.stringify({ id: i, name: `pkg-${i}`, deps: { a: '1.0.0' } }, null, 2);

let written = 0;
let dirIndex = 0;
while (written < total) {
  const dir = join(out, `svc${Math.floor(dirIndex / 20)}`, `mod${dirIndex}`);
  mkdirSync(join(dir, 'src'), { recursive: true });
  const isStack = dirIndex % 3 === 0;
  const files = [];
  if (isStack) {
    files.push(['docker-compose.yml', compose(dirIndex)], ['.env', env(dirIndex)]);
  }
  const n = 6 + Math.floor(rand() * 6);
  for (let k = 0; k < n; k++) {
    const pick = rand();
    if (pick < 0.4) files.push([`src/file${k}.ts`, ts(k)]);
    else if (pick < 0.7) files.push([`src/file${k}.py`, py(k)]);
    else if (pick < 0.85) files.push([`README${k}.md`, md(k)]);
    else files.push([`data${k}.json`, json(k)]);
  }
  for (const [name, text] of files) {
    if (written >= total) break;
    writeFileSync(join(dir, name), text);
    written++;
  }
  dirIndex++;
}
console.log(`wrote ${written} files to ${out}`);
