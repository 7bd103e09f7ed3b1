/* Finishing a plot through preparation and drawing, on a small table with known answers:
 * lines aggregated per time bucket (exact sums, means, minima, maxima and counts), histogram
 * bin widths (edges at multiples of the width), bars ordered by value, axis labels from the
 * spec, the value axis in a chosen number format, and a selected mean drawn beside its bar
 * rather than over it (pixels of a real Cairo image surface). */
#include "pika-test.h"
#include "pika/core.h"
#include "pika/data.h"
#include "pika/plotprep.h"
#include "pika/render-kit.h"
#include "pika/render.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

static PkDb *db;
static PkConn *conn;
static PkCompute *compute;

/*   t                 k  v        days: 01-01 {1, 3}, 01-02 {5, 7}, 01-03 {100}
 *   2024-01-01 01:00  a  1        k:    a {1, 5, 20}, b {3, 7}, c {100}
 *   2024-01-01 05:00  b  3
 *   2024-01-02 02:00  a  5
 *   2024-01-02 03:00  b  7
 *   2024-01-03 04:00  c  100
 *   NULL              a  20 */
static void create_table(void) {
    g_autoptr(GError) error = NULL;
    db = pk_db_open(NULL, NULL, &error);
    g_assert_no_error(error);
    conn = pk_db_connect(db, &error);
    g_assert_no_error(error);
    compute = pk_plot_compute_new(&error);
    g_assert_no_error(error);
    g_assert_true(pk_conn_exec(
        conn,
        "CREATE TABLE m AS SELECT * FROM (VALUES "
        "(TIMESTAMP '2024-01-01 01:00', 'a', 1.0), (TIMESTAMP '2024-01-01 05:00', 'b', 3.0), "
        "(TIMESTAMP '2024-01-02 02:00', 'a', 5.0), (TIMESTAMP '2024-01-02 03:00', 'b', 7.0), "
        "(TIMESTAMP '2024-01-03 04:00', 'c', 100.0), (NULL, 'a', 20.0)) AS r(t, k, v)",
        NULL, &error));
    g_assert_no_error(error);
}

static PkScene *prepare(const PkPlotSpec *spec, const char *selected_sql) {
    PkPlotPrepInput input = {conn, compute, "SELECT * FROM m", 400, 300, 1.0, NULL, selected_sql};
    PkScene *scene = NULL;
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_plot_prepare(spec, &input, &scene, NULL, &error));
    g_assert_no_error(error);
    return scene;
}

/* The distinct successive values of a series (M4 may repeat a point). */
static GArray *distinct_points(const PkSceneSeries *s) {
    GArray *out = g_array_new(FALSE, FALSE, sizeof(double));
    for (gsize i = 0; i < s->n; i++) {
        if (i == 0 || s->x[i] != s->x[i - 1]) {
            g_array_append_val(out, s->y[i]);
        }
    }
    return out;
}

static void assert_line(PkPlotAgg agg, const double expected[3]) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    spec.type = PK_PLOT_LINE;
    spec.bucket = PK_BUCKET_DAY;
    spec.agg = agg;
    pk_plot_spec_set_string(&spec.x.column, "t");
    pk_plot_spec_set_string(&spec.y.column, "v");
    g_autoptr(PkScene) scene = prepare(&spec, NULL);
    g_assert_cmpuint(scene->n_series, ==, 1);
    g_autoptr(GArray) ys = distinct_points(&scene->series[0]);
    g_assert_cmpuint(ys->len, ==, 3);
    for (guint i = 0; i < 3; i++) {
        g_assert_cmpfloat_with_epsilon(g_array_index(ys, double, i), expected[i], 1e-9);
    }
    g_autofree char *label = g_strdup_printf("%s(v)", pk_plot_agg_name(agg));
    g_assert_cmpstr(scene->y.label, ==, label);
    g_assert_cmpint(scene->x.scale, ==, PK_SCALE_TIME);
    /* the buckets start at midnight UTC */
    g_assert_cmpfloat(scene->series[0].x[0], ==, 1704067200.0 * 1e6);
    pk_plot_spec_clear(&spec);
}

