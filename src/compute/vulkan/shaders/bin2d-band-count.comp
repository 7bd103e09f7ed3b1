#version 450
// bin2d-band-count.comp — the second pass of banded counts (see bin2d-band-sort.comp): a
// workgroup counts one band of the grid over one part of the tiles, in shared memory, and
// adds its non-zero cells to the grid. Workgroup g takes band g % n_bands and part
// g / n_bands of (number of workgroups / n_bands) parts; each invocation walks the band's run
// in one tile at a time (tiles lid, lid + 256, ... of the part), loading 8 words (16 cells) of
// it before counting the first, so that many loads are in flight.
#extension GL_EXT_control_flow_attributes : require
#include "common.glsl"

layout(constant_id = 0) const uint SHARED_BINS = 8192u;

layout(std430, binding = 10) buffer O0 { uint out_counts[]; };
layout(std430, binding = 11) readonly buffer O1 { uint scratch[]; };
layout(std430, binding = 12) readonly buffer O2 { uint table[]; };

shared uint s_grid[SHARED_BINS];

// Entry e (16 bits) of a tile's table.
uint run_start(uint tile, uint words, uint e) {
    uint v = table[tile * words + (e >> 1)];
    return (e & 1u) != 0u ? v >> 16 : v & 0xffffu;
}

void main() {
    const uint T = 256u * ROWS_PER_THREAD;
    uint lid = gl_LocalInvocationIndex;
    uint nb = pc.n_bands;
    uint band = gl_WorkGroupID.x % nb;
    uint part = gl_WorkGroupID.x / nb;
    uint parts = gl_NumWorkGroups.x / nb;
    uint first_row = band * pc.band_rows;
    uint n_cells = min(pc.band_rows, pc.h - first_row) * pc.w;
    for (uint c = lid; c < n_cells; c += 256u) {
        s_grid[c] = 0u;
    }
    barrier();
    uint n_tiles = (pc.n + T - 1u) / T;
    uint words = (nb + 2u) / 2u;
    uint t0 = uint(uint64_t(n_tiles) * part / parts);
    uint t1 = uint(uint64_t(n_tiles) * (part + 1u) / parts);
    for (uint t = t0 + lid; t < t1; t += 256u) {
        uint lo = run_start(t, words, band);
        uint hi = run_start(t, words, band + 1u);
        uint at = t * (T / 2u);
        for (uint w0 = lo >> 1; 2u * w0 < hi; w0 += 8u) {
            uint v[8];
            [[unroll]] for (uint j = 0u; j < 8u; j++) {
                v[j] = 2u * (w0 + j) < hi ? scratch[at + w0 + j] : 0u;
            }
            [[unroll]] for (uint j = 0u; j < 8u; j++) {
                uint k = 2u * (w0 + j);
                if (k >= lo && k < hi) {
                    atomicAdd(s_grid[v[j] & 0xffffu], 1u);
                }
                if (k + 1u >= lo && k + 1u < hi) {
                    atomicAdd(s_grid[v[j] >> 16], 1u);
                }
            }
        }
    }
    barrier();
    uint out0 = first_row * pc.w;
    for (uint c = lid; c < n_cells; c += 256u) {
        uint v = s_grid[c];
        if (v != 0u) {
            atomicAdd(out_counts[out0 + c], v);
        }
    }
}
