#!/usr/bin/env python3
"""test-ui-plot-select.py PIKA_PLOT PIKA — selecting and hovering in the real pika-plot's plot
views, driven with xdotool (the window made 1600 × 1000, the page scrolled with the wheel in its
left margin).

Selecting (a scatter coloured by category under a query whose results table sits above it,
scrolled so that the plot's lower part is below the window):
  /ui/plot-select/box-stays-drawn       after a Ctrl+drag is released, the state dump's "brush"
                                        is the dragged box (within 3 px)
  /ui/plot-select/box-screenshot        the screenshot shows the box's orange outline
  /ui/plot-select/page-does-not-move    the plot's place in the window is the same before and
                                        after the selection
  /ui/plot-select/escape-clears-box     Escape clears the selection and the box
  /ui/plot-select/legend-ctrl-click-adds  Ctrl+click on two legend rows selects the rows of
                                        both categories (counted in the CSV)
Hovering (a density scatter, a histogram and a bar chart of one source):
  /ui/plot-select/hover-bar             a bar's tooltip: its group and count (from the CSV)
  /ui/plot-select/hover-histogram       a bin's range and count (from the CSV)
  /ui/plot-select/hover-density         a density bin's count and its representative row with
                                        every column, equal to that row of the CSV
  /ui/plot-select/tooltip-screenshot    the screenshot of a tooltip has text in it
  /ui/plot-select/no-warnings           pika-plot logged no GLib warning or critical
Prints TAP."""
import csv as csvlib
import json
import os
import re
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest  # noqa: E402
from uitest import all_done, ok, shot, stop, wait_for, xdo  # noqa: E402

APP, CLI = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
WORK, SHOTS, DUMP = uitest.init("pika-ui-plot-select-")
LOG = os.path.join(WORK, "pika-plot.log")
ROWS = 200000
WIN_W, WIN_H = 1600, 1000


def workspace(name, nodes):
    csv = uitest.demo_csv(CLI, ROWS)
    ws = os.path.join(WORK, name)
    doc = {"format": "pika-workspace", "version": 1,
           "nodes": [{"name": "demo", "kind": "source", "params": {"path": csv}}] + nodes,
           "edges": [{"from": "demo", "to": n["name"], "port": 0} for n in nodes]}
    with open(ws, "w") as f:
        json.dump(doc, f)
    return ws


def plot_node(name, **spec):
    return {"name": name, "kind": "plot", "params": {"spec": spec}}


def csv_rows():
    with open(uitest.demo_csv(CLI, ROWS)) as f:
        return list(csvlib.DictReader(f))


def start(ws):
    """pika-plot on ws, its stderr appended to LOG; the window made WIN_W × WIN_H."""
    with open(LOG, "ab") as log:
        saved = os.dup(2)
        os.dup2(log.fileno(), 2)
        try:
            app = uitest.start(APP, ws, PIKA_COMPUTE="cpu")
        finally:
            os.dup2(saved, 2)
            os.close(saved)
    return app


def resize(title):
    out = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title],
                         capture_output=True, text=True).stdout.split()
    for wid in out:
        subprocess.run(["xdotool", "windowsize", wid, str(WIN_W), str(WIN_H)], check=False)
    time.sleep(1.0)
    return uitest.window_geometry(title)


def plots_ready(n):
    def pred(state):
        plots = (state or {}).get("plots", [])
        return all_done(state) and len(plots) == n and all(p.get("frames") for p in plots)
    return pred


def plot(state, name):
    return next((p for p in (state or {}).get("plots", []) if p["name"] == name), None)


MARGIN = [0, 0]  # where the window's widgets start inside its X window (client-side shadow)


def to_screen(geo, p, x, y):
    """A point of plot p's widget (pixels) on the screen."""
    return (int(geo[0] + MARGIN[0] + p["bounds"][0] + x),
            int(geo[1] + MARGIN[1] + p["bounds"][1] + y))


