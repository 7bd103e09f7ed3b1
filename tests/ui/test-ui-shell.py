#!/usr/bin/env python3
"""test-ui-shell.py PIKA_PLOT PIKA — the desktop application end to end, under Xvfb.

Makes a demo workspace with the CLI (`pika demo-data`, `pika new`), starts pika-plot on it with
PIKA_STATE_DUMP set, and checks through the state dump and screenshots:
  /ui/shell/starts-on-demo-with-every-node-done
  /ui/shell/screenshot-has-structure          (many distinct colours, not one flat page)
  /ui/shell/ctrl-enter-runs-edited-query      (xdotool: edit the SQL, Ctrl+Enter, new rows)
  /ui/shell/quit-with-unsaved-changes-asks    (Ctrl+Q while dirty: the "Save Changes?" dialog
                                               shows and the application keeps running)
  /ui/shell/cancel-keeps-window-and-changes   (Escape: no dialog, still running, still dirty,
                                               nothing written)
  /ui/shell/save-quit-reopen-keeps-state      (Ctrl+S, Ctrl+Q, start again, same dump)
  /ui/shell/quit-asks-and-save-saves-then-quits (edit, Ctrl+Q, Enter = Save: written, exited)
Screenshots go to $PIKA_UI_SHOTS (default: a temporary folder, printed). Prints TAP."""
import json
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest  # noqa: E402
from uitest import all_done, colours, node, ok, shot, stop, wait_for, xdo  # noqa: E402

APP, CLI = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
WORK, SHOTS, DUMP = uitest.init("pika-ui-shell-")
WS = os.path.join(WORK, "demo.pika")


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=WORK)


def start():
    # A GLib critical ends the application, and freed memory is overwritten at once (GLib's
    # slices through malloc, glibc's MALLOC_PERTURB_): a use after free crashes instead of
    # passing unseen. Either fails the exit status checks.
    return uitest.start(APP, WS, G_DEBUG="fatal-criticals", G_SLICE="always-malloc",
                        MALLOC_PERTURB_="165")


def summary(state):
    return [(n["name"], n["kind"], n["state"], n["rows"]) for n in state["nodes"]]


def main():
    run(CLI, "demo-data", "--rows", "50000", "-o", os.path.join(WORK, "demo.csv"))
    run(CLI, "new", WS, "--source", os.path.join(WORK, "demo.csv"))
    t0 = time.time()
    app = start()
    state = wait_for(all_done)
    ok("/ui/shell/starts-on-demo-with-every-node-done", state is not None and all_done(state),
       json.dumps(state)[:400])
    print(f"# usable after {time.time() - t0:.2f} s", flush=True)
    # The notebook (cells, tables, plots) has many colours; the progress page a few hundred.
    end, n = time.time() + 15, 0
    while time.time() < end and n <= 500:
        time.sleep(0.5)
        first = shot("notebook.png")
        n = colours(first)
    ok("/ui/shell/screenshot-has-structure", n > 500, f"{n} colours in {first}")

    # The query editor is the first text view: click into its line, replace the SQL.
    xdo("mousemove", "600", "340", "click", "1")
    xdo("key", "ctrl+a")
    xdo("type", "--delay", "5", 'SELECT * FROM "demo" LIMIT 7')
    xdo("key", "ctrl+Return")
    state = wait_for(lambda s: (node(s, "demo_preview") or {}).get("rows") == 7
                     and node(s, "demo_preview")["state"] == "done")
    pv = node(state, "demo_preview") if state else None
    ok("/ui/shell/ctrl-enter-runs-edited-query", pv is not None and pv["rows"] == 7, str(pv))
    ok("/ui/shell/edit-marks-window-dirty", state is not None and state.get("dirty"),
       str(state and state.get("dirty")))
    shot("after-query.png")

    # Quitting with unsaved changes asks first (the dialog is in the state dump); Escape
    # cancels: the dialog goes, the window stays, the changes stay unsaved.
    xdo("key", "ctrl+q")
    state = wait_for(lambda s: s.get("dialog") is not None, timeout_s=10)
    dialog = (state or {}).get("dialog") or {}
    time.sleep(0.5)
    ok("/ui/shell/quit-with-unsaved-changes-asks",
       dialog.get("heading") == "Save Changes?" and
       "demo.pika has unsaved changes" in dialog.get("body", "") and app.poll() is None,
       f"dialog {dialog}, exit status {app.poll()}")
    shot("unsaved-dialog.png")
    xdo("key", "Escape")
    state = wait_for(lambda s: s.get("dialog") is None, timeout_s=10)
    time.sleep(0.5)
    with open(WS) as f:
        on_disk = f.read()
    ok("/ui/shell/cancel-keeps-window-and-changes",
       state is not None and state.get("dialog") is None and state.get("dirty") and
       app.poll() is None and "LIMIT 7" not in on_disk,
       f"dialog {state and state.get('dialog')}, dirty {state and state.get('dirty')}, "
       f"exit status {app.poll()}")

    xdo("key", "ctrl+s")
    saved = wait_for(lambda s: not s.get("dirty"))
    with open(WS) as f:
        text = f.read()
    ok("/ui/shell/ctrl-s-saves-the-edit", saved is not None and not saved.get("dirty") and
       "LIMIT 7" in text, "dirty" if saved is None else str(saved.get("dirty")))
    before = summary(saved)
    xdo("key", "ctrl+q")
    try:
        status = app.wait(timeout=15)
    except subprocess.TimeoutExpired:
        app.kill()
        status = None
    ok("/ui/shell/ctrl-q-quits-when-saved", status == 0, f"exit status {status}")

    app = start()
    state = wait_for(all_done)
    after = summary(state) if state else None
    ok("/ui/shell/save-quit-reopen-keeps-state", after == before, f"{before} != {after}")
    shot("reopened.png")

    # Edit again, quit, and choose Save (the default response, Enter): the edit is written
    # and the application exits.
    xdo("mousemove", "600", "340", "click", "1")
    xdo("key", "ctrl+a")
    xdo("type", "--delay", "5", 'SELECT * FROM "demo" LIMIT 9')
    xdo("key", "ctrl+Return")
    state = wait_for(lambda s: (node(s, "demo_preview") or {}).get("rows") == 9 and s.get("dirty"))
    xdo("key", "ctrl+q")
    asked = wait_for(lambda s: s.get("dialog") is not None, timeout_s=10)
    time.sleep(0.5)
    xdo("key", "Return")
    try:
        status = app.wait(timeout=15)
    except subprocess.TimeoutExpired:
        stop(app)
        status = None
    with open(WS) as f:
        on_disk = f.read()
    ok("/ui/shell/quit-asks-and-save-saves-then-quits",
       asked is not None and asked.get("dialog") is not None and status == 0 and
       "LIMIT 9" in on_disk,
       f"dialog {asked and asked.get('dialog')}, exit status {status}, "
       f"saved: {'LIMIT 9' in on_disk}")
    if app.poll() is None:
        stop(app)
    return uitest.finish()


if __name__ == "__main__":
    sys.exit(main())
