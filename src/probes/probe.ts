/**
 * The probe pipeline: targets → (retrieve, bounded) → snapshots → checks → result.
 * Retrievers are the only I/O; each kind has one, loaded on demand. Every target has
 * its own deadline, a few run at once, and a target that fails (refused, silent, not
 * the protocol its scheme names) becomes an entry in `errors` while the others go on.
 * Only a call that can probe nothing sets `fatal`: a malformed target, an unknown
 * `--checks` pattern, no target at all, or every target failing.
 */
import { readFileSync } from 'node:fs';
import { PROBE_CHECKS } from '../checks/probe-index.ts';
import type { CheckDefinition, CheckMeta } from '../core/check.ts';
import { checkKind } from '../core/check.ts';
import { compareFindings, runChecks } from '../core/engine.ts';
import type { Finding, ScanError } from '../core/finding.ts';
import { compareLocations } from '../core/location.ts';
import type { ScanResult } from '../core/result.ts';
import { severityRank } from '../core/severity.ts';
import { selectChecks } from '../scan/select.ts';
import { summarize } from '../scan/summary.ts';
import { isProbeKind, PROBE_KINDS } from './kinds.ts';
import type { ProbeKind } from './kinds.ts';
import { forEachBounded } from './net.ts';
import { parseTarget } from './target.ts';
import type { ProbeTarget } from './target.ts';

/** Time a retriever may spend on one target, from its first packet to its last. */
export interface ProbeBounds {
  /** `Date.now()` by which the target must be done. */
  deadline: number;
  /** The budget the deadline came from, for messages. */
  timeoutMs: number;
}

/** What a retriever hands back: the snapshot, and what it could not learn (reported as errors). */
export interface Retrieved<S = unknown> {
  snapshot: S;
  problems: string[];
}

/** What the user told the probes beyond the targets. */
export interface ProbeSettings {
  /** PEM file of CAs to trust besides the system's (an internal CA). */
  caFile?: string;
  /** Path for the bounded rate-limit burst (`/api/login`); no burst without it. */
  rateLimitPath?: string;
}

/** Takes one target's snapshot. Throws an Error whose message says why the target could not be probed. */
export type Retriever = (target: ProbeTarget, bounds: ProbeBounds, settings: ProbeSettings) => Promise<Retrieved>;

/** One retriever per probe kind; loaded lazily so `bulwark scan` never pays for ssh2 or the TLS tables. */
export const RETRIEVERS: Record<ProbeKind, Retriever> = {
  ssh: async (target, bounds) => (await import('./ssh/retrieve.ts')).retrieveSsh(target, bounds),
  tls: async (target, bounds, settings) => (await import('./tls/retrieve.ts')).retrieveTls(target, bounds, settings),
  http: async (target, bounds, settings) => (await import('./http/retrieve.ts')).retrieveHttp(target, bounds, settings),
  redis: async (target, bounds) => (await import('./redis/retrieve.ts')).retrieveRedis(target, bounds),
  postgres: async (target, bounds) => (await import('./postgres/retrieve.ts')).retrievePostgres(target, bounds),
  ports: async (target, bounds) => (await import('./ports/retrieve.ts')).retrievePorts(target, bounds),
};

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Targets probed at the same time. */
export const PROBE_CONCURRENCY = 4;
/** Most targets one call accepts: a probe is for your own hosts, not for sweeping networks. */
export const MAX_TARGETS = 64;
/** Extra time past a target's deadline before we stop waiting for a retriever that overran it. */
const DEADLINE_GRACE_MS = 1_000;

export interface ProbeOptions {
  /** `ssh://host[:port]`, `https://host[:port][/path]`, `http://…`, `tls://host:port`, as the user wrote them. */
  targets: string[];
  /** Check id globs to run (`ssh/*`); default every probe check. */
  checks?: string[];
  /** Check id globs not to run. */
  skipChecks?: string[];
  /** Per-target time bound; default 10 s. */
  timeoutMs?: number;
  /** `--ca-file`, `--rate-limit-path`. */
  settings?: ProbeSettings;
  /** Checks to choose from; default the generated registry (only probe kinds are used). */
  registry?: readonly CheckDefinition<any>[];
}

export type ProbeOutcome = ScanResult & { fatal?: string };

