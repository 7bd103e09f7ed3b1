/* The interactive plot view in a real window (run under Xvfb): a 100,000-row table, a
 * scatter plot node over it, one PkPlotView. The view must load on its worker and draw an
 * exact frame; a drag (xdotool when it is there, else the same code path through
 * pk_plot_view_set_viewport) and a wheel notch must change the viewport, show a transformed
 * frame at once and an exact one soon after; the viewport must reach the node's "view"
 * parameter when the interaction ends; reset must clear it. A screenshot of the view is
 * written to $PIKA_TEST_SHOT_DIR (default: the build folder) and checked for structure: the
 * plot area is not one flat colour. Data comes from PIKA_TEST_SEED (printed). */
#include "pika/core.h"
#include "pika/data.h"
#include "pika/graph.h"
#include "pika/plotprep.h"
#include "plot-view.h"

#include <gtk/gtk.h>
#include <math.h>
#include <stdlib.h>

#define N_ROWS 100000

/* Rows of the table: N_ROWS, or PIKA_PLOT_VIEW_ROWS (bench/ui-pan.sh uses 10 and 50 million). */
static guint64 n_rows(void) {
    const char *env = g_getenv("PIKA_PLOT_VIEW_ROWS");
    return env != NULL ? g_ascii_strtoull(env, NULL, 10) : N_ROWS;
}

typedef struct {
    PkDb *db;
    PkConn *conn;
    PkCompute *compute;
    PkGraph *graph;
    PkNodeId source, plot;
    GtkWidget *window;
    PkPlotView *view;
    guint n_frames, n_transformed, n_exact_drawn;
} Fixture;

static void create_data(Fixture *f) {
    const char *env = g_getenv("PIKA_TEST_SEED");
    guint32 seed = env != NULL ? (guint32)g_ascii_strtoull(env, NULL, 10) : g_random_int();
    g_test_message("PIKA_TEST_SEED=%u", seed);
    g_autoptr(GError) error = NULL;
    f->db = pk_db_open(NULL, NULL, &error);
    g_assert_no_error(error);
    f->conn = pk_db_connect(f->db, &error);
    g_assert_no_error(error);
    g_autofree char *sql = g_strdup_printf(
        "CREATE TABLE points AS SELECT i, "
        "sin(i * 0.001) * 3 + ((hash(i, %u) %% 10000) / 10000.0 - 0.5) AS x, "
        "cos(i * 0.0007) * 2 + ((hash(i + 1, %u) %% 10000) / 5000.0 - 1.0) AS y, "
        "['north', 'south', 'east'][1 + (i %% 3)::INTEGER] AS zone FROM range(%" G_GUINT64_FORMAT
        ") r(i)", seed, seed, n_rows());
    g_assert_true(pk_conn_exec(f->conn, sql, NULL, &error));
    f->compute = pk_plot_compute_new(&error);
    g_assert_no_error(error);
}

static void create_graph(Fixture *f, guint raw_threshold) {
    g_autoptr(GError) error = NULL;
    f->graph = pk_graph_new(f->db, f->compute, NULL);
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "table", g_variant_new_string("points"));
    f->source = pk_graph_add_node(f->graph, PK_NODE_SOURCE, "pts", g_variant_builder_end(&b),
                                  &error);
    g_assert_no_error(error);
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    pk_plot_spec_set_string(&spec.x.column, "x");
    pk_plot_spec_set_string(&spec.y.column, "y");
    spec.raw_threshold = raw_threshold;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "spec", pk_plot_spec_to_variant(&spec));
    pk_plot_spec_clear(&spec);
    f->plot = pk_graph_add_node(f->graph, PK_NODE_PLOT, "scatter", g_variant_builder_end(&b),
                                &error);
    g_assert_no_error(error);
    g_assert_true(pk_graph_connect(f->graph, f->source, f->plot, 0, &error));
    g_assert_true(pk_graph_evaluate(f->graph, f->source, &error));
    g_assert_no_error(error);
}

static void on_frame(PkPlotView *view, double ms, gboolean exact, Fixture *f) {
    (void)view, (void)ms;
    f->n_frames++;
    f->n_transformed += !exact;
    f->n_exact_drawn += exact;
}

static gboolean wait_for(gboolean (*done)(Fixture *), Fixture *f, guint timeout_ms) {
    gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
    while (!done(f) && g_get_monotonic_time() < end) {
        g_main_context_iteration(NULL, FALSE);
        g_usleep(1000);
    }
    return done(f);
}

static gboolean has_exact_frame(Fixture *f) {
    return pk_plot_view_get_n_exact_frames(f->view) > 0 && !pk_plot_view_is_busy(f->view) &&
           f->n_exact_drawn > 0;
}

/* Nothing queued, and the newest exact frame is on screen. */
static gboolean is_idle(Fixture *f) {
    if (pk_plot_view_is_busy(f->view)) {
        f->n_exact_drawn = 0;
        return FALSE;
    }
    return f->n_exact_drawn > 0;
}

