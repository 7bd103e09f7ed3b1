/* plot-view.c — PkPlotView: a plot node's picture, interactive (see plot-view.h).
 *
 * State (main thread only):
 *   view[4]        the viewport shown now; changed by gestures at once
 *   frame          the last exact frame from the worker: its scene (PkViewScene), the
 *                  viewport it was made for (frame_view) and its pictures (images: the
 *                  whole frame, its plot area and its legend strip as textures)
 *   home[4]        what reset returns to
 *
 * Drawing (snapshot): when view == frame_view and the size is the frame's, the texture is the
 * whole picture (an exact frame). Otherwise the previous frame is drawn transformed
 * (plot-view-frame.c): the chrome (background, grid, axes, labels) is drawn live by
 * pk_render_draw from a shallow copy of the frame's scene with the new ranges and its data
 * layers emptied (layout depends only on the scene's flags and labels, so the plot area stays
 * put), only where the old plot area does not cover the widget; the old plot area is one
 * texture node placed where the old viewport lies in the new one; the legend strip comes from
 * the frame. Every frame therefore has a picture, and axes follow the pointer.
 *
 * Frame log (PIKA_FRAME_LOG=path, frame-timer.h): the kinds of frame are transformed,
 * exact-fresh (first frame of a new exact scene), exact and empty; each exact frame the worker
 * delivers adds "worker <ms since pointer event> <prepare and render ms>". */
#include "draw-util.h"
#include "frame-timer.h"
#include "pika/error.h"
#include "pika/render.h"
#include "plot-view-private.h"

#include <adwaita.h>
#include <math.h>

struct _PkPlotView {
    GtkWidget parent;
    PkController *ctl; /* borrowed: outlives the view */
    PkGraph *graph;
    PkNodeId node;
    PkDb *db;
    PkCompute *compute;
    PkViewWorker *worker;
    GtkWidget *overlay, *badge;
    GtkWidget *tools; /* top-left: selection tools and the selection chip */

    PkPlotSpec spec;
    char *sql, *selected_sql;
    gboolean loaded;
    char *message; /* shown instead of a picture (loading, errors) */
    double view[4], home[4];
    PkScaleKind x_scale, y_scale;
    guint64 n_rows;

    PkViewScene *frame;
    double frame_view[4];
    PkViewImages images; /* its pictures */
    gboolean fresh;
    guint n_exact;
    gint64 exact_drawn_us; /* when the last new exact frame was drawn (monotonic clock) */
    char *badge_text;
    char *measured_title; /* the title title_width was measured for */
    gboolean failed;      /* the recipe cannot be drawn now: message over a greyed frame */
    double title_width;

    gboolean box_shown;
    double box[4];
    char *tooltip;
    double tooltip_x, tooltip_y;

    PkFrameTimer frames;
};

G_DEFINE_TYPE(PkPlotView, pk_plot_view, GTK_TYPE_WIDGET)

enum { SIGNAL_FRAME, SIGNAL_MESSAGE, N_SIGNALS };
static guint signals[N_SIGNALS];

PkViewScene *pk_view_scene_ref(PkViewScene *vs) {
    if (vs != NULL) {
        g_atomic_int_inc(&vs->ref);
    }
    return vs;
}

void pk_view_scene_unref(PkViewScene *vs) {
    if (vs != NULL && g_atomic_int_dec_and_test(&vs->ref)) {
        pk_scene_free(vs->scene);
        g_free(vs);
    }
}

double pk_plot_view_to_axis(PkScaleKind scale, double v) {
    return scale == PK_SCALE_LOG ? log10(v) : v;
}

double pk_plot_view_from_axis(PkScaleKind scale, double a) {
    return scale == PK_SCALE_LOG ? pow(10, a) : a;
}

static void draw_message(PkPlotView *self, GtkSnapshot *snapshot, double w, double h) {
    cairo_t *cr = gtk_snapshot_append_cairo(snapshot, &GRAPHENE_RECT_INIT(0, 0, w, h));
    PangoLayout *layout = gtk_widget_create_pango_layout(GTK_WIDGET(self), self->message);
    pango_layout_set_width(layout, (int)MAX(w - 40, 10) * PANGO_SCALE);
    pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
    int lw = 0, lh = 0;
    pango_layout_get_pixel_size(layout, &lw, &lh);
    GdkRGBA color;
    gtk_style_context_get_color(gtk_widget_get_style_context(GTK_WIDGET(self)), &color);
    gdk_cairo_set_source_rgba(cr, &color);
    cairo_move_to(cr, 20, (h - lh) / 2);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
    cairo_destroy(cr);
}

