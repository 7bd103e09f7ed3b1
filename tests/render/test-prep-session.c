/* Interactive plot sessions on a real in-memory DuckDB: the scene a session makes for a
 * viewport must be the scene pk_plot_prepare makes with the same fixed ranges (integer
 * layers bit-identical) for every plot type, its home viewport the automatic ranges, its
 * picks the right rows; and a session makes its compute datasets once, not per prepare
 * (counted by the engine's counters). Data comes from PIKA_TEST_SEED (printed). */
#include "pika-test.h"
#include "prep-test-util.h"
#include "pika/compute.h"
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

/* pk_plot_prepare with the spec's x range (where fix_x) and y range (where fix_y) fixed to v. */
static PkScene *prepare_fixed_axes(const PkPlotSpec *spec, const double v[4], gboolean fix_x,
                                   gboolean fix_y, const char *selected_sql) {
    PkPlotSpec fixed;
    pk_plot_spec_copy(&fixed, spec);
    if (fix_x) {
        fixed.x.fixed_range = TRUE, fixed.x.min = v[0], fixed.x.max = v[1];
    }
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

/* The same with x always fixed (numeric axes only). */
static PkScene *prepare_fixed(const PkPlotSpec *spec, const double v[4], gboolean fix_y,
                              const char *selected_sql) {
    return prepare_fixed_axes(spec, v, TRUE, fix_y, selected_sql);
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

/* Every plot type ------------------------------------------------------------------------ */

/* The spec of one case of the table of plot types below. */
typedef struct {
    const char *name;
    const char *type, *x, *y, *color;
    const char *value; /* heatmap value, aggregated by its mean */
    PkBucket bucket;   /* line buckets (PK_BUCKET_NONE: raw rows) */
} TypeCase;

static const TypeCase type_cases[] = {
    {"scatter", "scatter", "x", "y", "kind", NULL, PK_BUCKET_NONE},
    {"line", "line", "i", "x", "kind", NULL, PK_BUCKET_NONE},
    {"line of timestamps", "line", "ts", "y", NULL, NULL, PK_BUCKET_NONE},
    {"line of hourly buckets", "line", "ts", "y", NULL, NULL, PK_BUCKET_HOUR},
    {"histogram", "histogram", "x", NULL, NULL, NULL, PK_BUCKET_NONE},
    {"heatmap of numbers", "heatmap", "x", "y", NULL, "i", PK_BUCKET_NONE},
    {"heatmap of categories", "heatmap", "kind", "y", NULL, NULL, PK_BUCKET_NONE},
    {"bar", "bar", "kind", NULL, NULL, NULL, PK_BUCKET_NONE},
    {"box", "box", "kind", "y", NULL, NULL, PK_BUCKET_NONE},
};

static void spec_for_case(PkPlotSpec *spec, const TypeCase *c) {
    spec_for(spec, c->type, c->x, c->y, c->color);
    spec->raw_threshold = 1000;
    spec->bucket = c->bucket;
    if (c->bucket != PK_BUCKET_NONE) {
        spec->agg = PK_PLOT_AGG_MEAN;
    }
    if (c->value != NULL) {
        pk_plot_spec_set_string(&spec->value, c->value);
        spec->agg = PK_PLOT_AGG_MEAN;
    }
}

/* Histograms, bars and boxes fit their value axis to what they draw in pk_plot_prepare; an
 * interactive view keeps the y it asked for. */
static gboolean fits_y(const PkPlotSpec *spec) {
    return spec->type == PK_PLOT_HISTOGRAM || spec->type == PK_PLOT_BAR ||
           spec->type == PK_PLOT_BOX;
}

/* pk_plot_prepare with the session's numeric axes fixed to v (y stays automatic where
 * pk_plot_prepare fits it to the bars or boxes, see fits_y). */
static PkScene *prepare_like_session(PkPlotSession *session, const PkPlotSpec *spec,
                                     const double v[4], const char *selected_sql) {
    PkScaleKind sx, sy;
    pk_plot_session_get_scales(session, &sx, &sy);
    return prepare_fixed_axes(spec, v, sx != PK_SCALE_CATEGORICAL,
                              sy != PK_SCALE_CATEGORICAL && !fits_y(spec), selected_sql);
}

static void assert_doubles_equal(const double *a, const double *b, gsize n) {
    g_assert_true(n == 0 || memcmp(a, b, n * sizeof(double)) == 0);
}

static void assert_series_equal(const PkSceneSeries *a, const PkSceneSeries *b, guint n) {
    g_assert_true((a == NULL) == (b == NULL));
    for (guint s = 0; a != NULL && s < n; s++) {
        g_assert_cmpstr(a[s].name, ==, b[s].name);
        g_assert_cmpuint(a[s].n, ==, b[s].n);
        assert_doubles_equal(a[s].x, b[s].x, a[s].n);
        assert_doubles_equal(a[s].y, b[s].y, a[s].n);
    }
}

static void assert_boxes_equal(const PkSceneBox *a, const PkSceneBox *b, guint n) {
    g_assert_true((a == NULL) == (b == NULL));
    for (guint i = 0; a != NULL && i < n; i++) {
        g_assert_cmpstr(a[i].name, ==, b[i].name);
        g_assert_cmpuint(a[i].n, ==, b[i].n);
        const double qa[] = {a[i].q1, a[i].median, a[i].q3, a[i].whisker_lo, a[i].whisker_hi};
        const double qb[] = {b[i].q1, b[i].median, b[i].q3, b[i].whisker_lo, b[i].whisker_hi};
        assert_doubles_equal(qa, qb, G_N_ELEMENTS(qa));
        g_assert_cmpuint(a[i].n_outliers, ==, b[i].n_outliers);
        assert_doubles_equal(a[i].outliers, b[i].outliers, a[i].n_outliers);
    }
}

/* Every layer of a (the session's at viewport v) equals b's (pk_plot_prepare's), bit for bit. */
static void assert_scenes_equal(const PkScene *a, const PkScene *b, const double v[4]) {
    assert_common_equal(a, b);
    g_assert_cmpfloat(a->y.lo, ==, fits_y(&a->spec) ? v[2] : b->y.lo);
    g_assert_cmpfloat(a->y.hi, ==, fits_y(&a->spec) ? v[3] : b->y.hi);
    g_assert_cmpuint(a->x.n_categories, ==, b->x.n_categories);
    g_assert_cmpuint(a->y.n_categories, ==, b->y.n_categories);
    g_assert_cmpuint(a->n_drawn, ==, b->n_drawn);
    g_assert_cmpuint(a->n_invalid, ==, b->n_invalid);
    g_assert_cmpuint(a->n_nonpositive_x, ==, b->n_nonpositive_x);
    g_assert_cmpint(a->has_selection, ==, b->has_selection);
    g_assert_cmpuint(a->n_selected, ==, b->n_selected);
    g_assert_cmpstr(a->backend, ==, b->backend);
    g_assert_cmpint(a->has_density, ==, b->has_density);
    if (a->has_density) {
        assert_density_equal(&a->density, &b->density);
    }
    if (a->has_density && a->has_selection) {
        assert_density_equal(&a->selected_density, &b->selected_density);
    }
    g_assert_cmpuint(a->n_series, ==, b->n_series);
    assert_series_equal(a->series, b->series, a->n_series);
    assert_series_equal(a->selected_series, b->selected_series, a->n_series);
    g_assert_cmpuint(a->n_bins, ==, b->n_bins);
    assert_doubles_equal(a->bin_edges, b->bin_edges, a->n_bins > 0 ? a->n_bins + 1 : 0);
    assert_doubles_equal(a->bin_heights, b->bin_heights, a->n_bins);
    g_assert_true((a->selected_bin_heights == NULL) == (b->selected_bin_heights == NULL));
    if (a->selected_bin_heights != NULL) {
        assert_doubles_equal(a->selected_bin_heights, b->selected_bin_heights, a->n_bins);
    }
    g_assert_cmpuint(a->nx, ==, b->nx);
    g_assert_cmpuint(a->ny, ==, b->ny);
    assert_doubles_equal(a->cells, b->cells, (gsize)a->nx * a->ny);
    g_assert_true((a->selected_cells == NULL) == (b->selected_cells == NULL));
    if (a->selected_cells != NULL) {
        assert_doubles_equal(a->selected_cells, b->selected_cells, (gsize)a->nx * a->ny);
    }
    g_assert_cmpuint(a->n_groups, ==, b->n_groups);
    g_assert_cmpuint(a->n_bar_series, ==, b->n_bar_series);
    assert_doubles_equal(a->bar_values, b->bar_values, (gsize)a->n_groups * a->n_bar_series);
    g_assert_cmpuint(a->n_boxes, ==, b->n_boxes);
    assert_boxes_equal(a->boxes, b->boxes, a->n_boxes);
    assert_boxes_equal(a->selected_boxes, b->selected_boxes, a->n_boxes);
}

/* The home viewport, a pan by a tenth and a zoom into the middle third. */
static void case_viewports(PkPlotSession *session, double views[3][4]) {
    double h[4];
    pk_plot_session_get_home(session, &h[0], &h[1], &h[2], &h[3]);
    double w = h[1] - h[0], t = h[3] - h[2];
    const double v[3][4] = {{h[0], h[1], h[2], h[3]},
                            {h[0] + w / 10, h[1] + w / 10, h[2] - t / 10, h[3] - t / 10},
                            {h[0] + w / 3, h[1] - w / 3, h[2] + t / 3, h[3] - t / 3}};
    memcpy(views, v, sizeof v);
}

static void every_type_equals_prepare(const char *selected_sql) {
    for (guint i = 0; i < G_N_ELEMENTS(type_cases); i++) {
        g_test_message("%s%s", type_cases[i].name, selected_sql != NULL ? ", selected" : "");
        PkPlotSpec spec;
        spec_for_case(&spec, &type_cases[i]);
        PkPlotSession *session = session_for(&spec, selected_sql);
        double views[3][4];
        case_viewports(session, views);
        for (guint v = 0; v < G_N_ELEMENTS(views); v++) {
            g_autoptr(PkScene) a = session_at(session, views[v]);
            g_autoptr(PkScene) b = prepare_like_session(session, &spec, views[v], selected_sql);
            g_assert_null(a->empty_message);
            assert_scenes_equal(a, b, views[v]);
        }
        pk_plot_session_free(session);
        pk_plot_spec_clear(&spec);
    }
}

static void test_every_type_equals_prepare(void) {
    every_type_equals_prepare(NULL);
}

static void test_every_type_with_selection_equals_prepare(void) {
    every_type_equals_prepare(SELECTED_SQL);
}

static void assert_counters_equal(const PkComputeCounters *a, const PkComputeCounters *b) {
    g_assert_cmpuint(a->n_datasets, ==, b->n_datasets);
    g_assert_cmpuint(a->n_converted_columns, ==, b->n_converted_columns);
    g_assert_cmpuint(a->n_column_stats, ==, b->n_column_stats);
    g_assert_cmpuint(a->n_uploaded_columns, ==, b->n_uploaded_columns);
}

/* After its first prepare (which makes the selected rows' data), a session's pans and zooms
 * make no dataset, convert no column, compute no statistics and upload nothing; a brush over
 * a line, histogram or heatmap of numbers uses the kept dataset too. */
static void test_prepare_keeps_the_dataset(void) {
    for (guint i = 0; i < G_N_ELEMENTS(type_cases); i++) {
        g_test_message("%s", type_cases[i].name);
        PkPlotSpec spec;
        spec_for_case(&spec, &type_cases[i]);
        PkComputeCounters c0, c1, c2;
        pk_compute_get_counters(compute, &c0);
        PkPlotSession *session = session_for(&spec, SELECTED_SQL);
        pk_compute_get_counters(compute, &c1);
        if (g_strcmp0(type_cases[i].x, "ts") == 0) { /* every row's and the selected rows' */
            g_assert_cmpuint(c1.n_converted_columns - c0.n_converted_columns, ==, 2);
        }
        double views[3][4];
        case_viewports(session, views);
        pk_scene_free(session_at(session, views[0]));
        pk_compute_get_counters(compute, &c1);
        for (guint r = 0; r < 2; r++) {
            for (guint v = 0; v < G_N_ELEMENTS(views); v++) {
                pk_scene_free(session_at(session, views[v]));
            }
        }
        pk_compute_get_counters(compute, &c2);
        assert_counters_equal(&c1, &c2);
        PkScaleKind sx;
        pk_plot_session_get_scales(session, &sx, NULL);
        if (pk_plot_session_can_take_rows(session) && spec.type != PK_PLOT_SCATTER &&
            sx != PK_SCALE_CATEGORICAL) {
            PkPlotBrush brush = {PK_PLOT_BRUSH_INTERVAL, views[2][0], views[2][1], 0, 0, NULL, 0};
            g_autoptr(PkRowSet) rows = NULL;
            g_autoptr(GError) error = NULL;
            g_assert_true(pk_plot_session_brush(session, &brush, NULL, &rows, &error));
            g_assert_no_error(error);
            pk_compute_get_counters(compute, &c1);
            assert_counters_equal(&c1, &c2);
        }
        pk_plot_session_free(session);
        pk_plot_spec_clear(&spec);
    }
}

/* Selected rows from a brush: the first prepare after each change makes their data once. */
static void test_brushed_rows_made_once_per_change(void) {
    const char *types[] = {"line", "histogram", "heatmap"};
    for (guint i = 0; i < G_N_ELEMENTS(types); i++) {
        PkPlotSpec spec;
        spec_for(&spec, types[i], "x", g_strcmp0(types[i], "histogram") == 0 ? NULL : "y", NULL);
        PkPlotSession *session = session_for(&spec, NULL);
        PkPlotBrush brush = {PK_PLOT_BRUSH_INTERVAL, -0.2, 0.4, 0, 0, NULL, 0};
        g_autoptr(PkRowSet) rows = NULL;
        g_autoptr(GError) error = NULL;
        g_assert_true(pk_plot_session_brush(session, &brush, NULL, &rows, &error));
        g_assert_true(pk_plot_session_set_selected_rows(session, rows, &error));
        g_assert_no_error(error);
        double views[3][4];
        case_viewports(session, views);
        PkComputeCounters c0, c1;
        pk_compute_get_counters(compute, &c0);
        for (guint v = 0; v < G_N_ELEMENTS(views); v++) {
            g_autoptr(PkScene) scene = session_at(session, views[v]);
            g_assert_true(scene->has_selection);
            g_assert_cmpuint(scene->n_selected, ==, pk_row_set_get_n_set(rows));
        }
        pk_compute_get_counters(compute, &c1);
        g_assert_cmpuint(c1.n_datasets - c0.n_datasets, ==, 1);
        pk_plot_session_free(session);
        pk_plot_spec_clear(&spec);
    }
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    prep_test_create_table(&db, &conn, &compute, N_ROWS, 97);
    g_autoptr(GError) error = NULL; /* a timestamp column: a minute per row */
    g_assert_true(pk_conn_exec(conn,
                               "CREATE TABLE t2 AS SELECT *, TIMESTAMP '2024-01-01' + "
                               "INTERVAL 1 MINUTE * i AS ts FROM t ORDER BY i; DROP TABLE t; "
                               "ALTER TABLE t2 RENAME TO t",
                               NULL, &error));
    g_assert_no_error(error);
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
    g_test_add_func("/render/session/every-type-equals-prepare", test_every_type_equals_prepare);
    g_test_add_func("/render/session/every-type-with-selection-equals-prepare",
                    test_every_type_with_selection_equals_prepare);
    g_test_add_func("/render/session/prepare-keeps-the-dataset", test_prepare_keeps_the_dataset);
    g_test_add_func("/render/session/brushed-rows-made-once-per-change",
                    test_brushed_rows_made_once_per_change);
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
