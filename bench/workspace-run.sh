#!/usr/bin/env bash
# The integration scenario under `pika run`: a generated CSV (10M rows by default), the
# 5-node workspace tests/cli/fixtures/scenario.pika (source -> filter -> aggregate query -> bar
# plot, and source -> density scatter), split by stage; then a second run with the sources in
# the cache; then the in-process re-evaluation of the bar plot after a spec change.
#
#   bench/workspace-run.sh [ROWS] [BUILD_DIR]
set -euo pipefail
rows=${1:-10000000}
build=${2:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
pika="$top/$build/bin/pika"
dir=$(mktemp -d /tmp/pika-workspace-run-XXXXXX)
trap 'rm -rf "$dir"' EXIT
"$pika" demo-data --rows "$rows" -o "$dir/data.csv" >/dev/null
cp "$top/tests/cli/fixtures/scenario.pika" "$dir/"
echo "== first run: imports $rows rows" >&2
"$pika" run "$dir/scenario.pika" --out "$dir/out" --timings
echo "== second run: sources unchanged, table in the cache" >&2
"$pika" run "$dir/scenario.pika" --out "$dir/out" --timings
echo "== in one process: re-specify the bar plot" >&2
"$top/$build/bin/pika-bench" graph --workspace "$dir/scenario.pika" --node categories
