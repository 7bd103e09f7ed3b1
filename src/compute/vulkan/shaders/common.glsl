// common.glsl — bindings, push constants, the bin formula and row predicates shared by every
// compute shader of the Vulkan backend (layouts mirror PkVkPush and the PK_VK_B_* bindings of
// vk-private.h). Arithmetic that must match the CPU bit for bit is `precise` (no contraction).
#extension GL_ARB_gpu_shader_int64 : require
#extension GL_EXT_shader_atomic_int64 : require

layout(local_size_x = 256) in;

// Rows per invocation of the bin2d kernels: all of an invocation's loads are issued before
// the first is used (memory-level parallelism); set by the host (PK_VK_ROWS_PER_THREAD).
layout(constant_id = 1) const uint ROWS_PER_THREAD = 8u;

layout(push_constant, std430) uniform Push {
    double ox, oy;
    double bx0, bx1, by0, by1;
    float sx, sy;
    uint w, h;
    uint n;
    uint row_base;
    uint flags;
    uint n_categories;
    uint n_vertices;
    uint pred_kind;
    uint pass_index;
    uint pad;
    double hx, hy;
    uint band_rows;   // banded counts: grid rows per band
    uint n_bands;
} pc;

layout(std430, binding = 0) restrict readonly buffer BX { double in_x[]; };
layout(std430, binding = 1) restrict readonly buffer BY { double in_y[]; };
layout(std430, binding = 2) restrict readonly buffer BV { double in_value[]; };
layout(std430, binding = 3) restrict readonly buffer BC { uint in_cat[]; };
layout(std430, binding = 4) readonly buffer BSX { double sel_x[]; };
layout(std430, binding = 5) readonly buffer BSY { double sel_y[]; };
layout(std430, binding = 6) readonly buffer BSC { uint sel_cat[]; };
layout(std430, binding = 7) readonly buffer BM { uint sel_mask[]; };
layout(std430, binding = 8) readonly buffer BP { double poly[]; };
layout(std430, binding = 9) readonly buffer BS { uint cat_set[]; };

#define PRED_NONE 0u
#define PRED_BOX 1u
#define PRED_POLYGON 2u
#define PRED_CATEGORIES 3u
#define PRED_MASK 4u

// Finite test on the bits, immune to any fast-math assumption of a driver.
bool is_finite(double v) {
    uvec2 u = unpackDouble2x32(v);
    return ((u.y >> 20) & 0x7ffu) != 0x7ffu;
}

bool is_nan(double v) {
    uvec2 u = unpackDouble2x32(v);
    return ((u.y >> 20) & 0x7ffu) == 0x7ffu && ((u.y & 0xfffffu) != 0u || u.x != 0u);
}

// The bin formula of pika/compute.h; the caller checked lo <= v < hi.
uint bin_of(double v, double lo, float s, uint n) {
    precise double d = v - lo;
    precise float t = float(d);
    precise float p = t * s;
    uint i = uint(floor(p));
    return min(i, n - 1u);
}

// Ordered key: unsigned order of keys is the order of the doubles; -0 is folded into +0.
uint64_t key_of(double v) {
    uint64_t b = packUint2x32(unpackDouble2x32(v));
    if (b == 0x8000000000000000ul) {
        b = 0ul;
    }
    return (b >> 63) != 0ul ? ~b : (b | 0x8000000000000000ul);
}

bool in_polygon(double px, double py) {
    bool inside = false;
    uint nv = pc.n_vertices;
    for (uint k = 0u, j = nv - 1u; k < nv; j = k++) {
        double ax = poly[2u * j], ay = poly[2u * j + 1u];
        double bx = poly[2u * k], by = poly[2u * k + 1u];
        if ((ay > py) != (by > py)) {
            precise double dy = by - ay;
            precise double c = (bx - ax) * (py - ay) - (px - ax) * dy;
            if ((dy > 0.0 && c > 0.0) || (dy < 0.0 && c < 0.0)) {
                inside = !inside;
            }
        }
    }
    return inside;
}

// The predicate for local row i (row pc.row_base + i) of this chunk.
bool predicate(uint i) {
    uint kind = pc.pred_kind;
    if (kind == PRED_BOX) {
        double px = sel_x[i], py = sel_y[i];
        return px >= pc.bx0 && px < pc.bx1 && py >= pc.by0 && py < pc.by1;
    }
    if (kind == PRED_POLYGON) {
        double px = sel_x[i], py = sel_y[i];
        return pc.n_vertices >= 3u && is_finite(px) && is_finite(py) && in_polygon(px, py);
    }
    if (kind == PRED_CATEGORIES) {
        uint c = sel_cat[i];
        return c < 256u && ((cat_set[c >> 5] >> (c & 31u)) & 1u) != 0u;
    }
    if (kind == PRED_MASK) {
        return ((sel_mask[i >> 5] >> (i & 31u)) & 1u) != 0u;
    }
    return true;
}

uint n_invocations() {
    return gl_NumWorkGroups.x * gl_WorkGroupSize.x;
}
