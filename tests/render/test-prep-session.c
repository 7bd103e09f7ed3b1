/* Interactive plot sessions on a real in-memory DuckDB: the scene a session makes for a
 * viewport must be the scene pk_plot_prepare makes with the same fixed ranges (integer
 * layers bit-identical), its home viewport the automatic ranges, its picks the right rows.
 * Data comes from PIKA_TEST_SEED (printed). */
#include "pika-test.h"
#include "prep-test-util.h"
#include "pika/render-kit.h"

#include <math.h>
#include <string.h>

#define N_ROWS 200000
#define FULL_SQL "SELECT * FROM t"
#define SELECTED_SQL "SELECT * FROM t WHERE x > 0.25 AND kind <> 'c'"
#define PAGE_W 480.0
#define PAGE_H 320.0

static PkDb *db;
static PkConn *conn;
static PkCompute *compute;

static void spec_for(PkPlotSpec *spec, const char *type, const char *x, const char *y,
                     const char *color) {
    pk_plot_spec_init(spec);
    g_assert_true(pk_plot_type_parse(type, &spec->type, NULL));
    pk_plot_spec_set_string(&spec->x.column, x);
    pk_plot_spec_set_string(&spec->y.column, y);
    pk_plot_spec_set_string(&spec->color, color);
}

static PkPlotSession *session_for(const PkPlotSpec *spec, const char *selected_sql) {
    PkPlotPrepInput input = {conn, compute, FULL_SQL, PAGE_W, PAGE_H, 1.0, NULL, selected_sql};
    g_autoptr(GError) error = NULL;
    PkPlotSession *session = pk_plot_session_new(spec, &input, &error);
    g_assert_no_error(error);
    g_assert_nonnull(session);
    return session;
}

/* pk_plot_prepare with the spec's ranges fixed to v (numeric axes only). */
static PkScene *prepare_fixed(const PkPlotSpec *spec, const double v[4], gboolean fix_y,
                              const char *selected_sql) {
    PkPlotSpec fixed;
    pk_plot_spec_copy(&fixed, spec);
    fixed.x.fixed_range = TRUE, fixed.x.min = v[0], fixed.x.max = v[1];
    if (fix_y) {
        fixed.y.fixed_range = TRUE, fixed.y.min = v[2], fixed.y.max = v[3];
    }
    PkPlotPrepInput input = {conn, compute, FULL_SQL, PAGE_W, PAGE_H, 1.0, NULL, selected_sql};
    PkScene *scene = NULL;
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_plot_prepare(&fixed, &input, &scene, NULL, &error));
    g_assert_no_error(error);
    pk_plot_spec_clear(&fixed);
    return scene;
}

static PkScene *session_at(PkPlotSession *session, const double v[4]) {
    PkScene *scene = NULL;
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_plot_session_prepare(session, v[0], v[1], v[2], v[3], PAGE_W, PAGE_H, 1.0,
                                          NULL, &scene, NULL, &error));
    g_assert_no_error(error);
    return scene;
}

static void assert_density_equal(const PkSceneDensity *a, const PkSceneDensity *b) {
    g_assert_cmpuint(a->width, ==, b->width);
    g_assert_cmpuint(a->height, ==, b->height);
    g_assert_cmpuint(a->n_categories, ==, b->n_categories);
    gsize n = (gsize)a->width * a->height;
    g_assert_true(memcmp(a->counts, b->counts, n * sizeof(guint32)) == 0);
    if (a->n_categories > 0) {
        g_assert_true(memcmp(a->category_counts, b->category_counts,
                             n * a->n_categories * sizeof(guint32)) == 0);
    }
}

static void assert_common_equal(const PkScene *a, const PkScene *b) {
    g_assert_cmpstr(a->mode, ==, b->mode);
    g_assert_cmpfloat(a->x.lo, ==, b->x.lo);
    g_assert_cmpfloat(a->x.hi, ==, b->x.hi);
    g_assert_cmpuint(a->n_rows, ==, b->n_rows);
    g_assert_cmpuint(a->n_color_categories, ==, b->n_color_categories);
    for (guint i = 0; i < a->n_color_categories; i++) {
        g_assert_cmpstr(a->color_categories[i], ==, b->color_categories[i]);
    }
}

