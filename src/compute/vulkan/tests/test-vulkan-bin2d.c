/* test-vulkan-bin2d.c — bin2d on the device against a direct reimplementation of the bin
 * formula: points on bin edges and on the upper viewport edge, NaN and ±inf, deep zoom near
 * 1.7e15, and every plane at once (selection, categories, representative row, min). */
#include "pika-test.h"
#include "vk-test-util.h"

#include <math.h>
#include <string.h>

typedef struct {
    gsize n;
    double *x, *y, *v;
    guint32 *cat;
    PkBackendColumn cols[4];
    PkBackendData data;
} Table;

static void table_init(Table *t, gsize n) {
    t->n = n;
    t->x = g_new0(double, n);
    t->y = g_new0(double, n);
    t->v = g_new0(double, n);
    t->cat = g_new0(guint32, n);
    t->cols[0] = (PkBackendColumn){t->x, NULL};
    t->cols[1] = (PkBackendColumn){t->y, NULL};
    t->cols[2] = (PkBackendColumn){t->v, NULL};
    t->cols[3] = (PkBackendColumn){NULL, t->cat};
    t->data = (PkBackendData){n, 4, t->cols};
}

static void table_clear(Table *t) {
    g_free(t->x), g_free(t->y), g_free(t->v), g_free(t->cat);
}

/* Counts on the device equal the reference; returns the pipeline that ran. */
static PkVkPipe run_counts(PkBackend *be, Table *t, const PkViewport *vp) {
    const PkBackendVtable *vt = pk_backend_vulkan_vtable();
    gsize plane = (gsize)vp->width * vp->height;
    PkBin2dRequest req = PK_BIN2D_REQUEST_INIT;
    req.viewport = *vp;
    PkGrid grid = {.width = vp->width, .height = vp->height};
    grid.counts = g_new0(guint32, plane);
    guint32 *ref = g_new0(guint32, plane);
    guint64 counters[4];
    gpointer state = vt->dataset_new(be, t->n);
    GError *error = NULL;
    g_assert_true(vt->bin2d(be, state, &t->data, &req, &grid, NULL, &error));
    g_assert_no_error(error);
    pk_vkt_ref_counts(t->x, t->y, t->n, vp, ref, counters);
    g_assert_cmpmem(grid.counts, plane * 4, ref, plane * 4);
    g_assert_cmpuint(grid.n_in_view, ==, counters[0]);
    g_assert_cmpuint(grid.n_skipped_invalid, ==, counters[2]);
    g_assert_cmpuint(grid.n_out_of_view, ==, counters[3]);
    vt->dataset_free(be, state);
    g_free(grid.counts);
    g_free(ref);
    return be->last_pipe;
}

static void test_edges_and_invalid(void) {
    PkBackend *be = pk_vkt_backend_new();
    if (be == NULL) {
        return;
    }
    Table t;
    table_init(&t, 4099); /* not a multiple of the workgroup */
    for (gsize i = 0; i < t.n; i++) {
        t.x[i] = (double)(i % 11) / 10.0; /* 0.0 .. 1.0: bin edges and the upper edge */
        t.y[i] = (double)(i % 7) / 6.0;
    }
    t.x[5] = NAN, t.y[6] = INFINITY, t.x[7] = -INFINITY, t.x[8] = 1e300, t.y[9] = -1e-300;
    PkViewport vp = {0.0, 1.0, 0.0, 1.0, PK_AXIS_LINEAR, PK_AXIS_LINEAR, 10, 6};
    run_counts(be, &t, &vp);
    PkViewport one = {0.0, 1.0, 0.0, 1.0, PK_AXIS_LINEAR, PK_AXIS_LINEAR, 1, 1};
    run_counts(be, &t, &one);
    table_clear(&t);
    pk_backend_vulkan_vtable()->destroy(be);
}

