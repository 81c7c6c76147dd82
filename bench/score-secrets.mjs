#!/usr/bin/env node
// Scores Bulwark's and secretlint's JSON reports against the planted secrets of a tree made
// by gen-secrets-tree.mjs. A planted secret is found when a tool reports its file and line.
// Precision counts every reported line: a planted one is a true positive, anything else (a
// decoy line, a line nothing was planted on) a false positive. Bulwark is scored on its
// secrets/* findings at every severity, and at medium and above (what `--fail-on medium`
// fails on: Stripe test keys are reported at low there, a documented choice).
//   node bench/score-secrets.mjs <tree> <bulwark.json> <secretlint.json> [timing.json]
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const [tree, bulwarkPath, secretlintPath, timingPath] = process.argv.slice(2);
if (!tree || !bulwarkPath || !secretlintPath) {
  console.error('usage: score-secrets.mjs <tree> <bulwark.json> <secretlint.json> [hyperfine.json]');
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(`${tree}.manifest.json`, 'utf8'));
const planted = new Map(manifest.planted.map((p) => [`${p.path}:${p.line}`, p]));
const treeAbs = resolve(tree);

const bulwark = JSON.parse(readFileSync(bulwarkPath, 'utf8'));
// secrets.sh runs Bulwark inside the tree, so a relative root in its report is relative to the tree.
const bwRoot = resolve(treeAbs, bulwark.root);
const rank = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
const bwLines = (minSeverity) => new Set(
  bulwark.findings
    .filter((f) => f.checkId.startsWith('secrets/') && rank[f.severity] >= rank[minSeverity])
    .map((f) => `${relative(treeAbs, resolve(bwRoot, f.location.path))}:${f.location.line}`),
);
const secretlint = JSON.parse(readFileSync(secretlintPath, 'utf8'));
const slLines = new Set(secretlint.flatMap((file) => file.messages.map((m) => `${relative(treeAbs, resolve(file.filePath))}:${m.loc.start.line}`)));

function score(lines) {
  const tp = [...lines].filter((l) => planted.has(l)).length;
  return { reported: lines.size, tp, fp: lines.size - tp, recall: tp / planted.size, precision: lines.size === 0 ? 1 : tp / lines.size };
}
const rows = [
  ['bulwark (all severities)', score(bwLines('info'))],
  ['bulwark (medium and up)', score(bwLines('medium'))],
  ['secretlint', score(slLines)],
];

let times = {};
if (timingPath) {
  const results = JSON.parse(readFileSync(timingPath, 'utf8')).results;
  for (const r of results) times[/secretlint/.test(r.command) ? 'secretlint' : 'bulwark'] = r.mean;
}
const pct = (x) => `${(x * 100).toFixed(1)}%`;
console.log(`planted secrets: ${planted.size} in ${manifest.total} files (${manifest.decoys.length} decoy files)`);
console.log('');
console.log('| tool | mean time | recall | precision | reported lines | false positives |');
console.log('|---|---|---|---|---|---|');
for (const [name, s] of rows) {
  const t = times[name.startsWith('bulwark') ? 'bulwark' : 'secretlint'];
  console.log(`| ${name} | ${t ? `${t.toFixed(2)} s` : '-'} | ${pct(s.recall)} (${s.tp}/${planted.size}) | ${pct(s.precision)} | ${s.reported} | ${s.fp} |`);
}
if (times.bulwark && times.secretlint) console.log(`\ntime ratio: bulwark is ${(times.secretlint / times.bulwark).toFixed(1)}x faster than secretlint`);

// Done-when: every planted secret secretlint finds, Bulwark finds too.
const bwAll = bwLines('info');
const missed = [...slLines].filter((l) => planted.has(l) && !bwAll.has(l));
const byKind = {};
for (const l of missed) byKind[planted.get(l).kind] = (byKind[planted.get(l).kind] ?? 0) + 1;
console.log(missed.length === 0
  ? 'bulwark finds every planted secret secretlint finds'
  : `bulwark misses ${missed.length} planted secrets secretlint finds: ${JSON.stringify(byKind)}`);
const perKind = {};
for (const [key, p] of planted) {
  const k = (perKind[p.kind] ??= { planted: 0, bulwark: 0, secretlint: 0 });
  k.planted++;
  if (bwAll.has(key)) k.bulwark++;
  if (slLines.has(key)) k.secretlint++;
}
console.log('\n| kind | planted | bulwark | secretlint |\n|---|---|---|---|');
for (const [kind, k] of Object.entries(perKind)) console.log(`| ${kind} | ${k.planted} | ${k.bulwark} | ${k.secretlint} |`);
process.exit(missed.length === 0 ? 0 : 1);
