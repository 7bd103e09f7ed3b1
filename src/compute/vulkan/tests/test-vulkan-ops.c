/* test-vulkan-ops.c — hist1d, column stats, M4 (unsorted x, ties) and polygon masks on the
 * device against direct reimplementations of the rules in pika/compute.h. */
#include "pika-test.h"
#include "vk-test-util.h"

#include <math.h>
#include <string.h>

#define N 50001

typedef struct {
    double x[N], y[N];
    PkBackendColumn cols[2];
    PkBackendData data;
} Data;

static Data *data_new(guint32 seed) {
    Data *d = g_new0(Data, 1);
    GRand *rand = g_rand_new_with_seed(seed);
    for (gsize i = 0; i < N; i++) {
        d->x[i] = pk_vkt_uniform(rand, -0.2, 1.2);
        d->y[i] = floor(pk_vkt_uniform(rand, -50, 50)); /* many ties */
    }
    d->x[3] = NAN, d->x[4] = INFINITY, d->y[5] = NAN, d->y[6] = -INFINITY;
    d->cols[0] = (PkBackendColumn){d->x, NULL};
    d->cols[1] = (PkBackendColumn){d->y, NULL};
    d->data = (PkBackendData){N, 2, d->cols};
    g_rand_free(rand);
    return d;
}

static void test_hist1d_and_stats(void) {
    PkBackend *be = pk_vkt_backend_new();
    if (be == NULL) {
        return;
    }
    const PkBackendVtable *vt = pk_backend_vulkan_vtable();
    Data *d = data_new(pk_vkt_seed());
    gpointer state = vt->dataset_new(be, N);
    PkHist1dRequest req = {0, 0.0, 1.0, 37, PK_AXIS_LINEAR, NULL};
    guint32 counts[37], ref[37] = {0};
    PkHistogram h = {.n_bins = 37, .counts = counts};
    GError *error = NULL;
    g_assert_true(vt->hist1d(be, state, &d->data, &req, &h, NULL, &error));
    guint64 in = 0, invalid = 0;
    for (gsize i = 0; i < N; i++) {
        gint b = pk_vkt_bin(d->x[i], 0.0, 1.0, 37);
        invalid += !isfinite(d->x[i]);
        if (b >= 0) {
            ref[b]++, in++;
        }
    }
    g_assert_cmpmem(counts, sizeof counts, ref, sizeof ref);
    g_assert_cmpuint(h.n_in_range, ==, in);
    g_assert_cmpuint(h.n_skipped_invalid, ==, invalid);
    g_assert_cmpuint(h.n_out_of_range, ==, N - in - invalid);
    PkRangeStats s;
    g_assert_true(vt->stats(be, state, &d->data, 0, &s, NULL, &error));
    double mn = INFINITY, mx = -INFINITY, mp = INFINITY;
    for (gsize i = 0; i < N; i++) {
        if (isfinite(d->x[i])) {
            mn = MIN(mn, d->x[i]), mx = MAX(mx, d->x[i]);
            mp = d->x[i] > 0 ? MIN(mp, d->x[i]) : mp;
        }
    }
    g_assert_cmpfloat(s.min, ==, mn);
    g_assert_cmpfloat(s.max, ==, mx);
    g_assert_cmpfloat(s.min_positive, ==, mp);
    g_assert_cmpuint(s.n_nan, ==, 1);
    g_assert_cmpuint(s.n_inf, ==, 1);
    g_assert_cmpuint(s.n_finite, ==, N - 2);
    vt->dataset_free(be, state);
    g_free(d);
    vt->destroy(be);
}

