/* canvas.c — the canvas widget (canvas.h): its overlays (toolbar, breadcrumbs), the view,
 * the selection, editor windows and the state dump.
 *
 * The view (vx, vy, zoom) lives here while the user moves it; 400 ms after an interaction it
 * is written to the graph (pk_graph_set_viewport) and the notebook's "changed" is emitted, so
 * a saved workspace keeps it. When the canvas first maps, never-placed nodes are laid out and
 * the view is the graph's, or fits every card when the graph's is the default (0, 0, 1). */
#include "canvas-private.h"

#include "node-editor.h"

G_DEFINE_FINAL_TYPE(PkCanvas, pk_canvas, GTK_TYPE_WIDGET)

/* ---- coordinates ---------------------------------------------------------------------------- */

void pk_canvas_to_world(PkCanvas *canvas, double x, double y, double *wx, double *wy) {
    *wx = canvas->vx + x / canvas->zoom;
    *wy = canvas->vy + y / canvas->zoom;
}

void pk_canvas_input_pos(const PkCard *card, guint port, double *x, double *y) {
    *x = card->x;
    *y = card->n_in <= 1 ? card->y + card->h / 2
                         : card->y + 24.0 + (card->h - 36.0) * port / (card->n_in - 1);
}

void pk_canvas_output_pos(const PkCard *card, double *x, double *y) {
    *x = card->x + card->w;
    *y = card->y + card->h / 2;
}

PkCard *pk_canvas_card_at(PkCanvas *canvas, double wx, double wy) {
    for (guint i = canvas->cards->len; i-- > 0;) {
        PkCard *card = canvas->cards->pdata[i];
        if (wx >= card->x && wx < card->x + card->w && wy >= card->y && wy < card->y + card->h) {
            return card;
        }
    }
    return NULL;
}

/* ---- the view ------------------------------------------------------------------------------- */

void pk_canvas_set_view(PkCanvas *canvas, double vx, double vy, double zoom) {
    canvas->vx = CLAMP(vx, -1e8, 1e8);
    canvas->vy = CLAMP(vy, -1e8, 1e8);
    canvas->zoom = CLAMP(zoom, PK_ZOOM_MIN, PK_ZOOM_MAX);
    canvas->view_known = TRUE;
    gtk_widget_queue_draw(GTK_WIDGET(canvas));
}

void pk_canvas_get_view(PkCanvas *canvas, double *x, double *y, double *zoom) {
    *x = canvas->vx;
    *y = canvas->vy;
    *zoom = canvas->zoom;
}

void pk_canvas_zoom_at(PkCanvas *canvas, double x, double y, double factor) {
    double wx, wy;
    pk_canvas_to_world(canvas, x, y, &wx, &wy);
    double zoom = CLAMP(canvas->zoom * factor, PK_ZOOM_MIN, PK_ZOOM_MAX);
    pk_canvas_set_view(canvas, wx - x / zoom, wy - y / zoom, zoom);
}

static gboolean write_view(gpointer data) {
    PkCanvas *canvas = data;
    canvas->view_timeout = 0;
    pk_graph_set_viewport(canvas->graph, canvas->vx, canvas->vy, canvas->zoom);
    pk_controller_notify_graph_changed(canvas->ctl);
    gtk_widget_queue_draw(GTK_WIDGET(canvas)); /* live again, sharp at the final zoom */
    return G_SOURCE_REMOVE;
}

void pk_canvas_view_changed(PkCanvas *canvas) {
    g_clear_handle_id(&canvas->view_timeout, g_source_remove);
    canvas->view_timeout = g_timeout_add(400, write_view, canvas);
}

static gboolean cards_bounds(PkCanvas *canvas, double *x0, double *y0, double *x1, double *y1) {
    if (canvas->cards->len == 0) {
        return FALSE;
    }
    *x0 = *y0 = G_MAXDOUBLE;
    *x1 = *y1 = -G_MAXDOUBLE;
    for (guint i = 0; i < canvas->cards->len; i++) {
        PkCard *card = canvas->cards->pdata[i];
        *x0 = MIN(*x0, card->x), *y0 = MIN(*y0, card->y);
        *x1 = MAX(*x1, card->x + card->w), *y1 = MAX(*y1, card->y + card->h);
    }
    return TRUE;
}

