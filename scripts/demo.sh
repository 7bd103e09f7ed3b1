#!/usr/bin/env bash
# The main job until the desktop application exists: install what is missing, build, generate
# the sample dataset, import it into a DuckDB file under out/, run a query and print the result,
# and draw the points to out/demo.png.
#   scripts/demo.sh              1,000,000 rows
#   scripts/demo.sh --rows N     another size (PIKA_DEMO_ROWS=N works too)
# PIKA_DEMO_BUILD=DIR uses another build folder; PIKA_DEMO_SKIP_BUILD=1 skips setup and build.
set -euo pipefail
cd "$(dirname "$0")/.."

rows="${PIKA_DEMO_ROWS:-1000000}"
if [ "${1:-}" = "--rows" ] && [ -n "${2:-}" ]; then
    rows="$2"
fi

build="${PIKA_DEMO_BUILD:-build}"
if [ "${PIKA_DEMO_SKIP_BUILD:-0}" != 1 ]; then
    scripts/setup.sh
    scripts/build.sh
fi

pika="$build/bin/pika"
mkdir -p out
step() { printf '\n== %s\n' "$*"; }

step "Generating the sample dataset ($rows rows): out/demo.csv"
"$pika" demo-data --rows "$rows" -o out/demo.csv
ls -lh out/demo.csv | awk '{print $5, $9}'

step "Importing it into out/demo.duckdb as table demo"
"$pika" import out/demo.csv --db out/demo.duckdb --table demo --replace

step "Querying: rows, mean value and cluster centre per category"
"$pika" query --db out/demo.duckdb "
    SELECT category,
           count(*)                  AS n_rows,
           round(avg(value), 2)      AS mean_value,
           round(median(value), 2)   AS median_value,
           round(avg(x), 2)          AS mean_x,
           round(avg(y), 2)          AS mean_y,
           min(ts)                   AS first_seen
    FROM demo
    GROUP BY category
    ORDER BY n_rows DESC"

step "Drawing every point as an exact density scatter: out/demo.png"
"$pika" plot --db out/demo.duckdb --table demo --type scatter -x x -y y \
    --title "The sample dataset: x against y" --width 1280 --height 800 -o out/demo.png

cat <<NEXT

Where to go next:
  columns and types         $pika schema --db out/demo.duckdb demo
  statistics of each column $pika query --db out/demo.duckdb "SUMMARIZE demo"
  rows as CSV or JSON       $pika query --db out/demo.duckdb --format csv "FROM demo LIMIT 5"
  export to Parquet         $pika export --db out/demo.duckdb --table demo -o out/demo.parquet
  a density plot as SVG     $pika plot --db out/demo.duckdb --table demo --type scatter -x x -y y -o out/xy.svg
  your own data             $pika import YOUR_FILE.csv --db out/demo.duckdb
  every command and option  $pika --help, and docs/cli.md
NEXT
