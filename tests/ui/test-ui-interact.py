#!/usr/bin/env python3
"""test-ui-interact.py PIKA_PLOT PIKA [TEST] — the import dialog and a plot, driven with xdotool.

Each test starts the real pika-plot under Xvfb with PIKA_STATE_DUMP set, drives it with xdotool
and checks the result through the state dump (docs/app.md) and screenshots:
  /ui/interact/import-through-dialog      Ctrl+I, the file chooser (a path typed with Ctrl+L),
                                          the import dialog: "Skip lines" set to 3, Import; the
                                          source node exists, is done, has 250 rows and
                                          skip_rows = 3 among its parameters
  /ui/interact/import-dialog-screenshot   the dialog shows options and a preview (many colours)
  /ui/interact/plot-pan-changes-viewport  a drag on the plot moves its x and y ranges
  /ui/interact/plot-wheel-zooms-in        wheel up over the plot narrows both ranges
  /ui/interact/plot-view-written          the view ends up in the plot's "view" parameter
  /ui/interact/plot-screenshot            the plot's area holds a picture, not a flat colour
TEST (optional) runs only the tests whose name contains it. Screenshots go to $PIKA_UI_SHOTS
(default: a temporary folder, printed). Prints TAP."""
import json
import os
import random
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest  # noqa: E402
from uitest import (all_done, colours, node, ok, shot, stop, wait_for,  # noqa: E402
                    window_geometry, xdo)

APP, CLI = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
ONLY = sys.argv[3] if len(sys.argv) > 3 else ""
WORK, SHOTS, DUMP = uitest.init("pika-ui-interact-")
SEED = int(os.environ.get("PIKA_TEST_SEED", "6"))


def plot(state, name):
    return next((p for p in (state or {}).get("plots", []) if p["name"] == name), None)


def start(workspace):
    return uitest.start(APP, workspace, PIKA_COMPUTE="cpu")


def wait_window(name, timeout_s=15.0):
    end = time.time() + timeout_s
    while time.time() < end:
        geo = window_geometry(name)
        if geo is not None:
            return geo
        time.sleep(0.2)
    return None


def test_import():
    rng = random.Random(SEED)
    path = os.path.join(WORK, "sensors.csv")
    with open(path, "w") as f:  # three lines of preamble before the header
        f.write("Sensor export\nsite: north\n\nt;temp;hum\n")
        for i in range(250):
            f.write(f"{i};{rng.uniform(-5, 30):.2f};{rng.uniform(0, 100):.1f}\n")
    _, ws = uitest.demo_workspace(CLI, "import.pika", 20000)
    app = start(ws)
    wait_for(all_done)
    xdo("key", "ctrl+i")
    chooser = wait_window("Import Data Files")
    xdo("key", "ctrl+l")
    time.sleep(0.3)
    xdo("type", "--delay", "5", path)
    dialog = None
    for _ in range(4):  # the location entry may take the first Return for its completion
        time.sleep(0.5)
        xdo("key", "Return")
        dialog = wait_window("^Import Data$", 3)
        if dialog is not None:
            break
    time.sleep(1.5)  # the sniff and its preview
    if dialog is not None:
        # "Skip lines": the spin button in the options grid's third row, second column.
        x, y = dialog[0] + 355, dialog[1] + 165
        xdo("mousemove", x, y, "click", "--repeat", "3", "--delay", "80", "1")
        xdo("type", "--delay", "20", "3")
        xdo("key", "Tab")
        time.sleep(1.5)
        path_shot = shot("import-dialog.png", crop=dialog)
        n = colours(path_shot)
        ok("/ui/interact/import-dialog-screenshot", n > 40, f"{n} colours in {path_shot}")
        xdo("mousemove", dialog[0] + dialog[2] - 50, dialog[1] + 25, "click", "1")  # Import
    else:
        ok("/ui/interact/import-dialog-screenshot", False, f"no dialog (chooser: {chooser})")
    state = wait_for(lambda s: (node(s, "sensors") or {}).get("state") == "done" and
                     all_done(s), 40)
    src = node(state, "sensors")
    ok("/ui/interact/import-through-dialog",
       src is not None and src["kind"] == "source" and src["state"] == "done" and
       src["rows"] == 250 and (src.get("params") or {}).get("skip_rows") == 3, str(src))
    shot("after-import.png")
    stop(app)


