/* Selections (linked brushing) through preparation: a real in-memory DuckDB table, a plot over
 * it and a selected subset given as SQL; the selected planes must hold exactly the rows that a
 * SQL COUNT with the same predicate finds, over the full plot's bins, groups and boxes. Data
 * comes from PIKA_TEST_SEED (printed). */
#include "pika-test.h"
#include "prep-test-util.h"

#include <math.h>
#include <string.h>

#define N_ROWS 20000
#define FULL_SQL "SELECT * FROM t"
#define PREDICATE "x > 0.25 AND kind <> 'c'"
#define SELECTED_SQL "SELECT * FROM t WHERE " PREDICATE

static PkDb *db;
static PkConn *conn;
static PkCompute *compute;

static guint64 sql_count(const char *where) {
    g_autofree char *sql = g_strdup_printf("SELECT count(*) AS n FROM t WHERE %s", where);
    g_autoptr(PkFrame) frame = NULL;
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_conn_query_frame(conn, sql, NULL, NULL, NULL, &frame, &error));
    return (guint64)pk_column_get_as_double(pk_frame_find_column(frame, "n"), 0);
}

static PkScene *prepare(const char *args_type, const char *x, const char *y, const char *color,
                        guint raw_threshold) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    g_assert_true(pk_plot_type_parse(args_type, &spec.type, NULL));
    pk_plot_spec_set_string(&spec.x.column, x);
    pk_plot_spec_set_string(&spec.y.column, y);
    pk_plot_spec_set_string(&spec.color, color);
    spec.raw_threshold = raw_threshold;
    PkPlotPrepInput input = {conn, compute, FULL_SQL, 480, 320, 1.0, NULL, SELECTED_SQL};
    PkScene *scene = NULL;
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_plot_prepare(&spec, &input, &scene, NULL, &error));
    g_assert_no_error(error);
    pk_plot_spec_clear(&spec);
    g_assert_true(scene->has_selection);
    g_assert_cmpuint(scene->n_selected, ==, sql_count(PREDICATE));
    g_assert_cmpuint(scene->n_selection_total, ==, N_ROWS);
    return scene;
}

static guint64 sum_counts(const guint32 *counts, gsize n) {
    guint64 total = 0;
    for (gsize i = 0; i < n; i++) {
        total += counts[i];
    }
    return total;
}

static void test_density_selected_plane_counts_the_predicate(void) {
    g_autoptr(PkScene) scene = prepare("scatter", "x", "y", NULL, 1000);
    g_assert_true(scene->has_density);
    const PkSceneDensity *d = &scene->density, *sd = &scene->selected_density;
    g_assert_cmpuint(sd->width, ==, d->width);
    g_assert_cmpuint(sd->height, ==, d->height);
    gsize n = (gsize)d->width * d->height;
    g_assert_cmpuint(sum_counts(d->counts, n), ==, N_ROWS);
    g_assert_cmpuint(sum_counts(sd->counts, n), ==, sql_count(PREDICATE));
    for (gsize i = 0; i < n; i++) { /* a subset, bin by bin */
        g_assert_cmpuint(sd->counts[i], <=, d->counts[i]);
    }
    g_autofree char *summary = pk_scene_summary(scene);
    g_assert_nonnull(strstr(summary, "selected"));
}

static void test_density_category_planes_match_by_name(void) {
    g_autoptr(PkScene) scene = prepare("scatter", "x", "y", "kind", 1000);
    const PkSceneDensity *sd = &scene->selected_density;
    g_assert_cmpuint(sd->n_categories, ==, scene->n_color_categories);
    gsize plane = (gsize)sd->width * sd->height;
    for (guint c = 0; c < sd->n_categories; c++) {
        g_autofree char *where =
            g_strdup_printf("%s AND kind = '%s'", PREDICATE, scene->color_categories[c]);
        g_assert_cmpuint(sum_counts(sd->category_counts + c * plane, plane), ==, sql_count(where));
    }
}

static void test_raw_marks_are_the_selected_rows(void) {
    g_autoptr(PkScene) scene = prepare("scatter", "x", "y", "kind", N_ROWS);
    g_assert_false(scene->has_density);
    g_assert_cmpuint(scene->n_points, ==, N_ROWS);
    g_assert_cmpuint(scene->n_selected_points, ==, sql_count(PREDICATE));
    for (gsize i = 0; i < scene->n_selected_points; i++) {
        g_assert_cmpfloat(scene->spx[i], >, 0.25);
        g_assert_cmpstr(scene->color_categories[scene->spcolor[i]], !=, "c");
    }
}