static gboolean same_view(const double a[4], const double b[4]) {
    return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3];
}

static void draw_box(PkPlotView *self, GtkSnapshot *snapshot) {
    graphene_rect_t r =
        GRAPHENE_RECT_INIT(MIN(self->box[0], self->box[2]), MIN(self->box[1], self->box[3]),
                           fabs(self->box[2] - self->box[0]), fabs(self->box[3] - self->box[1]));
    GdkRGBA fill = {0.2, 0.45, 0.9, 0.18}, edge = {0.2, 0.45, 0.9, 0.9};
    gtk_snapshot_append_color(snapshot, &fill, &r);
    GskRoundedRect rr;
    gsk_rounded_rect_init_from_rect(&rr, &r, 0);
    pk_snapshot_append_outline(snapshot, &rr, 1, &edge);
}

static void pk_plot_view_snapshot(GtkWidget *widget, GtkSnapshot *snapshot) {
    PkPlotView *self = PK_PLOT_VIEW(widget);
    gint64 t0 = g_get_monotonic_time();
    double w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
    const char *kind;
    self->images.cairo = pk_widget_draws_with_cairo(widget);
    if (self->frame == NULL || self->images.texture == NULL) {
        kind = "empty";
        draw_message(self, snapshot, w, h);
    } else if (self->failed) {
        kind = "failed";
        gtk_snapshot_push_opacity(snapshot, 0.15);
        pk_view_images_draw_exact(&self->images, snapshot, w, h);
        gtk_snapshot_pop(snapshot);
        draw_message(self, snapshot, w, h);
    } else if (same_view(self->view, self->frame_view) && self->frame->width == w &&
               self->frame->height == h) {
        kind = self->fresh ? "exact-fresh" : "exact";
        if (self->fresh) {
            self->exact_drawn_us = g_get_monotonic_time();
        }
        self->fresh = FALSE;
        pk_view_images_draw_exact(&self->images, snapshot, w, h);
    } else {
        kind = "transformed";
        pk_view_images_draw_transformed(&self->images, snapshot, self->frame, self->frame_view,
                                        self->view, w, h);
    }
    if (self->box_shown) {
        draw_box(self, snapshot);
    }
    pk_plot_view_brush_draw(self, snapshot);
    gtk_widget_snapshot_child(widget, self->overlay, snapshot);
    gtk_widget_snapshot_child(widget, self->tools, snapshot);
    pk_frame_timer_drawn(&self->frames, kind, t0);
}

/* Frame timing (frame-timer.h): every frame the view is drawn in is reported as "frame". */

static void on_frame(gpointer owner, const char *kind, double frame_ms) {
    g_signal_emit(owner, signals[SIGNAL_FRAME], 0, frame_ms, g_str_has_prefix(kind, "exact"));
}

static void pk_plot_view_realize(GtkWidget *widget) {
    GTK_WIDGET_CLASS(pk_plot_view_parent_class)->realize(widget);
    pk_frame_timer_attach(&PK_PLOT_VIEW(widget)->frames, widget);
}

static void pk_plot_view_unrealize(GtkWidget *widget) {
    pk_frame_timer_detach(&PK_PLOT_VIEW(widget)->frames);
    GTK_WIDGET_CLASS(pk_plot_view_parent_class)->unrealize(widget);
}

/* Requests ------------------------------------------------------------------------------- */

static void request_frame(PkPlotView *self) {
    double w = gtk_widget_get_width(GTK_WIDGET(self)), h = gtk_widget_get_height(GTK_WIDGET(self));
    if (!self->loaded || w < 2 || h < 2) {
        return;
    }
    pk_view_worker_prepare(self->worker, self->view, w, h,
                           gtk_widget_get_scale_factor(GTK_WIDGET(self)));
}