static void test_scatter_density_equals_prepare(void) {
    PkPlotSpec spec;
    spec_for(&spec, "scatter", "x", "y", "kind");
    spec.raw_threshold = 1000;
    PkPlotSession *session = session_for(&spec, NULL);
    const double views[][4] = {{-0.5, 0.7, 0.5, 3.0}, {-0.45, 0.75, 0.6, 3.1}, {-2, 2, -1, 5}};
    for (guint i = 0; i < G_N_ELEMENTS(views); i++) {
        g_autoptr(PkScene) a = session_at(session, views[i]);
        g_autoptr(PkScene) b = prepare_fixed(&spec, views[i], TRUE, NULL);
        g_assert_true(a->has_density && b->has_density);
        assert_common_equal(a, b);
        assert_density_equal(&a->density, &b->density);
        g_assert_cmpuint(a->n_drawn, ==, b->n_drawn);
        g_assert_cmpuint(a->n_invalid, ==, b->n_invalid);
        g_assert_cmpuint(a->n_invalid, ==, (N_ROWS + 96) / 97);
        g_assert_cmpstr(a->backend, ==, b->backend);
    }
    pk_plot_session_free(session);
    pk_plot_spec_clear(&spec);
}

static void test_scatter_selection_equals_prepare(void) {
    PkPlotSpec spec;
    spec_for(&spec, "scatter", "x", "y", "kind");
    spec.raw_threshold = 1000;
    PkPlotSession *session = session_for(&spec, SELECTED_SQL);
    const double v[4] = {-0.3, 0.9, 0.2, 3.5};
    g_autoptr(PkScene) a = session_at(session, v);
    g_autoptr(PkScene) b = prepare_fixed(&spec, v, TRUE, SELECTED_SQL);
    g_assert_true(a->has_selection && a->has_density);
    g_assert_cmpuint(a->n_selected, ==, b->n_selected);
    assert_density_equal(&a->density, &b->density);
    assert_density_equal(&a->selected_density, &b->selected_density);
    pk_plot_session_free(session);
    pk_plot_spec_clear(&spec);
}

/* Under the threshold the session keeps only the marks that can touch the plot: every mark
 * of pk_plot_prepare inside the viewport is there, none far outside. */
static void test_scatter_raw_marks_in_view(void) {
    PkPlotSpec spec;
    spec_for(&spec, "scatter", "x", "y", NULL);
    PkPlotSession *session = session_for(&spec, NULL);
    const double v[4] = {0.1, 0.2, 1.0, 1.5}; /* about 5% × 12% of the rows: raw */
    g_autoptr(PkScene) a = session_at(session, v);
    g_autoptr(PkScene) b = prepare_fixed(&spec, v, TRUE, NULL);
    g_assert_false(a->has_density);
    g_assert_cmpstr(a->mode, ==, "points");
    gsize inside_b = 0, inside_a = 0;
    for (gsize i = 0; i < b->n_points; i++) {
        inside_b += b->px[i] >= v[0] && b->px[i] <= v[1] && b->py[i] >= v[2] && b->py[i] <= v[3];
    }
    for (gsize i = 0; i < a->n_points; i++) {
        inside_a += a->px[i] >= v[0] && a->px[i] <= v[1] && a->py[i] >= v[2] && a->py[i] <= v[3];
        g_assert_cmpfloat(fabs(a->px[i] - 0.15), <, 0.1);
    }
    g_assert_cmpuint(inside_a, ==, inside_b);
    g_assert_cmpuint(inside_a, >, 100);
    g_assert_cmpuint(a->n_points, <, b->n_points);
    g_assert_cmpuint(a->n_invalid, ==, b->n_invalid);
    pk_plot_session_free(session);
    pk_plot_spec_clear(&spec);
}

