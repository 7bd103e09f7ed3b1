#version 450
// bin2d-band-sort.comp — the first of the two passes of banded counts (ops-bin2d.c), for
// grids too large for shared memory: the grid is cut into bands of pc.band_rows whole rows,
// each small enough for shared memory. Each workgroup takes one tile of T = 256 *
// ROWS_PER_THREAD rows (x and y of all its rows loaded before the first is binned), finds the
// band and the cell within the band of every row in view, sorts them by band (a counting sort
// in shared memory) and writes:
//   scratch, the tile's T / 2 words: the sorted cells, 16 bits each, two to a word;
//   table, the tile's (n_bands + 2) / 2 words: where each band's run starts in the tile,
//          16 bits each (entry n_bands = the rows in view).
// bin2d-band-count then counts each band in shared memory. Rows that are not finite or not in
// view are counted here, as in bin2d.comp.
#extension GL_EXT_control_flow_attributes : require
#include "common.glsl"

#define MAX_BANDS 512u
#define NO_BAND 0xffffffffu

layout(std430, binding = 11) buffer O1 { uint scratch[]; };
layout(std430, binding = 12) buffer O2 { uint table[]; };
layout(std430, binding = 15) buffer O5 { uint64_t counters[]; };

shared uint s_start[MAX_BANDS + 1];             // counts, then run starts
shared uint s_sorted[128u * ROWS_PER_THREAD];   // T / 2 words
shared uint s_scan[256];
shared uint s_counters[4];

void main() {
    const uint T = 256u * ROWS_PER_THREAD;
    uint lid = gl_LocalInvocationIndex;
    uint tile = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    uint base = tile * T;
    if (base >= pc.n) {
        return; // the whole workgroup: the 2-D grid may have a few groups past the end
    }
    uint nb = pc.n_bands;
    for (uint b = lid; b <= nb; b += 256u) {
        s_start[b] = 0u;
    }
    for (uint k = lid; k < T / 2u; k += 256u) {
        s_sorted[k] = 0u;
    }
    if (lid < 4u) {
        s_counters[lid] = 0u;
    }
    barrier();

    double xs[ROWS_PER_THREAD], ys[ROWS_PER_THREAD];
    [[unroll]] for (uint k = 0u; k < ROWS_PER_THREAD; k++) {
        uint i = min(base + lid + k * 256u, pc.n - 1u);
        xs[k] = in_x[i];
        ys[k] = in_y[i];
    }
    uint band[ROWS_PER_THREAD], cell[ROWS_PER_THREAD], slot[ROWS_PER_THREAD];
    uint n_view = 0u, n_invalid = 0u, n_out = 0u;
    [[unroll]] for (uint k = 0u; k < ROWS_PER_THREAD; k++) {
        band[k] = NO_BAND;
        cell[k] = 0u;
        slot[k] = 0u;
        if (base + lid + k * 256u >= pc.n) {
            continue;
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
        uint iy = bin_of(y, pc.oy, pc.sy, pc.h);
        uint b = iy / pc.band_rows;
        band[k] = b;
        cell[k] = (iy - b * pc.band_rows) * pc.w + bin_of(x, pc.ox, pc.sx, pc.w);
        slot[k] = atomicAdd(s_start[b], 1u);
        n_view++;
    }
    barrier();

    // Exclusive scan of the nb counts: each invocation sums two, a scan over the 256 sums.
    uint e = 2u * lid;
    uint c0 = e < nb ? s_start[e] : 0u;
    uint c1 = e + 1u < nb ? s_start[e + 1u] : 0u;
    s_scan[lid] = c0 + c1;
    barrier();
    for (uint d = 1u; d < 256u; d <<= 1) {
        uint add = lid >= d ? s_scan[lid - d] : 0u;
        barrier();
        s_scan[lid] += add;
        barrier();
    }
    uint before = s_scan[lid] - (c0 + c1);
    if (e < nb) {
        s_start[e] = before;
    }
    if (e + 1u < nb) {
        s_start[e + 1u] = before + c0;
    }
    if (lid == 0u) {
        s_start[nb] = s_scan[255];
    }
    barrier();

    uint words = (nb + 2u) / 2u;
    for (uint k = lid; k < words; k += 256u) {
        uint lo = s_start[2u * k];
        uint hi = 2u * k + 1u <= nb ? s_start[2u * k + 1u] : 0u;
        table[tile * words + k] = lo | (hi << 16);
    }
    [[unroll]] for (uint k = 0u; k < ROWS_PER_THREAD; k++) {
        if (band[k] != NO_BAND) {
            uint pos = s_start[band[k]] + slot[k];
            atomicOr(s_sorted[pos >> 1], cell[k] << ((pos & 1u) * 16u));
        }
    }
    atomicAdd(s_counters[0], n_view);
    atomicAdd(s_counters[2], n_invalid);
    atomicAdd(s_counters[3], n_out);
    barrier();

    uint in_view = s_start[nb];
    for (uint k = lid; k < (in_view + 1u) / 2u; k += 256u) {
        scratch[tile * (T / 2u) + k] = s_sorted[k];
    }
    if (lid < 4u && s_counters[lid] != 0u) {
        atomicAdd(counters[lid], uint64_t(s_counters[lid]));
    }
}
