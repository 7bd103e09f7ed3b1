#!/bin/sh
# ab-bin2d.sh — the working tree's CPU bin2d against another revision's, in one process and in
# turn (bench/ab-bin2d.c): 10M rows into 1920×1080. Needs the working tree built (its compute
# and core libraries, in BUILD_DIR). The other revision's kernel must build against this
# tree's cpu-private.h.
#   bench/ab-bin2d.sh REV [RUNS] [THREADS] [uniform|clustered|heavy] [BUILD_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
rev=${1:?usage: bench/ab-bin2d.sh REV [RUNS] [THREADS] [DIST] [BUILD_DIR]}
runs=${2:-30}
threads=${3:-1}
dist=${4:-uniform}
build=${5:-$root/build}
work=$(mktemp -d /tmp/pika-ab.XXXXXX)
trap 'rm -rf "$work"' EXIT

git -C "$root" show "$rev:src/compute/cpu-fast-bin2d.c" > "$work/old.c"
# the flags src/compute/CMakeLists.txt gives the kernels
flags="-std=c11 -O3 -g -pthread -ffp-contract=off -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74
 -I$root/include -I$root/src/compute $(pkg-config --cflags glib-2.0)"
# shellcheck disable=SC2086
cc $flags -Dpk_cpu_fast_bin2d=pk_cpu_fast_bin2d_old -c "$work/old.c" -o "$work/old.o"
# shellcheck disable=SC2086
cc $flags -c "$root/src/compute/cpu-fast-bin2d.c" -o "$work/new.o"
# shellcheck disable=SC2086
cc $flags -c "$here/ab-bin2d.c" -o "$work/ab.o"
compute=$build/src/compute/libpika-compute.a
vulkan=$build/src/compute/vulkan/libpika-compute-vulkan.a
[ -f "$vulkan" ] || vulkan=
# shellcheck disable=SC2086
cc -o "$work/ab-bin2d" "$work/ab.o" "$work/new.o" "$work/old.o" "$compute" $vulkan "$compute" \
    "$build/src/core/libpika-core.a" $(pkg-config --libs glib-2.0 gmodule-2.0) -lm -ldl
"$work/ab-bin2d" "$runs" "$threads" "$dist"
