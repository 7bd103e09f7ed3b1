/* plot-view-brush.c — linked brushing in the plot view.
 *
 *   Ctrl + drag, or drag with the Box tool     select the rows in a box (scatter, heatmap);
 *                                              an interval of x (histogram, line)
 *   drag with the Lasso tool                   select the rows inside the drawn outline
 *   a click on a bar (bar chart) or on a       select that category (Ctrl+click adds or
 *   colour legend's row                        removes one)
 *   a click with a selection tool, Escape,     clear the selection
 *   or the chip's ✕
 *
 * While the pointer moves, the view's worker turns the shape into a row set over its session
 * (pk_plot_session_brush) and every linked view takes it (pk_plot_session_set_selected_rows)
 * and draws its selected plane from memory. Views are linked when their plot nodes read
 * straight from the same source node and hold the same number of rows: their sessions then
 * hold that source's rows in its order. When the pointer is released, the selection is set on
 * the source in the graph (pk_graph_set_selection), which saves it with the workspace and
 * gives every other view downstream (through queries, in tables) its selected relation.
 * A linked view that already shows the rows of that selection keeps its session when the graph
 * hands it the new selected relation (pk_plot_view_brush_covers).
 *
 * After release the shape stays drawn: every view draws its source's selection when it is a box,
 * interval or lasso over the view's own x (and y) columns, in data units, so it pans and zooms
 * with the view and goes when the selection is cleared or replaced (update_shape). A click,
 * Ctrl held or not, is the click gesture's (pk_plot_view_brush_click): a drag that did not move
 * selects nothing, so a Ctrl+click on a legend row adds that category to the selection.
 *
 * Main thread only. */
#include "cell.h"
#include "notebook.h"
#include "plot-view-private.h"

#include <math.h>

#define LASSO_MIN_STEP_PX 3.0
#define LASSO_MAX_VERTICES 512
#define CLICK_PX 3.0

typedef struct {
    PkPlotTool tool;
    gboolean active;
    PkPlotBrushKind kind;       /* of the shape being drawn */
    GArray *points;             /* the shape in widget pixels: (x, y) pairs */
    guint serial, final_serial; /* last brush sent; the one sent at release (0: none) */
    PkRowSet *rows;             /* the selected rows this view shows from a brush */
    char *key;                  /* their selection (pk_selection_sql; "" = none), or NULL */
    GtkWidget *chip, *chip_label;
    GtkWidget *tool_menu; /* GtkDropDown: Pan, Box select, Lasso */
    PkSelection shape;    /* the source's selection as drawn over this plot (kind BOX,
                           * INTERVAL or POLYGON over its x and y columns) */
    gboolean has_shape;
} BrushState;

/* Every live plot view, for linking (main thread only). */
static GPtrArray *live_views;

static BrushState *state_of(PkPlotView *view) {
    return g_object_get_data(G_OBJECT(view), "pika-brush");
}

/* Linking ----------------------------------------------------------------------------------- */

/* The source node the view's plot reads straight from, or 0. */
static PkNodeId direct_source(PkPlotView *view) {
    PkGraph *graph = pk_plot_view_get_graph(view);
    PkNodeId node = pk_plot_view_get_node(view);
    if (!pk_graph_has_node(graph, node)) {
        return 0;
    }
    PkNodeId input = pk_graph_get_input(graph, node, 0);
    return input != 0 && pk_graph_get_kind(graph, input) == PK_NODE_SOURCE ? input : 0;
}

/* The views that take rows made by self (self first), or only self when it is not linked. */
static GPtrArray *linked_views(PkPlotView *self, gsize n_rows) {
    GPtrArray *out = g_ptr_array_new();
    g_ptr_array_add(out, self);
    PkNodeId source = direct_source(self);
    for (guint i = 0; source != 0 && live_views != NULL && i < live_views->len; i++) {
        PkPlotView *v = live_views->pdata[i];
        if (v != self && pk_plot_view_get_graph(v) == pk_plot_view_get_graph(self) &&
            direct_source(v) == source && pk_plot_view_get_n_rows(v) == n_rows &&
            pk_plot_view_takes_rows(v)) {
            g_ptr_array_add(out, v);
        }
    }
    return out;
}

