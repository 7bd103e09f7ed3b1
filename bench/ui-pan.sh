#!/bin/sh
# ui-pan.sh — UI frame times while panning a density scatter in the plot view, under Xvfb.
#
#   bench/ui-pan.sh TEST_BINARY [WIDTHxHEIGHT] [ROWS] [DRAG_STEPS]
#
#   e.g. bench/ui-pan.sh build/tests/test-plot-view 1280x720 10000000
#
# Runs the plot view's pointer test (tests/ui/test-plot-view.c: a window of WIDTHxHEIGHT,
# default 1280x720, holding one PkPlotView over ROWS points, default 10,000,000, dragged with
# XTest (or xdotool) for DRAG_STEPS motion events, default 130, then one wheel notch) with
# PIKA_FRAME_LOG set, and prints one JSON line from the log:
#   frame_ms_p50 / frame_ms_p95   UI frame time (frame clock before-paint to after-paint) of
#                                 the frames drawn during the interaction
#   empty                         frames without a picture during the interaction
#   fresh_after_stop_ms           time from the last motion event of the drag to the first
#                                 exact frame of the final viewport ("drag"), and the same
#                                 after the wheel notch ("wheel")
# The button is released 20 ms after the last motion (a quick release; the release restyles
# the view in a frame of its own, which the exact frame must then wait 16.7 ms after);
# PIKA_PLOT_VIEW_HOLD_MS=200 holds it longer, as when one stops, looks, then lets go.
# The CPU backend answers unless PIKA_COMPUTE says otherwise; the renderer is the application's
# (below), unless GSK_RENDERER says otherwise (it is printed).
set -eu
# The renderer GTK draws with: GSK_RENDERER, else the application's choice (pk_app_choose_renderer:
# Cairo when the machine has no GPU render node), else GTK's default.
if [ -n "${GSK_RENDERER:-}" ]; then gsk_label=$GSK_RENDERER
elif ls /dev/dri/renderD* >/dev/null 2>&1; then gsk_label=default
else gsk_label="cairo (no GPU)"; fi
bin=${1:?usage: ui-pan.sh TEST_BINARY [WIDTHxHEIGHT] [ROWS] [DRAG_STEPS]}
size=${2:-1280x720}
rows=${3:-10000000}
steps=${4:-130}
log=$(mktemp /tmp/pika-frames.XXXXXX)
out=$(mktemp /tmp/pika-ui-pan.XXXXXX)
PIKA_COMPUTE=${PIKA_COMPUTE:-cpu} PIKA_FRAME_LOG="$log" PIKA_PLOT_VIEW_ROWS="$rows" \
PIKA_PLOT_VIEW_SIZE="$size" PIKA_PLOT_VIEW_DRAG_STEPS="$steps" \
PIKA_TEST_SHOT_DIR=${PIKA_TEST_SHOT_DIR:-/tmp} \
    xvfb-run -a -s "-screen 0 1920x1200x24" dbus-run-session -- env GTK_A11Y=none \
    "$bin" --verbose -p /ui/plot-view/pointer-drag-and-wheel >"$out" 2>&1 ||
    { echo "ui-pan: the drag test failed" >&2; tail -5 "$out" >&2; }
view=$(sed -n 's/.*view size: \([0-9]*x[0-9]*\).*/\1/p' "$out" | head -1)
# frame ms, sorted, for the percentiles (plain awk: no asort)
pct() {
    awk '$1 ~ /^[-0-9]/ && $1 >= 0 {print $3}' "$log" | sort -n |
        awk -v q="$1" '{v[NR] = $1} END {i = int(NR * q) + 1; if (i > NR) i = NR; print v[i] + 0}'
}
p50=$(pct 0.5)
p95=$(pct 0.95)
awk -v rows="$rows" -v size="$size" -v view="${view:-?}" -v p50="$p50" -v p95="$p95" \
    -v gsk="$gsk_label" '
    $1 == "mark" { pending = $2; next }
    $1 !~ /^[-0-9]/ { next }
    $1 >= 0 { n++; kinds[$2]++; if ($3 > max) max = $3
              if ($2 == "exact-fresh" && pending != "") { lat[pending] = $1; pending = "" } }
    END {
        printf "{\"suite\":\"ui-pan\",\"window\":\"%s\",\"view\":\"%s\",", size, view
        printf "\"rows\":%d,\"gsk_renderer\":\"%s\",\"frames\":%d,", rows, gsk, n
        printf "\"transformed\":%d,\"exact\":%d,", kinds["transformed"],
            kinds["exact-fresh"] + kinds["exact"]
        printf "\"empty\":%d,\"frame_ms_p50\":%s,\"frame_ms_p95\":%s,", kinds["empty"], p50, p95
        printf "\"frame_ms_max\":%.1f,", max
        printf "\"fresh_after_stop_ms\":{\"drag\":%s,\"wheel\":%s}}\n", \
            ("drag-stop" in lat) ? sprintf("%.1f", lat["drag-stop"]) : "null", \
            ("wheel-stop" in lat) ? sprintf("%.1f", lat["wheel-stop"]) : "null"
    }' "$log"
rm -f "$log" "$out"
