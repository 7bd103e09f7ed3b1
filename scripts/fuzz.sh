#!/usr/bin/env bash
# Builds the fuzz targets (clang's libFuzzer, ASan + UBSan, tests/fuzz) into build-fuzz/ and runs
# each for SECONDS (default 60) on a copy of its committed corpus (tests/fuzz/corpus/NAME, never
# written to). Fails on any crash, sanitizer report, leak, timeout or out-of-memory, and prints
# where the input that caused it was saved. Two targets run at a time, each on one core.
#   scripts/fuzz.sh [SECONDS] [TARGET...] [-- LIBFUZZER_OPTION...]
#   scripts/fuzz.sh                       every target for 60 s (what scripts/test.sh runs)
#   scripts/fuzz.sh 3600 plot-spec -- -jobs=4 -workers=4
# Environment: FUZZ_PARALLEL (targets at once, default 2), FUZZ_WORK (folder for the runs'
# corpora, logs and crash inputs; default a new temporary folder, removed when all passed).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=60
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
    seconds=$1
    shift
fi
targets=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    targets+=("$1")
    shift
done
[ "${1:-}" = "--" ] && shift
extra=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(workspace import-options plot-spec)
fi
parallel=${FUZZ_PARALLEL:-2}

# Build: every layer instrumented, only the fuzz targets linked (no desktop app, no Vulkan).
cmake -S . -B build-fuzz -G Ninja -DCMAKE_C_COMPILER=clang -DPIKA_FUZZ=ON -DPIKA_BUILD_UI=OFF \
    -DPIKA_BUILD_VULKAN=OFF -DPIKA_WERROR="${PIKA_WERROR:-ON}" >/dev/null
ninja -C build-fuzz "${targets[@]/#/fuzz-}" |
    grep -vE '^\[[0-9]+/[0-9]+\] (Building|Linking|Generating|Compiling)' || true
test "${PIPESTATUS[0]}" -eq 0

if [ -n "${FUZZ_WORK:-}" ]; then
    work=$(realpath -m "$FUZZ_WORK")
    mkdir -p "$work"
    keep_work=1
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/pika-fuzz-run-XXXXXX")
    keep_work=0
fi

export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$root/tests/sanitizer.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# GLib's slice caches would hide leaked GVariants from LeakSanitizer (and make libFuzzer check
# for leaks after nearly every input, since the caches grow).
export G_SLICE=always-malloc

# One target: corpus copied, scratch files under its own TMPDIR, artifacts beside its log.
run_target() {
    local name=$1 dir="$work/$1"
    mkdir -p "$dir/corpus" "$dir/tmp"
    touch "$dir/started" # inputs saved by earlier runs in FUZZ_WORK are older
    cp -r "$root/tests/fuzz/corpus/$name/." "$dir/corpus/"
    local args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
                -artifact_prefix="$dir/")
    if [ -f "$root/tests/fuzz/$name.dict" ]; then
        args+=(-dict="$root/tests/fuzz/$name.dict")
    fi
    (cd "$dir" && TMPDIR="$dir/tmp" "$root/build-fuzz/bin/fuzz-$name" "${args[@]}" \
        ${extra[@]+"${extra[@]}"} "$dir/corpus" >"$dir/log" 2>&1)
}

# Runs the targets, at most $parallel at a time; remembers each one's exit status.
declare -A status
declare -A pids
for name in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do
        wait -n || true
    done
    echo "fuzz: $name for ${seconds}s"
    run_target "$name" &
    pids[$name]=$!
done
for name in "${targets[@]}"; do
    if wait "${pids[$name]}"; then
        status[$name]=0
    else
        status[$name]=$?
    fi
done

failed=0
for name in "${targets[@]}"; do
    dir="$work/$name"
    # Final statistics, summed over the processes of a run with -jobs (each has a fuzz-N.log,
    # which the main log repeats).
    logs=("$dir"/fuzz-*.log)
    [ -e "${logs[0]}" ] || logs=("$dir/log")
    stat() {
        cat "${logs[@]}" |
            awk -v key="stat::$1:" -v how="$2" '$1 == key {
                n++; sum += $2; if ($2 > max) max = $2 }
                END { print (n == 0 ? "?" : how == "max" ? max : sum) }'
    }
    summary="$(stat number_of_executed_units sum) runs, $(stat average_exec_per_sec sum)/s, \
peak $(stat peak_rss_mb max) MB, $(find "$dir/corpus" -type f | wc -l) inputs in the corpus"
    artifacts=$(find "$dir" -maxdepth 1 -type f -newer "$dir/started" \
        \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \
        -o -name 'slow-unit-*' \) | sort)
    if [ "${status[$name]}" -eq 0 ] && [ -z "$artifacts" ]; then
        echo "fuzz: $name passed: $summary"
        continue
    fi
    failed=1
    echo "fuzz: $name FAILED (exit ${status[$name]}); the end of $dir/log:"
    tail -n 60 "$dir/log" | sed 's/^/    /'
    for a in $artifacts; do
        echo "fuzz: $name: input saved as $a"
        echo "      replay: build-fuzz/bin/fuzz-$name $a"
    done
done

if [ "$failed" -ne 0 ]; then
    echo "fuzz: logs, corpora and inputs kept in $work"
    exit 1
fi
if [ "$keep_work" -eq 0 ]; then
    rm -rf "$work"
fi