/* The selection of the source the view reads from, as its key ("" without one). */
static char *source_key(PkPlotView *view) {
    PkGraph *graph = pk_plot_view_get_graph(view);
    PkNodeId source = pk_graph_get_source_of(graph, pk_plot_view_get_node(view));
    PkSelection sel = {0};
    if (source == 0 || !pk_graph_get_selection(graph, source, &sel)) {
        return g_strdup("");
    }
    char *key = pk_selection_sql(&sel);
    pk_selection_clear(&sel);
    return key;
}

gboolean pk_plot_view_brush_covers(PkPlotView *view) {
    BrushState *st = state_of(view);
    if (st == NULL || st->key == NULL) {
        return FALSE;
    }
    g_autofree char *key = source_key(view);
    return strcmp(key, st->key) == 0;
}

void pk_plot_view_brush_forget(PkPlotView *view) {
    BrushState *st = state_of(view);
    if (st != NULL) {
        g_clear_pointer(&st->rows, pk_row_set_unref);
        g_clear_pointer(&st->key, g_free);
    }
}

/* rows (NULL: none) become the view's selected rows; key: the selection they are. */
static void apply_rows(PkPlotView *view, PkRowSet *rows, const char *key) {
    BrushState *st = state_of(view);
    g_clear_pointer(&st->rows, pk_row_set_unref);
    st->rows = rows != NULL ? pk_row_set_ref(rows) : NULL;
    g_free(st->key);
    st->key = g_strdup(key);
    if (key == NULL && st->has_shape) { /* a brush on its way: the old shape is not the rows */
        pk_selection_clear(&st->shape);
        st->has_shape = FALSE;
        gtk_widget_queue_draw(GTK_WIDGET(view));
    }
    pk_plot_view_queue_rows(view, rows);
}

static void broadcast(PkPlotView *self, PkRowSet *rows, const char *key) {
    gsize n = rows != NULL ? pk_row_set_get_n_rows(rows) : pk_plot_view_get_n_rows(self);
    g_autoptr(GPtrArray) views = linked_views(self, n);
    if (direct_source(self) == 0) {
        key = NULL; /* its rows are not the source's: the graph's answer replaces them */
    }
    for (guint i = 0; i < views->len; i++) {
        apply_rows(views->pdata[i], rows, key);
    }
}

/* The graph --------------------------------------------------------------------------------- */

static void update_shape(PkPlotView *view);

/* Sets (sel non-NULL) or clears the selection of the view's source through the controller,
 * which re-runs what depends on it. */
static gboolean commit(PkPlotView *view, const PkSelection *sel) {
    g_autoptr(GError) error = NULL;
    gboolean ok = pk_controller_set_selection(pk_plot_view_get_controller(view),
                                              pk_plot_view_get_node(view), sel, &error);
    if (!ok) {
        g_autofree char *text = g_strdup_printf("The selection was not kept: %s", error->message);
        pk_plot_view_message(view, text);
    }
    update_shape(view);
    return ok;
}

/* Shapes ------------------------------------------------------------------------------------ */

/* A widget pixel in data units; FALSE before the first frame. */
static gboolean to_data(PkPlotView *view, double px, double py, double *x, double *y) {
    PkRect a;
    if (!pk_plot_view_plot_area(view, &a)) {
        return FALSE;
    }
    double v[4];
    PkScaleKind k[2];
    pk_plot_view_get_view(view, v);
    pk_plot_view_axis_scales(view, &k[0], &k[1]);
    double fx = (px - a.x) / a.width, fy = (a.y + a.height - py) / a.height;
    double x0 = pk_plot_view_to_axis(k[0], v[0]), x1 = pk_plot_view_to_axis(k[0], v[1]);
    double y0 = pk_plot_view_to_axis(k[1], v[2]), y1 = pk_plot_view_to_axis(k[1], v[3]);
    *x = pk_plot_view_from_axis(k[0], x0 + fx * (x1 - x0));
    *y = pk_plot_view_from_axis(k[1], y0 + fy * (y1 - y0));
    return isfinite(*x) && isfinite(*y);
}

