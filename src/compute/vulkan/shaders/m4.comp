#version 450
// m4.comp — M4 in two passes over every chunk. Pass 0: first/last row per pixel column
// (atomicMin/Max of row ids) and min/max y as ordered 64-bit keys. Pass 1: the smallest row
// whose key equals the column's min (max) key. Exact for any order of x. In pass 0, when every
// active invocation of a subgroup falls in one pixel column (the usual case for sorted x), the
// subgroup reduces first and one invocation does the four atomics.
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_vote : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#include "common.glsl"

layout(std430, binding = 10) buffer O0 { uint out_first[]; };
layout(std430, binding = 11) buffer O1 { uint out_last[]; };
layout(std430, binding = 12) buffer O2 { uint out_min_row[]; };
layout(std430, binding = 13) buffer O3 { uint out_max_row[]; };
layout(std430, binding = 14) buffer O4 { uint64_t out_keys[]; }; // ~(min key) [0, w), max key [w, 2w)
layout(std430, binding = 15) buffer O5 { uint64_t counters[]; };

// Subgroup maximum of a 64-bit key through 32-bit operations: high words, then low words
// among the invocations holding the highest high word.
uint64_t subgroup_max64(uint64_t v) {
    uvec2 u = unpackUint2x32(v);
    uint hi = subgroupMax(u.y);
    uint lo = subgroupMax(u.y == hi ? u.x : 0u);
    return packUint2x32(uvec2(lo, hi));
}

void main() {
    uint n_used = 0u;
    for (uint i = gl_GlobalInvocationID.x; i < pc.n; i += n_invocations()) {
        double x = in_x[i], y = in_y[i];
        bool ok = is_finite(x) && is_finite(y) && x >= pc.ox && x < pc.hx;
        if (ok && pc.pred_kind != PRED_NONE) {
            ok = predicate(i);
        }
        uint c = ok ? bin_of(x, pc.ox, pc.sx, pc.w) : 0xffffffffu;
        uint row = pc.row_base + i;
        uint64_t k = key_of(y);
        if (pc.pass_index == 0u && subgroupAllEqual(c)) {
            if (c != 0xffffffffu) {
                uint first = subgroupMin(row), last = subgroupMax(row);
                uint64_t lo_key = subgroup_max64(~k), hi_key = subgroup_max64(k);
                if (subgroupElect()) {
                    atomicMin(out_first[c], first);
                    atomicMax(out_last[c], last);
                    atomicMax(out_keys[c], lo_key);
                    atomicMax(out_keys[pc.w + c], hi_key);
                }
                n_used++;
            }
            continue;
        }
        if (!ok) {
            continue;
        }
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