static void fit(PkCanvas *canvas) {
    double w = gtk_widget_get_width(GTK_WIDGET(canvas));
    double h = gtk_widget_get_height(GTK_WIDGET(canvas));
    double x0, y0, x1, y1;
    if (w < 1 || h < 1 || !cards_bounds(canvas, &x0, &y0, &x1, &y1)) {
        pk_canvas_set_view(canvas, -40, -40, 1.0);
        return;
    }
    double zoom = MIN((w - 120) / MAX(x1 - x0, 1), (h - 160) / MAX(y1 - y0, 1));
    zoom = CLAMP(zoom, PK_ZOOM_MIN, 1.25);
    pk_canvas_set_view(canvas, (x0 + x1) / 2 - w / 2 / zoom, (y0 + y1) / 2 - h / 2 / zoom, zoom);
}

void pk_canvas_fit_all(PkCanvas *canvas) {
    g_return_if_fail(PK_IS_CANVAS(canvas));
    fit(canvas);
    pk_canvas_view_changed(canvas);
}

/* ---- selection and breadcrumbs -------------------------------------------------------------- */

static void show_card(PkCanvas *canvas, PkCard *card) {
    double w = gtk_widget_get_width(GTK_WIDGET(canvas)) / canvas->zoom;
    double h = gtk_widget_get_height(GTK_WIDGET(canvas)) / canvas->zoom;
    if (card->x < canvas->vx || card->y < canvas->vy || card->x + card->w > canvas->vx + w ||
        card->y + card->h > canvas->vy + h) {
        pk_canvas_set_view(canvas, card->x + card->w / 2 - w / 2, card->y + card->h / 2 - h / 2,
                           canvas->zoom);
        pk_canvas_view_changed(canvas);
    }
}

static void on_crumb(GtkButton *button, gpointer data) {
    PkCanvas *canvas = data;
    PkCard *card =
        g_hash_table_lookup(canvas->by_id, g_object_get_data(G_OBJECT(button), "pk-node"));
    if (card != NULL) {
        pk_canvas_select_only(canvas, card);
        show_card(canvas, card);
    }
}

/* The selected node's lineage along first inputs: source › query › plot. */
static void update_crumbs(PkCanvas *canvas) {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child(canvas->crumbs)) != NULL) {
        gtk_box_remove(GTK_BOX(canvas->crumbs), child);
    }
    GPtrArray *chain = g_ptr_array_new();
    PkCard *card = g_hash_table_lookup(canvas->by_id, GUINT_TO_POINTER(canvas->primary));
    for (guint guard = 0; card != NULL && guard < 32; guard++) {
        g_ptr_array_insert(chain, 0, card);
        card = g_hash_table_lookup(
            canvas->by_id, GUINT_TO_POINTER(pk_graph_get_input(canvas->graph, card->id, 0)));
    }
    for (guint i = 0; i < chain->len; i++) {
        PkCard *c = chain->pdata[i];
        if (i > 0) {
            GtkWidget *sep = gtk_label_new("›");
            gtk_widget_add_css_class(sep, "dim-label");
            gtk_box_append(GTK_BOX(canvas->crumbs), sep);
        }
        GtkWidget *button = gtk_button_new_with_label(c->name);
        gtk_widget_add_css_class(button, "flat");
        if (i + 1 == chain->len) {
            gtk_widget_add_css_class(button, "pk-crumb-current");
        }
        g_object_set_data(G_OBJECT(button), "pk-node", GUINT_TO_POINTER(c->id));
        g_signal_connect(button, "clicked", G_CALLBACK(on_crumb), canvas);
        gtk_box_append(GTK_BOX(canvas->crumbs), button);
    }
    gtk_widget_set_visible(canvas->crumbs, chain->len > 0);
    g_ptr_array_unref(chain);
}

void pk_canvas_selection_changed(PkCanvas *canvas) {
    PkCard *primary = g_hash_table_lookup(canvas->by_id, GUINT_TO_POINTER(canvas->primary));
    if (primary == NULL || !primary->selected) {
        canvas->primary = 0;
        for (guint i = 0; i < canvas->cards->len; i++) {
            PkCard *card = canvas->cards->pdata[i];
            if (card->selected) {
                canvas->primary = card->id;
            }
        }
    }
    update_crumbs(canvas);
    if (canvas->primary != 0) {
        pk_controller_focus_node(canvas->ctl, canvas->primary);
    }
    gtk_widget_queue_draw(GTK_WIDGET(canvas));
}