/* A data point as a widget pixel; FALSE before the first frame. */
static gboolean to_pixel(PkPlotView *view, const PkRect *a, double x, double y, double *px,
                         double *py) {
    double v[4];
    PkScaleKind k[2];
    pk_plot_view_get_view(view, v);
    pk_plot_view_axis_scales(view, &k[0], &k[1]);
    double x0 = pk_plot_view_to_axis(k[0], v[0]), x1 = pk_plot_view_to_axis(k[0], v[1]);
    double y0 = pk_plot_view_to_axis(k[1], v[2]), y1 = pk_plot_view_to_axis(k[1], v[3]);
    *px = a->x + (pk_plot_view_to_axis(k[0], x) - x0) / (x1 - x0) * a->width;
    *py = a->y + a->height - (pk_plot_view_to_axis(k[1], y) - y0) / (y1 - y0) * a->height;
    return isfinite(*px) && isfinite(*py);
}

/* The source's selection, when it is a shape over this plot's columns, becomes the shape drawn
 * over it (until the selection is cleared or replaced). */
static void update_shape(PkPlotView *view) {
    BrushState *st = state_of(view);
    PkGraph *graph = pk_plot_view_get_graph(view);
    PkNodeId node = pk_plot_view_get_node(view);
    PkNodeId source = pk_graph_has_node(graph, node) ? pk_graph_get_source_of(graph, node) : 0;
    const PkPlotSpec *spec = pk_plot_view_get_spec(view);
    PkSelection sel = {0};
    gboolean had = st->has_shape;
    pk_selection_clear(&st->shape);
    st->has_shape = FALSE;
    if (source != 0 && pk_plot_view_takes_rows(view) &&
        pk_graph_get_selection(graph, source, &sel) && sel.kind != PK_SELECTION_CATEGORIES &&
        g_strcmp0(sel.x_column, spec->x.column) == 0 &&
        (sel.kind == PK_SELECTION_INTERVAL || g_strcmp0(sel.y_column, spec->y.column) == 0)) {
        st->shape = sel;
        st->has_shape = TRUE;
    } else {
        pk_selection_clear(&sel);
    }
    if (had || st->has_shape) {
        gtk_widget_queue_draw(GTK_WIDGET(view));
    }
}

static gboolean is_click(const BrushState *st) {
    const double *p = (const double *)st->points->data;
    guint n = st->points->len / 2;
    double dx = p[2 * (n - 1)] - p[0], dy = p[2 * (n - 1) + 1] - p[1];
    return st->kind == PK_PLOT_BRUSH_POLYGON
               ? n < 3
               : fabs(dx) < CLICK_PX && (st->kind == PK_PLOT_BRUSH_INTERVAL || fabs(dy) < CLICK_PX);
}

/* The shape as a brush and as the graph's selection (vertices: g_free). */
static gboolean shape(PkPlotView *view, PkPlotBrush *brush, PkSelection *sel) {
    BrushState *st = state_of(view);
    const PkPlotSpec *spec = pk_plot_view_get_spec(view);
    const double *p = (const double *)st->points->data;
    guint n = st->points->len / 2;
    memset(brush, 0, sizeof *brush);
    memset(sel, 0, sizeof *sel);
    brush->kind = st->kind;
    sel->x_column = spec->x.column, sel->y_column = spec->y.column;
    if (st->kind == PK_PLOT_BRUSH_POLYGON) {
        double *vertices = g_new(double, 2 * n);
        for (guint i = 0; i < n; i++) {
            if (!to_data(view, p[2 * i], p[2 * i + 1], &vertices[2 * i], &vertices[2 * i + 1])) {
                g_free(vertices);
                return FALSE;
            }
        }
        brush->vertices = sel->polygon = vertices;
        brush->n_vertices = sel->n_vertices = n;
        sel->kind = PK_SELECTION_POLYGON;
        return TRUE;
    }
    double ax, ay, bx, by;
    if (!to_data(view, p[0], p[1], &ax, &ay) ||
        !to_data(view, p[2 * (n - 1)], p[2 * (n - 1) + 1], &bx, &by)) {
        return FALSE;
    }
    brush->x0 = sel->x0 = MIN(ax, bx), brush->x1 = sel->x1 = MAX(ax, bx);
    brush->y0 = sel->y0 = MIN(ay, by), brush->y1 = sel->y1 = MAX(ay, by);
    sel->kind = st->kind == PK_PLOT_BRUSH_BOX ? PK_SELECTION_BOX : PK_SELECTION_INTERVAL;
    if (sel->kind == PK_SELECTION_INTERVAL) {
        sel->y_column = NULL;
    }
    return sel->x0 < sel->x1 && (sel->kind == PK_SELECTION_INTERVAL || sel->y0 < sel->y1);
}

