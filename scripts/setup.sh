#!/usr/bin/env bash
# Installs everything Pika-Plot needs on Debian 12 and fetches DuckDB. Idempotent: when all is
# present it only checks, in about a second.
#   scripts/setup.sh            install what is missing (uses sudo when not root)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
    # build
    build-essential cmake ninja-build pkg-config git ca-certificates
    # formatting check and the fuzz targets (clang's libFuzzer)
    clang-format clang libclang-rt-14-dev
    # libraries
    libglib2.0-dev libjson-glib-dev libcairo2-dev libpango1.0-dev
    libgtk-4-dev libadwaita-1-dev libgtksourceview-5-dev libx11-dev
    # Vulkan compute: headers, shader compiler, Mesa's drivers (lavapipe) and tools
    libvulkan-dev glslc mesa-vulkan-drivers vulkan-validationlayers vulkan-tools
    # running and testing the desktop app headless; looking at exported files
    xvfb xauth xdotool imagemagick poppler-utils librsvg2-bin fonts-dejavu-core dbus
    # fetching DuckDB (npm registry) and the comparison benchmarks
    npm python3-numpy python3-pandas python3-matplotlib
)

missing=()
for p in "${PACKAGES[@]}"; do
    # A node/npm from elsewhere on PATH serves as well as Debian's.
    if [ "$p" = npm ] && command -v npm >/dev/null; then
        continue
    fi
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

scripts/fetch-duckdb.sh
