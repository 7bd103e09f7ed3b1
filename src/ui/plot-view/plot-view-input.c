/* plot-view-input.c — how the plot view answers the pointer and keyboard.
 *
 *   drag (button 1)         pan: the viewport moves with the pointer, in axis space
 *   Shift + drag            box zoom: the rectangle becomes the viewport on release
 *   Ctrl + drag, or a drag with the Box or Lasso tool: a selection (plot-view-brush.c)
 *   Escape                  clears the selection
 *   wheel                   zoom around the pointer (1.15× per notch; smooth deltas scale)
 *   pinch                   zoom around the gesture's centre
 *   double click, Home      reset to the home viewport
 *   hover                   after 120 ms at rest, the worker fills the tooltip
 *                           (plot-view-hover.c); leaving the view clears it
 *
 * Categorical axes stay put. Each change moves the view at once (the previous frame is drawn
 * transformed) and queues a frame on the worker; 300 ms after the last change the viewport is
 * written to the node's "view" parameter. */
#include "plot-view-private.h"

#include <math.h>

#define COMMIT_DELAY_MS 300
#define HOVER_DELAY_MS 120
/* How long after a drag its focus waits for the exact frame. */
#define FOCUS_WAIT_MS 1000
#define WHEEL_STEP 1.15

typedef struct {
    double start[4]; /* viewport at the start of a drag or pinch */
    gboolean boxing, brushing;
    double px, py; /* last pointer position */
    double bx, by; /* box start */
    guint commit_id, hover_id;
    gboolean dragging;
    gint64 focus_until_us; /* a drag's focus, due with its exact frame (until then) */
} InputState;

static InputState *state_of(PkPlotView *view) {
    return g_object_get_data(G_OBJECT(view), "pika-input");
}

static gboolean commit_now(gpointer data) {
    PkPlotView *view = data;
    InputState *st = state_of(view);
    st->commit_id = 0;
    double v[4];
    pk_plot_view_get_view(view, v);
    pk_plot_view_commit_view(view, v, FALSE);
    return G_SOURCE_REMOVE;
}

/* Takes the keyboard focus (for Home and Escape) without scrolling the page to show the whole
 * view, as a viewport does for its focus child: a selection or a pan never moves the page. */
static void grab_focus_in_place(PkPlotView *view) {
    GtkWidget *viewport = gtk_widget_get_ancestor(GTK_WIDGET(view), GTK_TYPE_VIEWPORT);
    gboolean scrolls = viewport != NULL && gtk_viewport_get_scroll_to_focus(GTK_VIEWPORT(viewport));
    if (scrolls) {
        gtk_viewport_set_scroll_to_focus(GTK_VIEWPORT(viewport), FALSE);
    }
    gtk_widget_grab_focus(GTK_WIDGET(view));
    if (scrolls) {
        gtk_viewport_set_scroll_to_focus(GTK_VIEWPORT(viewport), TRUE);
    }
}

void pk_plot_view_input_frame_exact(PkPlotView *view) {
    InputState *st = state_of(view);
    if (st == NULL || st->focus_until_us == 0 || st->dragging) {
        return;
    }
    if (g_get_monotonic_time() < st->focus_until_us) {
        grab_focus_in_place(view);
    }
    st->focus_until_us = 0;
}

void pk_plot_view_input_changed(PkPlotView *view, const double v[4]) {
    InputState *st = state_of(view);
    pk_plot_view_move_to(view, v, TRUE);
    if (st == NULL) {
        return;
    }
    g_clear_handle_id(&st->commit_id, g_source_remove);
    st->commit_id = g_timeout_add(COMMIT_DELAY_MS, commit_now, view);
}

/* Every gesture maps each movable axis's range [lo, hi] (measured in the axis's own space:
 * log axes in decades) to [lo + f0 (hi - lo), lo + f1 (hi - lo)] for fractions f[axis] and
 * asks for that viewport. */
