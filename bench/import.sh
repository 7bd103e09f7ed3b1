#!/usr/bin/env bash
# Import of a generated CSV through `pika import` and, in the same run, through DuckDB's own
# read_csv on the same file (bench/duckdb-read-csv.c, linking only libduckdb). Both import into
# an in-memory database with default settings; each run is a whole process, timed from outside.
# The two alternate (pika first on odd runs, DuckDB first on even ones) after one untimed
# warm-up each, so the page cache and the machine's state treat them alike.
#
#   bench/import.sh [--rows N] [--runs K] [--build DIR] [--dir DIR]
#     --rows   rows of the demo dataset (default 10,000,000: about 450 MB)
#     --runs   timed runs of each (default 5)
#     --build  the build folder holding bin/pika (default build)
#     --dir    where the CSV and the helper go (default /tmp/pika-bench-import; the CSV is kept
#              and reused by later runs)
#
# Output: JSON lines, one per timed run (wall and CPU milliseconds), then a summary with the
# medians and ratio = pika median / DuckDB median of the wall time (the goal: ratio <= 1.10);
# cpu_ratio is the same for CPU time, a check when other work shares the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

rows=10000000
runs=5
build=build
dir=/tmp/pika-bench-import
while [ $# -gt 0 ]; do
    case "$1" in
        --rows) rows="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --build) build="$2"; shift 2 ;;
        --dir) dir="$2"; shift 2 ;;
        *) echo "usage: bench/import.sh [--rows N] [--runs K] [--build DIR] [--dir DIR]" >&2
           exit 2 ;;
    esac
done

pika="$build/bin/pika"
if [ ! -x "$pika" ]; then
    echo "bench/import.sh: $pika not found: build first (scripts/build.sh)" >&2
    exit 1
fi
mkdir -p "$dir"
csv="$dir/demo-$rows-seed-42.csv"
if [ ! -s "$csv" ]; then
    "$pika" demo-data --rows "$rows" --seed 42 -o "$csv"
fi
bytes=$(stat -c %s "$csv")

helper="$dir/duckdb-read-csv"
if [ -x "$build/bin/duckdb-read-csv" ]; then
    helper="$build/bin/duckdb-read-csv"
else
    duckdb_dir="$PWD/third_party/duckdb"
    cc -std=c11 -O2 bench/duckdb-read-csv.c -isystem "$duckdb_dir" -DDUCKDB_API_NO_DEPRECATED \
        -L "$duckdb_dir" -lduckdb -Wl,-rpath,"$duckdb_dir" -o "$helper"
fi

# run_one TOOL: runs one import, checks its row count, prints "wall_ms cpu_ms" (cpu: user +
# system time of the process and its threads, less sensitive to other load on the machine).
run_one() {
    local n TIMEFORMAT='%R %U %S'
    if [ "$1" = pika ]; then
        { time PIKA_PROGRESS=0 "$pika" import "$csv" --table t --json > "$dir/out.json" ; } \
            2> "$dir/time.txt"
        n=$(sed -n 's/.*"row_count":\([0-9]*\).*/\1/p' "$dir/out.json")
    else
        { time "$helper" "$csv" > "$dir/out.json" ; } 2> "$dir/time.txt"
        n=$(sed -n 's/.*"rows":\([0-9]*\).*/\1/p' "$dir/out.json")
    fi
    if [ "$n" != "$rows" ]; then
        echo "bench/import.sh: $1 imported '$n' rows, expected $rows" >&2
        exit 1
    fi
    tail -n 1 "$dir/time.txt" | awk '{printf "%.0f %.0f\n", $1 * 1000, ($2 + $3) * 1000}'
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

cat "$csv" > /dev/null
run_one pika > /dev/null
run_one duckdb > /dev/null
: > "$dir/pika.txt"
: > "$dir/duckdb.txt"
for i in $(seq 1 "$runs"); do
    if [ $((i % 2)) -eq 1 ]; then order="pika duckdb"; else order="duckdb pika"; fi
    for tool in $order; do
        read -r ms cpu_ms < <(run_one "$tool")
        echo "$ms $cpu_ms" >> "$dir/$tool.txt"
        printf '{"bench":"import-csv","tool":"%s","run":%d,"rows":%d,"bytes":%d,' "$tool" "$i" \
            "$rows" "$bytes"
        printf '"ms":%d,"cpu_ms":%d}\n' "$ms" "$cpu_ms"
    done
done
p=$(cut -d' ' -f1 "$dir/pika.txt" | median)
d=$(cut -d' ' -f1 "$dir/duckdb.txt" | median)
pc=$(cut -d' ' -f2 "$dir/pika.txt" | median)
dc=$(cut -d' ' -f2 "$dir/duckdb.txt" | median)
awk -v p="$p" -v d="$d" -v pc="$pc" -v dc="$dc" -v rows="$rows" -v bytes="$bytes" \
    -v runs="$runs" -v cpus="$(nproc)" \
    'BEGIN { printf "{\"bench\":\"import-csv\",\"summary\":true,\"rows\":%d,\"bytes\":%d," \
             "\"runs\":%d,\"cpus\":%d,\"pika_ms_median\":%.0f,\"duckdb_ms_median\":%.0f," \
             "\"ratio\":%.3f,\"pika_cpu_ms_median\":%.0f,\"duckdb_cpu_ms_median\":%.0f," \
             "\"cpu_ratio\":%.3f,\"pika_rows_per_s\":%.0f,\"within_10_percent\":%s}\n",
             rows, bytes, runs, cpus, p, d, p / d, pc, dc, pc / dc, rows / (p / 1000.0),
             (p / d <= 1.10) ? "true" : "false" }'