static void test_line_aggregates_per_day(void) {
    const double sums[] = {4, 12, 100}, means[] = {2, 6, 100}, mins[] = {1, 5, 100};
    const double maxs[] = {3, 7, 100}, counts[] = {2, 2, 1};
    assert_line(PK_PLOT_AGG_SUM, sums);
    assert_line(PK_PLOT_AGG_MEAN, means);
    assert_line(PK_PLOT_AGG_MIN, mins);
    assert_line(PK_PLOT_AGG_MAX, maxs);
    assert_line(PK_PLOT_AGG_COUNT, counts);
}

static void test_line_sql_groups_per_bucket(void) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    spec.type = PK_PLOT_LINE;
    spec.agg = PK_PLOT_AGG_MAX;
    pk_plot_spec_set_string(&spec.x.column, "t");
    pk_plot_spec_set_string(&spec.y.column, "v");
    g_assert_cmpint(pk_plot_spec_line_bucket(&spec), ==, PK_BUCKET_AUTO);
    g_autofree char *sql = pk_plot_line_sql(&spec, "day", "SELECT * FROM m");
    g_assert_nonnull(strstr(sql, "date_trunc('day', \"t\")"));
    g_assert_nonnull(strstr(sql, "max(\"v\")"));
    g_autoptr(PkFrame) frame = NULL;
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_conn_query_frame(conn, sql, NULL, NULL, NULL, &frame, &error));
    g_assert_cmpuint(pk_frame_get_n_rows(frame), ==, 3);
    g_assert_cmpfloat(pk_column_get_as_double(pk_frame_find_column(frame, "v"), 1), ==, 7.0);
    /* without a bucket the aggregate picks one automatically: a 2-day span gives hours */
    g_autoptr(PkScene) scene = prepare(&spec, NULL);
    g_autoptr(GArray) ys = distinct_points(&scene->series[0]);
    g_assert_cmpuint(ys->len, ==, 5);
    pk_plot_spec_clear(&spec);
}

static void test_line_selection_is_its_own_line(void) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    spec.type = PK_PLOT_LINE;
    spec.bucket = PK_BUCKET_DAY;
    spec.agg = PK_PLOT_AGG_MEAN;
    pk_plot_spec_set_string(&spec.x.column, "t");
    pk_plot_spec_set_string(&spec.y.column, "v");
    g_autoptr(PkScene) scene = prepare(&spec, "SELECT * FROM m WHERE k = 'b'");
    g_assert_nonnull(scene->selected_series);
    g_autoptr(GArray) ys = distinct_points(&scene->selected_series[0]);
    g_assert_cmpuint(ys->len, ==, 2); /* days 1 and 2: b's means 3 and 7 */
    g_assert_cmpfloat(g_array_index(ys, double, 0), ==, 3.0);
    g_assert_cmpfloat(g_array_index(ys, double, 1), ==, 7.0);
    pk_plot_spec_clear(&spec);
}

static void test_histogram_bin_width(void) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    spec.type = PK_PLOT_HISTOGRAM;
    spec.bins = 3; /* the width wins */
    spec.bin_width = 25;
    pk_plot_spec_set_string(&spec.x.column, "v");
    g_autoptr(PkScene) scene = prepare(&spec, NULL);
    g_assert_cmpuint(scene->n_bins, ==, 5); /* [0, 25) ... [100, 125) */
    for (guint i = 0; i <= scene->n_bins; i++) {
        g_assert_cmpfloat_with_epsilon(scene->bin_edges[i], 25.0 * i, 1e-9);
    }
    const double heights[] = {5, 0, 0, 0, 1};
    for (guint i = 0; i < scene->n_bins; i++) {
        g_assert_cmpfloat(scene->bin_heights[i], ==, heights[i]);
    }
    /* a fixed range keeps its ends; the bins stay at multiples of the width */
    spec.x.fixed_range = TRUE, spec.x.min = 10, spec.x.max = 60;
    g_autoptr(PkScene) fixed = prepare(&spec, NULL);
    g_assert_cmpfloat(fixed->x.lo, ==, 10);
    g_assert_cmpfloat(fixed->x.hi, ==, 60);
    g_assert_cmpfloat(fixed->bin_edges[0], ==, 0);
    g_assert_cmpfloat(fixed->bin_edges[fixed->n_bins], ==, 75);
    /* a width finer than PK_PLOT_MAX_BINS allows is widened to a multiple of itself */
    spec.x.fixed_range = FALSE;
    spec.bin_width = 0.001;
    g_autoptr(PkScene) fine = prepare(&spec, NULL);
    g_assert_cmpuint(fine->n_bins, <=, PK_PLOT_MAX_BINS);
    double w = fine->bin_edges[1] - fine->bin_edges[0];
    g_assert_cmpfloat_with_epsilon(w / 0.001, round(w / 0.001), 1e-6);
    pk_plot_spec_clear(&spec);
}

