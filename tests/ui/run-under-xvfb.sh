#!/bin/sh
# run-under-xvfb.sh CMD ARGS... — runs a UI test on a private X server (1600x1000, 24 bits),
# in its own D-Bus session, without the accessibility bus, so UI tests need no desktop and do
# not disturb each other.
set -e
exec xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- env GTK_A11Y=none "$@"
