#!/bin/sh
# run-under-xvfb.sh CMD ARGS... — runs a UI test on a private X server (1600x1000, 24 bits),
# in its own D-Bus session, without the accessibility bus, so UI tests need no desktop and do
# not disturb each other. Without xvfb-run or dbus-run-session the test cannot run: it says
# so in TAP and exits 77, which ctest shows as Skipped (scripts/check-tests.sh fails the
# default run on a machine that has Xvfb).
set -e
for tool in xvfb-run Xvfb dbus-run-session; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "1..0 # SKIP $tool is not installed (Debian: xvfb, dbus)"
        exit 77
    fi
done
exec xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- env GTK_A11Y=none "$@"
