/* The interactive plot view in a real window (run under Xvfb): a 100,000-row table, a
 * scatter plot node over it, one PkPlotView. The view must load on its worker and draw an
 * exact frame; a drag (XTest or xdotool when there is an X display, else the same code path through
 * pk_plot_view_set_viewport) and a wheel notch must change the viewport, show a transformed
 * frame at once and an exact one soon after; the viewport must reach the node's "view"
 * parameter when the interaction ends; reset must clear it. A screenshot of the view is
 * written to $PIKA_TEST_SHOT_DIR (default: the build folder) and checked for structure: the
 * plot area is not one flat colour. Data comes from PIKA_TEST_SEED (printed). */
#include "pika-test.h"
#include "pika/core.h"
#include "pika/data.h"
#include "pika/graph.h"
#include "pika/plotprep.h"
#include "app.h"
#include "plot-view.h"
#include "ui-test-util.h"

#include <dlfcn.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ROWS 100000

/* Rows of the table: N_ROWS, or PIKA_PLOT_VIEW_ROWS (bench/ui-pan.sh uses 10 and 50 million). */
static guint64 n_rows(void) {
    const char *env = g_getenv("PIKA_PLOT_VIEW_ROWS");
    return env != NULL ? g_ascii_strtoull(env, NULL, 10) : N_ROWS;
}

/* The window's size: 800 × 520, or PIKA_PLOT_VIEW_SIZE=WxH (bench/ui-pan.sh: 1280x720). */
static void window_size(int *width, int *height) {
    const char *env = g_getenv("PIKA_PLOT_VIEW_SIZE");
    *width = 800, *height = 520;
    if (env != NULL && sscanf(env, "%dx%d", width, height) != 2) {
        *width = 800, *height = 520;
    }
}

typedef struct {
    PkDb *db;
    PkConn *conn;
    PkCompute *compute;
    PkGraph *graph;
    PkController *ctl;
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
        ") r(i)",
        seed, seed, n_rows());
    g_assert_true(pk_conn_exec(f->conn, sql, NULL, &error));
    f->compute = pk_plot_compute_new(&error);
    g_assert_no_error(error);
}

static void create_graph(Fixture *f, guint raw_threshold) {
    g_autoptr(GError) error = NULL;
    f->graph = pk_graph_new(f->db, f->compute, NULL);
    f->ctl = pk_controller_new(f->graph, f->db, f->compute);
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "table", g_variant_new_string("points"));
    f->source =
        pk_graph_add_node(f->graph, PK_NODE_SOURCE, "pts", g_variant_builder_end(&b), &error);
    g_assert_no_error(error);
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    pk_plot_spec_set_string(&spec.x.column, "x");
    pk_plot_spec_set_string(&spec.y.column, "y");
    spec.raw_threshold = raw_threshold;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "spec", pk_plot_spec_to_variant(&spec));
    pk_plot_spec_clear(&spec);
    f->plot =
        pk_graph_add_node(f->graph, PK_NODE_PLOT, "scatter", g_variant_builder_end(&b), &error);
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
    int width, height;
    window_size(&width, &height);
    gtk_window_set_default_size(GTK_WINDOW(f->window), width, height);
    GtkWidget *view = pk_plot_view_new(f->ctl, f->plot);
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
    g_clear_object(&f->ctl);
    pk_graph_free(f->graph);
    pk_plot_compute_free(f->compute);
    pk_conn_close(f->conn);
    pk_db_close(f->db);
}

/* Renders the window's content and writes it as a PNG; returns the texture's pixels' spread
 * over the middle of the view (0 for a flat picture). */