static void test_home_is_the_automatic_range(void) {
    PkPlotSpec spec;
    spec_for(&spec, "scatter", "x", "y", NULL);
    PkPlotSession *session = session_for(&spec, NULL);
    PkPlotPrepInput input = {conn, compute, FULL_SQL, PAGE_W, PAGE_H, 1.0, NULL, NULL};
    g_autoptr(PkScene) auto_scene = NULL;
    g_assert_true(pk_plot_prepare(&spec, &input, &auto_scene, NULL, NULL));
    double h[4];
    pk_plot_session_get_home(session, &h[0], &h[1], &h[2], &h[3]);
    g_assert_cmpfloat(h[0], ==, auto_scene->x.lo);
    g_assert_cmpfloat(h[1], ==, auto_scene->x.hi);
    g_assert_cmpfloat(h[2], ==, auto_scene->y.lo);
    g_assert_cmpfloat(h[3], ==, auto_scene->y.hi);
    g_assert_cmpuint(pk_plot_session_get_n_rows(session), ==, N_ROWS);
    g_autoptr(PkScene) at_home = session_at(session, h);
    assert_density_equal(&at_home->density, &auto_scene->density);
    pk_plot_session_free(session);
    pk_plot_spec_clear(&spec);
}

static void test_line_and_histogram_equal_prepare(void) {
    PkPlotSpec spec;
    spec_for(&spec, "line", "i", "x", "kind");
    PkPlotSession *session = session_for(&spec, NULL);
    const double v[4] = {1000, 9000, -0.5, 0.5};
    g_autoptr(PkScene) a = session_at(session, v);
    g_autoptr(PkScene) b = prepare_fixed(&spec, v, TRUE, NULL);
    assert_common_equal(a, b);
    g_assert_cmpuint(a->n_series, ==, b->n_series);
    for (guint s = 0; s < a->n_series; s++) {
        g_assert_cmpuint(a->series[s].n, ==, b->series[s].n);
        g_assert_true(memcmp(a->series[s].y, b->series[s].y, a->series[s].n * 8) == 0);
    }
    pk_plot_session_free(session);
    pk_plot_spec_clear(&spec);

    spec_for(&spec, "histogram", "x", NULL, NULL);
    session = session_for(&spec, NULL);
    const double hv[4] = {-0.25, 0.5, 0, 5000};
    g_autoptr(PkScene) ha = session_at(session, hv);
    g_autoptr(PkScene) hb = prepare_fixed(&spec, hv, FALSE, NULL);
    g_assert_cmpuint(ha->n_bins, ==, hb->n_bins);
    g_assert_true(memcmp(ha->bin_heights, hb->bin_heights, ha->n_bins * 8) == 0);
    g_assert_cmpfloat(ha->y.hi, ==, 5000); /* the view keeps the y it asked for */
    pk_plot_session_free(session);
    pk_plot_spec_clear(&spec);
}

static void test_bar_keeps_its_scene(void) {
    PkPlotSpec spec;
    spec_for(&spec, "bar", "kind", NULL, NULL);
    PkPlotSession *session = session_for(&spec, NULL);
    double h[4];
    pk_plot_session_get_home(session, &h[0], &h[1], &h[2], &h[3]);
    PkScaleKind sx, sy;
    pk_plot_session_get_scales(session, &sx, &sy);
    g_assert_cmpint(sx, ==, PK_SCALE_CATEGORICAL);
    const double v[4] = {0, 1, 0, h[3] * 2};
    g_autoptr(PkScene) a = session_at(session, v);
    g_autoptr(PkScene) b = session_at(session, v);
    g_assert_cmpuint(a->n_groups, ==, 4);
    g_assert_cmpfloat(a->x.lo, ==, -0.5); /* categorical: untouched */
    g_assert_cmpfloat(a->y.hi, ==, h[3] * 2);
    g_assert_true(a->bar_values != b->bar_values);
    g_assert_true(memcmp(a->bar_values, b->bar_values, a->n_groups * 8) == 0);
    pk_plot_session_free(session);
    pk_plot_spec_clear(&spec);
}