static gboolean has_view_param(Fixture *f) {
    g_autoptr(GVariant) params = pk_graph_get_params(f->graph, f->plot);
    g_autoptr(GVariant) view = pk_params_get_child(params, "view");
    return view != NULL;
}

static void fixture_open(Fixture *f, guint raw_threshold) {
    create_data(f);
    create_graph(f, raw_threshold);
    f->window = gtk_window_new();
    gtk_window_set_default_size(GTK_WINDOW(f->window), 800, 520);
    GtkWidget *view = pk_plot_view_new(f->graph, f->plot, f->db, f->compute);
    f->view = PK_PLOT_VIEW(view);
    g_signal_connect(view, "frame", G_CALLBACK(on_frame), f);
    gtk_window_set_child(GTK_WINDOW(f->window), view);
    gtk_window_present(GTK_WINDOW(f->window));
    g_assert_true(wait_for(has_exact_frame, f, 120000));
}

static void fixture_close(Fixture *f) {
    gtk_window_destroy(GTK_WINDOW(f->window));
    while (g_main_context_iteration(NULL, FALSE)) {
    }
    pk_graph_free(f->graph);
    pk_plot_compute_free(f->compute);
    pk_conn_close(f->conn);
    pk_db_close(f->db);
}

/* Renders the window's content and writes it as a PNG; returns the texture's pixels' spread
 * over the middle of the view (0 for a flat picture). */
static double screenshot(Fixture *f, const char *name) {
    GtkWidget *w = GTK_WIDGET(f->view);
    int width = gtk_widget_get_width(w), height = gtk_widget_get_height(w);
    GdkPaintable *paintable = gtk_widget_paintable_new(w);
    GtkSnapshot *snap = gtk_snapshot_new();
    gdk_paintable_snapshot(paintable, snap, width, height);
    GskRenderNode *node = gtk_snapshot_free_to_node(snap);
    GskRenderer *renderer = gtk_native_get_renderer(gtk_widget_get_native(w));
    GdkTexture *texture = gsk_renderer_render_texture(renderer, node,
                                                      &GRAPHENE_RECT_INIT(0, 0, width, height));
    const char *dir = g_getenv("PIKA_TEST_SHOT_DIR");
    g_autofree char *path = g_build_filename(dir != NULL ? dir : g_get_tmp_dir(), name, NULL);
    g_assert_true(gdk_texture_save_to_png(texture, path));
    g_test_message("screenshot: %s", path);
    gsize stride = (gsize)width * 4;
    guint8 *pixels = g_malloc(stride * height);
    gdk_texture_download(texture, pixels, stride);
    double sum = 0, sum2 = 0, n = 0;
    for (int y = height / 4; y < height * 3 / 4; y++) {
        for (int x = width / 4; x < width * 3 / 4; x++) {
            double v = pixels[y * stride + x * 4 + 1];
            sum += v, sum2 += v * v, n++;
        }
    }
    g_free(pixels);
    g_object_unref(texture);
    gsk_render_node_unref(node);
    g_object_unref(paintable);
    return sqrt(MAX(sum2 / n - (sum / n) * (sum / n), 0));
}

static void test_loads_and_draws_density(void) {
    Fixture f = {0};
    fixture_open(&f, 1000);
    if (n_rows() == N_ROWS) {
        g_assert_cmpstr(pk_plot_view_get_badge(f.view), ==, "Aggregated · 100,000 points · CPU");
    }
    g_assert_cmpfloat(screenshot(&f, "plot-view-density.png"), >, 5);
    fixture_close(&f);
}

static void test_pan_and_zoom_change_the_viewport(void) {
    Fixture f = {0};
    fixture_open(&f, 1000);
    double v0[4], v1[4];
    g_assert_true(pk_plot_view_get_viewport(f.view, &v0[0], &v0[1], &v0[2], &v0[3]));
    guint exact_before = pk_plot_view_get_n_exact_frames(f.view);
    double dx = (v0[1] - v0[0]) * 0.2, dy = (v0[3] - v0[2]) * 0.1;
    pk_plot_view_set_viewport(f.view, v0[0] - dx, v0[1] - dx, v0[2] + dy, v0[3] + dy);
    g_assert_true(pk_plot_view_get_viewport(f.view, &v1[0], &v1[1], &v1[2], &v1[3]));
    g_assert_cmpfloat(v1[0], ==, v0[0] - dx);
    /* the next frame drawn has a picture: the previous frame transformed (or, if the
     * worker was quicker than the frame clock, the new exact one) */
    g_assert_true(pk_plot_view_is_busy(f.view));
    guint frames_before = f.n_frames;
    while (f.n_frames == frames_before) {
        g_main_context_iteration(NULL, TRUE);
    }
    g_assert_cmpfloat(screenshot(&f, "plot-view-transformed.png"), >, 5);
    g_assert_true(wait_for(is_idle, &f, 10000));
    g_assert_cmpuint(pk_plot_view_get_n_exact_frames(f.view), >, exact_before);
    g_assert_cmpfloat(screenshot(&f, "plot-view-panned.png"), >, 5);
    g_assert_true(wait_for(has_view_param, &f, 3000)); /* written when the interaction ends */
    pk_plot_view_reset(f.view);
    g_assert_false(has_view_param(&f));
    g_assert_true(pk_plot_view_get_viewport(f.view, &v1[0], &v1[1], &v1[2], &v1[3]));
    g_assert_cmpfloat(v1[0], ==, v0[0]);
    fixture_close(&f);
}

