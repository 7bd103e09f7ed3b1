#!/bin/sh
# run-under-xvfb.sh CMD ARGS... — runs a UI test on a private X server (1600x1000, 24 bits),
# in its own D-Bus session, without the accessibility bus, so UI tests need no desktop and do
# not disturb each other. Without Xvfb or dbus-run-session the test cannot run: it says so in
# TAP and exits 77, which ctest shows as Skipped (scripts/check-tests.sh fails the default run
# on a machine that has Xvfb).
#
# The server picks a free display itself and says which (-displayfd). `xvfb-run -a` guesses a
# free number first: two tests started together could take the same one, and the first to
# finish then took the display away from the other ("cannot open display").
for tool in Xvfb dbus-run-session; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "1..0 # SKIP $tool is not installed (Debian: xvfb, dbus)"
        exit 77
    fi
done
dir=$(mktemp -d)
xvfb=
cleanup() {
    if [ -n "$xvfb" ]; then
        kill "$xvfb" 2>/dev/null
        wait "$xvfb" 2>/dev/null
    fi
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkfifo "$dir/display"
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$dir/display" 2>"$dir/xvfb.log" &
xvfb=$!
read -r number <"$dir/display" || number=
if [ -z "$number" ]; then
    echo "run-under-xvfb: Xvfb did not start:" >&2
    cat "$dir/xvfb.log" >&2
    exit 1
fi
DISPLAY=":$number" dbus-run-session -- env DISPLAY=":$number" GTK_A11Y=none "$@"
