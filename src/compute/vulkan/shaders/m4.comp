#version 450
// m4.comp — M4 in two passes over every chunk. Pass 0: first/last row per pixel column
// (atomicMin/Max of row ids) and min/max y as ordered 64-bit keys. Pass 1: the smallest row
// whose key equals the column's min (max) key. Exact for any order of x.
#include "common.glsl"

layout(std430, binding = 10) buffer O0 { uint out_first[]; };
layout(std430, binding = 11) buffer O1 { uint out_last[]; };
layout(std430, binding = 12) buffer O2 { uint out_min_row[]; };
layout(std430, binding = 13) buffer O3 { uint out_max_row[]; };
layout(std430, binding = 14) buffer O4 { uint64_t out_keys[]; }; // ~(min key) [0, w), max key [w, 2w)
layout(std430, binding = 15) buffer O5 { uint64_t counters[]; };

void main() {
    uint n_used = 0u;
    for (uint i = gl_GlobalInvocationID.x; i < pc.n; i += n_invocations()) {
        double x = in_x[i], y = in_y[i];
        if (!(is_finite(x) && is_finite(y) && x >= pc.ox && x < pc.hx)) {
            continue;
        }
        if (pc.pred_kind != PRED_NONE && !predicate(i)) {
            continue;
        }
        uint c = bin_of(x, pc.ox, pc.sx, pc.w);
        uint row = pc.row_base + i;
        uint64_t k = key_of(y);
        if (pc.pass_index == 0u) {
            atomicMin(out_first[c], row);
            atomicMax(out_last[c], row);
            atomicMax(out_keys[c], ~k);
            atomicMax(out_keys[pc.w + c], k);
            n_used++;
        } else {
            if (~k == out_keys[c]) {
                atomicMin(out_min_row[c], row);
            }
            if (k == out_keys[pc.w + c]) {
                atomicMin(out_max_row[c], row);
            }
        }
    }
    if (n_used != 0u) {
        atomicAdd(counters[0], uint64_t(n_used));
    }
}