static double screenshot(Fixture *f, const char *name) {
    GtkWidget *w = GTK_WIDGET(f->view);
    GdkPaintable *paintable = gtk_widget_paintable_new(w);
    GskRenderNode *node = NULL;
    int width = 0, height = 0;
    /* On a busy machine the window may not be laid out or drawn yet: wait for a picture. */
    for (guint tries = 0; node == NULL && tries < 5000; tries++) {
        width = gtk_widget_get_width(w);
        height = gtk_widget_get_height(w);
        GtkSnapshot *snap = gtk_snapshot_new();
        if (width > 0 && height > 0) {
            gdk_paintable_snapshot(paintable, snap, width, height);
        }
        node = gtk_snapshot_free_to_node(snap);
        if (node == NULL) {
            g_main_context_iteration(NULL, FALSE);
            g_usleep(1000);
        }
    }
    g_assert_nonnull(node);
    GskRenderer *renderer = gtk_native_get_renderer(gtk_widget_get_native(w));
    GdkTexture *texture =
        gsk_renderer_render_texture(renderer, node, &GRAPHENE_RECT_INIT(0, 0, width, height));
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
        g_assert_cmpstr(pk_plot_view_get_badge(f.view), ==, "Density · 100,000 points · CPU");
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

/* Pointer events through the X server's XTest extension, sent from this process on its own
 * X connection (libXtst and libX11 opened at run time), so that no helper is spawned per
 * event: spawning forks this process, whose page tables over millions of rows make every
 * fork cost tens of milliseconds of the main loop. Falls back to xdotool. */
typedef struct {
    void *x11, *xtst, *display;
    int (*fake_motion)(void *, int, int, int, unsigned long);
    int (*fake_button)(void *, unsigned int, int, unsigned long);
    int (*sync)(void *, int);
    int (*close)(void *);
} FakePointer;

static FakePointer fake;

/* dlsym into a function pointer (copied: ISO C has no cast between the two kinds). */
static gboolean symbol(void *lib, const char *name, void *fn, gsize size) {
    void *p = dlsym(lib, name);
    g_assert_cmpuint(size, ==, sizeof p);
    memcpy(fn, &p, sizeof p);
    return p != NULL;
}

static gboolean fake_pointer_open(void) {
    if (fake.display != NULL) {
        return TRUE;
    }
    fake.x11 = dlopen("libX11.so.6", RTLD_NOW);
    fake.xtst = dlopen("libXtst.so.6", RTLD_NOW);
    if (fake.x11 == NULL || fake.xtst == NULL) {
        return FALSE;
    }
    void *(*open_display)(const char *) = NULL;
    gboolean ok =
        symbol(fake.x11, "XOpenDisplay", &open_display, sizeof open_display) &&
        symbol(fake.x11, "XSync", &fake.sync, sizeof fake.sync) &&
        symbol(fake.x11, "XCloseDisplay", &fake.close, sizeof fake.close) &&
        symbol(fake.xtst, "XTestFakeMotionEvent", &fake.fake_motion, sizeof fake.fake_motion) &&
        symbol(fake.xtst, "XTestFakeButtonEvent", &fake.fake_button, sizeof fake.fake_button);
    if (!ok) {
        return FALSE;
    }
    fake.display = open_display(NULL);
    return fake.display != NULL;
}

/* Moves the pointer to screen (x, y) and waits until the server has done it. */
static void pointer_move(int x, int y) {
    if (fake_pointer_open()) {
        fake.fake_motion(fake.display, -1, x, y, 0);
        fake.sync(fake.display, 0);
        return;
    }
    g_autofree char *args = g_strdup_printf("mousemove --sync %d %d", x, y);
    g_assert_true(xdotool(args));
}

static void pointer_button(guint button, gboolean press) {
    if (fake_pointer_open()) {
        fake.fake_button(fake.display, button, press, 0);
        fake.sync(fake.display, 0);
        return;
    }
    g_autofree char *args = g_strdup_printf("%s %u", press ? "mousedown" : "mouseup", button);
    g_assert_true(xdotool(args));
}

static gboolean set_flag(gpointer flag) {
    *(gboolean *)flag = TRUE;
    return G_SOURCE_REMOVE;
}

/* Runs the main loop for ms as the application's does: blocked in poll until something is
 * ready, so that frames and worker results are handled as soon as they are due. */
static void pump(guint ms) {
    gboolean done = FALSE;
    g_timeout_add(ms, set_flag, &done);
    while (!done) {
        g_main_context_iteration(NULL, TRUE);
    }
}

/* A line "mark NAME" in the frame log (PIKA_FRAME_LOG), for bench/ui-pan.sh: the first
 * exact-fresh frame after it is the fresh frame after the pointer stopped. */
static void frame_log_mark(const char *name) {
    const char *path = g_getenv("PIKA_FRAME_LOG");
    FILE *log = path != NULL && *path != '\0' ? fopen(path, "a") : NULL;
    if (log != NULL) {
        fprintf(log, "mark %s\n", name);
        fclose(log);
    }
}

/* Real pointer events through the X server: a drag pans, a wheel notch zooms. */
static void test_pointer_drag_and_wheel(void) {
    if ((!fake_pointer_open() && g_find_program_in_path("xdotool") == NULL) ||
        g_getenv("DISPLAY") == NULL) {
        g_test_skip("needs XTest or xdotool, and an X display");
        return;
    }
    Fixture f = {0};
    fixture_open(&f, 1000);
    g_test_message("view size: %dx%d", gtk_widget_get_width(GTK_WIDGET(f.view)),
                   gtk_widget_get_height(GTK_WIDGET(f.view)));
    double v0[4], v1[4], v2[4];
    pk_plot_view_get_viewport(f.view, &v0[0], &v0[1], &v0[2], &v0[3]);
    graphene_point_t p;
    g_assert_true(gtk_widget_compute_point(
        GTK_WIDGET(f.view), f.window,
        &GRAPHENE_POINT_INIT(gtk_widget_get_width(GTK_WIDGET(f.view)) / 2,
                             gtk_widget_get_height(GTK_WIDGET(f.view)) / 2),
        &p));
    pointer_move((int)p.x, (int)p.y);
    gtk_window_set_focus(GTK_WINDOW(f.window), NULL); /* as in a notebook: focus elsewhere */
    pump(100);
    g_assert_false(gtk_widget_has_focus(GTK_WIDGET(f.view)));
    pointer_button(1, TRUE);
    const char *steps_env = g_getenv("PIKA_PLOT_VIEW_DRAG_STEPS");
    int steps = steps_env != NULL ? atoi(steps_env) : 10;
    /* how long the button stays down after the last motion (a quick release, by default) */
    const char *hold_env = g_getenv("PIKA_PLOT_VIEW_HOLD_MS");
    guint hold_ms = hold_env != NULL ? (guint)atoi(hold_env) : 20;
    for (int i = 1; i <= steps; i++) {
        int k = i % 40 < 20 ? i % 40 : 40 - i % 40; /* back and forth */
        pointer_move((int)p.x + 10 * k, (int)p.y + 4 * k);
        if (i == steps) {
            frame_log_mark("drag-stop"); /* the view has not seen the last motion yet */
        }
        pump(i == steps ? hold_ms : 20);
    }
    pointer_button(1, FALSE);
    pump(100);
    g_assert_true(wait_for(is_idle, &f, 10000));
    pump(20);
    /* the drag's focus (for Home and Escape) came with the exact frame of its last viewport */
    g_assert_true(gtk_widget_has_focus(GTK_WIDGET(f.view)));
    pk_plot_view_get_viewport(f.view, &v1[0], &v1[1], &v1[2], &v1[3]);
    g_assert_cmpfloat(v1[0], <, v0[0]); /* dragged right: the data moved right */
    g_assert_cmpfloat(v1[2], >, v0[2]); /* dragged down */
    g_assert_cmpfloat(fabs((v1[1] - v1[0]) - (v0[1] - v0[0])), <, 1e-9 * (v0[1] - v0[0]));
    pointer_button(4, TRUE); /* wheel up: zoom in */
    pointer_button(4, FALSE);
    frame_log_mark("wheel-stop");
    pump(100);
    g_assert_true(wait_for(is_idle, &f, 10000));
    pk_plot_view_get_viewport(f.view, &v2[0], &v2[1], &v2[2], &v2[3]);
    g_assert_cmpfloat(v2[1] - v2[0], <, v1[1] - v1[0]);
    g_assert_cmpuint(f.n_transformed, >, 0); /* the drag showed transformed frames */
    g_assert_cmpfloat(screenshot(&f, "plot-view-pointer.png"), >, 5);
    fixture_close(&f);
    if (fake.display != NULL) {
        fake.close(fake.display);
        fake.display = NULL;
    }
}

static void test_raw_marks_badge(void) {
    Fixture f = {0};
    fixture_open(&f, 1000000);
    g_assert_cmpstr(pk_plot_view_get_badge(f.view), ==, "Raw · 100,000 points");
    g_assert_cmpfloat(screenshot(&f, "plot-view-raw.png"), >, 1); /* dense marks: not blank */
    fixture_close(&f);
}

/* Linked brushing ----------------------------------------------------------------------------- */

/* A plot node over the source: spec type, x and y (NULL for none). */
static PkNodeId add_plot(Fixture *f, const char *name, PkPlotType type, const char *x,
                         const char *y) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    spec.type = type;
    pk_plot_spec_set_string(&spec.x.column, x);
    pk_plot_spec_set_string(&spec.y.column, y);
    spec.raw_threshold = 1000;
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "spec", pk_plot_spec_to_variant(&spec));
    pk_plot_spec_clear(&spec);
    g_autoptr(GError) error = NULL;
    PkNodeId node =
        pk_graph_add_node(f->graph, PK_NODE_PLOT, name, g_variant_builder_end(&b), &error);
    g_assert_no_error(error);
    g_assert_true(pk_graph_connect(f->graph, f->source, node, 0, &error));
    return node;
}

