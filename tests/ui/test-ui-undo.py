#!/usr/bin/env python3
"""test-ui-undo.py PIKA_PLOT PIKA — undo and redo of graph edits in the real pika-plot.

Starts pika-plot under Xvfb on a workspace made by `pika new` (a source, a preview query and
plots), saves it (Ctrl+S), then, driven with xdotool:
  /ui/undo/add-cell-undone-byte-for-byte  the header's "+" menu adds a note cell; Ctrl+Z takes
                                          it away and the saved file is the first one, byte for
                                          byte
  /ui/undo/redo-byte-for-byte             Ctrl+Shift+Z brings the note back: the saved file is
                                          the one saved with the note
  /ui/undo/two-steps                      a second note, then Ctrl+Z twice: the first file again
Prints TAP."""
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest  # noqa: E402
from uitest import all_done, ok, shot, stop, wait_for, xdo  # noqa: E402

APP, CLI = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
WORK, SHOTS, DUMP = uitest.init("pika-ui-undo-")


def window_origin():
    x, y, w, _ = uitest.window_geometry("undo") or (0, 0, 1280, 800)
    return x, y, w


def n_nodes(state):
    return len((state or {}).get("nodes", []))


def save(path):
    """Ctrl+S, then the file's bytes once the window says it is clean."""
    xdo("key", "ctrl+s")
    wait_for(lambda s: s.get("dirty") is False, 20)
    time.sleep(0.3)
    with open(path, "rb") as f:
        return f.read()


def add_note(origin, before):
    """The header's "+" menu, its fourth entry (Note)."""
    x, y, _ = origin
    xdo("mousemove", x + 146, y + 28, "click", "1")
    time.sleep(0.6)
    for _ in range(4):
        xdo("key", "Down")
    xdo("key", "Return")
    state = wait_for(lambda s: n_nodes(s) == before + 1, 15)
    return n_nodes(state) == before + 1


def leave_text(origin):
    """Focus away from any text field: a click on the status bar area of the window."""
    x, y, w = origin
    xdo("mousemove", x + w // 2, y + 60, "click", "1")
    time.sleep(0.2)


def key_and_wait(key, nodes):
    xdo("key", key)
    return n_nodes(wait_for(lambda s: n_nodes(s) == nodes and s.get("dirty") is not None, 15))


def main():
    csv, ws = uitest.demo_workspace(CLI, "undo.pika", 20000)
    app = uitest.start(APP, ws, PIKA_COMPUTE="cpu")
    try:
        state = wait_for(all_done, 60)
        nodes = n_nodes(state)
        origin = window_origin()
        first = save(ws)
        added = add_note(origin, nodes)
        leave_text(origin)
        with_note = save(ws)
        leave_text(origin)
        after_undo = key_and_wait("ctrl+z", nodes)
        undone = save(ws)
        ok("/ui/undo/add-cell-undone-byte-for-byte",
           added and after_undo == nodes and undone == first and with_note != first,
           f"added={added} nodes={after_undo}/{nodes} same={undone == first}")
        leave_text(origin)
        after_redo = key_and_wait("ctrl+shift+z", nodes + 1)
        redone = save(ws)
        ok("/ui/undo/redo-byte-for-byte", after_redo == nodes + 1 and redone == with_note,
           f"nodes={after_redo} same={redone == with_note}")
        added2 = add_note(origin, nodes + 1)
        leave_text(origin)
        key_and_wait("ctrl+z", nodes + 1)
        leave_text(origin)
        back = key_and_wait("ctrl+z", nodes)
        twice = save(ws)
        ok("/ui/undo/two-steps", added2 and back == nodes and twice == first,
           f"added={added2} nodes={back} same={twice == first}")
        shot("undo.png")
    finally:
        stop(app)
    return uitest.finish()


if __name__ == "__main__":
    sys.exit(main())
