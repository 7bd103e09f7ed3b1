#!/usr/bin/env bash
# scale.sh — `pika plot` at scale: a density scatter of N rows plain and coloured by a 12-level
# text category, in one run side by side, with the stage timings (--timings: query, aggregate,
# render) and the ratio coloured / plain. With a second build, both builds in turn.
#
#   bench/scale.sh [ROWS] [RUNS] [BUILD_DIR] [OTHER_BUILD_DIR]   (defaults: 100000000, 5, build)
#   bench/scale.sh --clean                                        (deletes the generated data)
#
# The data is made once by DuckDB SQL (no random generator: every value is a hash of the row
# number, so every run and every machine gets the same table) and kept in
# build/bench-data/scale-ROWS.duckdb, table `points`:
#   x, y  DOUBLE   a blob around (0, 0) plus a uniform background, about 1% NULL y
#   cat   VARCHAR  'k00' .. 'k11', level k with weight (2k + 1) / 144 (so the top 10 of a
#                  plot's colour legend and its "other" are well defined), about 1% NULL
# At 100M rows the file is about 1.5 GB; `--clean` removes it.
#
# Each run is a whole process; the plain and coloured commands (and the builds) alternate, one
# untimed warm-up of each first. Output: one JSON line per run and per command, then a summary
# line per command with the medians and the coloured / plain ratios of the medians.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
data_dir="$top/build/bench-data"
if [ "${1:-}" = "--clean" ]; then
    rm -f "$data_dir"/scale-*.duckdb "$data_dir"/scale-*.duckdb.wal
    exit 0
fi
rows=${1:-100000000}
runs=${2:-5}
builds=("${3:-build}")
if [ -n "${4:-}" ]; then
    builds+=("$4")
fi
pika_of() {
    case "$1" in
    /*) echo "$1/bin/pika" ;;
    *) echo "$top/$1/bin/pika" ;;
    esac
}
pika=$(pika_of "${builds[0]}")
db="$data_dir/scale-$rows.duckdb"
out=$(mktemp -d /tmp/pika-scale-XXXXXX)
trap 'rm -rf "$out"' EXIT

if [ ! -s "$db" ]; then
    mkdir -p "$data_dir"
    rm -f "$db.tmp" "$db.tmp.wal"
    echo "generating $rows rows into $db" >&2
    "$pika" query --db "$db.tmp" "
        CREATE TABLE points AS
        WITH h AS (
            SELECT i,
                   hash(i * 4 + 0) AS h0, hash(i * 4 + 1) AS h1,
                   hash(i * 4 + 2) AS h2, hash(i * 4 + 3) AS h3
            FROM range($rows) t(i))
        SELECT
            CASE WHEN h0 % 4 = 0 THEN (h1 % 1000000) / 1e6 * 8 - 4
                 ELSE ((h1 % 1000) + (h1 // 1000 % 1000) + (h1 // 1000000 % 1000)) / 1500.0 - 1
            END AS x,
            CASE WHEN h3 % 100 = 0 THEN NULL
                 WHEN h0 % 4 = 0 THEN (h2 % 1000000) / 1e6 * 8 - 4
                 ELSE ((h2 % 1000) + (h2 // 1000 % 1000) + (h2 // 1000000 % 1000)) / 1500.0 - 1
            END AS y,
            CASE WHEN h3 // 100 % 100 = 0 THEN NULL
                 ELSE 'k' || lpad(CAST(CAST(floor(sqrt((h3 // 10000 % 144) + 0.5)) AS INTEGER)
                                       AS VARCHAR), 2, '0')
            END AS cat
        FROM h" >/dev/null
    mv "$db.tmp" "$db"
fi

# Wall seconds and peak RSS of one command (GNU time), its --timings line kept.
run_one() {
    local label=$1 build=$2
    shift 2
    local log="$out/run.log"
    /usr/bin/time -f '%e %M' -o "$out/time" "$@" >/dev/null 2>"$log"
    local wall rss agg query
    read -r wall rss <"$out/time"
    query=$(sed -n 's/.*query \([0-9.]*\) ms.*/\1/p' "$log")
    agg=$(sed -n 's/.*aggregate \([0-9.]*\) ms.*/\1/p' "$log")
    printf '{"bench":"scale","build":"%s","case":"%s","rows":%s,"wall_s":%s,"query_ms":%s,' \
        "$build" "$label" "$rows" "$wall" "${query:-null}"
    printf '"aggregate_ms":%s,"peak_kib":%s}\n' "${agg:-null}" "$rss"
}

plain=(plot --db "$db" --table points --type scatter -x x -y y --width 1920 --height 1080
    --timings)
colour=("${plain[@]}" --color cat)
results="$out/results"
for i in $(seq 0 "$runs"); do
    for b in "${builds[@]}"; do
        p=$(pika_of "$b")
        for c in plain colour; do
            if [ "$c" = plain ]; then
                line=$(run_one "$c" "$b" "$p" "${plain[@]}" -o "$out/$c.png")
            else
                line=$(run_one "$c" "$b" "$p" "${colour[@]}" -o "$out/$c.png")
            fi
            if [ "$i" -gt 0 ]; then # run 0 is the warm-up
                echo "$line" | tee -a "$results"
            fi
        done
    done
done

# Medians per build and case; ratios coloured / plain.
python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
med = {}
for r in rows:
    for k in ("wall_s", "aggregate_ms", "query_ms"):
        med.setdefault((r["build"], r["case"], k), []).append(r[k])
for b in dict.fromkeys(r["build"] for r in rows):
    m = {k: statistics.median(v) for (bb, c, k0), v in med.items() if bb == b
         for k in [(c, k0)]}
    print(json.dumps({"bench": "scale-summary", "build": b, "rows": rows[0]["rows"],
                      "plain_wall_s": m[("plain", "wall_s")],
                      "colour_wall_s": m[("colour", "wall_s")],
                      "plain_aggregate_ms": m[("plain", "aggregate_ms")],
                      "colour_aggregate_ms": m[("colour", "aggregate_ms")],
                      "ratio_wall": round(m[("colour", "wall_s")] / m[("plain", "wall_s")], 2),
                      "ratio_aggregate": round(m[("colour", "aggregate_ms")] /
                                               m[("plain", "aggregate_ms")], 2)}))
PY