static PkPlotSpec bar_spec(PkPlotAgg agg) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    spec.type = PK_PLOT_BAR;
    spec.agg = agg;
    pk_plot_spec_set_string(&spec.x.column, "k");
    pk_plot_spec_set_string(&spec.y.column, "v");
    return spec;
}

static void test_bar_order_and_labels(void) {
    PkPlotSpec spec = bar_spec(PK_PLOT_AGG_SUM);
    g_autoptr(PkScene) by_label = prepare(&spec, NULL);
    g_assert_cmpstr(by_label->x.categories[0], ==, "a");
    g_assert_cmpstr(by_label->x.categories[2], ==, "c");
    g_assert_cmpstr(by_label->y.label, ==, "sum(v)");
    spec.bar_order = PK_BAR_ORDER_VALUE;
    pk_plot_spec_set_string(&spec.x.label, "Kind");
    pk_plot_spec_set_string(&spec.y.label, "Total");
    g_autoptr(PkScene) scene = prepare(&spec, "SELECT * FROM m WHERE v < 50");
    const char *order[] = {"c", "a", "b"}; /* 100, 26, 10 */
    const double values[] = {100, 26, 10}, selected[] = {0, 26, 10};
    for (guint g = 0; g < 3; g++) {
        g_assert_cmpstr(scene->x.categories[g], ==, order[g]);
        g_assert_cmpfloat(scene->bar_values[g], ==, values[g]);
        g_assert_cmpfloat(scene->selected_bar_values[g], ==, selected[g]);
    }
    g_assert_cmpstr(scene->x.label, ==, "Kind");
    g_assert_cmpstr(scene->y.label, ==, "Total");
    pk_plot_spec_clear(&spec);
}

/* ARGB32 pixel of an image at logical (x, y) (scale 1). */
static guint32 pixel(cairo_surface_t *surface, double x, double y) {
    const guint8 *data = cairo_image_surface_get_data(surface);
    int stride = cairo_image_surface_get_stride(surface);
    return ((const guint32 *)(data + (int)y * stride))[(int)x] & 0xffffffu;
}

/* Page coordinates of a category slot position and a value, as the renderer maps them. */
static void to_page(const PkScene *scene, const PkRect *a, double slot, double value, double *px,
                    double *py) {
    *px = a->x + (slot - scene->x.lo) / (scene->x.hi - scene->x.lo) * a->width;
    *py = a->y + a->height - (value - scene->y.lo) / (scene->y.hi - scene->y.lo) * a->height;
}

