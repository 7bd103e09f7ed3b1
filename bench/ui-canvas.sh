#!/bin/sh
# ui-canvas.sh — frame times of the canvas with 1,000 nodes while panning and zooming, under
# Xvfb.
#
#   bench/ui-canvas.sh PIKA_PLOT PIKA [N_NODES]
#
#   e.g. bench/ui-canvas.sh build/bin/pika-plot build/bin/pika
#        GSK_RENDERER=cairo bench/ui-canvas.sh build/bin/pika-plot build/bin/pika
#
# Writes a workspace of N_NODES nodes (default 1,000: tests/ui/canvas_workspace.py, one source
# and chains of queries, a plot and a note, laid out by the canvas) over 20,000 demo rows,
# opens it in pika-plot (window 1280x800: the canvas is about 1280x720), waits until every
# node is evaluated, switches to the canvas (F2) at zoom 0.6 (cards with text), then with
# PIKA_FRAME_LOG set: a middle-button drag of 100 motion events (pan), 8 Ctrl+wheel notches out and 8 in
# around the pointer (zoom), and a second drag. Prints one JSON line:
#   frame_ms_p50 / frame_ms_p95 / frames   every canvas frame drawn during the interaction
#   pan, zoom                              the same for each part alone
# The renderer is the application's (below) unless GSK_RENDERER says otherwise (it is printed).
set -eu
# The renderer GTK draws with: GSK_RENDERER, else the application's choice (pk_app_choose_renderer:
# Cairo when the machine has no GPU render node), else GTK's default.
if [ -n "${GSK_RENDERER:-}" ]; then gsk_label=$GSK_RENDERER
elif ls /dev/dri/renderD* >/dev/null 2>&1; then gsk_label=default
else gsk_label="cairo (no GPU)"; fi
app=$(realpath "${1:?usage: ui-canvas.sh PIKA_PLOT PIKA [N_NODES]}")
cli=$(realpath "${2:?usage: ui-canvas.sh PIKA_PLOT PIKA [N_NODES]}")
nodes=${3:-1000}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/pika-ui-canvas.XXXXXX)
"$cli" demo-data --rows 20000 -o "$work/demo.csv" >/dev/null
python3 "$here/tests/ui/canvas_workspace.py" "$work/demo.csv" "$work/big.pika" "$nodes" 0.6
cat >"$work/drive.py" <<'EOF'
import json, os, subprocess, sys, time
app, work, nodes = sys.argv[1], sys.argv[2], int(sys.argv[3])
dump, log = os.path.join(work, "state.json"), os.path.join(work, "frames.log")
env = dict(os.environ, PIKA_STATE_DUMP=dump, PIKA_FRAME_LOG=log,
           PIKA_COMPUTE=os.environ.get("PIKA_COMPUTE", "cpu"),
           XDG_DATA_HOME=os.path.join(work, "data"), XDG_CONFIG_HOME=os.path.join(work, "cfg"))
proc = subprocess.Popen([app, os.path.join(work, "big.pika")], env=env, cwd=work,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
def state():
    try:
        with open(dump) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}
def wait(pred, timeout):
    end = time.time() + timeout
    while time.time() < end:
        s = state()
        if s and pred(s):
            return s
        time.sleep(0.1)
    return state()
def xdo(*a):
    subprocess.run(["xdotool", *map(str, a)], check=True)
wait(lambda s: len(s.get("nodes", [])) == nodes and not s.get("busy") and
     all(n["state"] in ("done", "error") for n in s["nodes"]), 180)
xdo("key", "F2")
s = wait(lambda s: (s.get("canvas") or {}).get("cards"), 30)
time.sleep(1.0)
x, y, w, h = (s.get("canvas") or {}).get("bounds") or (0, 47, 1280, 720)
def mark(name):
    with open(log, "a") as f:
        f.write(f"mark {name}\n")
def drag(x0, y0, dx, dy, steps=100):
    # the middle button pans wherever it starts (button 1 on a card would move the card)
    xdo("mousemove", int(x0), int(y0))
    xdo("mousedown", 2)
    for i in range(1, steps + 1):
        xdo("mousemove", int(x0 + dx * i / steps), int(y0 + dy * i / steps))
        time.sleep(0.008)
    xdo("mouseup", 2)
    time.sleep(0.5)
open(log, "w").close()
mark("pan")
drag(x + w * 0.8, y + h * 0.7, -700, -350)
mark("zoom")
xdo("mousemove", int(x + w / 2), int(y + h / 2))
for button in [5] * 8 + [4] * 8:
    xdo("keydown", "ctrl", "click", button, "keyup", "ctrl")
    time.sleep(0.04)
time.sleep(0.5)
mark("pan")
drag(x + w * 0.2, y + h * 0.3, 600, 300)
mark("end")
print(w, h)
proc.terminate()
proc.wait(timeout=10)
EOF
view=$(xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- env GTK_A11Y=none \
       python3 "$work/drive.py" "$app" "$work" "$nodes" 2>"$work/drive.err" | tail -1)
python3 - "$work/frames.log" "$nodes" "${view:-? ?}" "$gsk_label" <<'EOF'
import json, sys
path, nodes, view, gsk = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4]
part, frames = None, {"pan": [], "zoom": []}
for line in open(path):
    f = line.split()
    if f[0] == "mark":
        part = f[1] if f[1] in frames else None
    elif part and len(f) >= 3 and f[1].startswith("canvas") and not f[0].startswith("-"):
        frames[part].append(float(f[2]))
def pct(v, q):
    v = sorted(v)
    return round(v[min(len(v) - 1, int(len(v) * q))], 2) if v else None
every = frames["pan"] + frames["zoom"]
out = {"suite": "ui-canvas", "nodes": nodes, "view": "x".join(str(int(float(v))) for v in view)
       if view[0] != "?" else "?", "gsk_renderer": gsk, "frames": len(every),
       "frame_ms_p50": pct(every, 0.5), "frame_ms_p95": pct(every, 0.95)}
for k, v in frames.items():
    out[k] = {"frames": len(v), "p50": pct(v, 0.5), "p95": pct(v, 0.95)}
print(json.dumps(out))
EOF
[ -n "${PIKA_KEEP:-}" ] || rm -rf "$work"