static void move_view(PkPlotView *view, const double from[4], const double f[2][2]) {
    gboolean on[2];
    PkScaleKind k[2];
    pk_plot_view_axes_interactive(view, &on[0], &on[1]);
    pk_plot_view_axis_scales(view, &k[0], &k[1]);
    double v[4];
    memcpy(v, from, sizeof v);
    for (guint i = 0; i < 2; i++) {
        if (!on[i]) {
            continue;
        }
        double lo = pk_plot_view_to_axis(k[i], from[2 * i]);
        double hi = pk_plot_view_to_axis(k[i], from[2 * i + 1]);
        v[2 * i] = pk_plot_view_from_axis(k[i], lo + f[i][0] * (hi - lo));
        v[2 * i + 1] = pk_plot_view_from_axis(k[i], lo + f[i][1] * (hi - lo));
    }
    pk_plot_view_input_changed(view, v);
}

/* Zooms from by factor (< 1: in) around the pixel (px, py) of the plot area. */
static void zoom_at(PkPlotView *view, const double from[4], double factor, double px, double py) {
    PkRect a;
    if (!pk_plot_view_plot_area(view, &a)) {
        return;
    }
    double fx = CLAMP((px - a.x) / a.width, 0, 1);
    double fy = CLAMP((a.y + a.height - py) / a.height, 0, 1);
    const double f[2][2] = {{fx * (1 - factor), fx + (1 - fx) * factor},
                            {fy * (1 - factor), fy + (1 - fy) * factor}};
    move_view(view, from, f);
}

/* Pans from by (dx, dy) pixels. */
static void pan_by(PkPlotView *view, const double from[4], double dx, double dy) {
    PkRect a;
    if (!pk_plot_view_plot_area(view, &a)) {
        return;
    }
    double sx = -dx / a.width, sy = dy / a.height;
    const double f[2][2] = {{sx, 1 + sx}, {sy, 1 + sy}};
    move_view(view, from, f);
}

/* The box (pixels) as a viewport. */
static void box_zoom(PkPlotView *view, double x0, double y0, double x1, double y1) {
    PkRect a;
    if (!pk_plot_view_plot_area(view, &a) || fabs(x1 - x0) < 4 || fabs(y1 - y0) < 4) {
        return;
    }
    double from[4];
    pk_plot_view_get_view(view, from);
    const double f[2][2] = {
        {CLAMP((MIN(x0, x1) - a.x) / a.width, 0, 1), CLAMP((MAX(x0, x1) - a.x) / a.width, 0, 1)},
        {CLAMP((a.y + a.height - MAX(y0, y1)) / a.height, 0, 1),
         CLAMP((a.y + a.height - MIN(y0, y1)) / a.height, 0, 1)}};
    move_view(view, from, f);
}

static void on_drag_begin(GtkGestureDrag *gesture, double x, double y, PkPlotView *view) {
    InputState *st = state_of(view);
    GdkModifierType mods =
        gtk_event_controller_get_current_event_state(GTK_EVENT_CONTROLLER(gesture));
    st->dragging = TRUE;
    st->brushing = pk_plot_view_brush_can_start(view, (mods & GDK_CONTROL_MASK) != 0);
    st->boxing = !st->brushing && (mods & GDK_SHIFT_MASK) != 0;
    st->bx = x, st->by = y;
    if (st->brushing) {
        pk_plot_view_brush_begin(view, x, y);
    }
    pk_plot_view_get_view(view, st->start);
    pk_plot_view_set_tooltip(view, NULL, 0, 0);
}

static void on_drag_update(GtkGestureDrag *gesture, double dx, double dy, PkPlotView *view) {
    (void)gesture;
    InputState *st = state_of(view);
    if (st->brushing) {
        pk_plot_view_brush_update(view, st->bx + dx, st->by + dy);
    } else if (st->boxing) {
        pk_plot_view_set_box(view, TRUE, st->bx, st->by, st->bx + dx, st->by + dy);
    } else {
        pan_by(view, st->start, dx, dy);
    }
}