typedef struct {
    PkPlotView *view;
    guint exact_at_move; /* its exact frames when the pointer last moved */
    gint64 moved_us, updated_us;
} Linked;

static void on_linked_frame(PkPlotView *view, double ms, gboolean exact, Linked *l) {
    (void)ms;
    if (exact && l->updated_us == 0 && pk_plot_view_get_n_exact_frames(view) > l->exact_at_move) {
        l->updated_us = g_get_monotonic_time();
    }
}

static gboolean views_idle(gpointer data) {
    Linked *l = data;
    for (guint i = 0; i < 3; i++) {
        if (pk_plot_view_is_busy(l[i].view) || pk_plot_view_get_n_exact_frames(l[i].view) == 0) {
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean all_selected(gpointer data) {
    Linked *l = data;
    gint64 n = pk_plot_view_get_n_selected(l[0].view);
    return n > 0 && views_idle(data) && pk_plot_view_get_n_selected(l[1].view) == n &&
           pk_plot_view_get_n_selected(l[2].view) == n;
}

static PkGraph *brush_graph;
static PkNodeId brush_source;

static gboolean source_has_selection(gpointer data) {
    (void)data;
    PkSelection sel = {0};
    gboolean found = pk_graph_get_selection(brush_graph, brush_source, &sel);
    pk_selection_clear(&sel);
    return found;
}

static gboolean none_selected(gpointer data) {
    Linked *l = data;
    return views_idle(data) && pk_plot_view_get_n_selected(l[0].view) < 0 &&
           pk_plot_view_get_n_selected(l[1].view) < 0 && pk_plot_view_get_n_selected(l[2].view) < 0;
}

/* Three views of one source side by side: a scatter of x and y (brushed), a scatter of i and
 * y, a histogram of x. */
static void brush_open(Fixture *f, Linked *l) {
    create_data(f);
    create_graph(f, 1000);
    PkNodeId nodes[3] = {f->plot, add_plot(f, "by_i", PK_PLOT_SCATTER, "i", "y"),
                         add_plot(f, "x_hist", PK_PLOT_HISTOGRAM, "x", NULL)};
    f->window = gtk_window_new();
    int width, height;
    window_size(&width, &height);
    gtk_window_set_default_size(GTK_WINDOW(f->window), width, height);
    GtkWidget *grid = gtk_grid_new();
    gtk_grid_set_row_homogeneous(GTK_GRID(grid), TRUE);
    gtk_grid_set_column_homogeneous(GTK_GRID(grid), TRUE);
    for (guint i = 0; i < 3; i++) {
        GtkWidget *view = pk_plot_view_new(f->ctl, nodes[i]);
        l[i].view = PK_PLOT_VIEW(view);
        g_signal_connect(view, "frame", G_CALLBACK(on_linked_frame), &l[i]);
        gtk_grid_attach(GTK_GRID(grid), view, i == 0 ? 0 : 1, i == 2 ? 1 : 0, 1, i == 0 ? 2 : 1);
    }
    f->view = l[0].view;
    g_signal_connect(f->view, "frame", G_CALLBACK(on_frame), f);
    gtk_window_set_child(GTK_WINDOW(f->window), grid);
    gtk_window_present(GTK_WINDOW(f->window));
    g_assert_true(ui_wait_for(views_idle, l, 120000));
}

/* Moves the pointer to (x, y) and waits until both other views drew an exact frame (or 2 s);
 * returns the slower one's delay in ms (-1: none came). */
static double brush_move(Linked *l, int x, int y) {
    for (guint i = 1; i < 3; i++) {
        l[i].exact_at_move = pk_plot_view_get_n_exact_frames(l[i].view);
        l[i].updated_us = 0;
    }
    gint64 moved = g_get_monotonic_time();
    pointer_move(x, y);
    gint64 end = moved + 2000000;
    while ((l[1].updated_us == 0 || l[2].updated_us == 0) && g_get_monotonic_time() < end) {
        g_main_context_iteration(NULL, FALSE);
        g_usleep(200);
    }
    if (l[1].updated_us == 0 || l[2].updated_us == 0) {
        return -1;
    }
    return (double)(MAX(l[1].updated_us, l[2].updated_us) - moved) / 1000.0;
}

/* A box drawn in one view (Box tool, real pointer events) selects the same rows in the other
 * two at once; the selection reaches the source in the graph on release; Escape clears it
 * everywhere. With PIKA_BRUSH_LOG=path, each step's delay (pointer moved → both other views
 * drew their new exact frame) is appended to path ("brush <ms>"), for bench/ui-brush.sh. */
static void test_brush_links_views(void) {
    if ((!fake_pointer_open() && g_find_program_in_path("xdotool") == NULL) ||
        g_getenv("DISPLAY") == NULL) {
        g_test_skip("needs XTest or xdotool, and an X display");
        return;
    }
    Fixture f = {0};
    Linked l[3] = {{0}};
    brush_open(&f, l);
    pk_plot_view_set_tool(l[0].view, PK_PLOT_TOOL_BOX);
    int w = gtk_widget_get_width(GTK_WIDGET(l[0].view));
    int h = gtk_widget_get_height(GTK_WIDGET(l[0].view));
    graphene_point_t p;
    g_assert_true(gtk_widget_compute_point(GTK_WIDGET(l[0].view), f.window,
                                           &GRAPHENE_POINT_INIT(w * 0.3f, h * 0.3f), &p));
    pointer_move((int)p.x, (int)p.y);
    pump(100);
    pointer_button(1, TRUE);
    const char *log_path = g_getenv("PIKA_BRUSH_LOG");
    FILE *log = log_path != NULL && *log_path != '\0' ? fopen(log_path, "a") : NULL;
    const char *steps_env = g_getenv("PIKA_BRUSH_STEPS");
    int steps = steps_env != NULL ? atoi(steps_env) : 4;
    for (int i = 1; i <= steps; i++) {
        double ms =
            brush_move(l, (int)p.x + 8 + i * w / (3 * steps), (int)p.y + 8 + i * h / (3 * steps));
        g_assert_cmpfloat(ms, >=, 0);
        if (log != NULL) {
            fprintf(log, "brush %.3f\n", ms);
        }
        pump(50);
    }
    if (log != NULL) {
        fclose(log);
    }
    pointer_button(1, FALSE);
    brush_graph = f.graph, brush_source = f.source;
    g_assert_true(ui_wait_for(source_has_selection, NULL, 20000)); /* on release */
    g_assert_true(ui_wait_for(all_selected, l, 20000));
    gint64 n = pk_plot_view_get_n_selected(l[0].view);
    g_test_message("selected %" G_GINT64_FORMAT " rows", n);
    g_assert_cmpint(n, <, (gint64)n_rows());
    PkSelection sel = {0};
    g_assert_true(pk_graph_get_selection(f.graph, f.source, &sel));
    g_assert_cmpint(sel.kind, ==, PK_SELECTION_BOX);
    g_assert_cmpstr(sel.x_column, ==, "x");
    pk_selection_clear(&sel);
    ui_save_shot(f.window, "plot-view-brushed.png");
    gtk_widget_grab_focus(GTK_WIDGET(l[0].view));
    g_assert_true(xdotool("key Escape"));
    g_assert_true(ui_wait_for(none_selected, l, 20000));
    g_assert_false(pk_graph_get_selection(f.graph, f.source, &sel));
    fixture_close(&f);
}

/* Results of the views' workers ------------------------------------------------------------- */

typedef struct {
    GThread *ran_on;
    gboolean freed;
} Hop;

static gboolean hop_run(gpointer data) {
    ((Hop *)data)->ran_on = g_thread_self();
    return G_SOURCE_REMOVE;
}

static void hop_done(gpointer data) {
    ((Hop *)data)->freed = TRUE;
}

static gpointer hop_worker(gpointer data) {
    pk_app_run_on_main(hop_run, data, hop_done);
    return NULL;
}

static gboolean hop_delivered(gpointer data) {
    return ((Hop *)data)->freed;
}

/* A worker posts while the main thread is between main-loop iterations (as every test here
 * does while it waits): the function must still run on the main thread, at its next
 * iteration, not on the worker (g_main_context_invoke would run it there). */
static void test_results_reach_the_main_thread(void) {
    Hop hop = {0};
    g_thread_join(g_thread_new("hop", hop_worker, &hop));
    g_assert_null(hop.ran_on);
    g_assert_true(ui_wait_for(hop_delivered, &hop, 5000));
    g_assert_true(hop.ran_on == g_thread_self());
}

int main(int argc, char **argv) {
    g_setenv("GTK_A11Y", "none", TRUE);
    pk_app_tune_memory(); /* as pika-plot does, so frame times are the application's */
    pk_app_choose_renderer();
    gtk_test_init(&argc, &argv, NULL);
    pk_app_tune_display(gdk_display_get_default());
    g_test_add_func("/ui/plot-view/results-reach-the-main-thread",
                    test_results_reach_the_main_thread);
    g_test_add_func("/ui/plot-view/loads-and-draws-density", test_loads_and_draws_density);
    g_test_add_func("/ui/plot-view/pan-and-zoom-change-the-viewport",
                    test_pan_and_zoom_change_the_viewport);
    g_test_add_func("/ui/plot-view/pointer-drag-and-wheel", test_pointer_drag_and_wheel);
    g_test_add_func("/ui/plot-view/raw-marks-badge", test_raw_marks_badge);
    g_test_add_func("/ui/plot-view/brush-links-views", test_brush_links_views);
    return pk_test_run();
}