static void test_deep_zoom_is_exact(void) {
    PkBackend *be = pk_vkt_backend_new();
    if (be == NULL) {
        return;
    }
    GRand *rand = g_rand_new_with_seed(pk_vkt_seed());
    Table t;
    table_init(&t, 200000);
    double base = 1.7e15, width = 1.7e15 * 1e-6; /* a millionth of the range */
    for (gsize i = 0; i < t.n; i++) {
        t.x[i] = base + floor(pk_vkt_uniform(rand, -0.1, 1.1) * width);
        t.y[i] = pk_vkt_uniform(rand, 0.0, 1.0);
    }
    PkViewport vp = {base, base + width, 0.0, 1.0, PK_AXIS_LINEAR, PK_AXIS_LINEAR, 1920, 3};
    run_counts(be, &t, &vp);
    g_rand_free(rand);
    table_clear(&t);
    pk_backend_vulkan_vtable()->destroy(be);
}

static void test_all_planes_match_reference(void) {
    PkBackend *be = pk_vkt_backend_new();
    if (be == NULL) {
        return;
    }
    const PkBackendVtable *vt = pk_backend_vulkan_vtable();
    GRand *rand = g_rand_new_with_seed(pk_vkt_seed() + 7);
    Table t;
    table_init(&t, 70001);
    for (gsize i = 0; i < t.n; i++) {
        t.x[i] = pk_vkt_uniform(rand, -0.1, 1.1);
        t.y[i] = pk_vkt_uniform(rand, -0.1, 1.1);
        t.v[i] = i % 97 == 0 ? NAN : pk_vkt_uniform(rand, -5, 5);
        t.cat[i] = i % 13 == 0 ? PK_CATEGORY_NONE : (guint32)g_rand_int_range(rand, 0, 6);
    }
    guint64 set[4] = {0x5, 0, 0, 0}; /* categories 0 and 2 */
    PkPredicate sel = {.kind = PK_PREDICATE_CATEGORIES, .category_column = 3, .category_set = set};
    PkBin2dRequest req = PK_BIN2D_REQUEST_INIT;
    req.viewport = (PkViewport){0, 1, 0, 1, PK_AXIS_LINEAR, PK_AXIS_LINEAR, 33, 17};
    req.agg = PK_AGG_MIN, req.value_column = 2, req.category_column = 3, req.n_categories = 4;
    req.selection = &sel, req.want_representative = TRUE;
    gsize plane = 33 * 17;
    PkGrid g = {.width = 33, .height = 17, .n_categories = 4};
    g.counts = g_new0(guint32, plane), g.selected = g_new0(guint32, plane);
    g.category_counts = g_new0(guint32, plane * 4), g.representative = g_new0(guint32, plane);
    g.values = g_new0(double, plane);
    gpointer state = vt->dataset_new(be, t.n);
    GError *error = NULL;
    g_assert_true(vt->supports(be, PK_OP_BIN2D, &req));
    g_assert_true(vt->bin2d(be, state, &t.data, &req, &g, NULL, &error));
    guint32 *rc = g_new0(guint32, plane), *rs = g_new0(guint32, plane);
    guint32 *rk = g_new0(guint32, plane * 4), *rr = g_new(guint32, plane);
    double *rv = g_new(double, plane);
    guint64 n_sel = 0;
    for (gsize c = 0; c < plane; c++) {
        rr[c] = PK_ROW_NONE, rv[c] = NAN;
    }
    for (gsize i = 0; i < t.n; i++) {
        gint bx = pk_vkt_bin(t.x[i], 0, 1, 33), by = pk_vkt_bin(t.y[i], 0, 1, 17);
        if (isnan(t.v[i]) || bx < 0 || by < 0) {
            continue;
        }
        gsize c = (gsize)by * 33 + (gsize)bx;
        rc[c]++;
        if (t.cat[i] == 0 || t.cat[i] == 2) {
            rs[c]++, n_sel++;
        }
        if (t.cat[i] < 4) {
            rk[t.cat[i] * plane + c]++;
        }
        rr[c] = MIN(rr[c], (guint32)i);
        rv[c] = isnan(rv[c]) || t.v[i] < rv[c] ? t.v[i] : rv[c];
    }
    g_assert_cmpmem(g.counts, plane * 4, rc, plane * 4);
    g_assert_cmpmem(g.selected, plane * 4, rs, plane * 4);
    g_assert_cmpmem(g.category_counts, plane * 16, rk, plane * 16);
    g_assert_cmpmem(g.representative, plane * 4, rr, plane * 4);
    for (gsize c = 0; c < plane; c++) {
        g_assert_true((isnan(rv[c]) && isnan(g.values[c])) || rv[c] == g.values[c]);
    }
    g_assert_cmpuint(g.n_selected, ==, n_sel);
    PkBin2dRequest sum = req;
    sum.agg = PK_AGG_SUM;
    g_assert_false(vt->supports(be, PK_OP_BIN2D, &sum)); /* the CPU answers sums */
    vt->dataset_free(be, state);
    g_free(g.counts), g_free(g.selected), g_free(g.category_counts);
    g_free(g.representative), g_free(g.values);
    g_free(rc), g_free(rs), g_free(rk), g_free(rr), g_free(rv);
    table_clear(&t);
    g_rand_free(rand);
    vt->destroy(be);
}

