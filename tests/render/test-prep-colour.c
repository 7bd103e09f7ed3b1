/* Colour categories of a density scatter through preparation, on every backend: a real
 * in-memory DuckDB table with 14 text categories (more than the 10 a plot names, so "other"
 * appears) and NULL categories, plotted with a selected subset; every plane of the full and the
 * selected density must equal a count made here row by row from the same rows with the bin
 * formula of pika/compute.h. Run with the CPU fast path, the CPU reference and (where a
 * Vulkan device is found, lavapipe included) Vulkan. Data comes from PIKA_TEST_SEED (printed). */
#include "pika-test.h"
#include "pika/compute.h"
#include "pika/core.h"
#include "pika/data.h"
#include "pika/plotprep.h"

#include <string.h>

/* 196 = the period of the categories below: category k has 2k + 1 rows of every 196, so the
 * counts of the 14 categories differ and their order is known. */
#define N_ROWS (196 * 150)
#define SELECTED_WHERE "x > -0.25 AND i % 3 <> 0"

static PkDb *db;
static PkConn *conn;

static void create_table(void) {
    const char *env = g_getenv("PIKA_TEST_SEED");
    guint32 seed = env != NULL ? (guint32)g_ascii_strtoull(env, NULL, 10) : g_random_int();
    g_test_message("PIKA_TEST_SEED=%u", seed);
    g_autoptr(GError) error = NULL;
    db = pk_db_open(NULL, NULL, &error);
    g_assert_no_error(error);
    conn = pk_db_connect(db, &error);
    g_assert_no_error(error);
    g_autofree char *sql = g_strdup_printf(
        "CREATE TABLE t AS SELECT i, "
        "(hash(i, %u) %% 1000000) / 500000.0 - 1.0 AS x, "
        "(hash(i + 7, %u) %% 1000000) / 250000.0 AS y, "
        "CASE WHEN hash(i + 3, %u) %% 17 = 0 THEN NULL "
        "ELSE 'k' || CAST(CAST(floor(sqrt(i %% 196 + 0.5)) AS INTEGER) AS VARCHAR) END AS cat "
        "FROM range(%d) r(i) ORDER BY i",
        seed, seed, seed, N_ROWS);
    g_assert_true(pk_conn_exec(conn, sql, NULL, &error));
    g_assert_no_error(error);
}

/* The bin of v on an axis of n bins over [lo, hi), or -1 outside (pika/compute.h). */
static int bin_of(double v, double lo, double hi, guint n) {
    if (!(v >= lo && v < hi)) {
        return -1;
    }
    float t = (float)(v - lo), s = (float)((double)n / (hi - lo));
    int i = (int)(t * s);
    return i > (int)n - 1 ? (int)n - 1 : i;
}

/* The plane of a category name in the scene: its index among the named categories, "other"
 * for the rest, -1 for NULL. */
static int plane_of(const PkScene *scene, const char *name) {
    if (name == NULL) {
        return -1;
    }
    guint n = scene->n_color_categories, n_named = scene->color_has_other ? n - 1 : n;
    for (guint c = 0; c < n_named; c++) {
        if (strcmp(scene->color_categories[c], name) == 0) {
            return (int)c;
        }
    }
    return scene->color_has_other ? (int)n - 1 : -1;
}

/* Counts and category planes of the rows of sql, counted here one row at a time. */
static void reference(const PkScene *scene, const char *sql, const PkSceneDensity *d,
                      guint32 *counts, guint32 *planes) {
    g_autoptr(PkFrame) frame = NULL;
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_conn_query_frame(conn, sql, NULL, NULL, NULL, &frame, &error));
    g_assert_no_error(error);
    PkColumn *x = pk_frame_find_column(frame, "x"), *y = pk_frame_find_column(frame, "y");
    PkColumn *cat = pk_frame_find_column(frame, "cat");
    gsize n = (gsize)d->width * d->height;
    for (gsize r = 0; r < pk_frame_get_n_rows(frame); r++) {
        int ix = bin_of(pk_column_get_as_double(x, r), scene->x.lo, scene->x.hi, d->width);
        int iy = bin_of(pk_column_get_as_double(y, r), scene->y.lo, scene->y.hi, d->height);
        if (ix < 0 || iy < 0) {
            continue;
        }
        gsize cell = (gsize)iy * d->width + (gsize)ix;
        counts[cell]++;
        const char *name = pk_column_is_valid(cat, r)
                               ? pk_column_get_category(cat, pk_column_get_codes(cat)[r])
                               : NULL;
        int p = plane_of(scene, name);
        if (p >= 0) {
            planes[(gsize)p * n + cell]++;
        }
    }
}

