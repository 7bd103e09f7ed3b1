#!/bin/sh
# ui-switch-input.sh — how long a plot takes to show another input, chosen in its cell's input
# picker, against the time one evaluation of that plot takes. Under Xvfb.
#
#   bench/ui-switch-input.sh [PIKA_PLOT] [PIKA] [ROWS] [RUNS]
#   e.g. bench/ui-switch-input.sh build/bin/pika-plot build/bin/pika 1000000 5
#
# The workspace: the demo data (`pika demo-data --rows ROWS`) as a source, two queries over it
# (q_even, q_odd: the rows with value below 50 and the others, about half each) and a density
# scatter of x and y on q_even. Once every
# cell is done, each run picks the other query in the plot's input picker (with the pointer,
# through the state dump's named controls, tests/ui/uitest.py) and measures, from the click on
# the list row until the plot view drew a new exact frame over the new input: "switch_ms" (the
# view's own monotonic timestamp of that frame, exact_drawn_us in the state dump, against the
# click's: the dump itself is written up to a few hundred ms later). The plot node's own evaluation in that switch, as its cell reports it
# ("✓ N rows · T ms"), is "evaluation_ms". Prints one JSON line with medians; the goal is
# switch_ms within the time of one evaluation plus the frame (the view draws as soon as the
# node is done).
set -eu
if [ -z "${DISPLAY:-}" ] || [ -z "${PIKA_SWITCH_UNDER_XVFB:-}" ]; then
    PIKA_SWITCH_UNDER_XVFB=1 exec xvfb-run -a -s "-screen 0 1600x1000x24" \
        dbus-run-session -- env GTK_A11Y=none PIKA_SWITCH_UNDER_XVFB=1 "$0" "$@"
fi
app=$(realpath "${1:-build/bin/pika-plot}")
cli=$(realpath "${2:-build/bin/pika}")
rows=${3:-1000000}
runs=${4:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
exec python3 - "$app" "$cli" "$rows" "$runs" "$here/tests/ui" <<'EOF'
import json, os, re, statistics, subprocess, sys, time

app, cli, rows, runs, ui = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
sys.path.insert(0, ui)
sys.dont_write_bytecode = True
import uitest  # noqa: E402

work, _, _ = uitest.init("pika-switch-")
csv = uitest.demo_csv(cli, rows)
ws = os.path.join(work, "switch.pika")
spec = {"type": "scatter", "x": {"column": "x"}, "y": {"column": "y"}, "title": "switch"}
doc = {"format": "pika-workspace", "version": 1, "nodes": [
    {"name": "demo", "kind": "source", "params": {"path": csv}},
    {"name": "q_even", "kind": "query",
     "params": {"sql": "SELECT * FROM demo WHERE value < 50"}},
    {"name": "q_odd", "kind": "query",
     "params": {"sql": "SELECT * FROM demo WHERE value >= 50"}},
    {"name": "p", "kind": "plot", "params": {"spec": spec}},
], "edges": [{"from": "q_even", "to": "p", "port": 0}]}
with open(ws, "w") as f:
    json.dump(doc, f)
proc = uitest.start(app, ws, PIKA_COMPUTE="cpu")
ready = uitest.wait_for(lambda s: uitest.all_done(s) and s.get("built"), 120)
if not (ready and uitest.all_done(ready) and ready.get("built")):
    sys.exit(f"ui-switch-input: the workspace did not open: {ready and ready.get('nodes')}")


def frames(state):
    return next((p.get("frames", 0) for p in state.get("plots", []) if p["name"] == "p"), 0)


def drawn_us(state):
    """When the plot view drew its last new exact frame (the monotonic clock, µs)."""
    return next((p.get("exact_drawn_us", 0) for p in (state or {}).get("plots", [])
                 if p["name"] == "p"), 0)


switch, evaluation = [], []
target = "q_odd"
for _ in range(runs):
    before = frames(uitest.read_dump())
    uitest.scroll_into_view("p/input")
    uitest.click("p/input")
    row = uitest.wait_control("choice:" + target, 10)
    t0 = time.monotonic()
    uitest.click("choice:" + target)
    state = uitest.wait_for(
        lambda s: (uitest.node(s, "p") or {}).get("inputs") == [target] and
        (uitest.node(s, "p") or {}).get("state") == "done" and frames(s) > before and
        drawn_us(s) > t0 * 1e6 and not s.get("busy"), 60)
    switch.append(drawn_us(state) / 1000.0 - t0 * 1000)
    if os.environ.get("PIKA_SWITCH_DEBUG"):
        print(json.dumps({"node": uitest.node(state, "p"), "frames": frames(state),
                          "before": before}), file=sys.stderr)
    m = re.search(r"· ([0-9.]+) (ms|s)", (uitest.node(state, "p") or {}).get("text", ""))
    if m:
        evaluation.append(float(m.group(1)) * (1000 if m.group(2) == "s" else 1))
    target = "q_even" if target == "q_odd" else "q_odd"
    time.sleep(0.5)
uitest.stop(proc)
print(json.dumps({"suite": "ui-switch-input", "rows": rows, "runs": runs,
                  "switch_ms_median": round(statistics.median(switch), 1),
                  "switch_ms": [round(v, 1) for v in switch],
                  "evaluation_ms_median": round(statistics.median(evaluation), 1)
                  if evaluation else None}))
EOF
