#version 450
// bin2d.comp — one chunk of bin2d (and hist1d, as a grid of height 1 over y = x): counts,
// selected plane, category planes, representative rows and min/max keys, all with global
// atomics; row counters are summed per workgroup in shared memory first. The dispatch is 2-D
// (maxComputeWorkGroupCount[0] may be 65535) over tiles of T = 256 * ROWS_PER_THREAD
// contiguous rows: workgroup g takes tiles g, g + G, g + 2G... (G workgroups in all); each
// invocation reads ROWS_PER_THREAD rows 256 apart (coalesced), x and y of all of them loaded
// before the first is binned. Specialised with COUNTS_ONLY = 1 (constant 2) it is the counts
// pipeline: flags are then the constant 0 and the driver drops every optional path, leaving a
// small, fully unrolled loop body (the register arrays must not be indexed dynamically).
#extension GL_EXT_control_flow_attributes : require
#include "common.glsl"

layout(constant_id = 2) const uint COUNTS_ONLY = 0u;

#define F_SEL 1u
#define F_CAT 2u
#define F_REP 4u
#define F_MIN 8u
#define F_MAX 16u
#define F_VALUE 32u

layout(std430, binding = 10) buffer O0 { uint out_counts[]; };
layout(std430, binding = 11) buffer O1 { uint out_selected[]; };
layout(std430, binding = 12) buffer O2 { uint out_cats[]; };
layout(std430, binding = 13) buffer O3 { uint out_rep[]; };
layout(std430, binding = 14) buffer O4 { uint64_t out_keys[]; };
layout(std430, binding = 15) buffer O5 { uint64_t counters[]; };

shared uint s_counters[4];

void main() {
    if (gl_LocalInvocationIndex < 4u) {
        s_counters[gl_LocalInvocationIndex] = 0u;
    }
    barrier();
    uint n_view = 0u, n_sel = 0u, n_invalid = 0u, n_out = 0u;
    uint flags = COUNTS_ONLY != 0u ? 0u : pc.flags;
    uint plane = pc.w * pc.h;
    uint group = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    uint n_groups = gl_NumWorkGroups.x * gl_NumWorkGroups.y;
    uint tile = 256u * ROWS_PER_THREAD;
    for (uint t = group * tile; t < pc.n; t += n_groups * tile) {
        uint base = t + gl_LocalInvocationIndex;
        double xs[ROWS_PER_THREAD], ys[ROWS_PER_THREAD];
        [[unroll]] for (uint k = 0u; k < ROWS_PER_THREAD; k++) {
            uint i = min(base + k * 256u, pc.n - 1u);
            xs[k] = in_x[i];
            ys[k] = in_y[i];
        }
        [[unroll]] for (uint k = 0u; k < ROWS_PER_THREAD; k++) {
            uint i = base + k * 256u;
            if (i >= pc.n) {
                break;
            }
            double x = xs[k], y = ys[k];
            double v = 0.0;
            bool ok = is_finite(x) && is_finite(y);
            if ((flags & F_VALUE) != 0u) {
                v = in_value[i];
                ok = ok && is_finite(v);
            }
            if (!ok) {
                n_invalid++;
                continue;
            }
            if (!(x >= pc.ox && x < pc.hx && y >= pc.oy && y < pc.hy)) {
                n_out++;
                continue;
            }
            uint bin = bin_of(y, pc.oy, pc.sy, pc.h) * pc.w + bin_of(x, pc.ox, pc.sx, pc.w);
            atomicAdd(out_counts[bin], 1u);
            n_view++;
            if ((flags & F_SEL) != 0u && predicate(i)) {
                atomicAdd(out_selected[bin], 1u);
                n_sel++;
            }
            if ((flags & F_CAT) != 0u) {
                uint c = in_cat[i];
                if (c < pc.n_categories) {
                    atomicAdd(out_cats[c * plane + bin], 1u);
                }
            }
            if ((flags & F_REP) != 0u) {
                atomicMin(out_rep[bin], pc.row_base + i);
            }
            if ((flags & F_MIN) != 0u) {
                atomicMin(out_keys[bin], key_of(v));
            }
            if ((flags & F_MAX) != 0u) {
                atomicMax(out_keys[bin], key_of(v));
            }
        }
    }
    atomicAdd(s_counters[0], n_view);
    atomicAdd(s_counters[1], n_sel);
    atomicAdd(s_counters[2], n_invalid);
    atomicAdd(s_counters[3], n_out);
    barrier();
    if (gl_LocalInvocationIndex < 4u && s_counters[gl_LocalInvocationIndex] != 0u) {
        atomicAdd(counters[gl_LocalInvocationIndex], uint64_t(s_counters[gl_LocalInvocationIndex]));
    }
}
