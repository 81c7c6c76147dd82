#!/usr/bin/env node
// Generates a synthetic repository of N files (source code, Markdown, JSON, .env, Compose
// and other YAML) with about one planted secret per 20 files, of kinds that both Bulwark
// and secretlint's recommended preset detect, plus decoys that neither should report
// (placeholders, templates, references, documentation examples, Stripe test keys).
// Every value is made up here, at run time: none was ever issued by a provider.
// The manifest of planted secrets ({path, line, kind}) and decoys is written NEXT to the
// tree (`<out>.manifest.json`), never inside it. The tree is made its own git repository
// (nothing committed) so that the scan's git context is the same for every file.
//   node bench/gen-secrets-tree.mjs 10000 bench/trees/s10000
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';

const total = Number(process.argv[2] ?? 10000);
const out = process.argv[3] ?? `bench/trees/s${total}`;
rmSync(out, { recursive: true, force: true });

let seed = 1337;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const B64URL = B62 + '-_';
const B64 = B62 + '+/';
const HEX = '0123456789abcdef';
const str = (alphabet, n) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
const base62 = (n) => {
  let s = '';
  do { s = B62[n % 62] + s; n = Math.floor(n / 62); } while (n > 0);
  return s.padStart(6, '0');
};
const checksummed = (prefix) => {
  const body = str(B62, 30);
  return `${prefix}${body}${base62(crc32(Buffer.from(body)) >>> 0)}`;
};
const password = () => `${str(B62, 12)}${pick(['!', '#', '%', '^'])}${str(B62, 6)}`;

// ---- secret makers: each returns { lines, at } (at = 0-based index of the secret's line) ----
const secrets = {
  'aws-access-key-id': () => ({ lines: [`AWS_ACCESS_KEY_ID=AKIA${str('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`], at: 0, ext: 'env' }),
  'github-token': () => ({ lines: [`const octokit = new Octokit({ auth: "${checksummed('ghp_')}" });`], at: 0, ext: 'ts' }),
  'gitlab-token': () => ({ lines: ['variables:', `  GITLAB_TOKEN: glpat-${str(B64URL, 20)}`], at: 1, ext: 'yml' }),
  'slack-token': () => ({ lines: [`SLACK_BOT_TOKEN = "xoxb-${str('0123456789', 12)}-${str('0123456789', 13)}-${str(B62, 24)}"`], at: 0, ext: 'py' }),
  'slack-webhook': () => ({ lines: ['Alerts go to the ops channel:', '', `    https://hooks.slack.com/services/T${str('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10)}/B${str('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10)}/${str(B62, 24)}`], at: 2, ext: 'md' }),
  'stripe-live': () => ({ lines: [`STRIPE_SECRET_KEY=sk_live_${str(B62, 99)}`], at: 0, ext: 'env' }),
  openai: () => ({ lines: [`client = OpenAI(api_key="sk-proj-${str(B64URL, 74)}T3BlbkFJ${str(B64URL, 74)}")`], at: 0, ext: 'py' }),
  anthropic: () => ({ lines: [`const anthropic = new Anthropic({ apiKey: 'sk-ant-api03-${str(B64URL, 93)}AA' });`], at: 0, ext: 'js' }),
  sendgrid: () => ({ lines: [`SENDGRID_API_KEY=SG.${str(B64URL, 22)}.${str(B64URL, 43)}`], at: 0, ext: 'env' }),
  npm: () => ({ lines: ['registry=https://registry.npmjs.org/', `//registry.npmjs.org/:_authToken=${checksummed('npm_')}`], at: 1, ext: 'npmrc' }),
  'private-key': () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return { lines: privateKey.export({ type: 'pkcs8', format: 'pem' }).trimEnd().split('\n'), at: 0, ext: 'pem' };
  },
  'gcp-service-account': () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const json = JSON.stringify({ type: 'service_account', project_id: `proj-${str(HEX, 6)}`, private_key_id: str(HEX, 40), private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }), client_email: `svc@proj-${str(HEX, 6)}.iam.gserviceaccount.com`, client_id: str('0123456789', 21) }, null, 2);
    const lines = json.split('\n');
    return { lines, at: lines.findIndex((l) => l.includes('"private_key"')), ext: 'json' };
  },
  'database-url': () => ({ lines: ['services:', '  api:', '    image: registry.internal/api:1.4.2', '    environment:', `      DATABASE_URL: ${pick(['postgres', 'mysql', 'mongodb'])}://app:${password()}@db.internal:5432/app`], at: 4, ext: 'compose' }),
  'basic-auth-url': () => ({ lines: ['Push images with:', '', `    docker login https://deploy:${password()}@registry.internal.corp/v2/`], at: 2, ext: 'md' }),
  huggingface: () => ({ lines: [`HF_TOKEN = "hf_${str('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 34)}"`], at: 0, ext: 'py' }),
  groq: () => ({ lines: [`GROQ_API_KEY=gsk_${str(B62, 52)}`], at: 0, ext: 'env' }),
};

