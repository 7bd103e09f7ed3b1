#!/usr/bin/env bash
# Fetches DuckDB 1.4.4 from the npm registry (no install scripts run), verifies the two files we
# use by sha256 and keeps them in third_party/duckdb/ (ignored by git). Does nothing when both
# files are present and verified.
set -euo pipefail
cd "$(dirname "$0")/.."

DEST=third_party/duckdb
LIB_PKG="@duckdb/node-bindings-linux-x64@1.4.4-r.4"
HDR_PKG="duckdb@1.4.4"
LIB_SHA=1ef33048e12235115ac0d277a0aaccbb560e33248144f488b5ac005cd9ba81b5
HDR_SHA=cbe6a827284375c5a646b8f27dbd3a00808ce8738b5bbb49c190cb1e08540281

verified() {
    [ -f "$DEST/libduckdb.so" ] && [ -f "$DEST/duckdb.h" ] &&
        echo "$LIB_SHA  $DEST/libduckdb.so
$HDR_SHA  $DEST/duckdb.h" | sha256sum --check --status
}

if verified; then
    exit 0
fi

echo "setup: fetching DuckDB 1.4.4 from the npm registry"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --ignore-scripts --silent "$LIB_PKG" "$HDR_PKG" >/dev/null)
mkdir -p "$tmp/lib" "$tmp/hdr"
tar -xzf "$tmp"/duckdb-node-bindings-linux-x64-*.tgz -C "$tmp/lib" package/libduckdb.so
tar -xzf "$tmp"/duckdb-1.4.4.tgz -C "$tmp/hdr" package/src/duckdb/src/include/duckdb.h

echo "$LIB_SHA  $tmp/lib/package/libduckdb.so" | sha256sum --check --quiet ||
    { echo "setup: libduckdb.so does not match its pinned sha256; refusing it" >&2; exit 1; }
echo "$HDR_SHA  $tmp/hdr/package/src/duckdb/src/include/duckdb.h" | sha256sum --check --quiet ||
    { echo "setup: duckdb.h does not match its pinned sha256; refusing it" >&2; exit 1; }

mkdir -p "$DEST"
install -m 0644 "$tmp/lib/package/libduckdb.so" "$DEST/libduckdb.so"
install -m 0644 "$tmp/hdr/package/src/duckdb/src/include/duckdb.h" "$DEST/duckdb.h"
verified
echo "setup: DuckDB 1.4.4 ready in $DEST"
