import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import noPrivileged from '../../src/checks/compose/no-privileged.ts';
import { defineCheck } from '../../src/core/check.ts';
import type { ComposeProject } from '../../src/inputs/compose/model.ts';
import { scan } from '../../src/scan/scan.ts';
import type { ScanOutcome } from '../../src/scan/scan.ts';
import { CLEAN_COMPOSE, makeTree, PRIVILEGED_COMPOSE } from './tree.ts';
import type { TempTree } from './tree.ts';

/** Reports each loaded project once, with the files it was built from. */
const census = defineCheck<ComposeProject>({
  id: 'compose/test-census',
  title: 'test: one finding per project',
  severity: 'info',
  checklist: ['N3'],
  rationale: 'test',
  remediation: 'test',
  run({ model, report }) {
    report({ at: { path: model.path, line: 1, column: 1 }, message: `project ${model.path}: ${model.files.join(',')}` });
  },
});

/** Echoes the settings and facts the pipeline handed to checks. */
const context = defineCheck<ComposeProject>({
  id: 'compose/test-context',
  title: 'test: settings and facts',
  severity: 'low',
  checklist: ['D7'],
  rationale: 'test',
  remediation: 'test',
  run({ model, settings, facts, report }) {
    report({ at: { path: model.path, line: 1, column: 1 }, message: JSON.stringify({ edge: settings.edgeServices, rotation: facts.daemonLogRotation ?? false }) });
  },
});

const REGISTRY = [census, context, noPrivileged];

const trees: TempTree[] = [];
function tree(files: Record<string, string>): TempTree {
  const t = makeTree(files);
  trees.push(t);
  return t;
}
after(() => trees.forEach((t) => t.remove()));

const byCheck = (r: ScanOutcome, id: string) => r.findings.filter((f) => f.checkId === id);
const projects = (r: ScanOutcome) => byCheck(r, 'compose/test-census').map((f) => f.message);

