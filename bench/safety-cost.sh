#!/usr/bin/env bash
# What opening a workspace safely and streaming exports cost, against another build: a second
# `pika run` of the integration scenario (its sources cached) and a 10M-row export to Parquet,
# each pair interleaved (this build, then the other), wall seconds per run and the ratio.
#
#   bench/safety-cost.sh OTHER_BUILD_DIR [ROWS] [PAIRS]
#
# OTHER_BUILD_DIR is a build of another revision (e.g. a worktree's build/). Each build gets its
# own copy of the workspace and cache; both read the same generated CSV.
set -euo pipefail
other=$1
rows=${2:-10000000}
pairs=${3:-5}
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d /tmp/pika-safety-cost-XXXXXX)
trap 'rm -rf "$dir"' EXIT
export XDG_STATE_HOME="$dir/state"
"$top/build/bin/pika" demo-data --rows "$rows" -o "$dir/data.csv" >/dev/null
"$top/build/bin/pika" import "$dir/data.csv" --db "$dir/data.duckdb" --table demo >/dev/null
for side in a b; do
    mkdir -p "$dir/$side"
    cp "$top/tests/cli/fixtures/scenario.pika" "$dir/$side/"
    ln -s "$dir/data.csv" "$dir/$side/data.csv"
done
a="$top/build/bin/pika"
b="$other/bin/pika"
"$a" run "$dir/a/scenario.pika" --out "$dir/a/out" >/dev/null
"$b" run "$dir/b/scenario.pika" --out "$dir/b/out" >/dev/null

seconds() { # COMMAND... -> wall seconds
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}

pair() { # NAME A_COMMAND B_COMMAND
    local name=$1 ta tb
    for i in $(seq "$pairs"); do
        ta=$(seconds bash -c "$2")
        tb=$(seconds bash -c "$3")
        printf '%s pair %d: this %.3f s, other %.3f s, ratio %.3f\n' "$name" "$i" "$ta" "$tb" \
            "$(echo "$ta / $tb" | bc -l)"
    done
}

pair "second run" "$a run $dir/a/scenario.pika --out $dir/a/out" \
    "$b run $dir/b/scenario.pika --out $dir/b/out"
pair "export parquet" "$a export --db $dir/data.duckdb --table demo -o $dir/a.parquet" \
    "$b export --db $dir/data.duckdb --table demo -o $dir/b.parquet"
