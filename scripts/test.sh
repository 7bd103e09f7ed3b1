#!/usr/bin/env bash
# Installs what is missing, builds, and runs the default tests: every test not labelled `slow`
# in the normal build (warnings are errors; UI tests start their own Xvfb), then the non-UI tests
# and the UI tests labelled asan-ui again in the sanitizer build (ASan + UBSan).
#   scripts/test.sh            the default run (CI runs exactly this)
#   scripts/test.sh --slow     also the tests labelled slow
set -euo pipefail
cd "$(dirname "$0")/.."
exclude='slow'
if [ "${1:-}" = "--slow" ]; then
    exclude='^$'
fi
jobs=$(nproc)

scripts/setup.sh
scripts/check-format.sh
scripts/build.sh
(cd build && ctest -LE "$exclude" -j "$jobs" --output-on-failure --timeout 600)
scripts/check-tests.sh build "$exclude"

scripts/build.sh --sanitize
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizer.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# `heavy`: runs the pika program dozens of times (render-cli-plot: 6x slower under ASan than the
# rest of the run together); the same drawing code runs in-process under ASan in render-*.
(cd build-asan && ctest -LE "ui|heavy|$exclude" -j "$jobs" --output-on-failure --timeout 900)
scripts/check-tests.sh build-asan "ui|heavy|$exclude"
# The UI tests under ASan look for memory errors, not leaks: Debian's GLib, GTK and Mesa are built
# without frame pointers, so a leak's stack stops at g_malloc and cannot be told from ours (or
# suppressed) without the slow unwinder, which makes these tests ten times slower. Our own
# allocations are leak-checked by the tests above (the graph, the plot sessions, the data layer).
(cd build-asan && ASAN_OPTIONS="${ASAN_OPTIONS/detect_leaks=1/detect_leaks=0}" \
    ctest -L asan-ui -LE "heavy|$exclude" -j "$jobs" --output-on-failure --timeout 900)
scripts/check-tests.sh build-asan "heavy|$exclude" asan-ui
scripts/fuzz.sh 30 # each fuzz target for half a minute, two at a time (docs/development.md)