void pk_canvas_select_only(PkCanvas *canvas, PkCard *chosen) {
    for (guint i = 0; i < canvas->cards->len; i++) {
        PkCard *card = canvas->cards->pdata[i];
        card->selected = card == chosen;
    }
    canvas->primary = chosen != NULL ? chosen->id : 0;
    pk_canvas_selection_changed(canvas);
}

void pk_canvas_select(PkCanvas *canvas, PkNodeId node) {
    g_return_if_fail(PK_IS_CANVAS(canvas));
    pk_canvas_select_only(canvas, g_hash_table_lookup(canvas->by_id, GUINT_TO_POINTER(node)));
}

/* ---- editors -------------------------------------------------------------------------------- */

static void on_editor_destroy(GtkWidget *editor, gpointer data) {
    PkCanvas *canvas = data;
    PkNodeId node = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(editor), "pk-node"));
    g_hash_table_remove(canvas->editors, GUINT_TO_POINTER(node));
    if (canvas->ctl != NULL && pk_graph_has_node(canvas->graph, node)) {
        pk_controller_focus_node(canvas->ctl, node); /* the focus is back on the canvas */
    }
}

void pk_canvas_open_editor(PkCanvas *canvas, PkNodeId node) {
    g_return_if_fail(PK_IS_CANVAS(canvas));
    GtkWindow *editor = g_hash_table_lookup(canvas->editors, GUINT_TO_POINTER(node));
    if (editor == NULL && pk_graph_has_node(canvas->graph, node)) {
        GtkRoot *root = gtk_widget_get_root(GTK_WIDGET(canvas));
        editor = GTK_WINDOW(
            pk_node_editor_new(GTK_IS_WINDOW(root) ? GTK_WINDOW(root) : NULL, canvas->ctl, node));
        g_object_set_data(G_OBJECT(editor), "pk-node", GUINT_TO_POINTER(node));
        g_signal_connect_object(editor, "destroy", G_CALLBACK(on_editor_destroy), canvas, 0);
        g_hash_table_insert(canvas->editors, GUINT_TO_POINTER(node), editor);
    }
    if (editor != NULL) {
        gtk_window_present(editor);
    }
}

/* ---- notebook signals ----------------------------------------------------------------------- */

static void on_node_status(PkController *ctl, guint node, gpointer status, gpointer data) {
    (void)ctl;
    PkCanvas *canvas = data;
    PkCard *card = g_hash_table_lookup(canvas->by_id, GUINT_TO_POINTER(node));
    if (card != NULL) {
        pk_canvas_card_set_status(canvas, card, status);
        gtk_widget_queue_draw(GTK_WIDGET(canvas));
    }
}

static gboolean sync_idle(gpointer data) {
    PkCanvas *canvas = data;
    canvas->sync_idle = 0;
    pk_canvas_sync(canvas);
    return G_SOURCE_REMOVE;
}

/* A burst of changes (every node finishing in an evaluation) becomes one sync. */
static void on_changed(PkController *ctl, gpointer data) {
    (void)ctl;
    PkCanvas *canvas = data;
    if (canvas->sync_idle == 0) {
        canvas->sync_idle = g_idle_add_full(G_PRIORITY_HIGH_IDLE, sync_idle, canvas, NULL);
    }
}

/* ---- the toolbar ---------------------------------------------------------------------------- */

static void on_zoom_button(GtkButton *button, gpointer data) {
    PkCanvas *canvas = data;
    double factor = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(button), "pk-dir")) > 0 ? 1.25 : 0.8;
    pk_canvas_zoom_at(canvas, gtk_widget_get_width(GTK_WIDGET(canvas)) / 2.0,
                      gtk_widget_get_height(GTK_WIDGET(canvas)) / 2.0, factor);
    pk_canvas_view_changed(canvas);
}

static GtkWidget *tool_button(PkCanvas *canvas, const char *icon, const char *tip, int dir) {
    GtkWidget *button = gtk_button_new_from_icon_name(icon);
    gtk_widget_add_css_class(button, "flat");
    gtk_widget_set_tooltip_text(button, tip);
    if (dir != 0) {
        g_object_set_data(G_OBJECT(button), "pk-dir", GINT_TO_POINTER(dir));
        g_signal_connect(button, "clicked", G_CALLBACK(on_zoom_button), canvas);
    } else {
        g_signal_connect_swapped(button, "clicked", G_CALLBACK(pk_canvas_fit_all), canvas);
    }
    return button;
}