static void test_selected_mean_drawn_beside_its_bar(void) {
    /* a's mean is 26/3 = 8.67; the selected rows of a (v >= 5) have mean 12.5: taller */
    PkPlotSpec spec = bar_spec(PK_PLOT_AGG_MEAN);
    g_autoptr(PkScene) scene = prepare(&spec, "SELECT * FROM m WHERE v >= 5");
    g_assert_cmpfloat_with_epsilon(scene->bar_values[0], 26.0 / 3, 1e-9);
    g_assert_cmpfloat(scene->selected_bar_values[0], ==, 12.5);
    g_autoptr(GError) error = NULL;
    cairo_surface_t *image = pk_render_to_image(scene, 400, 300, 1.0, &error);
    g_assert_no_error(error);
    cairo_surface_flush(image);
    PkRect area;
    pk_layout_plot_area(scene, 400, 300, &area);
    double left_x = 0, right_x = 0, gap_x = 0, between = 0, low = 0, unused = 0;
    to_page(scene, &area, -0.2, 0, &left_x, &unused);  /* the muted half of a's slot */
    to_page(scene, &area, 0.2, 0, &right_x, &unused);  /* the selected half */
    to_page(scene, &area, 0.5, 0, &gap_x, &unused);    /* between the slots: background */
    to_page(scene, &area, 0, 10.5, &unused, &between); /* above the mean, below the selected */
    to_page(scene, &area, 0, 2, &unused, &low);
    guint32 background = pixel(image, gap_x, between);
    guint32 muted = pixel(image, left_x, low), colour = pixel(image, right_x, low);
    g_assert_cmpuint(muted, !=, background);
    g_assert_cmpuint(colour, !=, background);
    g_assert_cmpuint(colour, !=, muted);
    /* between the two heights only the selected bar is drawn, and only in its own half */
    g_assert_cmpuint(pixel(image, right_x, between), ==, colour);
    g_assert_cmpuint(pixel(image, left_x, between), ==, background);
    cairo_surface_destroy(image);

    /* counts are parts of the whole: the selected bar is drawn over its bar, full width */
    pk_plot_spec_clear(&spec);
    spec = bar_spec(PK_PLOT_AGG_COUNT);
    g_autoptr(PkScene) counts = prepare(&spec, "SELECT * FROM m WHERE v >= 5");
    image = pk_render_to_image(counts, 400, 300, 1.0, &error);
    g_assert_no_error(error);
    cairo_surface_flush(image);
    pk_layout_plot_area(counts, 400, 300, &area);
    to_page(counts, &area, -0.2, 0.5, &left_x, &low);
    to_page(counts, &area, 0.2, 0.5, &right_x, &unused);
    g_assert_cmpuint(pixel(image, left_x, low), ==, pixel(image, right_x, low));
    cairo_surface_destroy(image);
    pk_plot_spec_clear(&spec);
}

static void test_value_axis_number_format(void) {
    PkPlotSpec spec = bar_spec(PK_PLOT_AGG_SUM);
    spec.number_format = PK_NUMBER_FORMAT_PERCENT;
    g_autoptr(PkScene) scene = prepare(&spec, NULL);
    g_autoptr(GError) error = NULL;
    /* the same scene in the automatic format draws different value labels */
    cairo_surface_t *percent = pk_render_to_image(scene, 400, 300, 1.0, &error);
    g_assert_no_error(error);
    scene->spec.number_format = PK_NUMBER_FORMAT_AUTO;
    cairo_surface_t *plain = pk_render_to_image(scene, 400, 300, 1.0, &error);
    g_assert_no_error(error);
    cairo_surface_flush(percent), cairo_surface_flush(plain);
    PkRect area;
    pk_layout_plot_area(scene, 400, 300, &area);
    guint n_diff_left = 0, n_diff_plot = 0;
    for (int y = 0; y < 300; y++) {
        for (int x = 0; x < 400; x++) {
            gboolean differs = pixel(percent, x, y) != pixel(plain, x, y);
            n_diff_left += differs && x < area.x - 2;
            n_diff_plot += differs && x >= area.x;
        }
    }
    g_assert_cmpuint(n_diff_left, >, 0); /* the tick labels left of the plot */
    g_assert_cmpuint(n_diff_plot, ==, 0);
    cairo_surface_destroy(percent);
    cairo_surface_destroy(plain);
    pk_plot_spec_clear(&spec);
}

