/**
 * The secret scanner: every rule over one file's text, fast enough for 10,000 files.
 * Cheap tests first: a file whose lower-cased text holds none of a rule's keywords never
 * runs that rule's regex; regexes run over the whole text (never across lines: their
 * classes exclude line breaks) and hits are placed by a binary search over line starts.
 * Binary files (a NUL byte) and files over 2 MB are skipped by the caller (see
 * `readForSecretScan`), without an error: they are counted, not reported.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { GENERIC_KEYWORDS, genericAssignments, isCodePath } from './generic.ts';
import { SECRET_RULES } from './rules/index.ts';
import type { HitVerdict, LineContext, SecretCategory, SecretRule } from './rules/types.ts';

export type { HitVerdict, SecretCategory } from './rules/types.ts';

export const MAX_SECRET_SCAN_BYTES = 2 * 1024 * 1024;

export interface SecretHit {
  ruleId: string;
  category: SecretCategory;
  /** What was found, for messages (`AWS access key id`); never the value. */
  label: string;
  /** 1-based. */
  line: number;
  column: number;
  endColumn: number;
  /** The value as written on the line (what must be masked); empty when the line holds none (a PEM header). */
  secret: string;
  verdict: HitVerdict;
  /** For generic assignments: the variable name. */
  name?: string;
}

/**
 * Template names: `.env.example`, `config.sample.yml`, `settings.template`, `app.dist`,
 * `.env.defaults`, `example.env`: the word is the name's last part before at most one
 * extension (`sample-result.ts` is no template).
 */
const EXAMPLE_NAME = /(?:^|[.\-_])(?:example|examples|sample|samples|template|templates|tmpl|dist|defaults?)(?:\.[A-Za-z0-9]+)?$/i;

export function isExamplePath(path: string): boolean {
  return EXAMPLE_NAME.test(basename(path).replace(/^\.env/, ''));
}

const SOURCE_MAP = /\.map$/i;

const RULE_PRIORITY = new Map<string, number>(SECRET_RULES.map((r, i) => [r.id, i]));

interface Found extends SecretHit {
  index: number;
  end: number;
}

export interface DetectOptions {
  /** Root-relative path: decides code vs configuration and template files. */
  path: string;
  /** Rule categories to look for; default all. */
  categories?: ReadonlySet<SecretCategory>;
}

/** Every secret in one file's text, in text order. */
export function detectSecrets(text: string, options: DetectOptions): SecretHit[] {
  const lower = text.toLowerCase();
  const wanted = options.categories;
  const rules = SECRET_RULES.filter((r) => (!wanted || wanted.has(r.category)) && r.keywords.some((k) => lower.includes(k)));
  // Source maps repeat their sources' code inside JSON strings: provider rules still run on them, the generic one would only echo the sources.
  const generic = (!wanted || wanted.has('generic-secret-assignments')) && !SOURCE_MAP.test(options.path) && GENERIC_KEYWORDS.some((k) => lower.includes(k));
  if (rules.length === 0 && !generic) return [];

  const example = isExamplePath(options.path);
  const starts = lineStarts(text);
  let lines: string[] | undefined;
  const context = (index: number): LineContext => ({ lines: (lines ??= text.split('\n').map(stripCr)), index, lowerText: lower });
  const found: Found[] = [];

  for (const rule of rules) {
    const re = rule.pattern;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const lineIndex = lineOf(starts, m.index);
      const verdict = judge(rule, m, context(lineIndex));
      if (!verdict) continue;
      const secret = rule.secretOf ? rule.secretOf(m) ?? '' : m[1] ?? '';
      if (DOCUMENTED_EXAMPLES.has(secret) || (example && secret !== '' && looksFake(secret))) continue;
      const offset = secret === '' ? 0 : m[0].indexOf(secret);
      const index = m.index + Math.max(0, offset);
      const end = secret === '' ? m.index + m[0].length : index + secret.length;
      found.push(hit(rule.id, rule.category, rule.label, starts, lineIndex, index, end, secret, verdict));
    }
  }

  if (generic) {
    const code = isCodePath(options.path);
    for (const g of genericAssignments(text, code, example)) {
      if (DOCUMENTED_EXAMPLES.has(g.value) || (example && looksFake(g.value))) continue;
      const end = g.index + g.value.length;
      if (found.some((f) => f.index < end && g.index < f.end)) continue;
      const lineIndex = lineOf(starts, g.index);
      const h = hit('generic-assignment', 'generic-secret-assignments', `value of ${g.name}`, starts, lineIndex, g.index, end, g.value, {});
      h.name = g.name;
      found.push(h);
    }
  }

  // Two rules on the same text (the PEM key inside a service-account JSON): the earlier rule
  // in SECRET_RULES keeps it (provider rules before generic ones). Header-only hits hold no text.
  const rank = (f: Found): number => RULE_PRIORITY.get(f.ruleId) ?? SECRET_RULES.length;
  const kept: Found[] = [];
  for (const f of [...found].sort((a, b) => rank(a) - rank(b) || a.index - b.index)) {
    if (f.secret !== '' && kept.some((k) => k.secret !== '' && k.index < f.end && f.index < k.end)) continue;
    kept.push(f);
  }
  const out = kept.sort((a, b) => a.index - b.index || a.end - b.end).map(strip);
  return out;
}

