#version 450
// bin2d-shared.comp — counts only, for grids whose bins fit in shared memory: each workgroup
// bins its rows into a private grid with shared atomics and adds the non-zero bins to the
// global grid at the end (far fewer global atomics for small, hot grids).
#include "common.glsl"

layout(constant_id = 0) const uint SHARED_BINS = 8192u;

layout(std430, binding = 10) buffer O0 { uint out_counts[]; };
layout(std430, binding = 15) buffer O5 { uint64_t counters[]; };

shared uint s_grid[SHARED_BINS];
shared uint s_counters[4];

void main() {
    uint plane = pc.w * pc.h;
    for (uint b = gl_LocalInvocationIndex; b < plane; b += gl_WorkGroupSize.x) {
        s_grid[b] = 0u;
    }
    if (gl_LocalInvocationIndex < 4u) {
        s_counters[gl_LocalInvocationIndex] = 0u;
    }
    barrier();
    uint n_view = 0u, n_invalid = 0u, n_out = 0u;
    for (uint i = gl_GlobalInvocationID.x; i < pc.n; i += n_invocations()) {
        double x = in_x[i], y = in_y[i];
        if (!(is_finite(x) && is_finite(y))) {
            n_invalid++;
            continue;
        }
        if (!(x >= pc.ox && x < pc.hx && y >= pc.oy && y < pc.hy)) {
            n_out++;
            continue;
        }
        uint bin = bin_of(y, pc.oy, pc.sy, pc.h) * pc.w + bin_of(x, pc.ox, pc.sx, pc.w);
        atomicAdd(s_grid[bin], 1u);
        n_view++;
    }
    atomicAdd(s_counters[0], n_view);
    atomicAdd(s_counters[2], n_invalid);
    atomicAdd(s_counters[3], n_out);
    barrier();
    for (uint b = gl_LocalInvocationIndex; b < plane; b += gl_WorkGroupSize.x) {
        uint c = s_grid[b];
        if (c != 0u) {
            atomicAdd(out_counts[b], c);
        }
    }
    if (gl_LocalInvocationIndex < 4u && s_counters[gl_LocalInvocationIndex] != 0u) {
        atomicAdd(counters[gl_LocalInvocationIndex], uint64_t(s_counters[gl_LocalInvocationIndex]));
    }
}