static gboolean xdotool(const char *args) {
    g_autofree char *cmd = g_strdup_printf("xdotool %s", args);
    int status = 0;
    return g_spawn_command_line_sync(cmd, NULL, NULL, &status, NULL) && status == 0;
}

static void pump(guint ms) {
    gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
    while (g_get_monotonic_time() < end) {
        g_main_context_iteration(NULL, FALSE);
        g_usleep(1000);
    }
}

/* Real pointer events through the X server: a drag pans, a wheel notch zooms. */
static void test_pointer_drag_and_wheel(void) {
    if (g_find_program_in_path("xdotool") == NULL || g_getenv("DISPLAY") == NULL) {
        g_test_skip("needs xdotool and an X display");
        return;
    }
    Fixture f = {0};
    fixture_open(&f, 1000);
    double v0[4], v1[4], v2[4];
    pk_plot_view_get_viewport(f.view, &v0[0], &v0[1], &v0[2], &v0[3]);
    graphene_point_t p;
    g_assert_true(gtk_widget_compute_point(GTK_WIDGET(f.view), f.window,
                                           &GRAPHENE_POINT_INIT(400, 260), &p));
    g_autofree char *move = g_strdup_printf("mousemove --sync %d %d", (int)p.x, (int)p.y);
    g_assert_true(xdotool(move));
    pump(100);
    g_assert_true(xdotool("mousedown 1"));
    const char *steps_env = g_getenv("PIKA_PLOT_VIEW_DRAG_STEPS");
    int steps = steps_env != NULL ? atoi(steps_env) : 10;
    for (int i = 1; i <= steps; i++) {
        int k = i % 40 < 20 ? i % 40 : 40 - i % 40; /* back and forth */
        g_autofree char *step = g_strdup_printf("mousemove --sync %d %d", (int)p.x + 10 * k,
                                                (int)p.y + 4 * k);
        xdotool(step);
        pump(20);
    }
    g_assert_true(xdotool("mouseup 1"));
    pump(100);
    g_assert_true(wait_for(is_idle, &f, 10000));
    pk_plot_view_get_viewport(f.view, &v1[0], &v1[1], &v1[2], &v1[3]);
    g_assert_cmpfloat(v1[0], <, v0[0]); /* dragged right: the data moved right */
    g_assert_cmpfloat(v1[2], >, v0[2]); /* dragged down */
    g_assert_cmpfloat(fabs((v1[1] - v1[0]) - (v0[1] - v0[0])), <, 1e-9 * (v0[1] - v0[0]));
    g_assert_true(xdotool("click 4")); /* wheel up: zoom in */
    pump(100);
    g_assert_true(wait_for(is_idle, &f, 10000));
    pk_plot_view_get_viewport(f.view, &v2[0], &v2[1], &v2[2], &v2[3]);
    g_assert_cmpfloat(v2[1] - v2[0], <, v1[1] - v1[0]);
    g_assert_cmpuint(f.n_transformed, >, 0); /* the drag showed transformed frames */
    g_assert_cmpfloat(screenshot(&f, "plot-view-pointer.png"), >, 5);
    fixture_close(&f);
}

static void test_raw_marks_badge(void) {
    Fixture f = {0};
    fixture_open(&f, 1000000);
    g_assert_cmpstr(pk_plot_view_get_badge(f.view), ==, "Direct · 100,000 points");
    g_assert_cmpfloat(screenshot(&f, "plot-view-raw.png"), >, 1); /* dense marks: not blank */
    fixture_close(&f);
}

int main(int argc, char **argv) {
    g_setenv("GTK_A11Y", "none", TRUE);
    gtk_test_init(&argc, &argv, NULL);
    g_test_add_func("/ui/plot-view/loads-and-draws-density", test_loads_and_draws_density);
    g_test_add_func("/ui/plot-view/pan-and-zoom-change-the-viewport",
                    test_pan_and_zoom_change_the_viewport);
    g_test_add_func("/ui/plot-view/pointer-drag-and-wheel", test_pointer_drag_and_wheel);
    g_test_add_func("/ui/plot-view/raw-marks-badge", test_raw_marks_badge);
    return g_test_run();
}
