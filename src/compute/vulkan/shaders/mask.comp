#version 450
// mask.comp — a row bitmap from a predicate: one invocation per 64-row word of the chunk,
// written as two uints (validity layout, little-endian), and the number of set bits.
#include "common.glsl"

layout(std430, binding = 10) buffer O0 { uint out_words[]; };
layout(std430, binding = 15) buffer O5 { uint64_t counters[]; };

void main() {
    uint n_words = (pc.n + 63u) / 64u;
    uint n_set = 0u;
    for (uint wi = gl_GlobalInvocationID.x; wi < n_words; wi += n_invocations()) {
        uvec2 word = uvec2(0u);
        uint end = min(64u, pc.n - wi * 64u);
        for (uint b = 0u; b < end; b++) {
            if (predicate(wi * 64u + b)) {
                if (b < 32u) {
                    word.x |= 1u << b;
                } else {
                    word.y |= 1u << (b - 32u);
                }
            }
        }
        uint out_index = 2u * (pc.row_base / 64u + wi);
        out_words[out_index] = word.x;
        out_words[out_index + 1u] = word.y;
        n_set += bitCount(word.x) + bitCount(word.y);
    }
    if (n_set != 0u) {
        atomicAdd(counters[0], uint64_t(n_set));
    }
}
