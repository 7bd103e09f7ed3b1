#!/usr/bin/env bash
# Configures and builds Pika-Plot into build/ (and, with --sanitize, build-asan/ with ASan+UBSan).
# Extra arguments go to CMake.
#   scripts/build.sh [--sanitize] [-DOPTION=VALUE...]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build
args=(-DPIKA_WERROR="${PIKA_WERROR:-ON}")
if [ "${1:-}" = "--sanitize" ]; then
    shift
    dir=build-asan
    args+=(-DPIKA_SANITIZE=ON)
fi
cmake -S . -B "$dir" -G Ninja "${args[@]}" "$@" >/dev/null
ninja -C "$dir" | grep -vE '^\[[0-9]+/[0-9]+\] (Building|Linking|Generating|Compiling|glslc)' || true
test "${PIPESTATUS[0]}" -eq 0