static void on_drag_end(GtkGestureDrag *gesture, double dx, double dy, PkPlotView *view) {
    (void)gesture;
    InputState *st = state_of(view);
    st->dragging = FALSE;
    /* Focus (for Home and Escape) only after the drag, and without scrolling the page to show
     * the whole view (grab_focus_in_place): the plot stays under the pointer. And with the
     * exact frame of the drag's last viewport when one is on its way: the restyle
     * that focus causes then joins that frame, where alone it would take a frame of its own
     * and, as GTK paces frames 16.7 ms apart, delay the exact one. */
    if (!gtk_widget_has_focus(GTK_WIDGET(view))) {
        st->focus_until_us = g_get_monotonic_time() + FOCUS_WAIT_MS * 1000;
        if (pk_plot_view_is_exact(view)) {
            pk_plot_view_input_frame_exact(view);
        }
    }
    if (st->brushing) {
        pk_plot_view_brush_update(view, st->bx + dx, st->by + dy);
        pk_plot_view_brush_end(view);
        st->brushing = FALSE;
    } else if (st->boxing) {
        pk_plot_view_set_box(view, FALSE, 0, 0, 0, 0);
        box_zoom(view, st->bx, st->by, st->bx + dx, st->by + dy);
        st->boxing = FALSE;
    }
}

static gboolean on_scroll(GtkEventControllerScroll *controller, double dx, double dy,
                          PkPlotView *view) {
    (void)controller, (void)dx;
    InputState *st = state_of(view);
    double v[4];
    pk_plot_view_get_view(view, v);
    zoom_at(view, v, pow(WHEEL_STEP, dy), st->px, st->py);
    return TRUE;
}

static void on_pinch_begin(GtkGesture *gesture, GdkEventSequence *seq, PkPlotView *view) {
    (void)gesture, (void)seq;
    pk_plot_view_get_view(view, state_of(view)->start);
}

static void on_pinch(GtkGestureZoom *gesture, double scale, PkPlotView *view) {
    double cx = 0, cy = 0;
    gtk_gesture_get_bounding_box_center(GTK_GESTURE(gesture), &cx, &cy);
    if (scale > 0) {
        zoom_at(view, state_of(view)->start, 1.0 / scale, cx, cy);
    }
}

static void on_click(GtkGestureClick *gesture, int n_press, double x, double y, PkPlotView *view) {
    (void)gesture, (void)x, (void)y;
    if (n_press == 2) {
        pk_plot_view_reset(view);
    }
}

static void on_release(GtkGestureClick *gesture, int n_press, double x, double y,
                       PkPlotView *view) {
    InputState *st = state_of(view);
    GdkModifierType mods =
        gtk_event_controller_get_current_event_state(GTK_EVENT_CONTROLLER(gesture));
    if (n_press == 1 && fabs(x - st->bx) < 3 && fabs(y - st->by) < 3) {
        pk_plot_view_brush_click(view, x, y, (mods & GDK_CONTROL_MASK) != 0);
    }
}

static gboolean on_key(GtkEventControllerKey *controller, guint keyval, guint keycode,
                       GdkModifierType state, PkPlotView *view) {
    (void)controller, (void)keycode, (void)state;
    if (keyval == GDK_KEY_Home) {
        pk_plot_view_reset(view);
        return TRUE;
    }
    if (keyval == GDK_KEY_Escape) {
        return pk_plot_view_brush_clear(view);
    }
    return FALSE;
}

/* Hover ------------------------------------------------------------------------------------ */

static gboolean hover_now(gpointer data) {
    PkPlotView *view = data;
    InputState *st = state_of(view);
    st->hover_id = 0;
    PkViewScene *vs = pk_plot_view_get_scene(view);
    if (vs != NULL && !pk_plot_view_is_busy(view)) {
        pk_view_worker_pick(pk_plot_view_get_worker(view), vs, st->px, st->py);
    }
    return G_SOURCE_REMOVE;
}

static void on_motion(GtkEventControllerMotion *controller, double x, double y, PkPlotView *view) {
    InputState *st = state_of(view);
    st->px = x, st->py = y;
    g_clear_handle_id(&st->hover_id, g_source_remove);
    if (gtk_event_controller_get_current_event_state(GTK_EVENT_CONTROLLER(controller)) &
        GDK_BUTTON1_MASK) {
        return;
    }
    st->hover_id = g_timeout_add(HOVER_DELAY_MS, hover_now, view);
}

