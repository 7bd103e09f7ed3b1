#!/usr/bin/env bash
# Checks that a test run did what it claims; scripts/test.sh calls it after each ctest line.
#   scripts/check-tests.sh BUILD_DIR EXCLUDE [INCLUDE]
#                          EXCLUDE: the run's `ctest -LE` expression; INCLUDE: its `-L` one
#   scripts/check-tests.sh --update [BUILD_DIR]  rewrite tests/expected-tests.txt (default: build)
# Fails when
#  1. the tests BUILD_DIR registers (less those with a label matching EXCLUDE) differ, by name or
#     labels, from tests/expected-tests.txt (less the same): a test that silently stops being
#     registered (no Python found, a library missing) fails here;
#  2. one of them is missing from the last ctest run in BUILD_DIR
#     (Testing/Temporary/LastTest.log) or printed no TAP result;
#  3. a test labelled vulkan skipped anything (the whole executable or one case) on a machine
#     with a Vulkan device (vulkaninfo, else BUILD_DIR/bin/pika info), or one labelled ui
#     skipped anything on a machine with Xvfb. Other skips are listed, not failed.
set -euo pipefail
cd "$(dirname "$0")/.."
expected_file=tests/expected-tests.txt

# "name label label..." for every test ctest registers in $1 (extra arguments go to ctest).
# `ctest -N` rewrites the last run's log, which step 2 reads and people look at: keep it.
registered() {
    local dir=$1 log="$1/Testing/Temporary/LastTest.log" kept
    shift
    kept=$(mktemp)
    if [ -f "$log" ]; then
        cp "$log" "$kept"
    fi
    (cd "$dir" && ctest -N -V "$@") | awk '
        /^Labels:/ { sub(/^Labels: */, ""); labels = $0; next }
        /^  Test +#[0-9]+: / {
            sub(/^  Test +#[0-9]+: /, "")
            print $0 (labels != "" ? " " labels : "")
            labels = ""
        }
    ' | sort
    if [ -s "$kept" ]; then
        cp "$kept" "$log"
    fi
    rm -f "$kept"
}

if [ "${1:-}" = "--update" ]; then
    dir=${2:-build}
    {
        echo "# Every test ctest registers in a full build (scripts/build.sh): name, then labels."
        echo "# scripts/check-tests.sh compares this with what a build registers; after adding,"
        echo "# renaming or relabelling a test: scripts/check-tests.sh --update"
        echo "# (docs/development.md)."
        registered "$dir"
    } >"$expected_file"
    echo "check-tests: wrote $expected_file ($(grep -vc '^#' "$expected_file") tests)"
    exit 0
fi

dir=${1:?usage: scripts/check-tests.sh BUILD_DIR EXCLUDE}
exclude=${2:?usage: scripts/check-tests.sh BUILD_DIR EXCLUDE [INCLUDE]}
include=${3:-}
failed=0

# What the last run did.
log="$dir/Testing/Temporary/LastTest.log"
if [ ! -f "$log" ]; then
    echo "check-tests: $log is missing: run ctest in $dir first" >&2
    exit 1
fi
last_run=$(cat "$log")

# 1. The expected set.
wanted=$(grep -v '^#' "$expected_file" | while read -r name labels; do
    keep=1
    if [ -n "$include" ]; then
        keep=0
        for label in $labels; do
            if [[ $label =~ $include ]]; then
                keep=1
            fi
        done
    fi
    for label in $labels; do
        if [[ $label =~ $exclude ]]; then
            keep=0
        fi
    done
    if [ $keep = 1 ]; then
        echo "$name${labels:+ $labels}"
    fi
done | sort)
actual=$(registered "$dir" -LE "$exclude" ${include:+-L "$include"})
if [ "$wanted" != "$actual" ]; then
    echo "check-tests: $dir registers other tests than $expected_file lists" \
        "(labels not matching '$exclude'):" >&2
    diff <(echo "$wanted") <(echo "$actual") | grep '^[<>]' |
        sed 's/^</  missing:   /; s/^>/  unexpected:/' >&2 || true
    echo "check-tests: a test that stopped registering (Python, a library?) or, after a" \
        "deliberate change, scripts/check-tests.sh --update" >&2
    failed=1
fi

# 2 and 3. What the last run did: per test, "name results skips" (skips: cases marked
# "# SKIP" and a skipped plan "1..0 # SKIP").
ran=$(echo "$last_run" | awk '
    /^[0-9]+\/[0-9]+ Testing: / {
        sub(/^[0-9]+\/[0-9]+ Testing: /, "")
        name = $0
        results = 0
        skips = 0
        next
    }
    /^(ok|not ok) [0-9]+/ { results++; if ($0 ~ /# SKIP/) skips++ }
    /^1\.\.0 # SKIP/ { skips++ }
    /^<end of output>$/ { if (name != "") print name, results, skips; name = "" }
')

# (outputs are read whole before matching: `grep -q` would end a pipe early under pipefail)
has_vulkan=0
if command -v vulkaninfo >/dev/null 2>&1; then
    devices=$(vulkaninfo --summary 2>/dev/null || true)
    if [[ $devices == *deviceName* ]]; then
        has_vulkan=1
    fi
elif [ -x "$dir/bin/pika" ]; then
    devices=$("$dir/bin/pika" info --json 2>/dev/null || true)
    if [[ $devices == *'"vulkan"'* ]]; then
        has_vulkan=1
    fi
fi
has_xvfb=0
if command -v xvfb-run >/dev/null 2>&1 && command -v Xvfb >/dev/null 2>&1; then
    has_xvfb=1
fi

while read -r name labels; do
    [ -n "$name" ] || continue
    line=$(echo "$ran" | awk -v n="$name" '$1 == n')
    if [ -z "$line" ]; then
        echo "check-tests: $name did not run in the last ctest run in $dir" >&2
        failed=1
        continue
    fi
    read -r _ results skips <<<"$line"
    if [ "$results" -eq 0 ] && [ "$skips" -eq 0 ]; then
        echo "check-tests: $name printed no test result" >&2
        failed=1
    fi
    [ "$skips" -gt 0 ] || continue
    reason=$(echo "$last_run" | awk -v n="$name" '
        /^[0-9]+\/[0-9]+ Testing: / { sub(/^[0-9]+\/[0-9]+ Testing: /, ""); mine = ($0 == n) }
        mine && /# SKIP/ && !found { sub(/.*# SKIP */, ""); print; found = 1 }
    ')
    if [[ " $labels " == *" vulkan "* && $has_vulkan = 1 ]] ||
        [[ " $labels " == *" ui "* && $has_xvfb = 1 ]]; then
        echo "check-tests: $name skipped $skips case(s) on a machine that can run it: $reason" >&2
        failed=1
    else
        echo "check-tests: note: $name skipped $skips case(s): $reason"
    fi
done <<<"$actual"

if [ $failed != 0 ]; then
    exit 1
fi
echo "check-tests: $(echo "$actual" | grep -c .) tests registered as listed and run" \
    "(Vulkan device: $([ $has_vulkan = 1 ] && echo yes || echo no)," \
    "Xvfb: $([ $has_xvfb = 1 ] && echo yes || echo no))"
