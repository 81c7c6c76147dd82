/**
 * The two example stacks: the insecure one must report every planted problem at its exact
 * line, the hardened one nothing at medium or above with every registered check.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CHECKS } from '../src/checks/index.ts';
import { checkKind } from '../src/core/check.ts';
import { isProbeKind } from '../src/probes/kinds.ts';
import { atLeast } from '../src/core/severity.ts';
import type { Severity } from '../src/core/severity.ts';
import { scan } from '../src/scan/scan.ts';

const EXAMPLES = join(import.meta.dirname, '..', 'examples');
const COMPOSE = 'docker-compose.yml';
const NGINX = 'nginx/nginx.conf';

interface Planted {
  checkId: string;
  path: string;
  line: number;
  /** Pinned for the network and credential checks, whose severity depends on the finding. */
  severity?: Severity;
}

// Lines refer to examples/insecure-stack/docker-compose.yml unless `path` says otherwise.
const PLANTED: Planted[] = [
  // nginx (edge)
  { checkId: 'compose/no-latest-image', path: COMPOSE, line: 8 },
  { checkId: 'compose/require-image-digest', path: COMPOSE, line: 8 },
  { checkId: 'compose/edge-publishes-only-web-ports', path: COMPOSE, line: 12, severity: 'medium' },
  { checkId: 'compose/no-docker-socket-mount', path: COMPOSE, line: 15 },
  { checkId: 'compose/require-cap-drop-all', path: COMPOSE, line: 7 },
  { checkId: 'compose/require-no-new-privileges', path: COMPOSE, line: 7 },
  { checkId: 'compose/require-read-only-rootfs', path: COMPOSE, line: 7 },
  { checkId: 'compose/require-pids-limit', path: COMPOSE, line: 7 },
  { checkId: 'compose/require-log-rotation', path: COMPOSE, line: 7 },
  // api: built here as root, privileged, published, literal and defaulted secrets
  { checkId: 'compose/no-root-user', path: COMPOSE, line: 19 },
  { checkId: 'compose/no-privileged', path: COMPOSE, line: 21 },
  { checkId: 'compose/no-published-internal-port', path: COMPOSE, line: 23, severity: 'medium' },
  { checkId: 'compose/require-postgres-sslmode', path: COMPOSE, line: 25, severity: 'medium' },
  { checkId: 'compose/require-tls-service-url', path: COMPOSE, line: 26, severity: 'medium' },
  { checkId: 'compose/no-weak-default-credentials', path: COMPOSE, line: 26, severity: 'high' },
  { checkId: 'compose/require-tls-service-url', path: COMPOSE, line: 27, severity: 'medium' },
  { checkId: 'compose/no-weak-default-credentials', path: COMPOSE, line: 28, severity: 'high' },
  { checkId: 'compose/no-literal-credentials', path: COMPOSE, line: 29, severity: 'high' },
  { checkId: 'compose/no-writable-source-mount', path: COMPOSE, line: 31 },
  // worker
  { checkId: 'compose/require-internal-network', path: COMPOSE, line: 33, severity: 'low' },
  { checkId: 'compose/no-host-namespaces', path: COMPOSE, line: 36 },
  { checkId: 'compose/no-dangerous-cap-add', path: COMPOSE, line: 38 },
  { checkId: 'compose/no-literal-credentials', path: COMPOSE, line: 40, severity: 'high' },
  { checkId: 'compose/no-weak-default-credentials', path: COMPOSE, line: 40, severity: 'high' },
  { checkId: 'compose/require-tls-service-url', path: COMPOSE, line: 40, severity: 'medium' },
  { checkId: 'compose/require-postgres-sslmode', path: COMPOSE, line: 42, severity: 'medium' },
  // rabbitmq
  { checkId: 'compose/no-data-tier-on-edge-network', path: COMPOSE, line: 44, severity: 'medium' },
  { checkId: 'compose/no-literal-credentials', path: COMPOSE, line: 48, severity: 'high' },
  { checkId: 'compose/no-weak-default-credentials', path: COMPOSE, line: 48, severity: 'high' },
  { checkId: 'compose/no-published-internal-port', path: COMPOSE, line: 50, severity: 'high' },
  // db: published, weak password in the committed .env, password in the healthcheck
  { checkId: 'compose/no-data-tier-on-edge-network', path: COMPOSE, line: 52, severity: 'medium' },
  { checkId: 'compose/require-internal-network', path: COMPOSE, line: 52, severity: 'low' },
  { checkId: 'compose/no-published-internal-port', path: COMPOSE, line: 55, severity: 'high' },
  { checkId: 'compose/no-password-in-command', path: COMPOSE, line: 61, severity: 'medium' },
  { checkId: 'compose/no-weak-default-credentials', path: '.env', line: 2, severity: 'high' },
  // redis
  { checkId: 'compose/no-password-in-command', path: COMPOSE, line: 66, severity: 'medium' },
  { checkId: 'compose/no-weak-default-credentials', path: COMPOSE, line: 66, severity: 'high' },
  { checkId: 'compose/no-published-internal-port', path: COMPOSE, line: 68, severity: 'high' },
  // qdrant
  { checkId: 'compose/no-latest-image', path: COMPOSE, line: 71 },
  { checkId: 'compose/no-published-internal-port', path: COMPOSE, line: 73, severity: 'high' },
  // flower
  { checkId: 'compose/no-unauthenticated-admin-ui', path: COMPOSE, line: 77, severity: 'high' },
  { checkId: 'compose/no-password-in-command', path: COMPOSE, line: 77, severity: 'medium' },
  { checkId: 'compose/no-published-internal-port', path: COMPOSE, line: 79, severity: 'high' },
  // jupyter
  { checkId: 'compose/no-unauthenticated-admin-ui', path: COMPOSE, line: 83, severity: 'high' },
  { checkId: 'compose/no-published-internal-port', path: COMPOSE, line: 85, severity: 'high' },
  { checkId: 'compose/no-host-root-mount', path: COMPOSE, line: 87 },
  // nginx/nginx.conf (mounted into the nginx service): plain HTTP, no headers, open admin paths
  { checkId: 'nginx/no-server-tokens', path: NGINX, line: 4, severity: 'low' },
  { checkId: 'nginx/require-security-headers', path: NGINX, line: 5, severity: 'medium' },
  { checkId: 'nginx/require-https-redirect', path: NGINX, line: 6, severity: 'high' },
  { checkId: 'nginx/no-public-status-endpoints', path: NGINX, line: 9, severity: 'medium' },
  { checkId: 'nginx/require-rate-limit', path: NGINX, line: 9, severity: 'medium' },
  { checkId: 'nginx/no-public-admin-ui', path: NGINX, line: 13, severity: 'medium' },
];