static void set_message(PkPlotView *self, const char *text) {
    g_free(self->message);
    self->message = g_strdup(text);
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

/* The plot cannot be shown as its recipe now says: the last picture stays only greyed out,
 * under the reason, until a new frame comes. */
static void show_failure(PkPlotView *self, const char *text) {
    self->failed = TRUE;
    set_message(self, text);
}

/* A message for the user: the window's toast (through the controller) and "message". */
static void tell(PkPlotView *self, const char *text, const char *path) {
    g_message("%s", text);
    pk_controller_toast_file(self->ctl, text, path);
    g_signal_emit(self, signals[SIGNAL_MESSAGE], 0, text);
}

void pk_plot_view_message(PkPlotView *self, const char *text) {
    tell(self, text, NULL);
}

/* The tools sit in the top-left corner and the badge in the top-right, beside the title, off
 * the data; in a narrow view the badge gives way (its text is ellipsized). */
static void pk_plot_view_size_allocate(GtkWidget *widget, int width, int height, int baseline) {
    PkPlotView *self = PK_PLOT_VIEW(widget);
    int tw = 0, th = 0;
    gtk_widget_measure(self->tools, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &tw, NULL, NULL);
    gtk_widget_measure(self->tools, GTK_ORIENTATION_VERTICAL, tw, NULL, &th, NULL, NULL);
    tw = MIN(tw, width);
    gtk_widget_allocate(self->tools, tw, th, baseline,
                        gsk_transform_translate(NULL, &GRAPHENE_POINT_INIT(4, 2)));
    int omin = 0, ow = 0, oh = 0;
    gtk_widget_measure(self->overlay, GTK_ORIENTATION_HORIZONTAL, -1, &omin, &ow, NULL, NULL);
    /* the title, centred over the plot area, keeps its place: the badge ends before it (its
     * text ellipsized), and hides when even that leaves it no room */
    PkRect area = {0, 0, width, height};
    pk_plot_view_plot_area(self, &area);
    if (g_strcmp0(self->measured_title, self->spec.title) != 0) {
        g_free(self->measured_title);
        self->measured_title = g_strdup(self->spec.title);
        self->title_width = pk_render_title_width(self->spec.title);
    }
    int room = width - 2 - (int)(area.x + area.width / 2 + self->title_width / 2 + 8);
    if (self->title_width <= 0) {
        room = width * 2 / 5;
    }
    ow = MAX(MIN(ow, MIN(width - tw - 16, room)), omin);
    gtk_widget_set_child_visible(self->overlay, room >= omin);
    gtk_widget_measure(self->overlay, GTK_ORIENTATION_VERTICAL, ow, NULL, &oh, NULL, NULL);
    double ox = MAX(width - ow - 2, 0), oy = 2;
    GskTransform *t = gsk_transform_translate(NULL, &GRAPHENE_POINT_INIT((float)ox, (float)oy));
    gtk_widget_allocate(self->overlay, ow, oh, baseline, t);
    if (self->frame == NULL || self->frame->width != width || self->frame->height != height) {
        request_frame(self);
    }
}

static void pk_plot_view_measure(GtkWidget *widget, GtkOrientation orientation, int for_size,
                                 int *min, int *nat, int *min_base, int *nat_base) {
    (void)widget, (void)for_size;
    *min = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 180;
    *nat = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 400;
    *min_base = *nat_base = -1;
}

/* Results from the worker ------------------------------------------------------------------ */

void pk_plot_view_take_loaded(PkPlotView *self, PkViewLoaded *loaded) {
    if (loaded->error != NULL) {
        g_autofree char *text =
            g_strdup_printf("Cannot show this plot: %s", loaded->error->message);
        show_failure(self, text);
        return;
    }
    self->loaded = TRUE;
    memcpy(self->home, loaded->home, sizeof self->home);
    self->x_scale = loaded->x_scale, self->y_scale = loaded->y_scale;
    self->n_rows = loaded->n_rows;
    g_autoptr(GVariant) params = pk_graph_get_params(self->graph, self->node);
    if (!pk_plot_view_read_view_param(params, self->view)) {
        memcpy(self->view, self->home, sizeof self->view);
    }
    set_message(self, "Aggregating…");
    request_frame(self);
}

static void update_badge(PkPlotView *self) {
    const PkScene *s = self->frame->scene;
    g_free(self->badge_text);
    if (g_strcmp0(s->mode, "density") == 0) {
        g_autofree char *n = pk_format_count(s->n_drawn);
        self->badge_text = g_strdup_printf("Density · %s points · %s", n, s->backend);
    } else if (g_strcmp0(s->mode, "points") == 0) {
        g_autofree char *n = pk_format_count(s->n_points);
        self->badge_text = g_strdup_printf("Raw · %s points", n);
    } else {
        self->badge_text = pk_scene_summary(s);
    }
    gtk_label_set_text(GTK_LABEL(self->badge), self->badge_text);
}

void pk_plot_view_take_frame(PkPlotView *self, PkViewScene *vs, const double v[4],
                             cairo_surface_t *image, double prepare_ms, GError *error) {
    if (error != NULL) {
        g_autofree char *text = g_strdup_printf("Cannot draw this plot: %s", error->message);
        show_failure(self, text);
        return;
    }
    self->failed = FALSE;
    gboolean had_frame = self->frame != NULL;
    pk_view_images_set(&self->images, vs, image);
    pk_view_scene_unref(self->frame);
    self->frame = pk_view_scene_ref(vs);
    memcpy(self->frame_view, v, sizeof self->frame_view);
    self->fresh = TRUE;
    self->n_exact++;
    g_debug("plot view: exact frame in %.1f ms", prepare_ms);
    if (self->frames.last_event_us > 0) {
        double since = (double)(g_get_monotonic_time() - self->frames.last_event_us) / 1000.0;
        pk_frame_timer_note(&self->frames, "worker %.3f %.3f", since, prepare_ms);
    }
    if (had_frame && !same_view(self->view, self->frame_view)) {
        /* A frame of a viewport the pointer has already left, while the current one is being
         * prepared: the next pointer move draws from it, but it is not drawn on its own. That
         * frame (and the badge's relayout) would take the frame slot that the exact frame of
         * the current viewport needs next, as GTK paces frames 16.7 ms apart. */
        return;
    }
    update_badge(self);
    pk_plot_view_brush_show_count(self, vs->scene);
    gtk_widget_queue_allocate(GTK_WIDGET(self));
    gtk_widget_queue_draw(GTK_WIDGET(self));
    pk_plot_view_input_frame_exact(self);
}

gboolean pk_plot_view_is_exact(PkPlotView *self) {
    return self->frame != NULL && same_view(self->view, self->frame_view);
}

void pk_plot_view_take_export(PkPlotView *self, const char *path, GError *error) {
    g_autofree char *text = error != NULL ? g_strdup_printf("Export failed: %s", error->message)
                                          : g_strdup_printf("Exported %s", path);
    tell(self, text, error == NULL ? path : NULL);
}

/* State shared with the input and menu files ----------------------------------------------- */

gboolean pk_plot_view_plot_area(PkPlotView *self, PkRect *out_area) {
    if (self->frame == NULL) {
        return FALSE;
    }
    PkScene chrome = pk_view_chrome_scene(self->frame->scene, self->view);
    pk_layout_plot_area(&chrome, gtk_widget_get_width(GTK_WIDGET(self)),
                        gtk_widget_get_height(GTK_WIDGET(self)), out_area);
    return TRUE;
}

void pk_plot_view_move_to(PkPlotView *self, const double v[4], gboolean from_pointer) {
    gboolean ok = isfinite(v[0]) && isfinite(v[1]) && isfinite(v[2]) && isfinite(v[3]) &&
                  v[0] < v[1] && v[2] < v[3] && (self->x_scale != PK_SCALE_LOG || v[0] > 0) &&
                  (self->y_scale != PK_SCALE_LOG || v[2] > 0);
    if (!ok || !self->loaded) {
        return;
    }
    if (from_pointer) {
        pk_frame_timer_event(&self->frames);
    }
    memcpy(self->view, v, sizeof self->view);
    gtk_widget_queue_draw(GTK_WIDGET(self));
    request_frame(self);
}

void pk_plot_view_get_view(PkPlotView *self, double out[4]) {
    memcpy(out, self->view, sizeof self->view);
}

void pk_plot_view_get_home(PkPlotView *self, double out[4]) {
    memcpy(out, self->home, sizeof self->home);
}

void pk_plot_view_axes_interactive(PkPlotView *self, gboolean *x, gboolean *y) {
    *x = self->loaded && self->x_scale != PK_SCALE_CATEGORICAL;
    *y = self->loaded && self->y_scale != PK_SCALE_CATEGORICAL;
}

void pk_plot_view_axis_scales(PkPlotView *self, PkScaleKind *x, PkScaleKind *y) {
    *x = self->x_scale, *y = self->y_scale;
}

void pk_plot_view_set_box(PkPlotView *self, gboolean shown, double x0, double y0, double x1,
                          double y1) {
    self->box_shown = shown;
    self->box[0] = x0, self->box[1] = y0, self->box[2] = x1, self->box[3] = y1;
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

PkViewScene *pk_plot_view_get_scene(PkPlotView *self) {
    return self->frame;
}

PkViewWorker *pk_plot_view_get_worker(PkPlotView *self) {
    return self->worker;
}

PkController *pk_plot_view_get_controller(PkPlotView *self) {
    return self->ctl;
}

PkGraph *pk_plot_view_get_graph(PkPlotView *self) {
    return self->graph;
}

PkDb *pk_plot_view_get_db(PkPlotView *self) {
    return self->db;
}

gsize pk_plot_view_get_n_rows(PkPlotView *self) {
    return self->loaded ? (gsize)self->n_rows : 0;
}

gboolean pk_plot_view_takes_rows(PkPlotView *self) {
    return self->loaded && self->spec.type != PK_PLOT_BAR && self->spec.type != PK_PLOT_BOX;
}

const PkPlotSpec *pk_plot_view_get_spec(PkPlotView *self) {
    return &self->spec;
}

void pk_plot_view_queue_rows(PkPlotView *self, PkRowSet *rows) {
    double w = gtk_widget_get_width(GTK_WIDGET(self)), h = gtk_widget_get_height(GTK_WIDGET(self));
    if (!self->loaded || w < 2 || h < 2) {
        return;
    }
    pk_view_worker_set_rows(self->worker, rows, self->view, w, h,
                            gtk_widget_get_scale_factor(GTK_WIDGET(self)));
}

const char *pk_plot_view_get_selected_sql(PkPlotView *self) {
    return self->selected_sql;
}

const char *pk_plot_view_get_sql(PkPlotView *self) {
    return self->sql;
}

const char *pk_plot_view_get_tooltip(PkPlotView *self) {
    return self->tooltip;
}

void pk_plot_view_set_tooltip(PkPlotView *self, char *text, double x, double y) {
    gboolean changed = g_strcmp0(text, self->tooltip) != 0;
    g_free(self->tooltip);
    self->tooltip = text;
    self->tooltip_x = x, self->tooltip_y = y;
    if (changed) {
        gtk_widget_queue_draw(GTK_WIDGET(self)); /* a frame: the window's state dump follows */
    }
}

/* Public API --------------------------------------------------------------------------------- */

PkNodeId pk_plot_view_get_node(PkPlotView *self) {
    g_return_val_if_fail(PK_IS_PLOT_VIEW(self), 0);
    return self->node;
}

/* Reads the node's spec and its input's relation; FALSE with a message when it cannot. */
static gboolean read_node(PkPlotView *self, PkPlotSpec *spec, char **sql, char **selected) {
    g_autoptr(GVariant) params = pk_graph_get_params(self->graph, self->node);
    g_autoptr(GVariant) dict = pk_params_get_child(params, "spec");
    g_autoptr(GError) error = NULL;
    pk_plot_spec_init(spec);
    if (dict == NULL || !pk_plot_spec_from_variant(dict, spec, &error)) {
        g_autofree char *text =
            g_strdup_printf("This plot has no valid spec%s%s", error != NULL ? ": " : "",
                            error != NULL ? error->message : "");
        show_failure(self, text);
        return FALSE;
    }
    PkNodeId input = pk_graph_get_input(self->graph, self->node, 0);
    g_autoptr(PkGraphValue) value = input != 0 ? pk_graph_get_value(self->graph, input) : NULL;
    if (value == NULL || pk_graph_value_type(value) != PK_PORT_TABLE) {
        show_failure(self,
                     input == 0 ? "Choose this plot's input" : "Run the plot's input to see it");
        return FALSE;
    }
    *sql = g_strdup(pk_graph_value_sql(value, FALSE));
    *selected = g_strdup(pk_graph_value_sql(value, TRUE));
    return TRUE;
}

static gboolean spec_equal(const PkPlotSpec *a, const PkPlotSpec *b) {
    g_autoptr(GVariant) va = g_variant_ref_sink(pk_plot_spec_to_variant(a));
    g_autoptr(GVariant) vb = g_variant_ref_sink(pk_plot_spec_to_variant(b));
    return g_variant_equal(va, vb);
}

void pk_plot_view_refresh(PkPlotView *self) {
    g_return_if_fail(PK_IS_PLOT_VIEW(self));
    PkPlotSpec spec;
    char *sql = NULL, *selected = NULL;
    if (!read_node(self, &spec, &sql, &selected)) {
        pk_plot_spec_clear(&spec);
        self->loaded = FALSE;
        return;
    }
    gboolean same =
        self->sql != NULL && g_strcmp0(sql, self->sql) == 0 && spec_equal(&spec, &self->spec);
    if (same && (g_strcmp0(selected, self->selected_sql) == 0 || pk_plot_view_brush_covers(self))) {
        /* only "view" changed, or the selection this view already shows from a brush */
        g_free(self->selected_sql), self->selected_sql = selected;
        g_free(sql), pk_plot_spec_clear(&spec);
        return;
    }
    pk_plot_view_brush_forget(self);
    pk_plot_spec_clear(&self->spec);
    self->spec = spec;
    g_free(self->sql), self->sql = sql;
    g_free(self->selected_sql), self->selected_sql = selected;
    self->loaded = FALSE;
    set_message(self, "Loading…");
    double w = MAX(gtk_widget_get_width(GTK_WIDGET(self)), 640);
    double h = MAX(gtk_widget_get_height(GTK_WIDGET(self)), 400);
    /* An untitled plot keeps its title's band, empty, on screen: the tools and the badge sit
     * there instead of over the top of the axis and the legend. */
    PkPlotSpec shown;
    pk_plot_spec_copy(&shown, &self->spec);
    if (shown.title == NULL) {
        shown.title = g_strdup("");
    }
    pk_view_worker_load(self->worker, &shown, self->sql, self->selected_sql, w, h, 1.0);
    pk_plot_spec_clear(&shown);
}

gboolean pk_plot_view_get_viewport(PkPlotView *self, double *x0, double *x1, double *y0,
                                   double *y1) {
    g_return_val_if_fail(PK_IS_PLOT_VIEW(self), FALSE);
    if (!self->loaded) {
        return FALSE;
    }
    double *out[4] = {x0, x1, y0, y1};
    for (guint i = 0; i < 4; i++) {
        if (out[i] != NULL) {
            *out[i] = self->view[i];
        }
    }
    return TRUE;
}

void pk_plot_view_set_viewport(PkPlotView *self, double x0, double x1, double y0, double y1) {
    g_return_if_fail(PK_IS_PLOT_VIEW(self));
    const double v[4] = {x0, x1, y0, y1};
    pk_plot_view_input_changed(self, v);
}

void pk_plot_view_reset(PkPlotView *self) {
    g_return_if_fail(PK_IS_PLOT_VIEW(self));
    if (!self->loaded) {
        return;
    }
    pk_plot_view_move_to(self, self->home, FALSE);
    pk_plot_view_commit_view(self, self->home, TRUE);
}

double pk_plot_view_get_frame_ms(PkPlotView *self) {
    g_return_val_if_fail(PK_IS_PLOT_VIEW(self), 0);
    return self->frames.frame_ms;
}

guint pk_plot_view_get_n_exact_frames(PkPlotView *self) {
    g_return_val_if_fail(PK_IS_PLOT_VIEW(self), 0);
    return self->n_exact;
}

gint64 pk_plot_view_get_exact_drawn_us(PkPlotView *self) {
    g_return_val_if_fail(PK_IS_PLOT_VIEW(self), 0);
    return self->exact_drawn_us;
}

gboolean pk_plot_view_is_busy(PkPlotView *self) {
    g_return_val_if_fail(PK_IS_PLOT_VIEW(self), FALSE);
    return pk_view_worker_is_busy(self->worker) ||
           (self->loaded && (self->frame == NULL || !same_view(self->view, self->frame_view)));
}

gint64 pk_plot_view_get_n_selected(PkPlotView *self) {
    g_return_val_if_fail(PK_IS_PLOT_VIEW(self), -1);
    const PkScene *s = self->frame != NULL ? self->frame->scene : NULL;
    return s != NULL && s->has_selection ? (gint64)s->n_selected : -1;
}

const char *pk_plot_view_get_hover_text(PkPlotView *self) {
    g_return_val_if_fail(PK_IS_PLOT_VIEW(self), NULL);
    return self->tooltip;
}

gboolean pk_plot_view_get_brush_bounds(PkPlotView *self, double *x0, double *y0, double *x1,
                                       double *y1) {
    g_return_val_if_fail(PK_IS_PLOT_VIEW(self), FALSE);
    double b[4];
    if (!pk_plot_view_brush_bounds(self, b)) {
        return FALSE;
    }
    *x0 = b[0], *y0 = b[1], *x1 = b[2], *y1 = b[3];
    return TRUE;
}

/* The colour legend's rows shown: each one's name and a point inside it (the middle of its
 * swatch, across; its middle, down), from the rows the drawing and the hit test use. */
static void dump_legend(PkPlotView *self, JsonBuilder *b) {
    json_builder_set_member_name(b, "legend");
    json_builder_begin_array(b);
    const PkViewScene *vs = self->frame;
    PkLegendLayout lg = {0};
    if (vs != NULL) {
        pk_layout_legend(vs->scene, vs->width, vs->height, &lg);
    }
    for (guint i = 0; i < lg.n_rows; i++) {
        const PkRect *r = &lg.rows[i];
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, vs->scene->color_categories[i]);
        json_builder_set_member_name(b, "x");
        json_builder_add_double_value(b, r->x + 6);
        json_builder_set_member_name(b, "y");
        json_builder_add_double_value(b, r->y + r->height / 2);
        json_builder_end_object(b);
    }
    pk_layout_legend_clear(&lg);
    json_builder_end_array(b);
}

void pk_plot_view_dump(PkPlotView *self, JsonBuilder *b) {
    g_return_if_fail(PK_IS_PLOT_VIEW(self));
    double r[4];
    json_builder_set_member_name(b, "brush");
    if (pk_plot_view_brush_bounds(self, r)) {
        json_builder_begin_array(b);
        for (guint k = 0; k < 4; k++) {
            json_builder_add_double_value(b, r[k]);
        }
        json_builder_end_array(b);
    } else {
        json_builder_add_null_value(b);
    }
    json_builder_set_member_name(b, "tooltip");
    if (self->tooltip != NULL) {
        json_builder_add_string_value(b, self->tooltip);
    } else {
        json_builder_add_null_value(b);
    }
    json_builder_set_member_name(b, "area");
    PkRect a;
    if (pk_plot_view_plot_area(self, &a)) {
        json_builder_begin_array(b);
        json_builder_add_double_value(b, a.x);
        json_builder_add_double_value(b, a.y);
        json_builder_add_double_value(b, a.width);
        json_builder_add_double_value(b, a.height);
        json_builder_end_array(b);
    } else {
        json_builder_add_null_value(b);
    }
    dump_legend(self, b);
}

const char *pk_plot_view_get_badge(PkPlotView *self) {
    g_return_val_if_fail(PK_IS_PLOT_VIEW(self), NULL);
    return self->badge_text;
}

gboolean pk_plot_view_export_image(PkPlotView *self, const char *path, double width, double height,
                                   double scale, GError **error) {
    g_return_val_if_fail(PK_IS_PLOT_VIEW(self) && path != NULL, FALSE);
    PkExportFormat format;
    if (!pk_export_format_from_path(path, &format, error)) {
        return FALSE;
    }
    if (self->frame == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "the plot has no picture yet");
        return FALSE;
    }
    return pk_render_export(self->frame->scene, path, format, width, height, scale, error);
}

