#!/bin/sh
# ui-notebook-pan.sh — frame times while panning a plot inside the notebook, under Xvfb.
#
#   bench/ui-notebook-pan.sh [PIKA_PLOT] [PIKA] [ROWS]
#
#   e.g. bench/ui-notebook-pan.sh build/bin/pika-plot build/bin/pika 300000
#
# Makes the demo workspace (`pika demo-data --rows ROWS`, default 300,000, and `pika new`) in a
# temporary folder, opens it in pika-plot (window 1280x800 on a 1600x1000 screen), scrolls the
# notebook to the first plot, drags in it for 60 motion events 20 ms apart, and prints one JSON
# line from the plot view's frame log (PIKA_FRAME_LOG): the frames drawn and their p50 / p95
# (frame clock before-paint to after-paint). Unlike bench/ui-pan.sh, the plot sits in a
# notebook cell among other cells, as a user sees it. The renderer is the application's unless
# GSK_RENDERER says otherwise.
set -eu
app=${1:-build/bin/pika-plot}
cli=${2:-build/bin/pika}
rows=${3:-300000}
work=$(mktemp -d /tmp/pika-notebook-pan.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$cli" demo-data --rows "$rows" -o "$work/demo.csv" >/dev/null
"$cli" new "$work/demo.pika" --source "$work/demo.csv" >/dev/null
cat >"$work/drive.sh" <<EOF
#!/bin/sh
PIKA_FRAME_LOG="$work/frames.log" "$app" "$work/demo.pika" &
app_pid=\$!
sleep 5
xdotool mousemove 60 500 click 5 click 5 click 5 click 5 click 5 click 5
sleep 1
xdotool mousemove 500 450 mousedown 1
for i in \$(seq 1 60); do xdotool mousemove_relative -- 3 1; sleep 0.02; done
xdotool mouseup 1
sleep 1.5
kill \$app_pid
EOF
chmod +x "$work/drive.sh"
xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- env GTK_A11Y=none \
    "$work/drive.sh" >/dev/null 2>&1 || true
awk '$1 ~ /^[0-9]/ && $1 >= 0 {print $3}' "$work/frames.log" | sort -n | awk -v rows="$rows" '
    {v[NR] = $1}
    END {
        if (NR == 0) { print "ui-notebook-pan: no frames were logged" > "/dev/stderr"; exit 1 }
        printf "{\"suite\":\"ui-notebook-pan\",\"rows\":%d,\"frames\":%d,", rows, NR
        printf "\"frame_ms_p50\":%s,\"frame_ms_p95\":%s}\n", v[int(NR * 0.5) + 1],
            v[int(NR * 0.95) + 1]
    }'
