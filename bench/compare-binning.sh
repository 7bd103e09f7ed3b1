#!/bin/sh
# compare-binning.sh — our CPU fast path, a DuckDB GROUP BY and numpy.histogram2d binning the
# same points into the same grid, in one run, with the two ratios. Data: N uniform points
# written once as interleaved doubles by pika-bench's generator rules (seeded) under /tmp.
#   bench/compare-binning.sh [BUILD_DIR] [N] [WIDTHxHEIGHT] [REPEAT]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build}
n=${2:-10000000}
grid=${3:-1920x1080}
repeat=${4:-5}
w=${grid%x*}
h=${grid#*x}
work=$(mktemp -d /tmp/pika-compare.XXXXXX)
trap 'rm -rf "$work"' EXIT

# the data: a tiny C generator (splitmix64, seed 42), so every implementation reads one file
cat > "$work/gen.c" <<'GEN'
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
static uint64_t s = 42;
static double next(void) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (double)((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
}
int main(int argc, char **argv) {
    long n = atol(argv[1]);
    for (long i = 0; i < n; i++) {
        double p[2] = {next(), next()};
        fwrite(p, sizeof p, 1, stdout);
    }
    return 0;
}
GEN
cc -O2 -o "$work/gen" "$work/gen.c"
"$work/gen" "$n" > "$work/points.bin"

cc -O2 -I"$root/third_party/duckdb" -o "$work/duckdb-bin2d" "$here/duckdb-bin2d.c" \
    -L"$root/third_party/duckdb" -lduckdb -Wl,-rpath,"$root/third_party/duckdb"

ours=$("$build/bin/pika-bench" compute --n "$n" --grid "$grid" --backend cpu \
       --repeat "$repeat" 2>/dev/null)
duck=$("$work/duckdb-bin2d" "$work/points.bin" "$n" "$w" "$h" "$repeat")
nump=$(/usr/bin/python3 "$here/numpy_hist2d.py" "$work/points.bin" "$n" "$w" "$h" "$repeat")
echo "$ours"
echo "$duck"
echo "$nump"
ms() { echo "$1" | sed -n 's/.*"ms":\([0-9.]*\).*/\1/p'; }
awk -v a="$(ms "$ours")" -v d="$(ms "$duck")" -v p="$(ms "$nump")" -v n="$n" -v g="$grid" \
    'BEGIN { printf "{\"suite\":\"compare\",\"n\":%d,\"grid\":\"%s\",\"ours_ms\":%.3f,\"duckdb_ms\":%.3f,\"numpy_ms\":%.3f,\"duckdb_over_ours\":%.1f,\"numpy_over_ours\":%.1f}\n", n, g, a, d, p, d / a, p / a }'
