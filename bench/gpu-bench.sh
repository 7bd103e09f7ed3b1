#!/bin/sh
# gpu-bench.sh — runs the Vulkan backend's benchmark (pika-bench-vulkan) on a machine that has
# a GPU driver but none of the project's libraries. Build here first (no DuckDB, no GTK):
#   cmake -S . -B build-gpu -G Ninja -DPIKA_BUILD_DATA=OFF -DPIKA_BUILD_UI=OFF
#   ninja -C build-gpu pika-bench-vulkan
# then put next to this script's working directory, in .gl/: the binary, the .deb files of
# libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 (unpacked into /), and in
# .gl/other/ those of libglib2.0-0 libpcre2-8-0 libffi8 (unpacked aside). Prints JSON lines.
set -eu
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
mkdir -p /tmp/deb
for f in .gl/other/*.deb; do dpkg -x "$f" /tmp/deb; done
if ! ldconfig -p | grep -q libglib-2.0; then
    export LD_LIBRARY_PATH=/tmp/deb/usr/lib/x86_64-linux-gnu:/tmp/deb/lib/x86_64-linux-gnu
fi
if [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
    export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
exec ./.gl/pika-bench-vulkan "$@"