/* The picked bin's representative row lies in the bin; its count is the scene's. */
static void test_pick_bin_and_mark(void) {
    PkPlotSpec spec;
    spec_for(&spec, "scatter", "x", "y", NULL);
    spec.raw_threshold = 1000;
    PkPlotSession *session = session_for(&spec, NULL);
    const double v[4] = {-1.1, 1.1, -0.2, 4.2};
    g_autoptr(PkScene) scene = session_at(session, v);
    PkPlotPick pick = {0};
    g_autoptr(GError) error = NULL;
    PkRect a;
    pk_layout_plot_area(scene, PAGE_W, PAGE_H, &a);
    g_assert_true(pk_plot_session_pick(session, scene, PAGE_W, PAGE_H, 1.0, a.x + a.width / 2,
                                       a.y + a.height / 2, 3, NULL, &pick, &error));
    g_assert_no_error(error);
    g_assert_true(pick.found && pick.is_bin);
    g_assert_cmpuint(pick.count, >, 0);
    /* the nearest non-empty bin within 3 pixels of the plot's centre holds a point near the
     * viewport's centre: at most 3 bins (and the bin's own width) away */
    const char *xs = strstr(pick.text, "x: "), *ys = strstr(pick.text, "y: ");
    g_assert_nonnull(xs);
    g_assert_nonnull(ys);
    double bin_w = (v[1] - v[0]) / scene->density.width;
    double bin_h = (v[3] - v[2]) / scene->density.height;
    g_assert_cmpfloat(fabs(g_ascii_strtod(xs + 3, NULL) - 0.0), <, 4.5 * bin_w);
    g_assert_cmpfloat(fabs(g_ascii_strtod(ys + 3, NULL) - 2.0), <, 4.5 * bin_h);
    pk_plot_pick_clear(&pick);
    g_assert_false(pick.found);
    pk_plot_session_free(session);

    spec.raw_threshold = 1000000; /* raw marks: the nearest mark within the radius */
    session = session_for(&spec, NULL);
    g_autoptr(PkScene) raw = session_at(session, v);
    g_assert_false(raw->has_density);
    g_assert_true(pk_plot_session_pick(session, raw, PAGE_W, PAGE_H, 1.0, PAGE_W / 2, PAGE_H / 2, 6,
                                       NULL, &pick, &error));
    g_assert_true(pick.found && !pick.is_bin && pick.count == 1);
    g_assert_nonnull(strstr(pick.text, "y: "));
    pk_plot_pick_clear(&pick);
    g_assert_true(
        pk_plot_session_pick(session, raw, PAGE_W, PAGE_H, 1.0, 1, 1, 2, NULL, &pick, &error));
    g_assert_false(pick.found); /* outside the plot area: nothing */
    pk_plot_session_free(session);
    pk_plot_spec_clear(&spec);
}

static void test_bad_viewport_is_invalid(void) {
    PkPlotSpec spec;
    spec_for(&spec, "scatter", "x", "y", NULL);
    PkPlotSession *session = session_for(&spec, NULL);
    PkScene *scene = NULL;
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_plot_session_prepare(session, 1, 0, 0, 1, PAGE_W, PAGE_H, 1, NULL, &scene,
                                           NULL, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "viewport"));
    g_assert_null(scene);
    g_clear_error(&error);
    g_assert_false(
        pk_plot_session_prepare(session, 0, 1, 0, 1, 0, PAGE_H, 1, NULL, &scene, NULL, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "positive size"));
    pk_plot_session_free(session);
    pk_plot_spec_clear(&spec);
}

