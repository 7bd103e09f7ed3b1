#!/usr/bin/env bash
# Runs every `pika` command that README.md and docs/cli.md show in their ```sh blocks, and the
# commands scripts/demo.sh suggests after the demo, in a fresh folder, each of which must exit
# 0 (TAP output, a result per command). `pika run` commands run twice more: with their --out
# made absolute, and from another folder with --out relative to it; the files each run writes
# must land inside that --out.
#
#   tests/cli/test-docs-commands.sh BUILD_DIR SOURCE_DIR
#
# Sizes shrink to keep the test short (--rows 5000000 becomes --rows 20000); messy.csv, which
# the README imports, is a copy of tests/data/corpus/ragged.csv.
set -euo pipefail
build=$1
source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PATH="$build/bin:$PATH"
export XDG_STATE_HOME="$work/state"
cd "$work"
cp "$source/tests/data/corpus/ragged.csv" messy.csv
failures=0
n_run=0

# The ```sh blocks of a markdown file: one command per line, comments and blank lines dropped.
commands_of() {
    awk '/^```sh$/ {f = 1; next} /^```/ {f = 0} f' "$1" |
        sed -E 's/[[:space:]]+#[^"]*$//' | grep -E '^pika ' || true
}

# The commands the demo suggests at its end ("$pika ..."), placeholders left out.
demo_commands() {
    grep -E '^  [a-z].* \$pika ' "$source/scripts/demo.sh" | sed -E 's/.*\$pika /pika /' |
        sed -E 's/[[:space:]]+\(.*$//' | grep -v 'YOUR_FILE' | grep -v -- '--help' || true
}

shrink() {
    sed -E 's/--rows [0-9]+/--rows 20000/'
}

run_one() { # DIR COMMAND
    local dir=$1 cmd=$2
    n_run=$((n_run + 1))
    if ! (cd "$dir" && eval "$cmd") >"$work/last.out" 2>&1; then
        echo "not ok $n_run - in $dir: $cmd"
        sed 's/^/# /' "$work/last.out" | tail -n 20
        failures=$((failures + 1))
        return
    fi
    echo "ok $n_run - $cmd"
}

# Every file a run says it wrote lies inside the --out it was given (resolved from dir).
check_written_inside() { # DIR OUT
    local dir=$1 out=$2 real_out
    real_out=$(cd "$dir" && realpath "$out")
    while read -r _ path; do
        case "$(realpath "$path")" in
        "$real_out"/*) ;;
        *)
            echo "not ok $n_run - wrote $path outside --out $real_out"
            failures=$((failures + 1))
            ;;
        esac
    done < <(grep '^Wrote ' "$work/last.out" || true)
}

run_with_out_variants() { # COMMAND (a pika run with --out DIR)
    local cmd=$1 out
    out=$(sed -E 's/.*--out ([^ ]+).*/\1/' <<<"$cmd")
    run_one "$work" "$cmd"
    check_written_inside "$work" "$out"
    local absolute
    absolute=$(cd "$work" && mkdir -p "$out" && realpath "$out")
    run_one "$work" "${cmd/--out $out/--out $absolute}"
    check_written_inside "$work" "$absolute"
    mkdir -p "$work/elsewhere"
    local ws
    ws=$(awk '{print $3}' <<<"$cmd")
    run_one "$work/elsewhere" "$(sed -E "s#pika run [^ ]+#pika run $work/$ws#" <<<"$cmd")"
    check_written_inside "$work/elsewhere" "$out"
}

run_all() {
    while IFS= read -r cmd; do
        if [[ $cmd == "pika run "*"--out "* ]]; then
            run_with_out_variants "$cmd"
        else
            run_one "$work" "$cmd"
        fi
    done
}

echo "# README.md"
run_all < <(commands_of "$source/README.md" | shrink)
echo "# docs/cli.md"
run_all < <(commands_of "$source/docs/cli.md" | shrink)
echo "# scripts/demo.sh, where to go next"
mkdir -p out
run_one "$work" "pika demo-data --rows 20000 -o out/demo.csv"
run_one "$work" "pika new out/demo.pika --source out/demo.csv --force"
run_all < <(demo_commands)

echo "1..$n_run"
echo "# $n_run commands, $failures failed"
[ "$n_run" -ge 40 ] || {
    echo "# only $n_run commands found; the extraction lost some"
    exit 1
}
[ "$failures" -eq 0 ]