static void add_style(void) {
    static gboolean done = FALSE;
    if (done || gdk_display_get_default() == NULL) {
        return;
    }
    done = TRUE;
    GtkCssProvider *css = gtk_css_provider_new();
    gtk_css_provider_load_from_data(
        css,
        ".pk-canvas-overlay { background-color: alpha(@popover_bg_color, 0.94);"
        " border-radius: 10px; padding: 3px;"
        " box-shadow: 0 1px 4px 1px alpha(black, 0.13), 0 0 0 1px alpha(black, 0.05); }"
        ".pk-canvas-overlay button { min-height: 26px; min-width: 26px; padding: 2px 8px; }"
        ".pk-crumb-current { font-weight: bold; }",
        -1);
    gtk_style_context_add_provider_for_display(gdk_display_get_default(), GTK_STYLE_PROVIDER(css),
                                               GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref(css);
}

static void build_overlays(PkCanvas *canvas) {
    add_style();
    canvas->toolbar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 2);
    gtk_widget_add_css_class(canvas->toolbar, "pk-canvas-overlay");
    gtk_box_append(GTK_BOX(canvas->toolbar),
                   tool_button(canvas, "zoom-out-symbolic", "Zoom out (Ctrl+scroll)", -1));
    gtk_box_append(GTK_BOX(canvas->toolbar),
                   tool_button(canvas, "zoom-in-symbolic", "Zoom in (Ctrl+scroll)", 1));
    gtk_box_append(GTK_BOX(canvas->toolbar),
                   tool_button(canvas, "zoom-fit-best-symbolic", "Fit all (Home)", 0));
    gtk_widget_set_parent(canvas->toolbar, GTK_WIDGET(canvas));
    canvas->crumbs = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
    gtk_widget_add_css_class(canvas->crumbs, "pk-canvas-overlay");
    gtk_widget_set_visible(canvas->crumbs, FALSE);
    gtk_widget_set_parent(canvas->crumbs, GTK_WIDGET(canvas));
}

/* ---- the widget ----------------------------------------------------------------------------- */