static void assert_density_is_reference(const PkScene *scene, const PkSceneDensity *d,
                                        const char *sql) {
    gsize n = (gsize)d->width * d->height;
    g_assert_cmpuint(d->n_categories, ==, scene->n_color_categories);
    g_autofree guint32 *counts = g_new0(guint32, n);
    g_autofree guint32 *planes = g_new0(guint32, n * d->n_categories);
    reference(scene, sql, d, counts, planes);
    g_assert_cmpmem(d->counts, n * sizeof(guint32), counts, n * sizeof(guint32));
    g_assert_cmpmem(d->category_counts, n * d->n_categories * sizeof(guint32), planes,
                    n * d->n_categories * sizeof(guint32));
}

static void check_policy(PkComputePolicy policy, const char *backend) {
    g_autoptr(GError) error = NULL;
    PkCompute *compute = pk_compute_new(policy, &error);
    g_assert_no_error(error);
    if (g_strcmp0(pk_compute_get_caps(compute)->backend, backend) != 0) {
        g_test_message("no %s backend here: skipped", backend);
        pk_compute_free(compute);
        return;
    }
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    spec.type = PK_PLOT_SCATTER;
    pk_plot_spec_set_string(&spec.x.column, "x");
    pk_plot_spec_set_string(&spec.y.column, "y");
    pk_plot_spec_set_string(&spec.color, "cat");
    spec.raw_threshold = 1000;
    PkPlotPrepInput input = {conn,
                             compute,
                             "SELECT * FROM t",
                             480,
                             320,
                             1.0,
                             NULL,
                             "SELECT * FROM t WHERE " SELECTED_WHERE};
    PkScene *scene = NULL;
    g_assert_true(pk_plot_prepare(&spec, &input, &scene, NULL, &error));
    g_assert_no_error(error);
    g_assert_true(scene->has_density);
    if (policy == PK_COMPUTE_POLICY_VULKAN) { /* the device counted, not the CPU fallback */
        g_assert_cmpstr(scene->backend, !=, "CPU");
    }
    g_assert_true(scene->color_has_other);
    g_assert_cmpuint(scene->n_color_categories, ==, 10);
    g_assert_cmpstr(scene->color_categories[0], ==, "k13"); /* the most frequent first */
    g_assert_cmpstr(scene->color_categories[9], ==, "other");
    assert_density_is_reference(scene, &scene->density, "SELECT x, y, cat FROM t");
    assert_density_is_reference(scene, &scene->selected_density,
                                "SELECT x, y, cat FROM t WHERE " SELECTED_WHERE);
    pk_scene_free(scene);
    pk_plot_spec_clear(&spec);
    pk_compute_free(compute);
}

static void test_cpu_planes_are_the_reference(void) {
    check_policy(PK_COMPUTE_POLICY_CPU, "cpu");
}

static void test_cpu_reference_planes_are_the_reference(void) {
    check_policy(PK_COMPUTE_POLICY_CPU_REFERENCE, "cpu-reference");
}

static void test_vulkan_planes_are_the_reference(void) {
    check_policy(PK_COMPUTE_POLICY_VULKAN, "vulkan");
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    create_table();
    g_test_add_func("/render/colour/density-planes-with-null-and-other-match-row-count/cpu",
                    test_cpu_planes_are_the_reference);
    g_test_add_func(
        "/render/colour/density-planes-with-null-and-other-match-row-count/cpu-reference",
        test_cpu_reference_planes_are_the_reference);
    g_test_add_func("/render/colour/density-planes-with-null-and-other-match-row-count/vulkan",
                    test_vulkan_planes_are_the_reference);
    int rc = pk_test_run();
    pk_conn_close(conn);
    pk_db_close(db);
    return rc;
}
