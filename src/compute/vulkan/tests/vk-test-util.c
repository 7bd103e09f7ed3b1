/* vk-test-util.c — see vk-test-util.h. */
#include "vk-test-util.h"

#include <math.h>
#include <stdlib.h>

PkBackend *pk_vkt_backend_new(void) {
    PkBackend *be = NULL;
    GError *error = NULL;
    if (!pk_backend_vulkan_vtable()->probe(&be, &error)) {
        char *why = g_strdup_printf("no Vulkan device: %s", error->message);
        g_test_skip(why);
        g_free(why);
        g_error_free(error);
        return NULL;
    }
    return be;
}

guint32 pk_vkt_seed(void) {
    static guint32 seed = 0;
    static gboolean printed = FALSE;
    if (!printed) {
        const char *text = g_getenv("PIKA_TEST_SEED");
        seed = text != NULL ? (guint32)strtoul(text, NULL, 10) : 20240611u;
        g_test_message("seed %u (override with PIKA_TEST_SEED)", seed);
        printed = TRUE;
    }
    return seed;
}

double pk_vkt_uniform(GRand *rand, double lo, double hi) {
    return g_rand_double_range(rand, lo, hi);
}

gint pk_vkt_bin(double v, double lo, double hi, guint n) {
    if (!(v >= lo && v < hi)) {
        return -1;
    }
    volatile float t = (float)(v - lo);
    volatile float s = (float)((double)n / (hi - lo));
    volatile float p = t * s;
    gint i = (gint)floorf(p);
    return i > (gint)n - 1 ? (gint)n - 1 : i;
}

void pk_vkt_ref_counts(const double *x, const double *y, gsize n, const PkViewport *vp,
                       guint32 *counts, guint64 *out_counters) {
    guint64 in_view = 0, invalid = 0, out = 0;
    for (gsize i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i])) {
            invalid++;
            continue;
        }
        gint bx = pk_vkt_bin(x[i], vp->x0, vp->x1, vp->width);
        gint by = pk_vkt_bin(y[i], vp->y0, vp->y1, vp->height);
        if (bx < 0 || by < 0) {
            out++;
            continue;
        }
        counts[(gsize)by * vp->width + (gsize)bx]++;
        in_view++;
    }
    out_counters[0] = in_view;
    out_counters[1] = 0;
    out_counters[2] = invalid;
    out_counters[3] = out;
}
