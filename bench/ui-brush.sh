#!/bin/sh
# ui-brush.sh — linked brushing latency in the plot view, under Xvfb.
#
#   bench/ui-brush.sh TEST_BINARY [ROWS] [STEPS] [WIDTHxHEIGHT]
#
#   e.g. bench/ui-brush.sh build/tests/test-plot-view 10000000
#
# Runs the plot view's brushing test (tests/ui/test-plot-view.c, /ui/plot-view/brush-links-views:
# a window of WIDTHxHEIGHT, default 1280x720, with three views of one ROWS-row source — a
# scatter of x and y, a scatter of i and y, a histogram of x), draws a box in the first one
# with real pointer events in STEPS moves (default 20), and after each move waits until both
# other views have drawn a new exact frame. Prints one JSON line: the delay from the pointer
# moving to the slower of the two other views showing the new selection (p50, p95, max, ms).
# The CPU backend answers unless PIKA_COMPUTE says otherwise.
set -eu
bin=${1:?usage: ui-brush.sh TEST_BINARY [ROWS] [STEPS] [WIDTHxHEIGHT]}
rows=${2:-10000000}
steps=${3:-20}
size=${4:-1280x720}
log=$(mktemp /tmp/pika-brush.XXXXXX)
out=$(mktemp /tmp/pika-ui-brush.XXXXXX)
PIKA_COMPUTE=${PIKA_COMPUTE:-cpu} PIKA_BRUSH_LOG="$log" PIKA_PLOT_VIEW_ROWS="$rows" \
PIKA_PLOT_VIEW_SIZE="$size" PIKA_BRUSH_STEPS="$steps" \
    xvfb-run -a -s "-screen 0 1920x1200x24" dbus-run-session -- env GTK_A11Y=none \
    "$bin" --verbose -p /ui/plot-view/brush-links-views >"$out" 2>&1 ||
    { echo "ui-brush: the brushing test failed" >&2; tail -5 "$out" >&2; }
awk '$1 == "brush" {print $2}' "$log" | sort -n | awk -v rows="$rows" -v size="$size" '
    {v[NR] = $1}
    END {
        if (NR == 0) { print "{\"suite\":\"ui-brush\",\"error\":\"no samples\"}"; exit }
        p50 = v[int(NR * 0.5) + 1 > NR ? NR : int(NR * 0.5) + 1]
        p95 = v[int(NR * 0.95) + 1 > NR ? NR : int(NR * 0.95) + 1]
        printf "{\"suite\":\"ui-brush\",\"rows\":%d,\"window\":\"%s\",\"moves\":%d,", rows, size, NR
        printf "\"linked_update_ms_p50\":%.1f,\"linked_update_ms_p95\":%.1f,", p50, p95
        printf "\"linked_update_ms_max\":%.1f}\n", v[NR]
    }'
rm -f "$log" "$out"