static void send_brush(PkPlotView *view, gboolean final) {
    BrushState *st = state_of(view);
    PkPlotBrush brush;
    PkSelection sel;
    if (is_click(st) || !shape(view, &brush, &sel)) {
        return;
    }
    pk_view_worker_brush(pk_plot_view_get_worker(view), &brush, ++st->serial);
    if (!final) {
        g_free(sel.polygon);
        return;
    }
    st->final_serial = st->serial;
    g_autofree char *key = pk_selection_sql(&sel);
    g_object_set_data_full(G_OBJECT(view), "pika-brush-key", g_steal_pointer(&key), g_free);
    commit(view, &sel);
    g_free(sel.polygon);
}

/* Bar and box charts select by clicking (pk_plot_view_brush_click), the others by a shape. */
gboolean pk_plot_view_brush_can_start(PkPlotView *view, gboolean ctrl) {
    BrushState *st = state_of(view);
    return st != NULL && pk_plot_view_takes_rows(view) && (ctrl || st->tool != PK_PLOT_TOOL_PAN);
}

void pk_plot_view_brush_begin(PkPlotView *view, double x, double y) {
    BrushState *st = state_of(view);
    PkPlotType type = pk_plot_view_get_spec(view)->type;
    st->active = TRUE;
    st->kind = type == PK_PLOT_HISTOGRAM || type == PK_PLOT_LINE ? PK_PLOT_BRUSH_INTERVAL
               : st->tool == PK_PLOT_TOOL_LASSO                  ? PK_PLOT_BRUSH_POLYGON
                                                                 : PK_PLOT_BRUSH_BOX;
    g_array_set_size(st->points, 0);
    const double p[2] = {x, y};
    g_array_append_vals(st->points, p, 2);
    g_array_append_vals(st->points, p, 2);
}

void pk_plot_view_brush_update(PkPlotView *view, double x, double y) {
    BrushState *st = state_of(view);
    if (!st->active) {
        return;
    }
    double *p = (double *)st->points->data;
    guint n = st->points->len / 2;
    if (st->kind != PK_PLOT_BRUSH_POLYGON) {
        p[2] = x, p[3] = y;
    } else if (hypot(x - p[2 * n - 2], y - p[2 * n - 1]) >= LASSO_MIN_STEP_PX &&
               n < LASSO_MAX_VERTICES) {
        const double q[2] = {x, y};
        g_array_append_vals(st->points, q, 2);
    } else {
        return;
    }
    send_brush(view, FALSE);
    gtk_widget_queue_draw(GTK_WIDGET(view));
}

void pk_plot_view_brush_end(PkPlotView *view) {
    BrushState *st = state_of(view);
    if (!st->active) {
        return;
    }
    st->active = FALSE;
    if (!is_click(st)) { /* a click is the click gesture's (pk_plot_view_brush_click) */
        send_brush(view, TRUE);
    }
    update_shape(view);
}

gboolean pk_plot_view_brush_clear(PkPlotView *view) {
    BrushState *st = state_of(view);
    g_autofree char *key = source_key(view);
    if (st == NULL || (st->rows == NULL && key[0] == '\0')) {
        return FALSE;
    }
    st->final_serial = 0;
    broadcast(view, NULL, "");
    commit(view, NULL);
    update_shape(view);
    return TRUE;
}

