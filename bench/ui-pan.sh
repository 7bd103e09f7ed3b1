#!/bin/sh
# ui-pan.sh — UI frame times while panning a density scatter in the plot view, under Xvfb.
#
#   bench/ui-pan.sh TEST_BINARY [ROWS] [DRAG_STEPS]
#
# Runs the plot view's pointer test (tests/ui/test-plot-view.c: a window with one PkPlotView
# over ROWS points, default 10,000,000, dragged with xdotool for DRAG_STEPS motion events)
# with PIKA_FRAME_LOG set, then prints from the log: frames, frame-time median and p95,
# frames without a picture during the interaction, and the time from the last pointer event
# to the first fresh exact frame. The CPU backend answers unless PIKA_COMPUTE says otherwise.
set -eu
bin=${1:?usage: ui-pan.sh TEST_BINARY [ROWS] [DRAG_STEPS]}
rows=${2:-10000000}
steps=${3:-130}
log=$(mktemp /tmp/pika-frames.XXXXXX)
PIKA_COMPUTE=${PIKA_COMPUTE:-cpu} PIKA_FRAME_LOG="$log" PIKA_PLOT_VIEW_ROWS="$rows" \
PIKA_PLOT_VIEW_DRAG_STEPS="$steps" PIKA_TEST_SHOT_DIR=${PIKA_TEST_SHOT_DIR:-/tmp} \
    xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- env GTK_A11Y=none \
    "$bin" -p /ui/plot-view/pointer-drag-and-wheel >/dev/null 2>&1 || echo "ui-pan: the drag test failed" >&2
# frame ms, sorted, for the percentiles (plain awk: no asort)
p50=$(awk '$1 >= 0 {print $3}' "$log" | sort -n | awk '{v[NR] = $1} END {print v[int(NR * 0.5) + 1]}')
p95=$(awk '$1 >= 0 {print $3}' "$log" | sort -n | awk '{v[NR] = $1} END {i = int(NR * 0.95) + 1; if (i > NR) i = NR; print v[i]}')
awk -v rows="$rows" -v p50="$p50" -v p95="$p95" '
    $1 >= 0 { n++; kinds[$2]++
              if ($2 == "transformed") { moving = 1 }
              if ($2 == "exact-fresh" && moving) { moving = 0; nl++; last = $1; if ($1 > max) max = $1 } }
    END {
        printf "{\"suite\":\"ui-pan\",\"rows\":%d,\"frames\":%d,\"transformed\":%d,", rows, n, kinds["transformed"]
        printf "\"exact\":%d,\"empty\":%d,\"frame_ms_p50\":%s,\"frame_ms_p95\":%s,", kinds["exact-fresh"] + kinds["exact"], kinds["empty"] + 0, p50, p95
        printf "\"fresh_after_stop_ms_last\":%.1f,\"fresh_after_stop_ms_max\":%.1f}\n", last, max
    }' "$log"
rm -f "$log"
