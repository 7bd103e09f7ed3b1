#!/usr/bin/env python3
"""test-ui-shell.py PIKA_PLOT PIKA — the desktop application end to end, under Xvfb.

Makes a demo workspace with the CLI (`pika demo-data`, `pika new`), starts pika-plot on it with
PIKA_STATE_DUMP set, and checks through the state dump and screenshots:
  /ui/shell/starts-on-demo-with-every-node-done
  /ui/shell/screenshot-has-structure          (many distinct colours, not one flat page)
  /ui/shell/ctrl-enter-runs-edited-query      (xdotool: edit the SQL, Ctrl+Enter, new rows)
  /ui/shell/quit-with-unsaved-changes-asks    (Ctrl+Q while dirty: a dialog, Escape stays)
  /ui/shell/save-quit-reopen-keeps-state      (Ctrl+S, Ctrl+Q, start again, same dump)
Screenshots go to $PIKA_UI_SHOTS (default: a temporary folder, printed). Prints TAP."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

APP, CLI = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
WORK = tempfile.mkdtemp(prefix="pika-ui-shell-")
SHOTS = os.environ.get("PIKA_UI_SHOTS") or os.path.join(WORK, "shots")
os.makedirs(SHOTS, exist_ok=True)
DUMP = os.path.join(WORK, "state.json")
WS = os.path.join(WORK, "demo.pika")
# Kept between runs (Mesa's shader cache: a cold one makes the first frames take seconds).
CACHE = os.path.join(os.environ.get("PIKA_BUILD_DIR") or WORK, "ui-test-cache")
results = []


def ok(name, cond, detail=""):
    results.append((name, bool(cond), detail))
    print(("ok" if cond else "not ok") + f" {len(results)} {name}" +
          ("" if cond else f" # {detail}"), flush=True)


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=WORK)


def read_dump():
    try:
        with open(DUMP) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def wait_for(pred, timeout_s=30.0):
    end = time.time() + timeout_s
    while time.time() < end:
        state = read_dump()
        if state is not None and pred(state):
            return state
        time.sleep(0.2)
    return read_dump()


def all_done(state):
    nodes = state.get("nodes", [])
    return (state.get("page") == "notebook" and nodes and not state.get("busy") and
            all(n["state"] == "done" for n in nodes))


def start():
    if os.path.exists(DUMP):
        os.remove(DUMP)
    # Private XDG folders: the test's workspaces stay out of the user's recent files.
    env = dict(os.environ, PIKA_STATE_DUMP=DUMP,
               XDG_DATA_HOME=os.path.join(WORK, "data"),
               XDG_CACHE_HOME=CACHE,
               XDG_CONFIG_HOME=os.path.join(WORK, "config"))
    return subprocess.Popen([APP, WS], env=env, cwd=WORK)


def xdo(*args):
    subprocess.run(["xdotool", *args], check=True)


def shot(name):
    path = os.path.join(SHOTS, name)
    subprocess.run(["import", "-window", "root", path], check=True)
    return path


def colours(path):
    out = subprocess.run(["identify", "-format", "%k", path], check=True,
                         capture_output=True, text=True).stdout
    return int(out.strip() or 0)


def node(state, name):
    return next((n for n in state["nodes"] if n["name"] == name), None)


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

    # Quitting with unsaved changes asks first; Escape cancels and keeps the window.
    xdo("key", "ctrl+q")
    time.sleep(1.5)
    asked = app.poll() is None
    shot("unsaved-dialog.png")
    xdo("key", "Escape")
    time.sleep(0.5)
    ok("/ui/shell/quit-with-unsaved-changes-asks", asked and app.poll() is None)

    xdo("key", "ctrl+s")
    saved = wait_for(lambda s: not s.get("dirty"))
    with open(WS) as f:
        text = f.read()
    ok("/ui/shell/ctrl-s-saves-the-edit", saved is not None and not saved.get("dirty") and
       "LIMIT 7" in text, "dirty" if saved is None else str(saved.get("dirty")))
    before = summary(saved)
    xdo("key", "ctrl+q")
    try:
        app.wait(timeout=15)
        quit_ok = True
    except subprocess.TimeoutExpired:
        app.kill()
        quit_ok = False
    ok("/ui/shell/ctrl-q-quits-when-saved", quit_ok)

    app = start()
    state = wait_for(all_done)
    after = summary(state) if state else None
    ok("/ui/shell/save-quit-reopen-keeps-state", after == before, f"{before} != {after}")
    shot("reopened.png")
    app.terminate()
    try:
        app.wait(timeout=10)
    except subprocess.TimeoutExpired:
        app.kill()
    print(f"1..{len(results)}")
    print(f"# screenshots in {SHOTS}")
    if all(r[1] for r in results) and not SHOTS.startswith(WORK):
        shutil.rmtree(WORK, ignore_errors=True)
    return 0 if all(r[1] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