// ---- decoys: look like secrets to a careless scanner, are not leaks ----
const decoys = [
  () => ({ lines: ['AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'], ext: 'env.example', kind: 'aws-docs-example' }),
  () => ({ lines: ['STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'OPENAI_API_KEY=<your-openai-key>', 'DB_PASSWORD=changeme', 'API_TOKEN='], ext: 'env.example', kind: 'template-placeholders' }),
  () => ({ lines: [`STRIPE_TEST_KEY=sk_test_${str(B62, 99)}`], ext: 'env', kind: 'stripe-test-key' }),
  () => ({ lines: ['DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app', 'REDIS_URL=redis://:${REDIS_PASSWORD}@redis:6379/0'], ext: 'env', kind: 'references' }),
  () => ({ lines: ['Connect with `postgres://user:password@localhost:5432/app` in development.'], ext: 'md', kind: 'docs-placeholder-url' }),
  () => ({ lines: ['const token = process.env.GITHUB_TOKEN ?? "";', "const header = '-----BEGIN PRIVATE KEY-----';"], ext: 'ts', kind: 'code-references' }),
  () => ({ lines: ['# jwt.io example', 'EXAMPLE_JWT=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'], ext: 'env.sample', kind: 'jwt-docs-example' }),
  () => ({ lines: ['hash: "sha256:' + str(HEX, 64) + '"', `commit: ${str(HEX, 40)}`, `uuid: ${str(HEX, 8)}-${str(HEX, 4)}-${str(HEX, 4)}-${str(HEX, 4)}-${str(HEX, 12)}`], ext: 'yml', kind: 'hashes-and-ids' }),
];

// ---- filler ----
const filler = {
  ts: (i) => [`import { helper${i % 7} } from './helper.js';`, '', `export function handler${i}(input: string): string {`, `  const key = \`cache:\${input}\`;`, `  return helper${i % 7}(key).trim();`, '}'],
  js: (i) => [`const config = require('./config');`, `module.exports = function run${i}(req, res) {`, '  res.json({ ok: true, version: config.version });', '};'],
  py: (i) => ['import os', '', `def task_${i}(payload):`, '    token = os.environ.get("API_TOKEN")', '    return {"ok": True, "token_set": token is not None}'],
  md: (i) => [`# Service ${i}`, '', 'Run `docker compose up -d` and open the dashboard.', 'Set `SECRET_KEY` in your `.env` (see `.env.example`).'],
  json: (i) => [JSON.stringify({ name: `pkg-${i}`, version: `1.${i % 10}.0`, scripts: { build: 'tsc', test: 'node --test' }, dependencies: { yaml: '^2.8.1' } }, null, 2)],
  env: (i) => [`APP_NAME=svc${i}`, 'LOG_LEVEL=info', 'DB_PASSWORD=${DB_PASSWORD}'],
  yml: (i) => [`name: job-${i}`, 'on: [push]', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4'],
  compose: (i) => ['services:', `  web${i}:`, `    image: nginx:1.27.${i % 10}`, '    read_only: true'],
  npmrc: () => ['registry=https://registry.npmjs.org/', 'save-exact=true'],
  pem: () => ['-----BEGIN CERTIFICATE-----', str(B64, 64), '-----END CERTIFICATE-----'],
};
const fileName = (ext, i) => {
  switch (ext) {
    case 'env': return i % 3 === 0 ? '.env' : `config${i}.env`;
    case 'env.example': return '.env.example';
    case 'env.sample': return `settings${i}.env.sample`;
    case 'compose': return 'docker-compose.yml';
    case 'npmrc': return '.npmrc';
    case 'pem': return `tls${i}.pem`;
    default: return `file${i}.${ext}`;
  }
};

const kinds = Object.keys(secrets);
const planted = [];
const decoyed = [];
const secretEvery = 20;
const decoyEvery = 25;
const used = new Set();
for (let i = 0; i < total; i++) {
  const dir = `pkg${String(Math.floor(i / 100)).padStart(3, '0')}/${pick(['src', 'lib', 'docs', 'config', 'deploy'])}`;
  let lines;
  let ext;
  let plantedAt;
  let kind;
  let decoyKind;
  if (i % secretEvery === 7) {
    kind = kinds[(i / secretEvery | 0) % kinds.length];
    const made = secrets[kind]();
    ext = made.ext;
    const head = (filler[ext] ?? filler.md)(i).slice(0, ext === 'pem' || ext === 'json' ? 0 : 2);
    if (ext === 'compose' || ext === 'npmrc') head.length = 0;
    lines = [...head, ...made.lines];
    plantedAt = head.length + made.at;
  } else if (i % decoyEvery === 3) {
    const made = pick(decoys)();
    ext = made.ext;
    lines = made.lines;
    decoyKind = made.kind;
  } else {
    ext = pick(['ts', 'ts', 'ts', 'js', 'py', 'py', 'md', 'md', 'json', 'yml', 'env', 'compose']);
    lines = filler[ext](i);
  }
  let path = `${dir}/${fileName(ext, i)}`;
  while (used.has(path)) path = `${dir}/x${i}-${fileName(ext, i)}`;
  used.add(path);
  mkdirSync(join(out, dirname(path)), { recursive: true });
  writeFileSync(join(out, path), lines.join('\n') + '\n');
  if (kind) planted.push({ path, line: plantedAt + 1, kind });
  if (decoyKind) decoyed.push({ path, kind: decoyKind, lines: lines.length });
}
try {
  execFileSync('git', ['init', '-q'], { cwd: out, stdio: 'ignore' });
} catch {
  // no git: the scan has no git context, the same for every file
}
writeFileSync(`${out}.manifest.json`, JSON.stringify({ total, planted, decoys: decoyed }, null, 1));
console.log(`${total} files, ${planted.length} planted secrets, ${decoyed.length} decoy files -> ${out} (manifest ${out}.manifest.json)`);