/* Banded counts (two passes through shared memory, for grids larger than it): forced on, so
 * that small grids take them; bands of uneven height, rows on bin edges and the upper edge,
 * NaN and ±inf, every row in one cell, several chunks, a part count above one. */
static void test_banded_counts_match_reference(void) {
    PkBackend *be = pk_vkt_backend_new();
    if (be == NULL) {
        return;
    }
    pk_vk_set_banded(be, 1);
    GRand *rand = g_rand_new_with_seed(pk_vkt_seed());
    Table t;
    table_init(&t, 150001);
    for (gsize i = 0; i < t.n; i++) {
        t.x[i] = pk_vkt_uniform(rand, -0.1, 1.1);
        t.y[i] = i % 3 == 0 ? (double)(i % 101) / 100.0 : pk_vkt_uniform(rand, -0.1, 1.1);
    }
    t.x[5] = NAN, t.y[6] = INFINITY, t.x[7] = -INFINITY, t.y[8] = 1.0, t.x[9] = 1.0;
    /* 300 x 100: bands of shared_bins / 300 rows, the last one shorter. */
    PkViewport vp = {0.0, 1.0, 0.0, 1.0, PK_AXIS_LINEAR, PK_AXIS_LINEAR, 300, 100};
    g_assert_cmpint(run_counts(be, &t, &vp), ==, PK_VK_PIPE_BAND_SORT);
    /* Wide and short: one grid row a band at most a few. */
    PkViewport wide = {0.0, 1.0, 0.0, 1.0, PK_AXIS_LINEAR, PK_AXIS_LINEAR, 4000, 37};
    g_assert_cmpint(run_counts(be, &t, &wide), ==, PK_VK_PIPE_BAND_SORT);
    /* Wider than shared memory: the generic kernel. */
    PkViewport wider = {0.0, 1.0, 0.0, 1.0, PK_AXIS_LINEAR, PK_AXIS_LINEAR, 70000, 2};
    g_assert_cmpint(run_counts(be, &t, &wider), ==, PK_VK_PIPE_BIN2D_COUNTS);
    /* Several chunks, summed on the device. */
    pk_vk_set_resident_chunk_rows(be, 16384);
    g_assert_cmpint(run_counts(be, &t, &vp), ==, PK_VK_PIPE_BAND_SORT);
    /* Every row in one cell. */
    for (gsize i = 0; i < t.n; i++) {
        t.x[i] = 0.5, t.y[i] = 0.25;
    }
    g_assert_cmpint(run_counts(be, &t, &vp), ==, PK_VK_PIPE_BAND_SORT);
    /* Where they do not pay (fewer rows than PK_VK_BAND_ROWS_PER_CELL per cell): generic. */
    pk_vk_set_banded(be, -1);
    g_assert_cmpint(run_counts(be, &t, &wide), ==, PK_VK_PIPE_BIN2D_COUNTS);
    g_rand_free(rand);
    table_clear(&t);
    pk_backend_vulkan_vtable()->destroy(be);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vulkan/bin2d/edges-upper-edge-nan-and-inf", test_edges_and_invalid);
    g_test_add_func("/vulkan/bin2d/deep-zoom-near-1.7e15-is-exact", test_deep_zoom_is_exact);
    g_test_add_func("/vulkan/bin2d/banded-counts-match-reference",
                    test_banded_counts_match_reference);
    g_test_add_func("/vulkan/bin2d/selection-categories-representative-min-match",
                    test_all_planes_match_reference);
    return pk_test_run();
}