def data_point(geo, p, x, y):
    """The screen pixel of data point (x, y) of plot p (linear axes)."""
    ax, ay, aw, ah = p["area"]
    x0, x1, y0, y1 = p["viewport"]
    return to_screen(geo, p, ax + (x - x0) / (x1 - x0) * aw, ay + ah - (y - y0) / (y1 - y0) * ah)


def scroll_to(geo, name, top=90):
    """Scrolls the page (wheel in its left margin) until plot name's top lies near top (the
    wheel's step measured on the way). Returns the fresh state."""
    state = hover_refresh(geo)
    step = None
    for _ in range(8):
        p = plot(state, name)
        y = p["bounds"][1] if p is not None and p["bounds"] is not None else None
        if y is not None and abs(y - top) < 40:
            break
        clicks = 1 if step is None or y is None else min(15, max(1, round(abs(y - top) / step)))
        down = y is None or y > top
        for _ in range(clicks):
            xdo("mousemove", geo[0] + 30, geo[1] + WIN_H // 2, "click", "5" if down else "4")
            time.sleep(0.05)
        state = hover_refresh(geo) or state
        p2 = plot(state, name)
        if step is None and y is not None and p2 and p2["bounds"] and p2["bounds"][1] != y:
            step = max(20.0, abs(p2["bounds"][1] - y) / clicks)  # a relayout is no step
    return state


def hover_refresh(geo):
    """A fresh state dump: it is written after a plot's frame (scrolling alone draws none), so
    the pointer goes down the plots' column until a tooltip comes or goes. None if none did."""
    before = os.path.getmtime(DUMP) if os.path.exists(DUMP) else 0
    xdo("mousemove", geo[0] + 30, geo[1] + 60)
    time.sleep(0.3)
    for y in range(100, WIN_H - 40, 60):
        xdo("mousemove", geo[0] + int(WIN_W * 0.32), geo[1] + y)
        time.sleep(0.4)
        if os.path.exists(DUMP) and os.path.getmtime(DUMP) > before:
            time.sleep(0.3)
            return uitest.read_dump()
    return None


def orange_pixels(path, x0, x1, y):
    """How many pixels of row y from x0 to x1 of the image are the brush's orange (about
    242, 140, 26)."""
    out = subprocess.run(["convert", path, "-crop", f"{x1 - x0}x1+{x0}+{y}", "-depth", "8",
                          "txt:-"], capture_output=True, text=True).stdout
    return sum(1 for m in re.finditer(r"\((\d+),(\d+),(\d+)", out)
               if int(m[1]) > 200 and 100 < int(m[2]) < 190 and int(m[3]) < 110)


def hover(geo, name, point, timeout=10):
    """The tooltip plot name shows with the pointer at point (screen pixels): the pointer first
    leaves the plots (which clears their tooltips), then rests there."""
    xdo("mousemove", geo[0] + 30, geo[1] + 60)
    wait_for(lambda s: not (plot(s, name) or {}).get("tooltip"), 5)
    xdo("mousemove", *point)
    state = wait_for(lambda s: (plot(s, name) or {}).get("tooltip"), timeout)
    return (plot(state, name) or {}).get("tooltip") or ""


def count_between(rows, lo, hi):
    return sum(1 for r in rows if r["x"] and lo <= float(r["x"]) < hi)


def log(text):
    print(f"# {time.strftime('%H:%M:%S')} {text}", flush=True)


def test_select():
    ws = workspace("select.pika", [
        {"name": "demo_preview", "kind": "query",
         "params": {"sql": "SELECT * FROM demo LIMIT 1000"}},
        plot_node("by_category", title="y against x", x={"column": "x"}, y={"column": "y"},
                  color="category")])
    app = start(ws)
    try:
        wait_for(plots_ready(1), 60)
        log("loaded")
        geo = resize("select.pika")
        # The plot's lower part below the window: neither the switch that the selection enables
        # in the results table above nor the plot taking the focus may scroll the page.
        state = scroll_to(geo, "by_category", top=640)
        log("scrolled")
        p = plot(state, "by_category")
        before = p["bounds"]
        x, y, w, h = before
        sx, sy = to_screen(geo, p, w * 0.22, h * 0.12)
        ex, ey = to_screen(geo, p, w * 0.45, h * 0.25)
        xdo("mousemove", sx, sy)
        xdo("keydown", "ctrl")
        xdo("mousedown", "1")
        for i in range(1, 16):
            xdo("mousemove", sx + (ex - sx) * i // 15, sy + (ey - sy) * i // 15)
            time.sleep(0.03)
        xdo("mouseup", "1")
        xdo("keyup", "ctrl")
        state = wait_for(lambda s: (plot(s, "by_category") or {}).get("selected") and
                         not s.get("busy"), 30)
        time.sleep(1.5)  # whatever the selection changes on the page has happened by now
        xdo("mousemove", geo[0] + 30, geo[1] + 60)  # off the plot (its tooltip goes: a frame)
        time.sleep(1.0)
        state = uitest.read_dump()
        p = plot(state, "by_category")
        box = p.get("brush")
        want = (sx - geo[0] - x, sy - geo[1] - y, ex - geo[0] - x, ey - geo[1] - y)
        if box is not None:  # the window's widgets start a few pixels into its X window
            MARGIN[0], MARGIN[1] = round(want[0] - box[0]), round(want[1] - box[1])
        ok("/ui/plot-select/box-stays-drawn", box is not None and
           abs((box[2] - box[0]) - (want[2] - want[0])) <= 2 and
           abs((box[3] - box[1]) - (want[3] - want[1])) <= 2 and
           all(0 <= m <= 30 for m in MARGIN), f"brush {box}, dragged {want}")
        log("brushed")
        path = shot("brushed.png")
        if box is not None:
            bx0, by0 = to_screen(geo, p, box[0], box[1])
            bx1, by1 = to_screen(geo, p, box[2], box[3])
            n = max(orange_pixels(path, bx0 + 2, bx1 - 2, by0 + d) for d in (-1, 0, 1))
            ok("/ui/plot-select/box-screenshot", n >= (bx1 - bx0) // 3,
               f"{n} of {bx1 - bx0} pixels of the top edge orange in {path}")
        else:
            ok("/ui/plot-select/box-screenshot", False, "no box")
        ok("/ui/plot-select/page-does-not-move", p["bounds"] == before,
           f"bounds {before} before, {p['bounds']} after")
        log("box checked")
        xdo("key", "Escape")
        state = wait_for(lambda s: (plot(s, "by_category") or {}).get("selected") is None and
                         (plot(s, "by_category") or {}).get("brush") is None, 20)
        p = plot(state, "by_category")
        ok("/ui/plot-select/escape-clears-box", p["selected"] is None and p["brush"] is None,
           f"selected {p['selected']}, brush {p['brush']}")
        legend = {row["name"]: row for row in p["legend"]}
        names = [n for n in ("alpha", "delta") if n in legend]
        for name in names:
            lx, ly = to_screen(geo, p, legend[name]["x"], legend[name]["y"])
            xdo("mousemove", lx, ly)
            time.sleep(0.2)
            xdo("keydown", "ctrl")
            xdo("click", "1")
            xdo("keyup", "ctrl")
            time.sleep(1.5)
        rows = csv_rows()
        want = sum(1 for r in rows if r["category"] in names)
        state = wait_for(lambda s: (plot(s, "by_category") or {}).get("selected") == want, 30)
        p = plot(state, "by_category")
        ok("/ui/plot-select/legend-ctrl-click-adds", len(names) == 2 and p["selected"] == want,
           f"selected {p['selected']}, rows of {names}: {want}; legend {list(legend)}")
        shot("legend-selected.png")
    finally:
        stop(app)


def number(text):
    return float(text.replace(",", ""))


def test_hover():
    ws = workspace("hover.pika", [
        plot_node("category_bar", title="Rows per category", type="bar",
                  x={"column": "category"}),
        plot_node("x_hist", title="x", type="histogram", x={"column": "x"}),
        plot_node("y_vs_x", title="y against x", x={"column": "x"}, y={"column": "y"})])
    app = start(ws)
    rows = csv_rows()
    try:
        wait_for(plots_ready(3), 60)
        geo = resize("hover.pika")
        # A bar: the first group, low in its bar.
        state = scroll_to(geo, "category_bar")
        p = plot(state, "category_bar")
        ax, ay, aw, ah = p["area"]
        x0, x1 = p["viewport"][:2]
        tip = hover(geo, "category_bar",
                    to_screen(geo, p, ax + (0 - x0) / (x1 - x0) * aw, ay + ah - 4))
        m = re.match(r"category: (\S+)\nCount: ([\d,]+)", tip)
        want = sum(1 for r in rows if m and r["category"] == m[1])
        ok("/ui/plot-select/hover-bar", m is not None and number(m[2]) == want,
           f"tooltip {tip!r}; {want} rows of that group")
        path = shot("tooltip-bar.png")
        ok("/ui/plot-select/tooltip-screenshot", uitest.colours(path) > 30, path)
        # A histogram bin: the one holding x = 3.05 (the right-hand peak).
        state = scroll_to(geo, "x_hist")
        p = plot(state, "x_hist")
        tip = hover(geo, "x_hist", data_point(geo, p, 3.05, p["viewport"][2] + 1))
        m = re.match(r"x: (-?[\d.,]+) to (-?[\d.,]+)\nCount: ([\d,]+)$", tip)
        fits = False
        if m:  # the edges are rounded as the axis labels them: the count lies between those
            lo, hi = number(m[1]), number(m[2])  # of the ranges half a last digit in and out
            half = 0.5 * 10 ** -len((m[1] + ".").split(".")[1])
            n = number(m[3])
            fits = (count_between(rows, lo + half, hi - half) <= n <=
                    count_between(rows, lo - half, hi + half) and lo - 0.5 <= 3.05 < hi + 0.5)
        ok("/ui/plot-select/hover-histogram", fits, f"tooltip {tip!r}")
        shot("tooltip-histogram.png")
        # A density bin in the dense lower-left cluster.
        state = scroll_to(geo, "y_vs_x")
        p = plot(state, "y_vs_x")
        tip = hover(geo, "y_vs_x", data_point(geo, p, -4.0, -3.5))
        m = re.match(r"([\d,]+) rows? in this bin\nRepresentative row ([\d,]+):\n(.*)$", tip,
                     re.S)
        fields = dict(line.split(": ", 1) for line in m[3].split("\n")) if m else {}
        row = rows[int(number(m[2]))] if m and int(number(m[2])) < len(rows) else {}
        same = bool(row) and set(fields) == set(row) and all(
            number(fields[k]) == number(row[k]) for k in ("x", "y")) and \
            fields["category"] == row["category"]
        ok("/ui/plot-select/hover-density", m is not None and number(m[1]) >= 1 and same,
           f"tooltip {tip!r}; CSV row {row}")
        shot("tooltip-density.png")
    finally:
        stop(app)


def test_log():
    bad = uitest.log_problems(LOG)
    for line in bad:
        print(f"# {line}")
    ok("/ui/plot-select/no-warnings", not bad, f"{len(bad)} warnings or criticals in {LOG}")


def main():
    only = sys.argv[3] if len(sys.argv) > 3 else ""
    return uitest.run([("select", test_select), ("hover", test_hover), ("log", test_log)], only)


if __name__ == "__main__":
    sys.exit(main())
