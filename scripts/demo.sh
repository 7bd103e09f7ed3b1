#!/usr/bin/env bash
# The main job: install what is missing, build, generate the sample dataset, make a starter
# workspace for it (out/demo.pika), and open the desktop application on it. Without a display
# (or with PIKA_DEMO_NO_APP=1) the same workspace is evaluated by the CLI instead: its plots are
# drawn into out/plots/ and a query runs over the same file.
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

step "A starter workspace for it: out/demo.pika (the file is imported into out/demo.pika.duckdb)"
"$pika" new out/demo.pika --source out/demo.csv --force

# With a display, the main job is the desktop application on the demo workspace.
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$build/bin/pika-plot" ] &&
   [ "${PIKA_DEMO_NO_APP:-0}" != 1 ]; then
    step "Opening the desktop application on out/demo.pika"
    exec "$build/bin/pika-plot" out/demo.pika
fi

step "No display: evaluating the workspace and drawing its plots into out/plots/"
"$pika" run out/demo.pika --out out/plots --timings

step "The same data queried with SQL: rows, mean value and cluster centre per category"
"$pika" query --file out/demo.csv "
    SELECT category,
           count(*)                  AS n_rows,
           round(avg(value), 2)      AS mean_value,
           round(avg(x), 2)          AS mean_x,
           round(avg(y), 2)          AS mean_y
    FROM demo
    GROUP BY category
    ORDER BY n_rows DESC"

cat <<NEXT

Where to go next:
  the plots                 out/plots/*.png
  the workspace (recipes)   out/demo.pika: edit its SQL or plot specs, then run it again
  run it again              $pika run out/demo.pika --out out/plots   (no re-import: cached)
  check it without running  $pika validate out/demo.pika
  one node as CSV           $pika run out/demo.pika --node demo_preview --format csv --out out
  a plot straight from SQL  $pika plot --file out/demo.csv --type scatter -x x -y y -o out/xy.svg
  your own data             $pika new mine.pika --source YOUR_FILE.csv
  every command and option  $pika --help, and docs/cli.md
NEXT