static void on_leave(GtkEventControllerMotion *controller, PkPlotView *view) {
    (void)controller;
    g_clear_handle_id(&state_of(view)->hover_id, g_source_remove);
    pk_plot_view_set_tooltip(view, NULL, 0, 0);
}

void pk_plot_view_take_pick(PkPlotView *view, const char *text, double x, double y) {
    InputState *st = state_of(view);
    if (text == NULL || fabs(st->px - x) > 3 || fabs(st->py - y) > 3) {
        pk_plot_view_set_tooltip(view, NULL, 0, 0);
        return;
    }
    pk_plot_view_set_tooltip(view, g_strdup(text), x, y);
    gtk_widget_trigger_tooltip_query(GTK_WIDGET(view));
}

static gboolean on_query_tooltip(GtkWidget *widget, int x, int y, gboolean keyboard,
                                 GtkTooltip *tooltip, gpointer data) {
    (void)widget, (void)keyboard, (void)data;
    PkPlotView *view = PK_PLOT_VIEW(widget);
    InputState *st = state_of(view);
    const char *text = pk_plot_view_get_tooltip(view);
    if (text == NULL || fabs(st->px - x) > 6 || fabs(st->py - y) > 6) {
        return FALSE;
    }
    gtk_tooltip_set_text(tooltip, text);
    return TRUE;
}

/* The "view" parameter ---------------------------------------------------------------------- */

static GVariant *range_variant(double lo, double hi) {
    GVariant *items[2] = {g_variant_new_variant(g_variant_new_double(lo)),
                          g_variant_new_variant(g_variant_new_double(hi))};
    return g_variant_new_array(G_VARIANT_TYPE_VARIANT, items, 2);
}

gboolean pk_plot_view_commit_view(PkPlotView *view, const double v[4], gboolean reset) {
    PkGraph *graph = pk_plot_view_get_graph(view);
    PkNodeId node = pk_plot_view_get_node(view);
    g_autoptr(GVariant) params = pk_graph_get_params(graph, node);
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    GVariantIter iter;
    const char *key;
    GVariant *value;
    g_variant_iter_init(&iter, params);
    while (g_variant_iter_next(&iter, "{&sv}", &key, &value)) {
        if (g_strcmp0(key, "view") != 0) {
            g_variant_builder_add(&b, "{sv}", key, value);
        }
        g_variant_unref(value);
    }
    if (!reset) {
        GVariantBuilder vb;
        g_variant_builder_init(&vb, G_VARIANT_TYPE_VARDICT);
        g_variant_builder_add(&vb, "{sv}", "x", range_variant(v[0], v[1]));
        g_variant_builder_add(&vb, "{sv}", "y", range_variant(v[2], v[3]));
        g_variant_builder_add(&b, "{sv}", "view", g_variant_builder_end(&vb));
    }
    g_autoptr(GError) error = NULL;
    if (!pk_graph_set_params(graph, node, g_variant_builder_end(&b), &error)) {
        g_debug("plot view: the view is not saved yet (%s); trying again", error->message);
        InputState *st = state_of(view);
        if (!reset && st->commit_id == 0) {
            st->commit_id = g_timeout_add(COMMIT_DELAY_MS * 2, commit_now, view);
        }
        return FALSE;
    }
    return TRUE;
}

static gboolean read_number(GVariant *v, double *out) {
    g_autoptr(GVariant) inner = g_variant_is_of_type(v, G_VARIANT_TYPE_VARIANT)
                                    ? g_variant_get_variant(v)
                                    : g_variant_ref(v);
    if (g_variant_is_of_type(inner, G_VARIANT_TYPE_DOUBLE)) {
        *out = g_variant_get_double(inner);
    } else if (g_variant_is_of_type(inner, G_VARIANT_TYPE_INT64)) {
        *out = (double)g_variant_get_int64(inner);
    } else if (g_variant_is_of_type(inner, G_VARIANT_TYPE_INT32)) {
        *out = g_variant_get_int32(inner);
    } else {
        return FALSE;
    }
    return isfinite(*out);
}