static void place_child(GtkWidget *child, int width, gboolean right) {
    int min, nat;
    gtk_widget_measure(child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
    int w = MIN(nat, MAX(min, width - 24));
    int h;
    gtk_widget_measure(child, GTK_ORIENTATION_VERTICAL, w, &h, NULL, NULL, NULL);
    GtkAllocation a = {right ? width - w - 12 : 12, 12, w, h};
    gtk_widget_size_allocate(child, &a, -1);
}

static gboolean announce_fit(gpointer data) {
    PkCanvas *canvas = data;
    canvas->fitted_idle = 0;
    pk_controller_notify_graph_changed(canvas->ctl);
    return G_SOURCE_REMOVE;
}

static void pk_canvas_size_allocate(GtkWidget *widget, int width, int height, int baseline) {
    (void)height, (void)baseline;
    PkCanvas *canvas = PK_CANVAS(widget);
    place_child(canvas->toolbar, width, TRUE);
    place_child(canvas->crumbs, MAX(width - gtk_widget_get_width(canvas->toolbar) - 24, 0), FALSE);
    if (!canvas->view_known && width > 1 && height > 1) {
        fit(canvas);
        /* not an edit (the fitted view is not written), but the window's title and state
         * dump follow: after this allocation, not inside it */
        g_clear_handle_id(&canvas->fitted_idle, g_source_remove);
        canvas->fitted_idle = g_idle_add(announce_fit, canvas);
    }
}

static void pk_canvas_measure(GtkWidget *widget, GtkOrientation orientation, int for_size, int *min,
                              int *nat, int *min_baseline, int *nat_baseline) {
    (void)widget, (void)for_size;
    *min = 100;
    *nat = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 600;
    *min_baseline = *nat_baseline = -1;
}

static void pk_canvas_map(GtkWidget *widget) {
    PkCanvas *canvas = PK_CANVAS(widget);
    GTK_WIDGET_CLASS(pk_canvas_parent_class)->map(widget);
    if (!canvas->laid_out) {
        canvas->laid_out = TRUE;
        if (pk_canvas_layout_unplaced(canvas)) {
            pk_controller_notify_graph_changed(canvas->ctl);
        }
        double x, y, zoom;
        pk_graph_get_viewport(canvas->graph, &x, &y, &zoom);
        if (x != 0 || y != 0 || zoom != 1) {
            pk_canvas_set_view(canvas, x, y, zoom);
        }
    }
}

static void pk_canvas_realize(GtkWidget *widget) {
    GTK_WIDGET_CLASS(pk_canvas_parent_class)->realize(widget);
    pk_frame_timer_attach(&PK_CANVAS(widget)->frames, widget);
}

static void pk_canvas_unrealize(GtkWidget *widget) {
    pk_frame_timer_detach(&PK_CANVAS(widget)->frames);
    GTK_WIDGET_CLASS(pk_canvas_parent_class)->unrealize(widget);
}

static void pk_canvas_css_changed(GtkWidget *widget, GtkCssStyleChange *change) {
    GTK_WIDGET_CLASS(pk_canvas_parent_class)->css_changed(widget, change);
    pk_canvas_update_colours(PK_CANVAS(widget));
}

static void close_all_editors(PkCanvas *canvas) {
    GList *editors = g_hash_table_get_values(canvas->editors);
    for (GList *l = editors; l != NULL; l = l->next) {
        gtk_window_destroy(l->data);
    }
    g_list_free(editors);
}

static void pk_canvas_dispose(GObject *object) {
    PkCanvas *canvas = PK_CANVAS(object);
    g_clear_handle_id(&canvas->view_timeout, g_source_remove);
    g_clear_handle_id(&canvas->sync_idle, g_source_remove);
    g_clear_handle_id(&canvas->fitted_idle, g_source_remove);
    if (canvas->ctl != NULL) {
        g_clear_signal_handler(&canvas->status_id, canvas->ctl);
        g_clear_signal_handler(&canvas->changed_id, canvas->ctl);
        canvas->ctl = NULL; /* closing editors below must not reach the window */
    }
    if (canvas->editors != NULL) {
        close_all_editors(canvas);
        g_clear_pointer(&canvas->editors, g_hash_table_unref);
    }
    g_clear_pointer(&canvas->toolbar, gtk_widget_unparent);
    g_clear_pointer(&canvas->crumbs, gtk_widget_unparent);
    pk_canvas_draw_dispose(canvas);
    pk_canvas_free_cards(canvas);
    g_clear_pointer(&canvas->drag_origin, g_array_unref);
    G_OBJECT_CLASS(pk_canvas_parent_class)->dispose(object);
}

static void pk_canvas_class_init(PkCanvasClass *klass) {
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
    G_OBJECT_CLASS(klass)->dispose = pk_canvas_dispose;
    widget_class->snapshot = pk_canvas_snapshot;
    widget_class->size_allocate = pk_canvas_size_allocate;
    widget_class->measure = pk_canvas_measure;
    widget_class->map = pk_canvas_map;
    widget_class->realize = pk_canvas_realize;
    widget_class->unrealize = pk_canvas_unrealize;
    widget_class->css_changed = pk_canvas_css_changed;
    gtk_widget_class_set_css_name(widget_class, "pika-canvas");
}

static void pk_canvas_init(PkCanvas *canvas) {
    canvas->cards = g_ptr_array_new();
    canvas->by_id = g_hash_table_new(NULL, NULL);
    canvas->edges = g_array_new(FALSE, FALSE, sizeof(PkEdge));
    canvas->editors = g_hash_table_new(NULL, NULL);
    canvas->drag_origin = g_array_new(FALSE, FALSE, sizeof(double));
    canvas->zoom = 1.0;
    gtk_widget_set_focusable(GTK_WIDGET(canvas), TRUE);
    gtk_widget_set_overflow(GTK_WIDGET(canvas), GTK_OVERFLOW_HIDDEN);
    gtk_widget_set_hexpand(GTK_WIDGET(canvas), TRUE);
    gtk_widget_set_vexpand(GTK_WIDGET(canvas), TRUE);
    build_overlays(canvas);
    pk_canvas_draw_init(canvas);
    pk_canvas_input_init(canvas);
}

GtkWidget *pk_canvas_new(PkController *ctl) {
    g_return_val_if_fail(PK_IS_CONTROLLER(ctl), NULL);
    PkCanvas *canvas = g_object_new(PK_TYPE_CANVAS, NULL);
    canvas->ctl = ctl;
    canvas->graph = pk_controller_get_graph(ctl);
    canvas->status_id = g_signal_connect(ctl, "node-status", G_CALLBACK(on_node_status), canvas);
    canvas->changed_id = g_signal_connect(ctl, "changed", G_CALLBACK(on_changed), canvas);
    pk_canvas_sync(canvas);
    return GTK_WIDGET(canvas);
}

/* ---- the state dump ------------------------------------------------------------------------- */

static void add_point(JsonBuilder *b, double x, double y) {
    json_builder_begin_array(b);
    json_builder_add_double_value(b, x);
    json_builder_add_double_value(b, y);
    json_builder_end_array(b);
}

static void dump_card(PkCanvas *canvas, JsonBuilder *b, PkCard *card, graphene_point_t *o, double w,
                      double h) {
    double z = canvas->zoom;
    double sx = (card->x - canvas->vx) * z, sy = (card->y - canvas->vy) * z;
    gboolean shown = gtk_widget_get_mapped(GTK_WIDGET(canvas)) && sx + card->w * z > 0 &&
                     sy + card->h * z > 0 && sx < w && sy < h;
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, card->name);
    json_builder_set_member_name(b, "position");
    add_point(b, card->x, card->y);
    json_builder_set_member_name(b, "selected");
    json_builder_add_boolean_value(b, card->selected);
    json_builder_set_member_name(b, "bounds");
    if (!shown) {
        json_builder_add_null_value(b);
        json_builder_end_object(b);
        return;
    }
    json_builder_begin_array(b);
    json_builder_add_double_value(b, o->x + sx);
    json_builder_add_double_value(b, o->y + sy);
    json_builder_add_double_value(b, card->w * z);
    json_builder_add_double_value(b, card->h * z);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "inputs");
    json_builder_begin_array(b);
    for (guint p = 0; p < card->n_in; p++) {
        double px, py;
        pk_canvas_input_pos(card, p, &px, &py);
        add_point(b, o->x + (px - canvas->vx) * z, o->y + (py - canvas->vy) * z);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "output");
    double px, py;
    pk_canvas_output_pos(card, &px, &py);
    if (card->has_out) {
        add_point(b, o->x + (px - canvas->vx) * z, o->y + (py - canvas->vy) * z);
    } else {
        json_builder_add_null_value(b);
    }
    json_builder_end_object(b);
}