static void test_m4_unsorted_with_ties(void) {
    PkBackend *be = pk_vkt_backend_new();
    if (be == NULL) {
        return;
    }
    const PkBackendVtable *vt = pk_backend_vulkan_vtable();
    Data *d = data_new(pk_vkt_seed() + 1);
    enum { W = 123 };
    guint32 rows[4 * W], rf[W], rl[W], rmin[W], rmax[W];
    double ys[2 * W], rminy[W], rmaxy[W];
    PkM4Request req = {0, 1, 0.0, 1.0, W, NULL};
    PkM4 m = {.width = W,
              .first_row = rows,
              .last_row = rows + W,
              .min_row = rows + 2 * W,
              .max_row = rows + 3 * W,
              .min_y = ys,
              .max_y = ys + W};
    gpointer state = vt->dataset_new(be, N);
    GError *error = NULL;
    g_assert_true(vt->m4(be, state, &d->data, &req, &m, NULL, &error));
    guint64 used = 0;
    for (guint c = 0; c < W; c++) {
        rf[c] = rl[c] = rmin[c] = rmax[c] = PK_ROW_NONE;
    }
    for (gsize i = 0; i < N; i++) {
        gint c = pk_vkt_bin(d->x[i], 0.0, 1.0, W);
        if (c < 0 || !isfinite(d->y[i])) {
            continue;
        }
        used++;
        rf[c] = rf[c] == PK_ROW_NONE ? (guint32)i : rf[c];
        rl[c] = (guint32)i;
        if (rmin[c] == PK_ROW_NONE || d->y[i] < rminy[c]) {
            rmin[c] = (guint32)i, rminy[c] = d->y[i];
        }
        if (rmax[c] == PK_ROW_NONE || d->y[i] > rmaxy[c]) {
            rmax[c] = (guint32)i, rmaxy[c] = d->y[i];
        }
    }
    g_assert_cmpuint(m.n_rows_used, ==, used);
    g_assert_cmpmem(m.first_row, sizeof rf, rf, sizeof rf);
    g_assert_cmpmem(m.last_row, sizeof rl, rl, sizeof rl);
    g_assert_cmpmem(m.min_row, sizeof rmin, rmin, sizeof rmin);
    g_assert_cmpmem(m.max_row, sizeof rmax, rmax, sizeof rmax);
    for (guint c = 0; c < W; c++) {
        g_assert_cmpfloat(m.min_y[c], ==, rminy[c]);
        g_assert_cmpfloat(m.max_y[c], ==, rmaxy[c]);
    }
    vt->dataset_free(be, state);
    g_free(d);
    vt->destroy(be);
}

static gboolean in_polygon(const double *p, guint n, double px, double py) {
    gboolean inside = FALSE;
    if (!isfinite(px) || !isfinite(py)) {
        return FALSE;
    }
    for (guint i = 0, j = n - 1; i < n; j = i++) {
        double ax = p[2 * j], ay = p[2 * j + 1], bx = p[2 * i], by = p[2 * i + 1];
        if ((ay > py) != (by > py)) {
            volatile double a = (bx - ax) * (py - ay), b = (px - ax) * (by - ay);
            double cross = a - b;
            if ((by > ay) ? cross > 0.0 : cross < 0.0) {
                inside = !inside;
            }
        }
    }
    return inside;
}

static void test_mask_polygon(void) {
    PkBackend *be = pk_vkt_backend_new();
    if (be == NULL) {
        return;
    }
    const PkBackendVtable *vt = pk_backend_vulkan_vtable();
    Data *d = data_new(pk_vkt_seed() + 2);
    double poly[] = {0.1, -40, 0.9, -10, 0.5, 45, 0.3, 0, 0.0, 30};
    PkPredicate p = {.kind = PK_PREDICATE_POLYGON,
                     .x_column = 0,
                     .y_column = 1,
                     .polygon = poly,
                     .n_vertices = 5};
    gsize n_words = (N + 63) / 64;
    guint64 *words = g_new0(guint64, n_words + 1), *ref = g_new0(guint64, n_words);
    words[n_words] = 0xabcdef;
    PkMask m = {.n_rows = N, .words = words};
    gpointer state = vt->dataset_new(be, N);
    GError *error = NULL;
    vt->set_memory_cap(be, 512 * 1024); /* several chunks */
    g_assert_true(vt->mask(be, state, &d->data, &p, &m, NULL, &error));
    guint64 n_set = 0;
    for (gsize i = 0; i < N; i++) {
        if (in_polygon(poly, 5, d->x[i], d->y[i])) {
            ref[i / 64] |= G_GUINT64_CONSTANT(1) << (i % 64);
            n_set++;
        }
    }
    g_assert_cmpmem(words, n_words * 8, ref, n_words * 8);
    g_assert_cmphex(words[n_words], ==, 0xabcdef);
    g_assert_cmpuint(m.n_set, ==, n_set);
    g_assert_cmpuint(n_set, >, 0);
    vt->dataset_free(be, state);
    g_free(words), g_free(ref), g_free(d);
    vt->destroy(be);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vulkan/ops/hist1d-and-stats-match-reference", test_hist1d_and_stats);
    g_test_add_func("/vulkan/ops/m4-unsorted-ties-take-smallest-row", test_m4_unsorted_with_ties);
    g_test_add_func("/vulkan/ops/polygon-mask-matches-reference-in-chunks", test_mask_polygon);
    return pk_test_run();
}