/* The source's categories selection on column, or NULL (strv). */
static char **selected_categories(PkPlotView *view, const char *column) {
    PkGraph *graph = pk_plot_view_get_graph(view);
    PkNodeId source = pk_graph_get_source_of(graph, pk_plot_view_get_node(view));
    PkSelection sel = {0};
    char **out = NULL;
    if (source != 0 && pk_graph_get_selection(graph, source, &sel) &&
        sel.kind == PK_SELECTION_CATEGORIES && g_strcmp0(sel.x_column, column) == 0) {
        out = g_steal_pointer(&sel.categories);
    }
    pk_selection_clear(&sel);
    return out;
}

/* Selects name of column (add: toggles it in the source's selection of that column). */
static gboolean select_category(PkPlotView *view, const char *column, const char *name,
                                gboolean add) {
    g_auto(GStrv) old = add ? selected_categories(view, column) : NULL;
    g_autoptr(GStrvBuilder) b = g_strv_builder_new();
    gboolean was_in = FALSE;
    for (guint i = 0; old != NULL && old[i] != NULL; i++) {
        if (strcmp(old[i], name) == 0) {
            was_in = TRUE; /* Ctrl+click on a selected one takes it out */
        } else {
            g_strv_builder_add(b, old[i]);
        }
    }
    if (!was_in) {
        g_strv_builder_add(b, name);
    }
    g_auto(GStrv) names = g_strv_builder_end(b);
    if (names[0] == NULL) {
        return pk_plot_view_brush_clear(view);
    }
    PkSelection sel = {
        .kind = PK_SELECTION_CATEGORIES, .x_column = (char *)column, .categories = names};
    return commit(view, &sel);
}

/* A click on a legend row of colour categories (not "other"). */
static gboolean click_legend(PkPlotView *view, const PkViewScene *vs, double px, double py,
                             gboolean add) {
    const PkScene *scene = vs->scene;
    int i = pk_layout_legend_category_at(scene, vs->width, vs->height, px, py);
    if (i < 0 || scene->spec.color == NULL ||
        (scene->color_has_other && (guint)i + 1 == scene->n_color_categories)) {
        return FALSE;
    }
    return select_category(view, scene->spec.color, scene->color_categories[i], add);
}

gboolean pk_plot_view_brush_click(PkPlotView *view, double px, double py, gboolean add) {
    const PkPlotSpec *spec = pk_plot_view_get_spec(view);
    PkViewScene *vs = pk_plot_view_get_scene(view);
    double x, y;
    if (vs == NULL) {
        return FALSE;
    }
    gboolean same_page = vs->width == gtk_widget_get_width(GTK_WIDGET(view)) &&
                         vs->height == gtk_widget_get_height(GTK_WIDGET(view));
    if (same_page && click_legend(view, vs, px, py, add)) {
        return TRUE;
    }
    if (spec->type != PK_PLOT_BAR) {
        /* beside the legend, a click that would have been a brush clears */
        BrushState *st = state_of(view);
        return (add || st->tool != PK_PLOT_TOOL_PAN) && pk_plot_view_takes_rows(view) &&
               pk_plot_view_brush_clear(view);
    }
    if (!to_data(view, px, py, &x, &y)) {
        return FALSE;
    }
    const PkSceneAxis *axis = &vs->scene->x;
    long index = lround(x);
    if (axis->categories == NULL || index < 0 || index >= (long)axis->n_categories ||
        y < vs->scene->y.lo) {
        return pk_plot_view_brush_clear(view);
    }
    return select_category(view, spec->x.column, axis->categories[index], add);
}

void pk_plot_view_take_brush(PkPlotView *view, PkRowSet *rows, guint serial, const GError *error) {
    BrushState *st = state_of(view);
    gboolean final = serial == st->final_serial;
    if (error != NULL) {
        if (final) {
            g_autofree char *text = g_strdup_printf("Cannot select: %s", error->message);
            pk_plot_view_message(view, text);
        }
        return;
    }
    if (serial < st->final_serial || (st->final_serial == 0 && !st->active)) {
        return; /* made before a newer release, or after a clear */
    }
    const char *key = final ? g_object_get_data(G_OBJECT(view), "pika-brush-key") : NULL;
    broadcast(view, rows, key);
}

