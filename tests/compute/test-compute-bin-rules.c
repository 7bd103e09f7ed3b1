/* test-compute-bin-rules.c — the bin formula's edge rules as behaviours, on the CPU reference
 * and the CPU fast path (both must say the same; parity covers Vulkan). */
#include "pika-test.h"
#include "compute-private.h"
#include "parity.h"

#include "pika/error.h"

#include <math.h>

static PkCompute *engines[2];

/* Bins n points over viewport on each engine; asserts both agree and
 * returns the reference's grid. */
static PkGrid *bin_points(const double *xs, const double *ys, gsize n, PkViewport viewport) {
    PkGrid *grids[2];
    for (guint e = 0; e < 2; e++) {
        g_autoptr(GError) error = NULL;
        PkComputeDataset *ds = pk_compute_dataset_new(engines[e], n, &error);
        pk_compute_dataset_add_doubles(ds, xs);
        pk_compute_dataset_add_doubles(ds, ys);
        PkBin2dRequest r = PK_BIN2D_REQUEST_INIT;
        r.viewport = viewport;
        g_assert_true(pk_compute_bin2d(engines[e], ds, &r, NULL, &grids[e], &error));
        g_assert_no_error(error);
        pk_compute_dataset_free(ds);
    }
    gsize cells = (gsize)viewport.width * viewport.height;
    g_assert_cmpmem(grids[0]->counts, cells * 4, grids[1]->counts, cells * 4);
    g_assert_cmpuint(grids[0]->n_out_of_view, ==, grids[1]->n_out_of_view);
    g_assert_cmpuint(grids[0]->n_skipped_invalid, ==, grids[1]->n_skipped_invalid);
    pk_grid_free(grids[1]);
    return grids[0];
}

static const PkViewport linear10 = {0, 10, 0, 1, PK_AXIS_LINEAR, PK_AXIS_LINEAR, 10, 1};

static void test_upper_edge_is_exclusive(void) {
    double xs[] = {10.0}, ys[] = {0.5};
    PkGrid *g = bin_points(xs, ys, 1, linear10);
    g_assert_cmpuint(g->n_in_view, ==, 0);
    g_assert_cmpuint(g->n_out_of_view, ==, 1);
    pk_grid_free(g);
}

static void test_lower_edge_is_inclusive(void) {
    double xs[] = {0.0, 3.0}, ys[] = {0.0, 0.5};
    PkGrid *g = bin_points(xs, ys, 2, linear10);
    g_assert_cmpuint(g->counts[0], ==, 1);
    g_assert_cmpuint(g->counts[3], ==, 1); /* an inner edge belongs to the bin above it */
    pk_grid_free(g);
}

static void test_just_below_upper_edge_lands_in_last_bin(void) {
    double xs[] = {nextafter(10.0, 0.0)}, ys[] = {nextafter(1.0, 0.0)};
    PkGrid *g = bin_points(xs, ys, 1, linear10);
    g_assert_cmpuint(g->counts[9], ==, 1);
    pk_grid_free(g);
}

static void test_nan_and_inf_are_skipped_as_invalid(void) {
    double xs[] = {NAN, INFINITY, -INFINITY, 5.0, 5.0}, ys[] = {0.5, 0.5, 0.5, NAN, 0.5};
    PkGrid *g = bin_points(xs, ys, 5, linear10);
    g_assert_cmpuint(g->n_skipped_invalid, ==, 4);
    g_assert_cmpuint(g->n_in_view, ==, 1);
    g_assert_cmpuint(g->counts[5], ==, 1);
    pk_grid_free(g);
}

static void test_deep_zoom_bins_exactly(void) {
    /* a 1000 µs wide view of timestamps near 1.7e15: one point in the middle of every bin */
    double x0 = 1.7e15 + 123456.0;
    double xs[1000], ys[1000];
    for (guint i = 0; i < 1000; i++) {
        xs[i] = x0 + i + 0.5;
        ys[i] = 0.5;
    }
    PkViewport v = {x0, x0 + 1000, 0, 1, PK_AXIS_LINEAR, PK_AXIS_LINEAR, 1000, 1};
    PkGrid *g = bin_points(xs, ys, 1000, v);
    for (guint i = 0; i < 1000; i++) {
        g_assert_cmpuint(g->counts[i], ==, 1);
    }
    pk_grid_free(g);
}

/* The exact edges of a 1920 x 1080 grid over an awkward range (parity.h): every point lands
 * in the cell the documented formula gives it, an edge in the bin above it and the double
 * below an edge in the bin below. */
static void test_exact_edges_of_a_1920x1080_grid(void) {
    gint64 *cells = NULL;
    ParityData *d = parity_data_new_exact_edges(parity_seed(), &cells);
    gsize n_cells = (gsize)d->viewport.width * d->viewport.height;
    g_autofree guint32 *want = g_new0(guint32, n_cells);
    guint64 n_in = 0;
    for (gsize k = 0; k < d->n_rows; k++) {
        if (cells[k] >= 0) {
            want[cells[k]]++;
            n_in++;
        }
    }
    g_assert_cmpuint(n_in, >, d->n_rows / 2);
    PkGrid *g = bin_points(d->xs, d->ys, d->n_rows, d->viewport);
    g_assert_cmpuint(g->n_in_view, ==, n_in);
    g_assert_cmpuint(g->n_out_of_view, ==, d->n_rows - n_in);
    for (gsize c = 0; c < n_cells; c++) {
        if (g->counts[c] != want[c]) {
            g_error("cell (%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT "): %u rows, the formula says %u",
                    c % d->viewport.width, c / d->viewport.width, g->counts[c], want[c]);
        }
    }
    pk_grid_free(g);
    g_free(cells);
    parity_data_free(d);
}

