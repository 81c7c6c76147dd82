#!/usr/bin/env bash
# Scan speed and memory on synthetic trees of 100, 1,000 and 10,000 files, and cold
# start against bare node. Needs hyperfine and GNU time (`apt-get install hyperfine time`).
#   bash bench/scan.sh            # all sizes
#   SIZES="1000" bash bench/scan.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"100 1000 10000"}
OUT=bench/out
mkdir -p "$OUT"
[ -f dist/cli.js ] || npm run build >/dev/null

for n in $SIZES; do
  [ -d "bench/trees/t$n" ] || node bench/gen-tree.mjs "$n" "bench/trees/t$n" >/dev/null
done

echo "## Cold start (ratio = bulwark --version / node -e 0)"
hyperfine --warmup 3 --runs 30 -N --export-json "$OUT/cold-start.json" \
  'node -e 0' 'node bin/bulwark.js --version' | grep -E 'Time|±|faster|slower|times' || true
node -e '
const r = require("./bench/out/cold-start.json").results;
const [bare, bw] = r.map((x) => x.mean);
console.log(`cold start: node -e 0 ${(bare*1000).toFixed(1)} ms, bulwark --version ${(bw*1000).toFixed(1)} ms, ratio ${(bw/bare).toFixed(2)}x`);
'

echo
echo "## Scan time by tree size"
cmds=()
for n in $SIZES; do cmds+=("node bin/bulwark.js scan bench/trees/t$n --format json --fail-on none --output /dev/null"); done
hyperfine --warmup 1 --runs 5 -N --export-json "$OUT/scan.json" "${cmds[@]}" >/dev/null
node -e '
const r = require("./bench/out/scan.json").results;
for (const x of r) {
  const n = x.command.match(/t(\d+)/)[1];
  console.log(`scan ${n.padStart(6)} files: mean ${(x.mean*1000).toFixed(0)} ms ± ${(x.stddev*1000).toFixed(0)} ms, ${(x.mean/Number(n)*1e6).toFixed(0)} µs/file`);
}
'

echo
echo "## Peak memory (GNU time, maximum resident set size)"
for n in $SIZES; do
  rss=$(/usr/bin/time -v node bin/bulwark.js scan "bench/trees/t$n" --format json --fail-on none --output /dev/null 2>&1 >/dev/null \
    | awk -F': ' '/Maximum resident set size/ {print $2}')
  echo "scan $(printf %6s "$n") files: peak RSS $((rss / 1024)) MB"
done
# With one check the report stays tiny: what remains is the pipeline itself (walk, parse,
# models), which must not grow with the tree; with all checks the findings list does.
for n in $SIZES; do
  rss=$(/usr/bin/time -v node bin/bulwark.js scan "bench/trees/t$n" --checks compose/no-privileged --format json --fail-on none --output /dev/null 2>&1 >/dev/null \
    | awk -F': ' '/Maximum resident set size/ {print $2}')
  echo "scan $(printf %6s "$n") files, one check: peak RSS $((rss / 1024)) MB"
done
rss=$(/usr/bin/time -v node -e 0 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')
echo "node -e 0:          peak RSS $((rss / 1024)) MB"