/* Drawing and widgets ------------------------------------------------------------------------ */

/* The kept shape (data units) as a path over the plot area a; FALSE when it is off the frame. */
static gboolean shape_path(PkPlotView *view, cairo_t *cr, const PkRect *a) {
    const PkSelection *sel = &state_of(view)->shape;
    double ax, ay, bx, by;
    if (sel->kind == PK_SELECTION_POLYGON) {
        for (guint i = 0; i < sel->n_vertices; i++) {
            if (!to_pixel(view, a, sel->polygon[2 * i], sel->polygon[2 * i + 1], &ax, &ay)) {
                return FALSE;
            }
            cairo_line_to(cr, ax, ay);
        }
        cairo_close_path(cr);
        return sel->n_vertices >= 3;
    }
    double v[4];
    pk_plot_view_get_view(view, v);
    double y0 = sel->kind == PK_SELECTION_INTERVAL ? v[2] : sel->y0;
    double y1 = sel->kind == PK_SELECTION_INTERVAL ? v[3] : sel->y1;
    if (!to_pixel(view, a, sel->x0, y0, &ax, &ay) || !to_pixel(view, a, sel->x1, y1, &bx, &by)) {
        return FALSE;
    }
    cairo_rectangle(cr, MIN(ax, bx), MIN(ay, by), fabs(bx - ax), fabs(by - ay));
    return TRUE;
}

void pk_plot_view_brush_draw(PkPlotView *view, GtkSnapshot *snapshot) {
    BrushState *st = state_of(view);
    PkRect a;
    if (st == NULL || !(st->active || st->has_shape) || !pk_plot_view_plot_area(view, &a)) {
        return;
    }
    double w = gtk_widget_get_width(GTK_WIDGET(view)), h = gtk_widget_get_height(GTK_WIDGET(view));
    cairo_t *cr = gtk_snapshot_append_cairo(snapshot, &GRAPHENE_RECT_INIT(0, 0, w, h));
    cairo_rectangle(cr, a.x, a.y, a.width, a.height);
    cairo_clip(cr);
    const double *p = (const double *)st->points->data;
    guint n = st->points->len / 2;
    gboolean drawn = TRUE;
    if (!st->active) {
        drawn = shape_path(view, cr, &a);
    } else if (st->kind == PK_PLOT_BRUSH_INTERVAL) {
        cairo_rectangle(cr, MIN(p[0], p[2]), a.y, fabs(p[2] - p[0]), a.height);
    } else if (st->kind == PK_PLOT_BRUSH_BOX) {
        cairo_rectangle(cr, MIN(p[0], p[2]), MIN(p[1], p[3]), fabs(p[2] - p[0]), fabs(p[3] - p[1]));
    } else {
        for (guint i = 0; i < n; i++) {
            cairo_line_to(cr, p[2 * i], p[2 * i + 1]);
        }
        cairo_close_path(cr);
    }
    if (drawn) {
        cairo_set_source_rgba(cr, 0.95, 0.55, 0.1, 0.15);
        cairo_fill_preserve(cr);
        cairo_set_source_rgba(cr, 0.95, 0.55, 0.1, 0.95);
        cairo_set_line_width(cr, 1.5);
        const double dash[] = {5, 3};
        cairo_set_dash(cr, dash, 2, 0);
        cairo_stroke(cr);
    }
    cairo_destroy(cr);
}

gboolean pk_plot_view_brush_bounds(PkPlotView *view, double out[4]) {
    BrushState *st = state_of(view);
    PkRect a;
    if (st == NULL || !(st->active || st->has_shape) || !pk_plot_view_plot_area(view, &a)) {
        return FALSE;
    }
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_ALPHA, NULL);
    cairo_t *cr = cairo_create(s);
    gboolean drawn = TRUE;
    if (st->active) {
        const double *p = (const double *)st->points->data;
        for (guint i = 0; i < st->points->len / 2; i++) {
            cairo_line_to(cr, p[2 * i], p[2 * i + 1]);
        }
    } else {
        drawn = shape_path(view, cr, &a);
    }
    cairo_path_extents(cr, &out[0], &out[1], &out[2], &out[3]);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return drawn;
}

