#version 450
// bin2d-shared.comp — counts only, for grids whose bins fit in shared memory: each workgroup
// bins its rows into a private grid with shared atomics and adds the non-zero bins to the
// global grid at the end (far fewer global atomics for small, hot grids). Grid-stride over
// tiles of 256 * ROWS_PER_THREAD rows, all loads of a tile issued before the first is binned.
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
    uint tile = gl_WorkGroupSize.x * ROWS_PER_THREAD;
    for (uint t = gl_WorkGroupID.x * tile; t < pc.n; t += gl_NumWorkGroups.x * tile) {
        double xs[ROWS_PER_THREAD], ys[ROWS_PER_THREAD];
        for (uint k = 0u; k < ROWS_PER_THREAD; k++) {
            uint i = min(t + k * gl_WorkGroupSize.x + gl_LocalInvocationIndex, pc.n - 1u);
            xs[k] = in_x[i];
            ys[k] = in_y[i];
        }
        for (uint k = 0u; k < ROWS_PER_THREAD; k++) {
            if (t + k * gl_WorkGroupSize.x + gl_LocalInvocationIndex >= pc.n) {
                break;
            }
            double x = xs[k], y = ys[k];
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