static gboolean read_range(GVariant *dict, const char *key, double *lo, double *hi) {
    g_autoptr(GVariant) arr = g_variant_lookup_value(dict, key, NULL);
    if (arr != NULL && g_variant_is_of_type(arr, G_VARIANT_TYPE_VARIANT)) {
        GVariant *inner = g_variant_get_variant(arr);
        g_variant_unref(arr);
        arr = inner;
    }
    if (arr == NULL || !g_variant_is_container(arr) || g_variant_n_children(arr) != 2) {
        return FALSE;
    }
    g_autoptr(GVariant) a = g_variant_get_child_value(arr, 0);
    g_autoptr(GVariant) b = g_variant_get_child_value(arr, 1);
    return read_number(a, lo) && read_number(b, hi) && *lo < *hi;
}

gboolean pk_plot_view_read_view_param(GVariant *params, double out[4]) {
    g_autoptr(GVariant) dict = params != NULL ? pk_params_get_child(params, "view") : NULL;
    double v[4];
    if (dict == NULL || !g_variant_is_of_type(dict, G_VARIANT_TYPE_VARDICT) ||
        !read_range(dict, "x", &v[0], &v[1]) || !read_range(dict, "y", &v[2], &v[3])) {
        return FALSE;
    }
    memcpy(out, v, sizeof v);
    return TRUE;
}

static void input_state_free(gpointer data) {
    InputState *st = data;
    g_clear_handle_id(&st->commit_id, g_source_remove);
    g_clear_handle_id(&st->hover_id, g_source_remove);
    g_free(st);
}

void pk_plot_view_input_init(PkPlotView *view) {
    GtkWidget *w = GTK_WIDGET(view);
    g_object_set_data_full(G_OBJECT(view), "pika-input", g_new0(InputState, 1), input_state_free);
    GtkGesture *drag = gtk_gesture_drag_new();
    gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(drag), GDK_BUTTON_PRIMARY);
    g_signal_connect(drag, "drag-begin", G_CALLBACK(on_drag_begin), view);
    g_signal_connect(drag, "drag-update", G_CALLBACK(on_drag_update), view);
    g_signal_connect(drag, "drag-end", G_CALLBACK(on_drag_end), view);
    gtk_widget_add_controller(w, GTK_EVENT_CONTROLLER(drag));
    GtkEventController *scroll =
        gtk_event_controller_scroll_new(GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
    g_signal_connect(scroll, "scroll", G_CALLBACK(on_scroll), view);
    gtk_widget_add_controller(w, scroll);
    GtkGesture *pinch = gtk_gesture_zoom_new();
    g_signal_connect(pinch, "begin", G_CALLBACK(on_pinch_begin), view);
    g_signal_connect(pinch, "scale-changed", G_CALLBACK(on_pinch), view);
    gtk_widget_add_controller(w, GTK_EVENT_CONTROLLER(pinch));
    GtkGesture *click = gtk_gesture_click_new();
    g_signal_connect(click, "pressed", G_CALLBACK(on_click), view);
    g_signal_connect(click, "released", G_CALLBACK(on_release), view);
    gtk_widget_add_controller(w, GTK_EVENT_CONTROLLER(click));
    GtkEventController *key = gtk_event_controller_key_new();
    g_signal_connect(key, "key-pressed", G_CALLBACK(on_key), view);
    gtk_widget_add_controller(w, key);
    GtkEventController *motion = gtk_event_controller_motion_new();
    g_signal_connect(motion, "motion", G_CALLBACK(on_motion), view);
    g_signal_connect(motion, "leave", G_CALLBACK(on_leave), view);
    gtk_widget_add_controller(w, motion);
    gtk_widget_set_has_tooltip(w, TRUE);
    g_signal_connect(w, "query-tooltip", G_CALLBACK(on_query_tooltip), NULL);
}