static void test_unknown_column_fails_at_creation(void) {
    PkPlotSpec spec;
    spec_for(&spec, "scatter", "x", "nope", NULL);
    PkPlotPrepInput input = {conn, compute, FULL_SQL, PAGE_W, PAGE_H, 1.0, NULL, NULL};
    g_autoptr(GError) error = NULL;
    g_assert_null(pk_plot_session_new(&spec, &input, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_NOT_FOUND);
    g_assert_nonnull(strstr(error->message, "nope"));
    pk_plot_spec_clear(&spec);
}

/* Brushing: rows chosen in one session, applied to another over the same relation, give the
 * selected plane that the selected SQL relation gives. */
#define BOX_SQL "SELECT * FROM t WHERE (x >= -0.2 AND x < 0.4) AND (y >= 1.0 AND y < 2.5)"

static PkRowSet *brush_box(PkPlotSession *session) {
    PkPlotBrush brush = {PK_PLOT_BRUSH_BOX, -0.2, 0.4, 1.0, 2.5, NULL, 0};
    PkRowSet *rows = NULL;
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_plot_session_brush(session, &brush, NULL, &rows, &error));
    g_assert_no_error(error);
    return rows;
}

static void test_brush_rows_equal_selected_sql(void) {
    PkPlotSpec spec, hspec;
    spec_for(&spec, "scatter", "x", "y", "kind");
    spec.raw_threshold = 1000;
    spec_for(&hspec, "histogram", "i", NULL, NULL);
    PkPlotSession *brushed = session_for(&spec, NULL);
    g_autoptr(PkRowSet) rows = brush_box(brushed);
    g_assert_cmpuint(pk_row_set_get_n_rows(rows), ==, N_ROWS);
    g_assert_cmpuint(pk_row_set_get_n_set(rows), >, 0);
    PkPlotSession *hist = session_for(&hspec, NULL);
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_plot_session_set_selected_rows(hist, rows, &error));
    g_assert_true(pk_plot_session_set_selected_rows(brushed, rows, &error));
    g_assert_no_error(error);
    const double v[4] = {-0.3, 0.9, 0.2, 3.5}, hv[4] = {0, N_ROWS, 0, 5000};
    g_autoptr(PkScene) a = session_at(brushed, v);
    g_autoptr(PkScene) b = prepare_fixed(&spec, v, TRUE, BOX_SQL);
    g_assert_cmpuint(a->n_selected, ==, b->n_selected);
    g_assert_cmpuint(a->n_selected, ==, pk_row_set_get_n_set(rows));
    assert_density_equal(&a->density, &b->density);
    assert_density_equal(&a->selected_density, &b->selected_density);
    g_autoptr(PkScene) ha = session_at(hist, hv);
    g_autoptr(PkScene) hb = prepare_fixed(&hspec, hv, FALSE, BOX_SQL);
    g_assert_cmpuint(ha->n_bins, ==, hb->n_bins);
    g_assert_true(memcmp(ha->selected_bin_heights, hb->selected_bin_heights, ha->n_bins * 8) == 0);
    /* Cleared: no selected plane; the all-rows plane is unchanged. */
    g_assert_true(pk_plot_session_set_selected_rows(brushed, NULL, &error));
    g_autoptr(PkScene) c = session_at(brushed, v);
    g_assert_false(c->has_selection);
    assert_density_equal(&c->density, &b->density);
    pk_plot_session_free(brushed);
    pk_plot_session_free(hist);
    pk_plot_spec_clear(&spec);
    pk_plot_spec_clear(&hspec);
}