void pk_plot_view_brush_show_count(PkPlotView *view, const PkScene *scene) {
    BrushState *st = state_of(view);
    if (st == NULL) {
        return;
    }
    gboolean shown = scene != NULL && scene->has_selection;
    if (shown) {
        g_autofree char *n = pk_format_count(scene->n_selected);
        g_autofree char *text = g_strdup_printf("%s selected", n);
        gtk_label_set_text(GTK_LABEL(st->chip_label), text);
    }
    gtk_widget_set_visible(st->chip, shown);
    gtk_widget_set_visible(st->tool_menu, pk_plot_view_takes_rows(view));
    update_shape(view);
}

static void on_chip_clear(GtkButton *button, PkPlotView *view) {
    (void)button;
    pk_plot_view_brush_clear(view);
}

static void on_tool(GtkDropDown *menu, GParamSpec *pspec, PkPlotView *view) {
    (void)pspec;
    state_of(view)->tool = (PkPlotTool)gtk_drop_down_get_selected(menu);
}

void pk_plot_view_set_tool(PkPlotView *view, PkPlotTool tool) {
    gtk_drop_down_set_selected(GTK_DROP_DOWN(state_of(view)->tool_menu), tool);
}

PkPlotTool pk_plot_view_get_tool(PkPlotView *view) {
    return state_of(view)->tool;
}

static void state_free(gpointer data) {
    BrushState *st = data;
    g_array_unref(st->points);
    pk_selection_clear(&st->shape);
    pk_row_set_unref(st->rows);
    g_free(st->key);
    g_free(st);
}

/* The chip and the tool buttons, appended to box (the view's overlay). */
void pk_plot_view_brush_init(PkPlotView *view, GtkWidget *box) {
    BrushState *st = g_new0(BrushState, 1);
    st->points = g_array_new(FALSE, FALSE, sizeof(double));
    g_object_set_data_full(G_OBJECT(view), "pika-brush", st, state_free);
    st->chip = gtk_button_new();
    GtkWidget *chip_box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 4);
    st->chip_label = gtk_label_new("");
    gtk_box_append(GTK_BOX(chip_box), st->chip_label);
    gtk_box_append(GTK_BOX(chip_box), gtk_image_new_from_icon_name("window-close-symbolic"));
    gtk_button_set_child(GTK_BUTTON(st->chip), chip_box);
    gtk_widget_add_css_class(st->chip, "pk-selection-chip");
    gtk_widget_add_css_class(st->chip, "caption");
    gtk_widget_set_tooltip_text(st->chip, "Clear the selection (Escape)");
    gtk_widget_set_visible(st->chip, FALSE);
    g_signal_connect(st->chip, "clicked", G_CALLBACK(on_chip_clear), view);
    gtk_box_append(GTK_BOX(box), st->chip);
    static const char *const tools[] = {"Pan", "Box select", "Lasso", NULL};
    st->tool_menu = gtk_drop_down_new_from_strings(tools);
    gtk_widget_add_css_class(st->tool_menu, "caption");
    gtk_widget_add_css_class(st->tool_menu, "flat");
    gtk_widget_set_tooltip_text(st->tool_menu, "What a drag does: pan (the wheel zooms), select "
                                               "the rows in a box (Ctrl+drag does too), or "
                                               "select the rows inside a drawn outline");
    gtk_widget_set_focus_on_click(st->tool_menu, FALSE);
    g_signal_connect(st->tool_menu, "notify::selected", G_CALLBACK(on_tool), view);
    gtk_widget_set_visible(st->tool_menu, FALSE);
    gtk_box_prepend(GTK_BOX(box), st->tool_menu);
    if (live_views == NULL) {
        live_views = g_ptr_array_new();
    }
    g_ptr_array_add(live_views, view);
}

void pk_plot_view_brush_dispose(PkPlotView *view) {
    if (live_views != NULL) {
        g_ptr_array_remove(live_views, view);
    }
}