static void test_histogram_selected_bars_share_the_edges(void) {
    g_autoptr(PkScene) scene = prepare("histogram", "y", NULL, NULL, 1000);
    g_assert_nonnull(scene->selected_bin_heights);
    double total = 0;
    for (guint i = 0; i < scene->n_bins; i++) {
        g_assert_cmpfloat(scene->selected_bin_heights[i], <=, scene->bin_heights[i]);
        total += scene->selected_bin_heights[i];
    }
    g_assert_cmpfloat(total, ==, (double)sql_count(PREDICATE));
}

static void test_bar_selected_counts_per_category(void) {
    g_autoptr(PkScene) scene = prepare("bar", "kind", NULL, NULL, 1000);
    g_assert_cmpuint(scene->n_groups, ==, 4);
    for (guint g = 0; g < scene->n_groups; g++) {
        g_autofree char *where =
            g_strdup_printf("%s AND kind = '%s'", PREDICATE, scene->x.categories[g]);
        g_assert_cmpfloat(scene->selected_bar_values[g], ==, (double)sql_count(where));
        if (strcmp(scene->x.categories[g], "c") == 0) { /* absent from the selection: 0 */
            g_assert_cmpfloat(scene->selected_bar_values[g], ==, 0.0);
        }
    }
}

static void test_line_heatmap_and_box_have_selected_layers(void) {
    g_autoptr(PkScene) line = prepare("line", "i", "y", "kind", 1000);
    g_assert_nonnull(line->selected_series);
    for (guint s = 0; s < line->n_series; s++) {
        gboolean is_c = g_strcmp0(line->series[s].name, "c") == 0;
        g_assert_cmpuint(line->selected_series[s].n == 0, ==, is_c);
    }
    g_autoptr(PkScene) heat = prepare("heatmap", "x", "kind", NULL, 1000);
    double total = 0;
    for (gsize i = 0; i < (gsize)heat->nx * heat->ny; i++) {
        total += isfinite(heat->selected_cells[i]) ? heat->selected_cells[i] : 0;
    }
    g_assert_cmpfloat(total, ==, (double)sql_count(PREDICATE));
    g_autoptr(PkScene) box = prepare("box", "kind", "y", NULL, 1000);
    for (guint i = 0; i < box->n_boxes; i++) {
        g_autofree char *where =
            g_strdup_printf("%s AND kind = '%s'", PREDICATE, box->boxes[i].name);
        g_assert_cmpstr(box->selected_boxes[i].name, ==, box->boxes[i].name);
        g_assert_cmpuint(box->selected_boxes[i].n, ==, sql_count(where));
    }
}

static void test_selected_sql_error_is_reported(void) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    spec.type = PK_PLOT_HISTOGRAM;
    pk_plot_spec_set_string(&spec.x.column, "y");
    PkPlotPrepInput input = {conn, compute, FULL_SQL, 480,
                             320,  1.0,     NULL,     "SELECT * FROM no_such_table"};
    PkScene *scene = NULL;
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_plot_prepare(&spec, &input, &scene, NULL, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_NOT_FOUND); /* the data layer's code */
    g_assert_nonnull(strstr(error->message, "no_such_table"));
    g_assert_null(scene);
    pk_plot_spec_clear(&spec);
}

static void test_no_selection_has_no_selected_layers(void) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    spec.type = PK_PLOT_BAR;
    pk_plot_spec_set_string(&spec.x.column, "kind");
    PkPlotPrepInput input = {conn, compute, FULL_SQL, 480, 320, 1.0, NULL, NULL};
    g_autoptr(PkScene) scene = NULL;
    g_assert_true(pk_plot_prepare(&spec, &input, &scene, NULL, NULL));
    g_assert_false(scene->has_selection);
    g_assert_null(scene->selected_bar_values);
    g_assert_null(pk_scene_selection_label(scene));
    pk_plot_spec_clear(&spec);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    prep_test_create_table(&db, &conn, &compute, N_ROWS, 0);
    g_test_add_func("/render/selection/density-plane-counts-the-predicate",
                    test_density_selected_plane_counts_the_predicate);
    g_test_add_func("/render/selection/density-category-planes-match-by-name",
                    test_density_category_planes_match_by_name);
    g_test_add_func("/render/selection/raw-marks-are-the-selected-rows",
                    test_raw_marks_are_the_selected_rows);
    g_test_add_func("/render/selection/histogram-bars-share-the-edges",
                    test_histogram_selected_bars_share_the_edges);
    g_test_add_func("/render/selection/bar-counts-per-category-absent-is-zero",
                    test_bar_selected_counts_per_category);
    g_test_add_func("/render/selection/line-heatmap-box-have-selected-layers",
                    test_line_heatmap_and_box_have_selected_layers);
    g_test_add_func("/render/selection/bad-selected-sql-reports-the-error",
                    test_selected_sql_error_is_reported);
    g_test_add_func("/render/selection/none-leaves-no-selected-layers",
                    test_no_selection_has_no_selected_layers);
    int rc = pk_test_run();
    prep_test_close(db, conn, compute);
    return rc;
}
