/**
 * The scan pipeline: targets → root → config → discovery → models → checks → result.
 * Every bad input becomes an entry in `errors` and the rest of the scan goes on; only
 * a scan that could look at nothing (or a broken config, or an unknown `--checks`
 * pattern) sets `fatal`, which the CLI turns into exit code 2.
 */
import { CHECKS } from '../checks/index.ts';
import type { CheckDefinition, CheckMeta } from '../core/check.ts';
import { compareFindings, runChecks } from '../core/engine.ts';
import type { EngineResult } from '../core/engine.ts';
import type { ScanError } from '../core/finding.ts';
import type { ScanResult } from '../core/result.ts';
import { loadConfig } from '../config/load.ts';
import type { BulwarkConfig } from '../config/load.ts';
import { discover } from '../inputs/discover.ts';
import { SourceStore } from '../inputs/source.ts';
import type { DiscoveredFile } from '../inputs/discover.ts';
import { discoverHost } from '../inputs/host/layout.ts';
import type { LoadedUnit, UnitLoadContext, UnitLoader } from '../inputs/loader.ts';
import { checkKind } from '../core/check.ts';
import { isProbeKind } from '../probes/kinds.ts';
import { mountedNginxConfigs } from '../inputs/nginx/units.ts';
import type { MountedNginxConfig } from '../inputs/nginx/units.ts';
import { UNIT_LOADERS } from './loaders.ts';
import { gatherFacts } from './facts.ts';
import { loadComposeProjects } from './load-compose.ts';
import { envUnitsFromCompose } from '../inputs/env/settings.ts';
import { dropOverlaps } from './overlaps.ts';
import { applySeverityOverrides, selectChecks } from './select.ts';
import { summarize } from './summary.ts';
import { resolveHostTargets, resolveTargets } from './targets.ts';

export interface ScanOptions {
  /** Files or folders to scan, as the user wrote them (relative to `cwd`). */
  targets: string[];
  /** Default `process.cwd()`. */
  cwd?: string;
  /** Check id globs to run (`compose/*`); default every check. */
  checks?: string[];
  /** Check id globs not to run. */
  skipChecks?: string[];
  /** `--config FILE`, relative to `cwd`; default `.bulwark.yaml` at the scan root. */
  configPath?: string;
  /** Checks to choose from; default the generated registry. */
  registry?: readonly CheckDefinition<any>[];
  /**
   * `--host-root DIR` (relative to `cwd`): audit DIR as a host's `/` (sshd, firewall,
   * fail2ban, auditd, Docker daemon, updates, backups, file modes). `targets`, when given,
   * must lie inside it and are walked as usual.
   */
  hostRoot?: string;
}

/** A scan result, plus why the scan could not run at all when that happened. */
export type ScanOutcome = ScanResult & { fatal?: string };

export async function scan(options: ScanOptions): Promise<ScanOutcome> {
  const cwd = options.cwd ?? process.cwd();
  const hostMode = options.hostRoot !== undefined;
  const given = options.targets.length > 0 || hostMode ? [...options.targets] : ['.'];
  const shown = hostMode ? [`--host-root ${options.hostRoot}`, ...given] : given;
  // Checks of probe kinds judge live snapshots (`bulwark probe`); a scan never runs them.
  const registry = options.registry ?? CHECKS.filter((c) => !isProbeKind(checkKind(c.id)));
  const resolved = hostMode ? resolveHostTargets(options.hostRoot!, given, cwd) : resolveTargets(given, cwd);
  const errors: ScanError[] = [...resolved.errors];

  if (resolved.root === undefined) {
    const why = errors.map((e) => `${e.path}: ${e.reason}`).join('; ');
    return fatalOutcome(shown, cwd, errors, `nothing to scan (${why})`);
  }
  const root = resolved.root;
  if (resolved.fatal) return fatalOutcome(shown, root, errors, resolved.fatal);

  const configResult = loadConfig({ root, cwd, ...(options.configPath !== undefined ? { configPath: options.configPath } : {}) });
  if (!configResult.ok) return fatalOutcome(given, root, errors, configResult.error);
  const config: BulwarkConfig = configResult.config;

  const selected = selectChecks(registry, {
    only: options.checks ?? [],
    skip: [...(options.skipChecks ?? []), ...config.checks.disable],
    severity: config.checks.severity,
  });
  if (selected.unmatched.length > 0) {
    return fatalOutcome(given, root, errors, `no check matches ${selected.unmatched.map((p) => `"${p}"`).join(', ')} (see \`bulwark checks\` for the list)`);
  }

  const store = new SourceStore(root);
  const selectedKinds = new Set(selected.checks.map((c) => checkKind(c.id)));
  const allText = UNIT_LOADERS.some((l) => l.wantsAllText && selectedKinds.has(l.kind));
  const found = discover({ root, targets: resolved.targets, store, ignore: config.ignore, allText });
  errors.push(...found.errors);
  if (found.reachedTargets === 0 && !hostMode) {
    return fatalOutcome(given, root, errors, `nothing to scan: ${describeErrors(errors)}`);
  }
  const host = hostMode ? discoverHost(root) : undefined;
  if (host) errors.push(...host.errors);
  const files = host ? mergeDiscovered(found.files, host.files) : found.files;

  const gathered = gatherFacts(files, store);
  const settings = { edgeServices: [...config.edge] };
  const mountedNginx: MountedNginxConfig[] = [];
  const compose = loadComposeProjects(files, store, (project) => {
    mountedNginx.push(...mountedNginxConfigs(project, store));
    const judged = runChecks({
      // The env checks judge each service's environment too (see inputs/env/settings.ts).
      units: [{ kind: 'compose', model: project }, ...envUnitsFromCompose(project).map((model) => ({ kind: 'env', model }))],
      checks: selected.checks,
      settings,
      facts: gathered.facts,
      linesOf: (path) => store.linesOf(path),
    });
    store.evict(project.files);
    return judged;
  });
  errors.push(...compose.errors, ...gathered.errors);
  const others = loadUnits({ files, store, mountedNginxConfigs: mountedNginx, ...(host ? { host: host.context } : {}) }, selected.checks, (unit, kind) => {
    const result = runChecks({ units: [{ kind, model: unit.model }], checks: selected.checks, settings, facts: gathered.facts, linesOf: (path) => store.linesOf(path) });
    store.evict(unit.files);
    return result;
  });
  errors.push(...others.errors);
  const engine = dropOverlaps(mergeResults([...compose.projects.map((p) => p.result), ...others.results]));
  errors.push(...engine.errors);

  const findings = applySeverityOverrides(engine.findings, config.checks.severity);
  const suppressed = applySeverityOverrides(engine.suppressed, config.checks.severity);
  const scanned = new Set<string>([...compose.projects.flatMap((p) => p.files), ...gathered.filesRead, ...others.files]);
  const finalErrors = sortErrors(dedupeErrors(errors));
  return {
    target: [...shown],
    root,
    findings,
    suppressed,
    errors: finalErrors,
    summary: summarize({ findings, suppressed: suppressed.length, filesScanned: scanned.size, errors: finalErrors.length, ...(others.skipped > 0 ? { filesSkipped: others.skipped } : {}) }),
    checks: selected.checks.map(metaOf),
  };
}

