#version 450
// stats.comp — min, max, smallest positive (as ordered keys) and finite/NaN/inf counts of a
// column; each invocation reduces its rows in registers, then one atomic per value.
// counters: [0] ~(min key), [1] max key, [2] ~(min positive key), [3] finite, [4] nan, [5] inf.
#include "common.glsl"

layout(std430, binding = 15) buffer O5 { uint64_t counters[]; };

void main() {
    uint64_t kmin = ~0ul, kmax = 0ul, kpos = ~0ul;
    uint n_finite = 0u, n_nan = 0u, n_inf = 0u;
    for (uint i = gl_GlobalInvocationID.x; i < pc.n; i += n_invocations()) {
        double v = in_x[i];
        if (is_finite(v)) {
            uint64_t k = key_of(v);
            kmin = min(kmin, k);
            kmax = max(kmax, k);
            if (v > 0.0) {
                kpos = min(kpos, k);
            }
            n_finite++;
        } else if (is_nan(v)) {
            n_nan++;
        } else {
            n_inf++;
        }
    }
    if (n_finite != 0u) {
        atomicMax(counters[0], ~kmin);
        atomicMax(counters[1], kmax);
        atomicAdd(counters[3], uint64_t(n_finite));
    }
    if (kpos != ~0ul) {
        atomicMax(counters[2], ~kpos);
    }
    if (n_nan != 0u) {
        atomicAdd(counters[4], uint64_t(n_nan));
    }
    if (n_inf != 0u) {
        atomicAdd(counters[5], uint64_t(n_inf));
    }
}