function judge(rule: SecretRule, m: RegExpExecArray, ctx: LineContext): HitVerdict | undefined {
  if (!rule.judge) return {};
  const secret = rule.secretOf ? rule.secretOf(m) ?? '' : m[1] ?? '';
  const v = rule.judge(secret, m, ctx);
  return v && !v.drop ? v : undefined;
}

/** The documentation's own example values (AWS's key pair in every guide): never real. */
const DOCUMENTED_EXAMPLES = new Set(['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY']);

/** In a template, a value that reads as made up (`AKIAXXXXXXXXXXXXXXXX`, `…EXAMPLE…`, `sk_test_000…`). */
function looksFake(secret: string): boolean {
  return /example|xxxx|0000|1234|dummy|fake|placeholder|your|changeme|redacted/i.test(secret);
}

function hit(ruleId: string, category: SecretCategory, label: string, starts: readonly number[], lineIndex: number, index: number, end: number, secret: string, verdict: HitVerdict): Found {
  const column = index - starts[lineIndex]! + 1;
  return { ruleId, category, label, line: lineIndex + 1, column, endColumn: column + (end - index), secret, verdict, index, end };
}

function strip(f: Found): SecretHit {
  const { index: _i, end: _e, ...h } = f;
  return h;
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 0-based line of a text index. */
function lineOf(starts: readonly number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export type SecretScanRead = { ok: true; text: string } | { ok: false; skipped: 'binary' | 'too-large' | 'unreadable' };

/**
 * Read a file for the secret scan: at most 2 MB, not binary (a NUL byte in the first
 * 8 KB). Bytes that are not UTF-8 are decoded leniently: a Latin-1 file still shows its ASCII keys.
 */
export function readForSecretScan(absolutePath: string): SecretScanRead {
  let fd: number;
  try {
    fd = openSync(absolutePath, 'r');
  } catch {
    return { ok: false, skipped: 'unreadable' };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, skipped: 'unreadable' };
    if (st.size > MAX_SECRET_SCAN_BYTES) return { ok: false, skipped: 'too-large' };
    const bytes = Buffer.allocUnsafe(st.size);
    let read = 0;
    while (read < st.size) {
      const n = readSync(fd, bytes, read, st.size - read, read);
      if (n === 0) break;
      read += n;
    }
    const data = bytes.subarray(0, read);
    if (data.subarray(0, 8192).includes(0)) return { ok: false, skipped: 'binary' };
    let text = data.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch {
    return { ok: false, skipped: 'unreadable' };
  } finally {
    closeSync(fd);
  }
}
