#!/usr/bin/env python3
"""test-ui-analyst.py PIKA_PLOT PIKA [TEST] — a new analyst builds an analysis by hand.

Starts the real pika-plot on its welcome page under Xvfb and, as a user would, with xdotool and
the state dump's named controls ("controls", docs/app.md):
  /ui/analyst/import-dialog-flags        Ctrl+I, the file chooser, the import dialog on a messy
                                         CSV (dates like "Jan 3 2021", a ragged row, a column
                                         of numbers): the date column is DATE, the bad row is
                                         listed, and a type override that fails is flagged
  /ui/analyst/import-skips-and-lists     "Skip bad rows", Import: the source is done, its cell
                                         lists the skipped row, the starter cells came
  /ui/analyst/query-names-the-table      a query cell from the + menu whose SQL names the
                                         source (not the cell above it) runs
  /ui/analyst/plot-input-title-bins      a plot cell from the + menu, its input chosen (the
                                         query), its type, title and bins set in the editor
  /ui/analyst/brush                      a drag on the plot selects rows
  /ui/analyst/export-png-and-csv         the plot's Export View… and the query's Export ▸ CSV…
                                         write their files and say so in a toast
  /ui/analyst/save-close-reopen          Ctrl+S to a new file, close, reopen: the same cells,
                                         input, title and bins
  /ui/analyst/discard-closes             an edit (the first cell's menu: Move Down), Ctrl+Q,
                                         "Discard": the window closes and the file
                                         is as saved
  /ui/analyst/log-is-clean               no GLib warning or critical in the application's log
TEST (optional) is ignored: the steps build on each other. Screenshots of every step go to
$PIKA_UI_SHOTS (default: a temporary folder, printed). Prints TAP."""
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest  # noqa: E402
from uitest import (choose, click, controls, file_chooser, node, read_dump,  # noqa: E402
                    scroll_into_view, shot, stop, type_into, wait_control, wait_for,
                    window_geometry, xdo)

APP, CLI = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
WORK, SHOTS, DUMP = uitest.init("pika-ui-analyst-")
LOG = os.path.join(WORK, "pika-plot.log")
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def write_csv():
    """200 rows of shop sales: a date as "Mon D YYYY", a city, an amount (one "n/a"), a count,
    and one ragged row (an extra field) on line 7."""
    path = os.path.join(WORK, "sales.csv")
    with open(path, "w") as f:
        f.write("day,city,amount,items\n")
        for i in range(200):
            day = f"{MONTHS[i % 12]} {1 + i % 28} {2020 + i % 3}"
            city = ["Oslo", "Bergen", "Tromsø", "Stavanger"][i % 4]
            amount = "n/a" if i == 7 else f"{10 + (i * 37) % 90}.{i % 10}"
            extra = ",oops" if i == 5 else ""
            f.write(f"{day},{city},{amount},{1 + i % 9}{extra}\n")
    return path


def the_node(name):
    return node(read_dump(), name)


def ok(name, cond, detail=""):
    """uitest.ok, noting how many problems the log had by then (the log check names the step
    after which the first one appeared)."""
    uitest.ok(name, cond, detail)
    logged.append((name, len(uitest.log_problems(LOG))))


logged = []


