#!/usr/bin/env python3
"""test-ui-brush.py PIKA_PLOT PIKA — linked brushing in the real pika-plot, driven with xdotool.

A workspace made by `pika new` over demo data, cut down to the source and the plots that read
it straight (a scatter and a bar chart), so the scatter is on screen:
  /ui/brush/box-selects-in-every-plot   Ctrl+drag in the first scatter: the state dump shows
                                        the same selected row count (> 0, < all) in every plot
  /ui/brush/screenshot                  the brushed plot's picture has colour and grey
  /ui/brush/saved                       Ctrl+S writes the box on the source in "selections"
  /ui/brush/survives-reopening          reopened, every plot shows the same selected count
  /ui/brush/escape-clears               Escape in a plot clears it everywhere, and in the file
Prints TAP."""
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest  # noqa: E402
from uitest import all_done, colours, ok, shot, stop, wait_for, xdo  # noqa: E402

APP, CLI = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
WORK, SHOTS, DUMP = uitest.init("pika-ui-brush-")
KEEP = ("demo", "y_vs_x", "value_vs_x", "category_bar")


def make_workspace():
    csv, ws = uitest.demo_workspace(CLI, "brush.pika", 50000)
    with open(ws) as f:
        doc = json.load(f)
    doc["nodes"] = [n for n in doc["nodes"] if n["name"] in KEEP]
    doc["edges"] = [e for e in doc["edges"] if e["to"] in KEEP and e["from"] in KEEP]
    with open(ws, "w") as f:
        json.dump(doc, f, indent=1)
    return ws


def plots_ready(state):
    plots = (state or {}).get("plots", [])
    kinds = [n["kind"] for n in (state or {}).get("nodes", [])]
    return (all_done(state) and len(plots) >= 2 and len(plots) == kinds.count("plot") and
            all(p.get("frames") for p in plots))


def selected(state):
    return [p.get("selected") for p in (state or {}).get("plots", [])]


def same_selection(state):
    counts = selected(state)
    return plots_ready(state) and counts and counts[0] and all(c == counts[0] for c in counts)


def saved_selections(ws):
    with open(ws) as f:
        return json.load(f).get("selections", [])


def save():
    xdo("key", "ctrl+s")
    wait_for(lambda s: s.get("dirty") is False, 20)
    time.sleep(0.3)


def main():
    ws = make_workspace()
    app = uitest.start(APP, ws, PIKA_COMPUTE="cpu")
    try:
        state = wait_for(plots_ready, 60)
        plot = next(p for p in state["plots"] if p["name"] == "y_vs_x")
        x, y, w, h = plot["bounds"]
        sx, sy = int(x + w * 0.30), int(y + h * 0.30)
        xdo("mousemove", sx, sy)
        xdo("keydown", "ctrl")
        xdo("mousedown", "1")
        for i in range(1, 16):
            xdo("mousemove", sx + int(i * w * 0.02), sy + int(i * h * 0.025))
            time.sleep(0.03)
        xdo("mouseup", "1")
        xdo("keyup", "ctrl")
        state = wait_for(same_selection, 30)
        counts = selected(state)
        ok("/ui/brush/box-selects-in-every-plot",
           same_selection(state) and 0 < counts[0] < 50000, f"selected: {counts}")
        path = shot("brushed.png", crop=(x, y, w, h))
        n = colours(path)
        ok("/ui/brush/screenshot", n > 30, f"{n} colours in {path}")
        save()
        sels = saved_selections(ws)
        ok("/ui/brush/saved", len(sels) == 1 and sels[0]["source"] == "demo" and
           sels[0]["kind"] == "box" and sels[0]["x"] == "x", f"selections: {sels}")
        stop(app)
        app = uitest.start(APP, ws, PIKA_COMPUTE="cpu")
        state = wait_for(same_selection, 60)
        ok("/ui/brush/survives-reopening", selected(state) == counts,
           f"{selected(state)} after reopening, {counts} before")
        xdo("mousemove", sx, sy, "click", "1")  # focus the plot (a click pans nothing)
        time.sleep(0.3)
        xdo("key", "Escape")
        state = wait_for(lambda s: plots_ready(s) and
                         all(c is None for c in selected(s)), 30)
        save()
        ok("/ui/brush/escape-clears", all(c is None for c in selected(state)) and
           saved_selections(ws) == [], f"selected: {selected(state)}")
    finally:
        stop(app)
    return uitest.finish()


if __name__ == "__main__":
    sys.exit(main())