/* legend none hides the legend of every plot type that would show one; right shows it. */
static void test_legend_placement_every_type(void) {
    const struct {
        PkPlotType type;
        const char *x, *y, *color;
    } plots[] = {
        {PK_PLOT_SCATTER, "v", "v", "k"},     {PK_PLOT_LINE, "t", "v", "k"},
        {PK_PLOT_HISTOGRAM, "v", NULL, NULL}, {PK_PLOT_BAR, "k", "v", "k"},
        {PK_PLOT_HEATMAP, "v", "k", NULL},    {PK_PLOT_BOX, "k", "v", NULL},
    };
    for (guint i = 0; i < G_N_ELEMENTS(plots); i++) {
        PkPlotSpec spec;
        pk_plot_spec_init(&spec);
        spec.type = plots[i].type;
        pk_plot_spec_set_string(&spec.x.column, plots[i].x);
        pk_plot_spec_set_string(&spec.y.column, plots[i].y);
        pk_plot_spec_set_string(&spec.color, plots[i].color);
        g_autoptr(PkScene) shown = prepare(&spec, NULL);
        gboolean explains = plots[i].color != NULL || plots[i].type == PK_PLOT_HEATMAP;
        g_assert_cmpint(pk_layout_has_legend(shown), ==, explains);
        spec.legend = PK_LEGEND_RIGHT;
        g_autoptr(PkScene) right = prepare(&spec, NULL);
        g_assert_cmpint(pk_layout_has_legend(right), ==, explains);
        spec.legend = PK_LEGEND_NONE;
        g_autoptr(PkScene) hidden = prepare(&spec, NULL);
        g_assert_false(pk_layout_has_legend(hidden));
        PkRect with = {0}, without = {0};
        pk_layout_plot_area(shown, 400, 300, &with);
        pk_layout_plot_area(hidden, 400, 300, &without);
        g_assert_cmpfloat(without.width, >=, with.width); /* the plot takes the room */
        g_autoptr(GError) error = NULL;
        cairo_surface_t *image = pk_render_to_image(hidden, 400, 300, 1.0, &error);
        g_assert_no_error(error);
        cairo_surface_destroy(image);
        pk_plot_spec_clear(&spec);
    }
}

/* An interactive session of a line of buckets: its rows are the buckets, it re-draws at a
 * viewport, and it takes no row masks from other views (its rows are not the source's). */
static void test_bucketed_line_session(void) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    spec.type = PK_PLOT_LINE;
    spec.bucket = PK_BUCKET_DAY;
    spec.agg = PK_PLOT_AGG_SUM;
    pk_plot_spec_set_string(&spec.x.column, "t");
    pk_plot_spec_set_string(&spec.y.column, "v");
    PkPlotPrepInput input = {conn, compute, "SELECT * FROM m", 400, 300, 1.0, NULL, NULL};
    g_autoptr(GError) error = NULL;
    PkPlotSession *session = pk_plot_session_new(&spec, &input, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(pk_plot_session_get_n_rows(session), ==, 3);
    g_assert_false(pk_plot_session_can_take_rows(session));
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    pk_plot_session_get_home(session, &x0, &x1, &y0, &y1);
    PkScene *scene = NULL;
    g_assert_true(pk_plot_session_prepare(session, x0, x1, y0, y1, 400, 300, 1.0, NULL, &scene,
                                          NULL, &error));
    g_autoptr(GArray) ys = distinct_points(&scene->series[0]);
    g_assert_cmpuint(ys->len, ==, 3);
    g_assert_cmpfloat(g_array_index(ys, double, 1), ==, 12.0);
    g_assert_cmpstr(scene->y.label, ==, "sum(v)");
    pk_scene_free(scene);
    PkPlotBrush brush = {PK_PLOT_BRUSH_INTERVAL, x0, x1, 0, 0, NULL, 0};
    PkRowSet *rows = NULL;
    g_assert_false(pk_plot_session_brush(session, &brush, NULL, &rows, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED);
    g_assert_nonnull(strstr(error->message, "line of buckets"));
    pk_plot_session_free(session);
    pk_plot_spec_clear(&spec);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    create_table();
    g_test_add_func("/render/finish/line-aggregates-per-day", test_line_aggregates_per_day);
    g_test_add_func("/render/finish/line-sql-groups-per-bucket", test_line_sql_groups_per_bucket);
    g_test_add_func("/render/finish/line-selection-is-its-own-line",
                    test_line_selection_is_its_own_line);
    g_test_add_func("/render/finish/histogram-bin-width", test_histogram_bin_width);
    g_test_add_func("/render/finish/bar-order-and-labels", test_bar_order_and_labels);
    g_test_add_func("/render/finish/selected-mean-drawn-beside-its-bar",
                    test_selected_mean_drawn_beside_its_bar);
    g_test_add_func("/render/finish/value-axis-number-format", test_value_axis_number_format);
    g_test_add_func("/render/finish/legend-placement-every-type", test_legend_placement_every_type);
    g_test_add_func("/render/finish/bucketed-line-session", test_bucketed_line_session);
    int status = pk_test_run();
    pk_plot_compute_free(compute);
    pk_conn_close(conn);
    pk_db_close(db);
    return status;
}