void pk_canvas_dump(PkCanvas *canvas, JsonBuilder *b, GtkWidget *relative_to) {
    g_return_if_fail(PK_IS_CANVAS(canvas));
    graphene_point_t o = GRAPHENE_POINT_INIT(0, 0);
    if (!gtk_widget_compute_point(GTK_WIDGET(canvas), relative_to, &o, &o)) {
        o = GRAPHENE_POINT_INIT(0, 0);
    }
    json_builder_set_member_name(b, "bounds");
    json_builder_begin_array(b);
    json_builder_add_double_value(b, o.x);
    json_builder_add_double_value(b, o.y);
    json_builder_add_double_value(b, gtk_widget_get_width(GTK_WIDGET(canvas)));
    json_builder_add_double_value(b, gtk_widget_get_height(GTK_WIDGET(canvas)));
    json_builder_end_array(b);
    json_builder_set_member_name(b, "viewport");
    json_builder_begin_array(b);
    json_builder_add_double_value(b, canvas->vx);
    json_builder_add_double_value(b, canvas->vy);
    json_builder_add_double_value(b, canvas->zoom);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "edges");
    json_builder_add_int_value(b, canvas->edges->len);
    json_builder_set_member_name(b, "editors");
    json_builder_add_int_value(b, g_hash_table_size(canvas->editors));
    json_builder_set_member_name(b, "crumbs");
    json_builder_begin_array(b);
    for (GtkWidget *c = gtk_widget_get_first_child(canvas->crumbs); c != NULL;
         c = gtk_widget_get_next_sibling(c)) {
        if (GTK_IS_BUTTON(c)) {
            json_builder_add_string_value(b, gtk_button_get_label(GTK_BUTTON(c)));
        }
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "cards");
    json_builder_begin_array(b);
    double w = gtk_widget_get_width(GTK_WIDGET(canvas));
    double h = gtk_widget_get_height(GTK_WIDGET(canvas));
    for (guint i = 0; i < canvas->cards->len; i++) {
        dump_card(canvas, b, canvas->cards->pdata[i], &o, w, h);
    }
    json_builder_end_array(b);
}