def main():
    csv = write_csv()
    png = os.path.join(WORK, "amounts.png")
    out_csv = os.path.join(WORK, "amounts.csv")
    ws = os.path.join(WORK, "analysis.pika")
    log = open(LOG, "w")
    env = dict(PIKA_COMPUTE="cpu")
    app = uitest.start(APP, None, stderr=log, **env)
    wait_for(lambda s: s.get("page") == "welcome", 30)
    shot("01-welcome.png")

    # The import dialog: the dates are read as dates, the bad row and a failing override are
    # named before anything is imported.
    xdo("key", "ctrl+i")
    file_chooser("Import Data Files", csv)
    detected = wait_control("import/type:day", 20)
    choose("import/type:items", "Date")
    notes = wait_control("import/report-notes", 10,
                         lambda c: "items" in c.get("text", ""))
    rows = wait_control("import/report-rows", 10)
    shot("02-import-dialog.png")
    ok("/ui/analyst/import-dialog-flags",
       detected is not None and "DATE" in detected["choices"][0] and notes is not None and
       rows is not None and "line 7" in rows.get("text", ""),
       f"day: {detected}; notes: {notes}; rows: {rows}")
    choose("import/type:items", controls()["import/type:items"]["choices"][0])  # back
    click("import/skip-bad")
    time.sleep(1.0)
    click("import/import")
    state = wait_for(lambda s: (node(s, "sales") or {}).get("state") == "done" and
                     len(s.get("nodes", [])) >= 3 and not s.get("busy"), 60)
    report = wait_control("sales/report-rows", 10)
    shot("03-imported.png")
    src = node(state, "sales")
    ok("/ui/analyst/import-skips-and-lists",
       src is not None and src["rows"] == 199 and report is not None and
       "line 7" in report.get("text", "") and len(state["nodes"]) >= 3,
       f"source: {src}; report: {report}; nodes: {[n['name'] for n in state['nodes']]}")

    # A query from the + menu, whose SQL names the source.
    uitest.menu_item("add", "menu:SQL Query")
    query = wait_for(lambda s: any(n["kind"] == "query" and n["name"].startswith("query")
                                   for n in s.get("nodes", [])), 10)
    qname = next((n["name"] for n in (query or {}).get("nodes", [])
                  if n["name"].startswith("query")), None)
    if qname is None:
        ok("/ui/analyst/query-names-the-table", False, "the + menu added no query")
        stop(app)
        return uitest.finish()
    sql = ("SELECT city, amount, items FROM sales WHERE amount IS NOT NULL")
    uitest.focus(f"{qname}/sql")
    xdo("key", "ctrl+a")
    xdo("type", "--delay", "4", sql)
    xdo("key", "ctrl+Return")
    state = wait_for(lambda s: (node(s, qname) or {}).get("params", {}).get("sql") == sql and
                     (node(s, qname) or {}).get("state") in ("done", "error") and
                     not s.get("busy"), 30)
    q = node(state, qname)
    shot("04-query.png")
    ok("/ui/analyst/query-names-the-table",
       q is not None and q["state"] == "done" and q["rows"] == 198 and
       q.get("inputs") == ["sales"], str(q))

    # A plot from the + menu: its input, type, title and bins chosen in the editor.
    uitest.menu_item("add", "menu:Plot")
    state = wait_for(lambda s: any(n["name"].startswith("plot") for n in s.get("nodes", [])), 10)
    pname = next((n["name"] for n in (state or {}).get("nodes", [])
                  if n["name"].startswith("plot")), None)
    if pname is None:
        ok("/ui/analyst/plot-input-title-bins", False, "the + menu added no plot")
        stop(app)
        return uitest.finish()
    choose(f"{pname}/input", qname)
    choose(f"{pname}/type", "histogram")
    choose(f"{pname}/x", "amount")
    type_into(f"{pname}/title", "Amounts per sale")
    type_into(f"{pname}/bins", "12")
    state = wait_for(lambda s: (node(s, pname) or {}).get("state") == "done" and
                     ((node(s, pname) or {}).get("params", {}).get("spec", {}).get("bins")
                      == 12) and not s.get("busy"), 30)
    p = node(state, pname)
    spec = (p or {}).get("params", {}).get("spec", {})
    shot("05-plot.png")
    ok("/ui/analyst/plot-input-title-bins",
       p is not None and p.get("inputs") == [qname] and spec.get("type") == "histogram" and
       spec.get("title") == "Amounts per sale" and spec.get("bins") == 12, str(p))

    # Brushing: a drag across the middle of the plot.
    view = next((v for v in state.get("plots", []) if v["name"] == pname), None)
    selected = None
    if view is not None and view.get("bounds"):
        geo = window_geometry(state["title"] if state.get("title") else "Untitled")
        x0, y0 = (geo[0], geo[1]) if geo else (0, 0)
        x, y, w, h = view["bounds"]
        xdo("mousemove", int(x0 + x + w * 0.35), int(y0 + y + h * 0.5))
        xdo("keydown", "ctrl")  # Ctrl+drag selects whatever tool is chosen
        xdo("mousedown", 1)
        for k in range(1, 11):
            xdo("mousemove", int(x0 + x + w * (0.35 + 0.03 * k)), int(y0 + y + h * 0.6))
            time.sleep(0.03)
        xdo("mouseup", 1)
        xdo("keyup", "ctrl")
        after = wait_for(lambda s: any((v.get("selected") or 0) > 0
                                       for v in s.get("plots", []) if v["name"] == pname), 10)
        selected = next((v.get("selected") for v in after.get("plots", [])
                         if v["name"] == pname), None)
    shot("06-brushed.png")
    ok("/ui/analyst/brush", selected is not None and 0 < selected < 198, f"selected {selected}")

    # Exports: the plot's view as PNG, the query's rows as CSV; each ends in a toast.
    xdo("key", "Escape")
    toasts = []

    def export(menu_button, item, chooser, path):
        """The menu button's item, the file chooser answered with path; the toast saying so
        (a menu that did not open, on a loaded machine, is opened again)."""
        scroll_into_view(menu_button)
        if not uitest.menu_item(menu_button, item):
            return None
        file_chooser(chooser, path)
        return wait_for(lambda s: path in (s.get("toast") or ""), 30).get("toast")

    toasts.append(export(f"{pname}/view-menu", "menu:Export View…", "Export the View", png))
    toasts.append(export(f"{qname}/export", "menu:CSV…", "Export Result", out_csv))
    shot("07-exported.png")
    with open(out_csv) if os.path.exists(out_csv) else open(os.devnull) as f:
        csv_lines = f.read().count("\n")
    png_ok = os.path.exists(png) and os.path.getsize(png) > 1000
    ok("/ui/analyst/export-png-and-csv",
       png_ok and csv_lines == 199 and len(toasts) == 2 and png in (toasts[0] or "") and
       out_csv in (toasts[1] or ""),
       f"png: {png_ok}; csv lines: {csv_lines}; toasts: {toasts}")

    # Save to a new file, close, reopen.
    xdo("key", "ctrl+s")
    file_chooser("Save Workspace", ws)
    wait_for(lambda s: s.get("workspace") == ws and not s.get("dirty"), 15)
    before = read_dump()
    xdo("key", "ctrl+q")
    try:
        app.wait(timeout=15)
    except subprocess.TimeoutExpired:
        shot("08-not-closed.png")
        stop(app)
    app = uitest.start(APP, ws, stderr=log, **env)
    state = wait_for(uitest.all_done, 60)
    shot("09-reopened.png")
    names = [n["name"] for n in (before or {}).get("nodes", [])]
    p2 = node(state, pname)
    spec2 = (p2 or {}).get("params", {}).get("spec", {})
    ok("/ui/analyst/save-close-reopen",
       [n["name"] for n in (state or {}).get("nodes", [])] == names and p2 is not None and
       p2.get("inputs") == [qname] and spec2.get("title") == "Amounts per sale" and
       spec2.get("bins") == 12, f"before {names}; after {state and state.get('nodes')}")
    # An edit, then quitting: "Save Changes?" answered with Discard closes without a word in
    # the log and leaves the file as it was saved.
    with open(ws) as f:
        saved = f.read()
    wait_for(lambda s: s.get("built"), 30)  # the cells' bodies, built one by one, are all in
    uitest.menu_item("sales/menu", "menu:Move Down")
    wait_for(lambda s: s.get("dirty"), 10)
    xdo("key", "ctrl+q")
    discarded = click("button:Discard", 10)
    shot("10-discard.png")
    try:
        app.wait(timeout=15)
    except subprocess.TimeoutExpired:
        discarded = False
        stop(app)
    with open(ws) as f:
        kept = f.read() == saved
    ok("/ui/analyst/discard-closes", discarded and kept, f"clicked {discarded}; kept {kept}")
    log.close()
    problems = uitest.log_problems(LOG)
    first = next((name for name, n in logged if n > 0), "the end")
    ok("/ui/analyst/log-is-clean", not problems,
       f"{len(problems)} by {first}: " + "; ".join(problems[:5]))
    return uitest.finish()


if __name__ == "__main__":
    sys.exit(main())
