"""uitest.py — helpers shared by the desktop application's UI tests (test-ui-*.py).

init(prefix) makes the test's work folder and names its paths; then: TAP results (ok, finish),
the state dump that pika-plot writes under PIKA_STATE_DUMP (read_dump, wait_for, all_done,
node), demo data and starter workspaces made with the CLI (demo_csv, demo_workspace), starting
and stopping pika-plot with private XDG folders, xdotool and screenshots, and the named
controls of the dump (controls, wait_control, click, scroll_into_view, focus, menu_item,
choose, type_into, file_chooser)."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

WORK = SHOTS = DUMP = CACHE = None
results = []


# Programs the tests drive the desktop with: without one of them a test cannot run at all.
TOOLS = ("xdotool", "import", "convert", "identify")
SKIPPED = 77  # the exit status ctest shows as Skipped (SKIP_RETURN_CODE)


def init(prefix):
    """Makes the work folder; returns (WORK, SHOTS, DUMP). Screenshots go to $PIKA_UI_SHOTS
    (default: WORK/shots). Exits 77 (skipped), saying why in TAP, without an X display or
    without one of TOOLS."""
    global WORK, SHOTS, DUMP, CACHE
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if not os.environ.get("DISPLAY") or missing:
        why = "no X display" if not os.environ.get("DISPLAY") else " ".join(missing) + " missing"
        print(f"1..0 # SKIP {why} (Debian: xvfb, xdotool, imagemagick)", flush=True)
        sys.exit(SKIPPED)
    WORK = tempfile.mkdtemp(prefix=prefix)
    SHOTS = os.environ.get("PIKA_UI_SHOTS") or os.path.join(WORK, "shots")
    os.makedirs(SHOTS, exist_ok=True)
    DUMP = os.path.join(WORK, "state.json")
    # Kept between runs (Mesa's shader cache: a cold one makes the first frames take seconds).
    CACHE = os.path.join(os.environ.get("PIKA_BUILD_DIR") or WORK, "ui-test-cache")
    return WORK, SHOTS, DUMP


def demo_csv(cli, rows):
    """WORK/demo.csv, `pika demo-data --rows ROWS` (made once per test run)."""
    csv = os.path.join(WORK, "demo.csv")
    if not os.path.exists(csv):
        subprocess.run([cli, "demo-data", "--rows", str(rows), "-o", csv], check=True,
                       stdout=subprocess.DEVNULL)
    return csv


def demo_workspace(cli, name, rows):
    """WORK/NAME, the starter workspace `pika new` makes over demo_csv(rows); returns
    (csv, workspace)."""
    csv = demo_csv(cli, rows)
    ws = os.path.join(WORK, name)
    subprocess.run([cli, "new", ws, "--source", csv, "--force"], check=True,
                   stdout=subprocess.DEVNULL, cwd=WORK)
    return csv, ws


def ok(name, cond, detail=""):
    results.append((name, bool(cond), detail))
    print(("ok" if cond else "not ok") + f" {len(results)} {name}" +
          ("" if cond else f" # {detail}"), flush=True)


# GTK 4.8 on X11 counts a widget "active" between a button press and its release. A press and
# a release that reach different widgets (xdotool's instant clicks on a loaded machine, a press
# that closes a popover and whose release lands in the window) make it log "Broken accounting
# of active state" for each widget under the release: GTK's own bookkeeping, not a fault of the
# application, and nothing it does can prevent it.
GTK_NOISE = ("Broken accounting of active state",)


def log_problems(path):
    """The lines of the application's log at path that are GLib warnings or criticals (as
    pika's log writer prints them, "pika: warning: ...", or as GLib's default handler does),
    less GTK_NOISE."""
    if not os.path.exists(path):
        return []
    with open(path, errors="replace") as f:
        lines = [line.rstrip() for line in f]
    return [line for line in lines
            if re.search(r"pika: (warning|critical)|-(WARNING|CRITICAL) \*\*", line)
            and not any(noise in line for noise in GTK_NOISE)]


def finish():
    """Prints the TAP plan; removes the work folder when every test passed and no screenshot
    is in it. Returns the exit status: 1 when a test failed, 77 (skipped) when none ran."""
    print(f"1..{len(results)}")
    print(f"# screenshots in {SHOTS}")
    passed = all(r[1] for r in results)
    if passed and not SHOTS.startswith(WORK):
        shutil.rmtree(WORK, ignore_errors=True)
    if not passed:
        return 1
    return 0 if results else SKIPPED


def read_dump():
    try:
        with open(DUMP) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def wait_for(pred, timeout_s=30.0):
    """The first state dump for which pred holds, or the last one read after timeout_s."""
    end = time.time() + timeout_s
    while time.time() < end:
        state = read_dump()
        if state is not None and pred(state):
            return state
        time.sleep(0.1)
    return read_dump()


def all_done(state):
    nodes = state.get("nodes", [])
    return (state.get("page") == "notebook" and nodes and not state.get("busy") and
            all(n["state"] == "done" for n in nodes))


def node(state, name):
    return next((n for n in (state or {}).get("nodes", []) if n["name"] == name), None)


def start(app, workspace, stderr=None, **env):
    """Starts pika-plot (path app) on workspace (None: the welcome page) with a fresh state
    dump and private XDG folders (the test's workspaces stay out of the user's recent files);
    env adds variables; stderr: a file for the application's log (default: the test's)."""
    if os.path.exists(DUMP):
        os.remove(DUMP)
    env = dict(os.environ, PIKA_STATE_DUMP=DUMP,
               XDG_DATA_HOME=os.path.join(WORK, "data"),
               XDG_CACHE_HOME=CACHE,
               XDG_CONFIG_HOME=os.path.join(WORK, "config"), **env)
    args = [app] + ([workspace] if workspace is not None else [])
    return subprocess.Popen(args, env=env, cwd=WORK, stderr=stderr)


def stop(app):
    app.terminate()
    try:
        app.wait(timeout=10)
    except subprocess.TimeoutExpired:
        app.kill()
        app.wait()


def xdo(*args):
    subprocess.run(["xdotool", *[str(a) for a in args]], check=True)


def shot(name, crop=None):
    """A screenshot of the screen (or of the crop rectangle x, y, w, h) in SHOTS/name."""
    path = os.path.join(SHOTS, name)
    subprocess.run(["import", "-window", "root", path], check=True)
    if crop is not None:
        x, y, w, h = (int(v) for v in crop)
        subprocess.run(["convert", path, "-crop", f"{w}x{h}+{x}+{y}", "+repage", path],
                       check=True)
    return path


def colours(path):
    out = subprocess.run(["identify", "-format", "%k", path], check=True,
                         capture_output=True, text=True).stdout
    return int(out.strip() or 0)


def window_geometry(name):
    """(x, y, w, h) of the visible window whose title matches name, or None."""
    out = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", name],
                         capture_output=True, text=True).stdout.split()
    for wid in out:
        geo = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid],
                             capture_output=True, text=True).stdout
        v = dict(line.split("=", 1) for line in geo.split() if "=" in line)
        if int(v.get("WIDTH", 0)) > 200:
            return int(v["X"]), int(v["Y"]), int(v["WIDTH"]), int(v["HEIGHT"])
    return None


# Named controls: the state dump's "controls" (src/ui/widgets/dump-id.h), clicked and typed into
# by name.

def controls(state=None):
    state = state if state is not None else read_dump()
    return (state or {}).get("controls", {})


def wait_control(name, timeout_s=15.0, pred=None):
    """The control named name once it is laid out (and pred holds for it), or None."""
    end = time.time() + timeout_s
    while time.time() < end:
        c = controls().get(name)
        if c is not None and c["bounds"][2] > 0 and (pred is None or pred(c)):
            return c
        time.sleep(0.2)
    return None


def origin(control):
    """The screen position of the control's window (its title names it)."""
    geo = window_geometry("^" + control["window"] + "$") if control["window"] else None
    return (geo[0], geo[1]) if geo else (0, 0)