export async function probe(options: ProbeOptions): Promise<ProbeOutcome> {
  const given = [...options.targets];
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const root = process.cwd();
  if (given.length === 0) return fatalOutcome(given, root, [], 'no target given; e.g. bulwark probe ssh://host:22');
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) return fatalOutcome(given, root, [], `invalid timeout ${timeoutMs} ms`);

  const targets: ProbeTarget[] = [];
  const malformed: ScanError[] = [];
  for (const text of given) {
    const parsed = parseTarget(text);
    if (!parsed.ok) malformed.push({ path: text, reason: parsed.reason });
    else if (!targets.some((t) => t.display === parsed.target.display)) targets.push(parsed.target);
  }
  if (malformed.length > 0) {
    return fatalOutcome(given, root, malformed, `invalid target: ${malformed.map((e) => `${e.path}: ${e.reason}`).join('; ')}`);
  }
  if (targets.length > MAX_TARGETS) return fatalOutcome(given, root, [], `too many targets (${targets.length}; at most ${MAX_TARGETS} per run)`);

  const registry = (options.registry ?? PROBE_CHECKS).filter((c) => isProbeKind(checkKind(c.id)));
  const selected = selectChecks(registry, { only: options.checks ?? [], skip: options.skipChecks ?? [] });
  if (selected.unmatched.length > 0) {
    return fatalOutcome(given, root, [], `no probe check matches ${selected.unmatched.map((p) => `"${p}"`).join(', ')} (see \`bulwark checks\`; probe checks are ${PROBE_KINDS.map((k) => `${k}/*`).join(', ')})`);
  }

  const errors: ScanError[] = [];
  const findings: Finding[] = [];
  let probed = 0;
  const settings = options.settings ?? {};
  if (settings.caFile !== undefined) {
    const problem = caFileProblem(settings.caFile);
    if (problem) return fatalOutcome(given, root, [], problem);
  }
  if (settings.rateLimitPath !== undefined && !settings.rateLimitPath.startsWith('/')) {
    return fatalOutcome(given, root, [], `--rate-limit-path must start with "/" (got "${settings.rateLimitPath}")`);
  }
  await forEachBounded(targets, PROBE_CONCURRENCY, async (target) => {
    // A target's kinds (TLS and HTTP for https://) are probed side by side, each judged on its own snapshot.
    const kinds = target.kinds.filter((k) => selected.checks.some((c) => checkKind(c.id) === k));
    if (kinds.length === 0) {
      errors.push({ path: target.display, reason: `no selected check applies to ${target.scheme}:// targets (they get ${target.kinds.map((k) => `${k}/*`).join(', ')})` });
      return;
    }
    const attempts = await Promise.all(kinds.map(async (kind) => ({ kind, attempt: await retrieveWithin(RETRIEVERS[kind], target, timeoutMs, settings) })));
    const failed = attempts.filter((a) => !a.attempt.ok);
    if (failed.length === attempts.length) {
      // Every probe of the target failed, most often for one reason (refused, no answer): say it once.
      for (const reason of new Set(failed.map((a) => (a.attempt as { reason: string }).reason))) errors.push({ path: target.display, reason });
      return;
    }
    probed++;
    for (const { kind, attempt } of attempts) {
      if (!attempt.ok) {
        errors.push({ path: target.display, reason: `${kind} probe failed: ${attempt.reason}` });
        continue;
      }
      for (const problem of attempt.value.problems) errors.push({ path: target.display, reason: problem });
      const judged = runChecks({
        units: [{ kind, model: attempt.value.snapshot }],
        checks: selected.checks,
        settings: { edgeServices: [] },
        facts: {},
        linesOf: () => undefined,
      });
      findings.push(...judged.findings);
      errors.push(...judged.errors.map((e) => ({ ...e, path: target.display })));
    }
  });

  errors.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  if (probed === 0) {
    return fatalOutcome(given, root, errors, `no target could be probed: ${errors.map((e) => `${e.path}: ${e.reason}`).join('; ')}`);
  }
  findings.sort(compareProbeFindings);
  return {
    target: given,
    root,
    findings,
    suppressed: [],
    errors,
    summary: summarize({ findings, suppressed: 0, filesScanned: 0, targetsProbed: probed, errors: errors.length }),
    checks: selected.checks.map(metaOf),
  };
}

/** Per target and check, the worst first, then by subject: all of a target's findings share one location. */
function compareProbeFindings(a: Finding, b: Finding): number {
  return (
    compareLocations(a.location, b.location) ||
    (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    ((a.subject ?? '') < (b.subject ?? '') ? -1 : (a.subject ?? '') > (b.subject ?? '') ? 1 : 0) ||
    compareFindings(a, b)
  );
}

type Attempt<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Run a retriever under the target's deadline; a retriever that overruns it is abandoned. */
async function retrieveWithin(retrieve: Retriever, target: ProbeTarget, timeoutMs: number, settings: ProbeSettings): Promise<Attempt<Retrieved>> {
  const bounds: ProbeBounds = { deadline: Date.now() + timeoutMs, timeoutMs };
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<Attempt<Retrieved>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `no answer within ${timeoutMs / 1000} s` }), timeoutMs + DEADLINE_GRACE_MS);
  });
  try {
    return await Promise.race([
      retrieve(target, bounds, settings).then(
        (value): Attempt<Retrieved> => ({ ok: true, value }),
        (err: unknown): Attempt<Retrieved> => ({ ok: false, reason: err instanceof Error ? err.message : String(err) }),
      ),
      overrun,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Why a `--ca-file` cannot be used, checked before any connection is made. */
function caFileProblem(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return `cannot read --ca-file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
  }
  return text.includes('-----BEGIN CERTIFICATE-----') ? undefined : `--ca-file ${path} holds no PEM certificate`;
}

function fatalOutcome(target: string[], root: string, errors: ScanError[], fatal: string): ProbeOutcome {
  return {
    target,
    root,
    findings: [],
    suppressed: [],
    errors,
    summary: summarize({ findings: [], suppressed: 0, filesScanned: 0, targetsProbed: 0, errors: errors.length }),
    checks: [],
    fatal,
  };
}

function metaOf(check: CheckDefinition<any>): CheckMeta {
  const { run: _run, ...meta } = check;
  return meta;
}