describe('scan: root and paths', () => {
  it('uses cwd as the root when the targets are inside it, with / paths relative to it', async () => {
    const t = tree({ 'stack/prod/docker-compose.yml': PRIVILEGED_COMPOSE });
    const r = await scan({ targets: ['stack'], cwd: t.root, checks: ['compose/no-privileged'] });
    assert.equal(r.root, realpathSync(t.root));
    assert.deepEqual(r.target, ['stack']);
    assert.deepEqual(r.findings.map((f) => `${f.location.path}:${f.location.line}`), ['stack/prod/docker-compose.yml:4']);
  });

  it('uses the target folder (or the file\'s folder) when the target is outside cwd', async () => {
    const t = tree({ 'stack/docker-compose.yml': PRIVILEGED_COMPOSE });
    const elsewhere = mkdtempSync(join(tmpdir(), 'bulwark-cwd-'));
    try {
      const dir = await scan({ targets: [t.path('stack')], cwd: elsewhere, checks: ['compose/no-privileged'] });
      assert.equal(dir.root, realpathSync(t.path('stack')));
      assert.deepEqual(dir.findings.map((f) => f.location.path), ['docker-compose.yml']);
      const file = await scan({ targets: [t.path('stack/docker-compose.yml')], cwd: elsewhere, checks: ['compose/no-privileged'] });
      assert.equal(file.root, realpathSync(t.path('stack')));
      assert.deepEqual(file.findings.map((f) => f.location.path), ['docker-compose.yml']);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('uses the common folder of several targets outside cwd', async () => {
    const t = tree({ 'a/docker-compose.yml': PRIVILEGED_COMPOSE, 'b/c/compose.yaml': PRIVILEGED_COMPOSE });
    const elsewhere = mkdtempSync(join(tmpdir(), 'bulwark-cwd-'));
    try {
      const r = await scan({ targets: [t.path('a'), t.path('b/c/compose.yaml')], cwd: elsewhere, checks: ['compose/no-privileged'] });
      assert.equal(r.root, realpathSync(t.root));
      assert.deepEqual(r.findings.map((f) => f.location.path), ['a/docker-compose.yml', 'b/c/compose.yaml']);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('skips .git and node_modules, keeps a git-ignored compose override, counts files', async () => {
    const t = tree({
      '.gitignore': 'docker-compose.override.yml\n',
      'docker-compose.yml': CLEAN_COMPOSE,
      'docker-compose.override.yml': 'services:\n  app:\n    privileged: true\n',
      '.git/docker-compose.yml': PRIVILEGED_COMPOSE,
      'node_modules/x/docker-compose.yml': PRIVILEGED_COMPOSE,
    });
    const r = await scan({ targets: ['.'], cwd: t.root, registry: REGISTRY });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(byCheck(r, 'compose/no-privileged').map((f) => `${f.location.path}:${f.location.line}`), ['docker-compose.override.yml:3']);
    // The override is loaded with its main file, not as a project of its own.
    assert.deepEqual(projects(r), ['project docker-compose.yml: docker-compose.yml,docker-compose.override.yml']);
    assert.equal(r.summary.filesScanned, 2);
  });
});

describe('scan: projects and facts', () => {
  it('does not load an included file again as its own project', async () => {
    const t = tree({
      'compose.yaml': 'include:\n  - db/compose.yaml\nservices:\n  app:\n    image: nginx:1.27\n',
      'db/compose.yaml': 'services:\n  db:\n    image: postgres:16\n    privileged: true\n',
    });
    const r = await scan({ targets: ['.'], cwd: t.root, registry: REGISTRY });
    assert.deepEqual(r.errors, []);
    assert.equal(projects(r).length, 1);
    assert.match(projects(r)[0]!, /^project compose\.yaml: .*db\/compose\.yaml/);
    assert.deepEqual(byCheck(r, 'compose/no-privileged').map((f) => f.location.path), ['db/compose.yaml']);
  });

  it('does not load a base file named by extends again as its own project', async () => {
    const t = tree({
      'docker-compose.yml': 'services:\n  web:\n    extends:\n      file: common/base.yml\n      service: hardened\n    image: nginx:1.27\n',
      'common/base.yml': 'services:\n  hardened:\n    image: busybox:1.36\n    privileged: true\n',
    });
    const r = await scan({ targets: ['.'], cwd: t.root, registry: REGISTRY });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(projects(r), ['project docker-compose.yml: docker-compose.yml,common/base.yml']);
    assert.deepEqual(byCheck(r, 'compose/no-privileged').map((f) => `${f.location.path}:${f.location.line}`), ['common/base.yml:4']);
  });

  it('locates a finding reported on a service node at the service key', async () => {
    const onService = defineCheck<ComposeProject>({
      id: 'compose/test-on-service',
      title: 'test: report on the service',
      severity: 'info',
      checklist: ['D1'],
      rationale: 'test',
      remediation: 'test',
      run({ model, report }) {
        for (const service of model.services) report({ at: service, message: service.name });
      },
    });
    const t = tree({ 'compose.yaml': 'services:\n  app:\n    image: nginx:1.27\n  db:\n    image: postgres:16\n' });
    const r = await scan({ targets: ['.'], cwd: t.root, registry: [onService] });
    assert.deepEqual(r.findings.map((f) => `${f.message}@${f.location.path}:${f.location.line}`), ['app@compose.yaml:2', 'db@compose.yaml:4']);
  });

  it('hands edge services from config and daemon log rotation to checks', async () => {
    const t = tree({
      '.bulwark.yaml': 'edge: [proxy]\n',
      'compose.yaml': CLEAN_COMPOSE,
      'etc/docker/daemon.json': '{ "log-driver": "json-file", "log-opts": { "max-size": "10m", "max-file": "3" } }',
    });
    const r = await scan({ targets: ['.'], cwd: t.root, registry: REGISTRY });
    assert.deepEqual(JSON.parse(byCheck(r, 'compose/test-context')[0]!.message), { edge: ['proxy'], rotation: true });

    const plain = tree({ 'compose.yaml': CLEAN_COMPOSE, 'daemon.json': '{ "log-opts": { "max-file": "3" } }' });
    const r2 = await scan({ targets: ['.'], cwd: plain.root, registry: REGISTRY });
    assert.deepEqual(JSON.parse(byCheck(r2, 'compose/test-context')[0]!.message), { edge: [], rotation: false });
  });

  it('treats a YAML file with top-level services as compose, other YAML not at all', async () => {
    const t = tree({
      'deploy/prod.yml': PRIVILEGED_COMPOSE,
      'k8s/values.yaml': 'services:\n  - web\n  - api\n',
      'ci/config.yml': 'jobs:\n  test: {}\n',
    });
    const r = await scan({ targets: ['.'], cwd: t.root, registry: REGISTRY });
    assert.deepEqual(byCheck(r, 'compose/no-privileged').map((f) => f.location.path), ['deploy/prod.yml']);
    assert.ok(!r.errors.some((e) => e.path === 'ci/config.yml'));
  });
});

describe('scan: check selection and config', () => {
  const files = { 'docker-compose.yml': PRIVILEGED_COMPOSE };

  it('runs only the checks matching --checks and not those matching --skip-checks', async () => {
    const t = tree(files);
    const only = await scan({ targets: ['.'], cwd: t.root, registry: REGISTRY, checks: ['compose/no-*'] });
    assert.deepEqual(only.checks.map((c) => c.id), ['compose/no-privileged']);
    assert.deepEqual([...new Set(only.findings.map((f) => f.checkId))], ['compose/no-privileged']);

    const skip = await scan({ targets: ['.'], cwd: t.root, registry: REGISTRY, skipChecks: ['compose/test-*'] });
    assert.deepEqual(skip.checks.map((c) => c.id), ['compose/no-privileged']);

    const both = await scan({ targets: ['.'], cwd: t.root, registry: REGISTRY, checks: ['compose/*'], skipChecks: ['compose/no-privileged'] });
    assert.deepEqual(both.checks.map((c) => c.id), ['compose/test-census', 'compose/test-context']);
    assert.ok(!both.findings.some((f) => f.checkId === 'compose/no-privileged'));
  });

  it('is fatal when a --checks pattern names no check', async () => {
    const t = tree(files);
    const r = await scan({ targets: ['.'], cwd: t.root, registry: REGISTRY, checks: ['compose/no-privilegd'] });
    assert.match(r.fatal ?? '', /no check matches "compose\/no-privilegd"/);
    assert.deepEqual(r.findings, []);
  });

  it('applies config disable and severity overrides (exact id beats glob)', async () => {
    const t = tree({
      ...files,
      '.bulwark.yaml': 'checks:\n  disable: [compose/test-census]\n  severity:\n    "compose/*": medium\n    compose/no-privileged: low\n',
    });
    const r = await scan({ targets: ['.'], cwd: t.root, registry: REGISTRY });
    assert.deepEqual(r.checks.map((c) => `${c.id}=${c.severity}`), ['compose/no-privileged=low', 'compose/test-context=medium']);
    assert.deepEqual(r.findings.map((f) => `${f.checkId}=${f.severity}`), ['compose/test-context=medium', 'compose/no-privileged=low']);
    assert.equal(r.summary.bySeverity.low, 1);
    assert.equal(r.summary.bySeverity.medium, 1);
    assert.equal(r.summary.bySeverity.critical, 0);
    assert.equal(noPrivileged.severity, 'critical', 'the registry itself is not modified');
  });

  it('applies config ignore patterns', async () => {
    const t = tree({ ...files, 'old/docker-compose.yml': PRIVILEGED_COMPOSE, '.bulwark.yml': 'ignore: [old/]\n' });
    const r = await scan({ targets: ['.'], cwd: t.root, checks: ['compose/no-privileged'] });
    assert.deepEqual(r.findings.map((f) => f.location.path), ['docker-compose.yml']);
  });

  it('is fatal on an invalid config, naming the file and key', async () => {
    const t = tree({ ...files, '.bulwark.yaml': 'checks:\n  severity:\n    compose/no-privileged: urgent\n' });
    const r = await scan({ targets: ['.'], cwd: t.root });
    assert.equal(r.fatal, 'config .bulwark.yaml:3: checks.severity.compose/no-privileged: must be one of critical, high, medium, low, info');
    const explicit = await scan({ targets: ['.'], cwd: t.root, configPath: 'missing.yaml' });
    assert.equal(explicit.fatal, 'config missing.yaml: no such file or directory');
  });
});

describe('scan: summary and determinism', () => {
  it('summarises by severity and area', async () => {
    const t = tree({ 'a/docker-compose.yml': PRIVILEGED_COMPOSE, 'b/docker-compose.yml': PRIVILEGED_COMPOSE });
    const r = await scan({ targets: ['.'], cwd: t.root, registry: REGISTRY });
    assert.deepEqual(r.summary, {
      total: 6,
      bySeverity: { info: 2, low: 2, medium: 0, high: 0, critical: 2 },
      byArea: { containers: 4, network: 2, transport: 0, 'auth-secrets': 0, host: 0, backups: 0 },
      suppressed: 0,
      filesScanned: 2,
      errors: 0,
    });
  });

  it('counts suppressed findings', async () => {
    const t = tree({
      'docker-compose.yml': 'services:\n  app:\n    image: nginx:1.27\n    # bulwark-ignore compose/no-privileged -- needs /dev/kvm\n    privileged: true\n',
    });
    const r = await scan({ targets: ['.'], cwd: t.root, checks: ['compose/no-privileged'] });
    assert.equal(r.findings.length, 0);
    assert.equal(r.summary.suppressed, 1);
    assert.equal(r.suppressed[0]!.suppression.reason, 'needs /dev/kvm');
  });

  it('gives identical results across runs', async () => {
    const t = tree({
      'z/docker-compose.yml': PRIVILEGED_COMPOSE,
      'a/compose.yaml': PRIVILEGED_COMPOSE,
      'm/stack.yml': PRIVILEGED_COMPOSE,
      'm/broken/docker-compose.yml': 'services:\n  a: [\n',
      'daemon.json': '{',
    });
    const one = await scan({ targets: ['z', '.', 'missing'], cwd: t.root, registry: REGISTRY });
    const two = await scan({ targets: ['z', '.', 'missing'], cwd: t.root, registry: REGISTRY });
    assert.deepEqual(one, two);
    assert.deepEqual(one.errors.map((e) => e.path), ['daemon.json', 'm/broken/docker-compose.yml', 'missing']);
    assert.deepEqual(byCheck(one, 'compose/no-privileged').map((f) => f.location.path), ['a/compose.yaml', 'm/stack.yml', 'z/docker-compose.yml']);
  });
});