def click(name, timeout_s=15.0, button=1):
    c = wait_control(name, timeout_s)
    if c is None:
        return False
    x0, y0 = origin(c)
    x, y, w, h = c["bounds"]
    xdo("mousemove", int(x0 + x + w / 2), int(y0 + y + h / 2), "click", button)
    return True


def scroll_into_view(name, timeout_s=15.0):
    """Wheels the notebook until the control lies inside its window and stays put there (the
    dump follows the scrolling a few times a second)."""
    end = time.time() + timeout_s
    last = None
    while time.time() < end:
        c = controls().get(name)
        if c is not None and c["bounds"][2] > 0:
            geo = window_geometry("^" + c["window"] + "$")
            height = geo[3] if geo else 900
            y = c["bounds"][1]
            if 60 < y < height - 80:
                if last == c["bounds"]:
                    return c
                last = c["bounds"]
                time.sleep(0.4)
                continue
            x0, y0 = origin(c)
            xdo("mousemove", x0 + 40, y0 + height // 2, "click", 5 if y >= height - 80 else 4)
            last = None
        time.sleep(0.4)
    return controls().get(name)


def menu_item(button, item, tries=3):
    """Opens the menu (or drop-down) button and clicks item in it; a click that a loaded
    machine swallowed (the menu did not open) is made again."""
    for _ in range(tries):
        if not click(button):
            return False
        time.sleep(0.5)  # the menu opens
        if click(item, 5):
            return True
        xdo("key", "Escape")
    return False


def choose(name, choice):
    """Opens the drop-down name and clicks choice in its list."""
    scroll_into_view(name)
    if not menu_item(name, "choice:" + choice):
        return False
    return wait_control(name, 5, lambda c: c["choices"][c["selected"]] == choice) is not None


def focus(name):
    """Clicks the control until it has the keyboard focus (a click that lands while the page
    moves is made again); FALSE when it never takes it."""
    for _ in range(4):
        scroll_into_view(name)
        if not click(name):
            return False
        if wait_control(name, 2, lambda c: c.get("focused")) is not None:
            return True
    return False


def type_into(name, text):
    """Replaces the entry's text and presses Return."""
    if not focus(name):
        return False
    xdo("key", "ctrl+a")
    xdo("type", "--delay", "8", text)
    xdo("key", "Return")
    return True


def file_chooser(title, path):
    """Answers the file chooser titled title with path (typed after Ctrl+L)."""
    end = time.time() + 15
    while time.time() < end and window_geometry(title) is None:
        time.sleep(0.2)
    time.sleep(0.5)
    xdo("key", "ctrl+l")
    time.sleep(0.3)
    xdo("key", "ctrl+a")  # a save dialog proposes a name: the path replaces it
    xdo("type", "--delay", "5", path)
    time.sleep(0.4)
    xdo("key", "Return")
    time.sleep(0.6)
    if window_geometry(title) is not None:  # the entry took the first Return for completion
        xdo("key", "Return")



def run(tests, only=""):
    """Runs the (name, function) pairs whose name contains only, timing each; returns finish()."""
    for name, test in tests:
        if only in name:
            t0 = time.time()
            test()
            print(f"# {name}: {time.time() - t0:.1f} s", flush=True)
    return finish()