static void test_brush_interval_and_lasso(void) {
    PkPlotSpec spec;
    spec_for(&spec, "histogram", "x", NULL, NULL);
    PkPlotSession *session = session_for(&spec, NULL);
    PkPlotBrush interval = {PK_PLOT_BRUSH_INTERVAL, 0.0, 0.5, 0, 0, NULL, 0};
    g_autoptr(PkRowSet) rows = NULL;
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_plot_session_brush(session, &interval, NULL, &rows, &error));
    g_assert_cmpuint(pk_row_set_get_n_set(rows), >, 0);
    PkPlotBrush box = {PK_PLOT_BRUSH_BOX, 0.0, 0.5, 0, 1, NULL, 0};
    g_autoptr(PkRowSet) refused = NULL;
    g_assert_false(pk_plot_session_brush(session, &box, NULL, &refused, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "interval"));
    g_clear_error(&error);
    pk_plot_session_free(session);
    pk_plot_spec_clear(&spec);

    spec_for(&spec, "scatter", "x", "y", NULL);
    session = session_for(&spec, NULL);
    /* A triangle and the box that holds it: the lasso takes a part of the box's rows. */
    const double tri[] = {-0.2, 1.0, 0.4, 1.0, -0.2, 2.5};
    PkPlotBrush lasso = {PK_PLOT_BRUSH_POLYGON, 0, 0, 0, 0, tri, 3};
    g_autoptr(PkRowSet) in_tri = NULL;
    g_assert_true(pk_plot_session_brush(session, &lasso, NULL, &in_tri, &error));
    g_autoptr(PkRowSet) in_box = brush_box(session);
    g_assert_cmpuint(pk_row_set_get_n_set(in_tri), >, 0);
    g_assert_cmpuint(pk_row_set_get_n_set(in_tri), <, pk_row_set_get_n_set(in_box));
    for (gsize r = 0; r < N_ROWS; r++) {
        if (pk_row_set_contains(in_tri, r)) {
            g_assert_true(pk_row_set_contains(in_box, r));
        }
    }
    lasso.n_vertices = 2;
    g_autoptr(PkRowSet) none = NULL;
    g_assert_false(pk_plot_session_brush(session, &lasso, NULL, &none, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_clear_error(&error);
    pk_plot_session_free(session);
    pk_plot_spec_clear(&spec);
}

static void test_brush_rows_must_be_the_same_rows(void) {
    PkPlotSpec spec;
    spec_for(&spec, "scatter", "x", "y", NULL);
    PkPlotSession *session = session_for(&spec, NULL);
    PkPlotPrepInput input = {conn, compute, "SELECT * FROM t LIMIT 10", PAGE_W, PAGE_H, 1.0,
                             NULL, NULL};
    g_autoptr(GError) error = NULL;
    PkPlotSession *small = pk_plot_session_new(&spec, &input, &error);
    g_assert_no_error(error);
    g_autoptr(PkRowSet) rows = brush_box(session);
    g_assert_false(pk_plot_session_set_selected_rows(small, rows, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "not the same"));
    g_clear_error(&error);
    pk_plot_spec_clear(&spec);
    spec_for(&spec, "bar", "kind", NULL, NULL);
    PkPlotSession *bar = session_for(&spec, NULL);
    g_assert_false(pk_plot_session_set_selected_rows(bar, rows, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED);
    pk_plot_session_free(bar);
    pk_plot_session_free(small);
    pk_plot_session_free(session);
    pk_plot_spec_clear(&spec);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    prep_test_create_table(&db, &conn, &compute, N_ROWS, 97);
    g_test_add_func("/render/session/scatter-density-equals-prepare",
                    test_scatter_density_equals_prepare);
    g_test_add_func("/render/session/scatter-selection-equals-prepare",
                    test_scatter_selection_equals_prepare);
    g_test_add_func("/render/session/scatter-raw-keeps-the-marks-in-view",
                    test_scatter_raw_marks_in_view);
    g_test_add_func("/render/session/home-is-the-automatic-range",
                    test_home_is_the_automatic_range);
    g_test_add_func("/render/session/line-and-histogram-equal-prepare",
                    test_line_and_histogram_equal_prepare);
    g_test_add_func("/render/session/bar-keeps-its-scene", test_bar_keeps_its_scene);
    g_test_add_func("/render/session/pick-bin-and-mark", test_pick_bin_and_mark);
    g_test_add_func("/render/session/bad-viewport-is-invalid", test_bad_viewport_is_invalid);
    g_test_add_func("/render/session/unknown-column-fails-at-creation",
                    test_unknown_column_fails_at_creation);
    g_test_add_func("/render/session/brush-rows-equal-the-selected-sql",
                    test_brush_rows_equal_selected_sql);
    g_test_add_func("/render/session/brush-interval-and-lasso", test_brush_interval_and_lasso);
    g_test_add_func("/render/session/brush-rows-must-be-the-same-rows",
                    test_brush_rows_must_be_the_same_rows);
    int rc = pk_test_run();
    prep_test_close(db, conn, compute);
    return rc;
}