/* GObject ---------------------------------------------------------------------------------- */

static void pk_plot_view_dispose(GObject *object) {
    PkPlotView *self = PK_PLOT_VIEW(object);
    pk_plot_view_brush_dispose(self);
    g_clear_pointer(&self->worker, pk_view_worker_detach);
    g_clear_pointer(&self->overlay, gtk_widget_unparent);
    g_clear_pointer(&self->tools, gtk_widget_unparent);
    g_clear_pointer(&self->frame, pk_view_scene_unref);
    pk_view_images_clear(&self->images);
    G_OBJECT_CLASS(pk_plot_view_parent_class)->dispose(object);
}

static void pk_plot_view_finalize(GObject *object) {
    PkPlotView *self = PK_PLOT_VIEW(object);
    pk_plot_spec_clear(&self->spec);
    g_free(self->sql);
    g_free(self->selected_sql);
    g_free(self->message);
    g_free(self->badge_text);
    g_free(self->measured_title);
    g_free(self->tooltip);
    pk_frame_timer_clear(&self->frames);
    G_OBJECT_CLASS(pk_plot_view_parent_class)->finalize(object);
}

static void pk_plot_view_class_init(PkPlotViewClass *klass) {
    GObjectClass *object_class = G_OBJECT_CLASS(klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
    object_class->dispose = pk_plot_view_dispose;
    object_class->finalize = pk_plot_view_finalize;
    widget_class->snapshot = pk_plot_view_snapshot;
    widget_class->size_allocate = pk_plot_view_size_allocate;
    widget_class->measure = pk_plot_view_measure;
    widget_class->realize = pk_plot_view_realize;
    widget_class->unrealize = pk_plot_view_unrealize;
    signals[SIGNAL_FRAME] =
        g_signal_new("frame", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                     G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_BOOLEAN);
    signals[SIGNAL_MESSAGE] = g_signal_new("message", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
    gtk_widget_class_set_css_name(widget_class, "pika-plot-view");
    pk_plot_view_menu_class_init(widget_class);
}

static void pk_plot_view_init(PkPlotView *self) {
    pk_plot_spec_init(&self->spec);
    self->message = g_strdup("Loading…");
    gtk_widget_set_focusable(GTK_WIDGET(self), TRUE);
    gtk_widget_set_overflow(GTK_WIDGET(self), GTK_OVERFLOW_HIDDEN);
    pk_frame_timer_init(&self->frames, on_frame, self);
}

static GtkWidget *overlay_new(PkPlotView *self) {
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 4);
    gtk_widget_add_css_class(box, "pk-plot-badge");
    self->badge = gtk_label_new("");
    gtk_label_set_ellipsize(GTK_LABEL(self->badge), PANGO_ELLIPSIZE_MIDDLE);
    gtk_widget_add_css_class(self->badge, "caption");
    gtk_widget_set_margin_start(self->badge, 6);
    gtk_box_append(GTK_BOX(box), self->badge);
    gtk_box_append(GTK_BOX(box), pk_plot_view_menu_new(self));
    return box;
}

/* Plots follow the window's light or dark style (the spec's theme is for `pika run`). */
static void follow_style(AdwStyleManager *style, GParamSpec *pspec, PkPlotView *self) {
    (void)pspec;
    pk_view_worker_set_theme(self->worker,
                             adw_style_manager_get_dark(style) ? PK_THEME_DARK : PK_THEME_LIGHT);
    if (pspec != NULL) {
        request_frame(self); /* the same view in the new colours */
    }
}

GtkWidget *pk_plot_view_new(PkController *ctl, PkNodeId plot) {
    g_return_val_if_fail(PK_IS_CONTROLLER(ctl), NULL);
    g_return_val_if_fail(pk_controller_get_compute(ctl) != NULL, NULL);
    PkPlotView *self = g_object_new(PK_TYPE_PLOT_VIEW, NULL);
    self->ctl = ctl;
    self->graph = pk_controller_get_graph(ctl), self->node = plot;
    self->db = pk_controller_get_db(ctl), self->compute = pk_controller_get_compute(ctl);
    self->worker = pk_view_worker_new(self, self->db, self->compute);
    AdwStyleManager *style = adw_style_manager_get_default();
    follow_style(style, NULL, self);
    g_signal_connect_object(style, "notify::dark", G_CALLBACK(follow_style), self, 0);
    self->overlay = overlay_new(self);
    gtk_widget_set_parent(self->overlay, GTK_WIDGET(self));
    self->tools = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    pk_plot_view_brush_init(self, self->tools);
    gtk_widget_set_parent(self->tools, GTK_WIDGET(self));
    pk_plot_view_input_init(self);
    pk_plot_view_refresh(self);
    return GTK_WIDGET(self);
}