def plot_workspace():
    csv = uitest.demo_csv(CLI, 200000)
    ws = os.path.join(WORK, "plot.pika")
    doc = {"format": "pika-workspace", "version": 1,
           "nodes": [{"name": "demo", "kind": "source", "params": {"path": csv}},
                     {"name": "y_vs_x", "kind": "plot",
                      "params": {"spec": {"title": "y against x", "x": {"column": "x"},
                                          "y": {"column": "y"}}}}],
           "edges": [{"from": "demo", "to": "y_vs_x", "port": 0}]}
    with open(ws, "w") as f:
        json.dump(doc, f)
    return ws


def span(v):
    return v[1] - v[0], v[3] - v[2]


def test_plot():
    app = start(plot_workspace())
    state = wait_for(lambda s: all_done(s) and (plot(s, "y_vs_x") or {}).get("viewport")
                     and plot(s, "y_vs_x").get("bounds"))
    main = window_geometry("plot.pika")
    p = plot(state, "y_vs_x")
    if p is None or not p.get("viewport") or not p.get("bounds") or main is None:
        ok("/ui/interact/plot-pan-changes-viewport", False, f"no plot shown: {p} {main}")
        stop(app)
        return
    time.sleep(0.5)
    v0 = p["viewport"]
    bx, by, bw, bh = p["bounds"]
    cx, cy = int(main[0] + bx + bw / 2), int(main[1] + by + bh / 2)
    xdo("mousemove", cx, cy)
    xdo("mousedown", "1")
    for i in range(1, 13):
        xdo("mousemove", cx + 12 * i, cy + 6 * i)
        time.sleep(0.03)
    xdo("mouseup", "1")
    state = wait_for(lambda s: (plot(s, "y_vs_x") or {}).get("viewport") not in (None, v0), 10)
    v1 = (plot(state, "y_vs_x") or {}).get("viewport")
    moved = v1 is not None and v1[0] < v0[0] and v1[2] > v0[2] and \
        abs(span(v1)[0] - span(v0)[0]) < 1e-6 * max(1.0, span(v0)[0])
    ok("/ui/interact/plot-pan-changes-viewport", moved, f"{v0} -> {v1}")
    time.sleep(0.5)
    xdo("mousemove", cx, cy)
    for _ in range(3):
        xdo("click", "4")
        time.sleep(0.1)
    state = wait_for(lambda s: (plot(s, "y_vs_x") or {}).get("viewport") not in (None, v1), 10)
    v2 = (plot(state, "y_vs_x") or {}).get("viewport")
    zoomed = v1 is not None and v2 is not None and span(v2)[0] < span(v1)[0] and \
        span(v2)[1] < span(v1)[1]
    ok("/ui/interact/plot-wheel-zooms-in", zoomed, f"{v1} -> {v2}")
    state = wait_for(lambda s: "view" in ((node(s, "y_vs_x") or {}).get("params") or {}), 10)
    view = ((node(state, "y_vs_x") or {}).get("params") or {}).get("view")
    ok("/ui/interact/plot-view-written", view is not None and "x" in view and "y" in view,
       str(view))
    time.sleep(1.0)  # the exact frame for the new view
    path = shot("plot.png", crop=(main[0] + bx, main[1] + by, bw, bh))
    n = colours(path)
    ok("/ui/interact/plot-screenshot", n > 30, f"{n} colours in {path}")
    shot("plot-window.png")
    stop(app)


def main():
    return uitest.run((("import", test_import), ("plot", test_plot)), ONLY)


if __name__ == "__main__":
    sys.exit(main())
