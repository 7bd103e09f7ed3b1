#!/bin/sh
# plot-e2e.sh — end-to-end density scatter of a 10M-row CSV to a 1920×1080 PNG with `pika plot`
# (stage timings from --timings), and in the same run the same picture made with pandas.read_csv
# + matplotlib hist2d through Debian's /usr/bin/python3. Prints both times and the ratio.
#
#   bench/plot-e2e.sh [BUILD_DIR] [ROWS]     (defaults: build, 10000000)
# The CSV (about 420 MB at 10M rows) is generated once under /tmp by `pika demo-data`.
set -eu
build=${1:-build}
rows=${2:-10000000}
pika="$build/bin/pika"
csv="/tmp/pika-e2e-$rows.csv"
out=${TMPDIR:-/tmp}/pika-e2e
mkdir -p "$out"
if [ ! -s "$csv" ]; then
    "$pika" demo-data --rows "$rows" -o "$csv" >/dev/null
fi
ls -l "$csv" >&2

start=$(date +%s.%N)
"$pika" plot --file "$csv" --type scatter -x x -y y --width 1920 --height 1080 \
    -o "$out/pika.png" --timings
end=$(date +%s.%N)
pika_s=$(echo "$end - $start" | bc -l)

start=$(date +%s.%N)
/usr/bin/python3 - "$csv" "$out/matplotlib.png" <<'PY'
import sys, time
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
t0 = time.time()
df = pd.read_csv(sys.argv[1], usecols=["x", "y"]).dropna()
t1 = time.time()
fig = plt.figure(figsize=(19.2, 10.8), dpi=100)
plt.hist2d(df["x"], df["y"], bins=(1700, 950), cmin=1)
fig.savefig(sys.argv[2])
t2 = time.time()
print(f"matplotlib: read_csv {t1 - t0:.2f} s · hist2d+savefig {t2 - t1:.2f} s", file=sys.stderr)
PY
end=$(date +%s.%N)
mpl_s=$(echo "$end - $start" | bc -l)
printf '{"bench":"plot-e2e","rows":%s,"pika_s":%.2f,"pandas_matplotlib_s":%.2f,"ratio":%.2f}\n' \
    "$rows" "$pika_s" "$mpl_s" "$(echo "$mpl_s / $pika_s" | bc -l)"