/** Run every loader whose kind has a selected check, judging each unit as soon as it is loaded. */
function loadUnits(
  context: UnitLoadContext,
  checks: readonly CheckDefinition<any>[],
  judge: (unit: LoadedUnit, kind: string) => EngineResult,
): { results: EngineResult[]; errors: ScanError[]; files: string[]; skipped: number } {
  const kinds = new Set(checks.map((c) => checkKind(c.id)));
  const results: EngineResult[] = [];
  const errors: ScanError[] = [];
  const files: string[] = [];
  let skipped = 0;
  for (const loader of UNIT_LOADERS) {
    if (!kinds.has(loader.kind)) continue;
    let loaded: ReturnType<UnitLoader<Iterable<LoadedUnit>>['load']>;
    try {
      loaded = loader.load(context);
    } catch (err) {
      errors.push({ path: '.', reason: `internal error while loading ${loader.kind} inputs: ${(err as Error).message}` });
      continue;
    }
    try {
      for (const unit of loaded.units) {
        files.push(...unit.files);
        results.push(judge(unit, loader.kind));
      }
    } catch (err) {
      errors.push({ path: '.', reason: `internal error while loading ${loader.kind} inputs: ${(err as Error).message}` });
    }
    // Lazy loaders add errors while their units are iterated.
    errors.push(...loaded.errors);
    skipped += loaded.skipped?.count ?? 0;
  }
  return { results, errors, files, skipped };
}

/** Files found by walking targets and by the host layout, once each. */
function mergeDiscovered(walked: readonly DiscoveredFile[], host: readonly DiscoveredFile[]): DiscoveredFile[] {
  const byPath = new Map<string, DiscoveredFile>();
  for (const f of [...host, ...walked]) byPath.set(f.path, f);
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** One result from several engine runs: a file shared by two projects is reported once. */
function mergeResults(results: readonly EngineResult[]): EngineResult {
  const seen = new Set<string>();
  const fresh = (f: { fingerprint: string }): boolean => {
    if (seen.has(f.fingerprint)) return false;
    seen.add(f.fingerprint);
    return true;
  };
  return {
    findings: results.flatMap((r) => r.findings).filter(fresh).sort(compareFindings),
    suppressed: results.flatMap((r) => r.suppressed).filter(fresh).sort(compareFindings),
    errors: results.flatMap((r) => r.errors),
  };
}

function fatalOutcome(target: string[], root: string, errors: ScanError[], fatal: string): ScanOutcome {
  const sorted = sortErrors(dedupeErrors(errors));
  return {
    target: [...target],
    root,
    findings: [],
    suppressed: [],
    errors: sorted,
    summary: summarize({ findings: [], suppressed: 0, filesScanned: 0, errors: sorted.length }),
    checks: [],
    fatal,
  };
}

function describeErrors(errors: readonly ScanError[]): string {
  return errors.length === 0 ? 'no readable target' : errors.map((e) => `${e.path}: ${e.reason}`).join('; ');
}

function metaOf(check: CheckDefinition<any>): CheckMeta {
  const { run: _run, ...meta } = check;
  return meta;
}

function dedupeErrors(errors: readonly ScanError[]): ScanError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\0${e.line ?? ''}\0${e.column ?? ''}\0${e.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortErrors(errors: ScanError[]): ScanError[] {
  return errors.sort(
    (a, b) =>
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0),
  );
}
