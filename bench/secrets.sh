#!/usr/bin/env bash
# Secret scanning: Bulwark (`scan --checks 'secrets/*'`) beside secretlint with its
# recommended preset, on the same generated tree of 10,000 files with ~500 planted secrets.
# Prints time (hyperfine if present, else one timed run each), recall and precision.
#   bash bench/secrets.sh            # 10,000 files
#   N=2000 bash bench/secrets.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-10000}
TREE=bench/trees/s$N
OUT=bench/out
mkdir -p "$OUT"
[ -f dist/cli.js ] || npm run build >/dev/null
[ -x bench/secretlint/node_modules/.bin/secretlint ] || (cd bench/secretlint && npm install --no-audit --no-fund >/dev/null)
[ -f "$TREE.manifest.json" ] || node bench/gen-secrets-tree.mjs "$N" "$TREE"

ROOT=$(pwd)
BW="node $ROOT/bin/bulwark.js scan . --checks secrets/* --format json --fail-on none --output $ROOT/$OUT/secrets-bulwark.json"
SL="$ROOT/bench/secretlint/node_modules/.bin/secretlint **/* --secretlintrc $ROOT/bench/secretlint/.secretlintrc.json --format json --output $ROOT/$OUT/secrets-secretlint.json"

cd "$TREE"
if command -v hyperfine >/dev/null; then
  # secretlint exits 1 when it finds something: -i keeps hyperfine going.
  hyperfine -i -N --warmup 1 --runs "${RUNS:-5}" --export-json "$ROOT/$OUT/secrets-time.json" -n bulwark "$BW" -n secretlint "$SL" | grep -E 'Time|±|faster|slower|times' || true
  TIMING="$ROOT/$OUT/secrets-time.json"
else
  echo "hyperfine not found: one timed run each"
  time $BW
  time $SL || true
  TIMING=""
fi
cd "$ROOT"
node bench/score-secrets.mjs "$TREE" "$OUT/secrets-bulwark.json" "$OUT/secrets-secretlint.json" $TIMING