static void test_log_axis_skips_and_counts_nonpositive(void) {
    double xs[] = {-1.0, 0.0, 1.0, 10.0, 99.0, -INFINITY}, ys[] = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
    PkViewport v = {1, 100, 0, 1, PK_AXIS_LOG, PK_AXIS_LINEAR, 2, 1};
    PkGrid *g = bin_points(xs, ys, 6, v);
    g_assert_cmpuint(g->n_nonpositive, ==, 3);
    g_assert_cmpuint(g->n_skipped_invalid, ==, 3);
    g_assert_cmpuint(g->counts[0], ==, 1); /* 1 */
    g_assert_cmpuint(g->counts[1], ==, 2); /* 10 lies on the decade edge, 99 below 100 */
    pk_grid_free(g);
}

static void test_category_codes_beyond_planes_are_skipped(void) {
    double xs[] = {1, 1, 1, 1}, ys[] = {0.5, 0.5, 0.5, 0.5};
    guint32 codes[] = {0, 1, 2, PK_CATEGORY_NONE};
    g_autoptr(GError) error = NULL;
    PkComputeDataset *ds = pk_compute_dataset_new(engines[1], 4, &error);
    pk_compute_dataset_add_doubles(ds, xs);
    pk_compute_dataset_add_doubles(ds, ys);
    PkBin2dRequest r = PK_BIN2D_REQUEST_INIT;
    r.viewport = linear10;
    r.category_column = (gint)pk_compute_dataset_add_codes(ds, codes);
    r.n_categories = 2;
    PkGrid *g = NULL;
    g_assert_true(pk_compute_bin2d(engines[1], ds, &r, NULL, &g, &error));
    g_assert_cmpuint(g->counts[1], ==, 4); /* every row counts */
    g_assert_cmpuint(g->category_counts[1], ==, 1);
    g_assert_cmpuint(g->category_counts[10 + 1], ==, 1);
    pk_grid_free(g);
    pk_compute_dataset_free(ds);
}

static void test_m4_ties_keep_the_smallest_row(void) {
    double xs[] = {0.5, 0.6, 0.7, 0.8}, ys[] = {2, 1, 2, 1};
    g_autoptr(GError) error = NULL;
    for (guint e = 0; e < 2; e++) {
        PkComputeDataset *ds = pk_compute_dataset_new(engines[e], 4, &error);
        pk_compute_dataset_add_doubles(ds, xs);
        pk_compute_dataset_add_doubles(ds, ys);
        PkM4Request r = {0, 1, 0, 1, 1, NULL};
        PkM4 *m = NULL;
        g_assert_true(pk_compute_m4(engines[e], ds, &r, NULL, &m, &error));
        g_assert_cmpuint(m->first_row[0], ==, 0);
        g_assert_cmpuint(m->last_row[0], ==, 3);
        g_assert_cmpuint(m->min_row[0], ==, 1);
        g_assert_cmpuint(m->max_row[0], ==, 0);
        pk_m4_free(m);
        pk_compute_dataset_free(ds);
    }
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    engines[0] = pk_compute_new(PK_COMPUTE_POLICY_CPU_REFERENCE, NULL);
    engines[1] = pk_compute_new(PK_COMPUTE_POLICY_CPU, NULL);
    g_test_add_func("/compute/bin2d/upper-edge-is-exclusive", test_upper_edge_is_exclusive);
    g_test_add_func("/compute/bin2d/lower-edge-is-inclusive", test_lower_edge_is_inclusive);
    g_test_add_func("/compute/bin2d/just-below-upper-edge-lands-in-last-bin",
                    test_just_below_upper_edge_lands_in_last_bin);
    g_test_add_func("/compute/bin2d/nan-and-inf-are-skipped-as-invalid",
                    test_nan_and_inf_are_skipped_as_invalid);
    g_test_add_func("/compute/bin2d/deep-zoom-bins-exactly", test_deep_zoom_bins_exactly);
    g_test_add_func("/compute/bin2d/exact-edges-of-a-1920x1080-grid-over-an-awkward-range",
                    test_exact_edges_of_a_1920x1080_grid);
    g_test_add_func("/compute/bin2d/log-axis-skips-and-counts-nonpositive",
                    test_log_axis_skips_and_counts_nonpositive);
    g_test_add_func("/compute/bin2d/category-codes-beyond-planes-are-skipped",
                    test_category_codes_beyond_planes_are_skipped);
    g_test_add_func("/compute/m4/ties-keep-the-smallest-row", test_m4_ties_keep_the_smallest_row);
    int rc = pk_test_run();
    pk_compute_free(engines[0]);
    pk_compute_free(engines[1]);
    return rc;
}