// Fake credentials written in the insecure stack: no output may show them.
const PLANTED_SECRETS = ['sk-fake-openai-key-0000000000000000', 'dev-secret-key', 'changeme'];

describe('examples/insecure-stack', () => {
  const dir = join(EXAMPLES, 'insecure-stack');
  const result = scan({ targets: ['.'], cwd: dir });

  it('scans without errors', async () => {
    const r = await result;
    assert.equal(r.fatal, undefined);
    assert.deepEqual(r.errors, []);
  });

  for (const p of PLANTED) {
    it(`reports ${p.checkId} at ${p.path}:${p.line}`, async () => {
      const r = await result;
      const hits = r.findings.filter((f) => f.checkId === p.checkId && f.location.path === p.path && f.location.line === p.line);
      assert.ok(hits.length > 0, `missing; ${p.checkId} reported at: ${r.findings.filter((f) => f.checkId === p.checkId).map((f) => `${f.location.path}:${f.location.line}`).join(', ')}`);
      if (p.severity) assert.ok(hits.some((f) => f.severity === p.severity), `severity ${hits.map((f) => f.severity).join(',')} != ${p.severity}`);
    });
  }

  // The planted .env is committed in this repository; git state exists only in a checkout.
  it('reports the committed .env (git/no-tracked-env-files) when git tracks it', async (t) => {
    let tracked = false;
    try {
      tracked = execFileSync('git', ['ls-files', '--', '.env'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === '.env';
    } catch {
      // no git, or not a checkout
    }
    if (!tracked) return t.skip('not a git checkout with the example .env tracked');
    const r = await result;
    const hits = r.findings.filter((f) => f.checkId === 'git/no-tracked-env-files' && f.location.path === '.env' && f.location.line === 1);
    assert.equal(hits.length, 1);
    assert.equal(hits[0]!.severity, 'high');
  });

  it('has a planted problem for every compose check', async () => {
    const r = await result;
    const reported = new Set(r.findings.map((f) => f.checkId));
    const missing = CHECKS.map((c) => c.id).filter((id) => id.startsWith('compose/') && !reported.has(id));
    assert.deepEqual(missing, [], 'plant a problem for each new compose check in examples/insecure-stack');
  });

  it('never shows a planted secret', async () => {
    const r = await result;
    const text = JSON.stringify([r.findings, r.suppressed, r.errors]);
    for (const secret of PLANTED_SECRETS) assert.ok(!text.includes(secret), `secret ${secret.slice(0, 4)}… leaked`);
  });
});

describe('examples/hardened-stack', () => {
  it('reports nothing at medium or above with every registered check', async () => {
    const r = await scan({ targets: ['.'], cwd: join(EXAMPLES, 'hardened-stack') });
    assert.equal(r.fatal, undefined);
    assert.deepEqual(r.errors, []);
    const scanChecks = CHECKS.filter((c) => !isProbeKind(checkKind(c.id)));
    assert.equal(r.checks.length, scanChecks.length, 'every check a scan can run ran');
    assert.ok(r.summary.filesScanned > 0, 'the compose file was read');
    const serious = r.findings.filter((f) => atLeast(f.severity, 'medium'));
    assert.deepEqual(serious.map((f) => `${f.checkId} ${f.location.path}:${f.location.line} ${f.message}`), []);
  });
});
