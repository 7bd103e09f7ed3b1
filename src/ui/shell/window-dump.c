/* window-dump.c — the window's state as JSON, for tests and bug reports.
 *
 *   {"workspace": "/path/a.pika" | null, "title": "a.pika", "dirty": false, "busy": false,
 *    "page": "notebook", "mode": "notebook" | "canvas", "toast": the last toast | null,
 *    "built": every cell has its body,
 *    "dialog": null | {"heading", "body"} (the "Save Changes?" dialog while it shows),
 *    "nodes": [{"name", "kind", "state", "rows", "cached", "dirty", "message", "text",
 *               "params": {...}, "inputs": [names by port], "actions": {"run": enabled...}}],
 *    "plots": [{"name", "viewport": [x0, x1, y0, y1] | null,
 *               "bounds": [x, y, width, height] | null,
 *               "selected": rows selected in its last frame | null, "frames": exact frames,
 *               "exact_drawn_us": when the last new one was drawn (monotonic clock, µs),
 *               and what pk_plot_view_dump adds: "brush", "tooltip", "legend"}],
 *    "canvas": null | {"viewport": [x, y, zoom], "edges", "editors", "crumbs": [names],
 *                      "cards": [{"name", "position", "selected", "bounds", "inputs",
 *                                 "output"}]}}
 *
 * "params" are the node's parameters (GVariant as JSON); "bounds" is where the plot view lies
 * in the window, in window pixels (null while it is not laid out), so a test can point at it.
 *
 * Written whole to a temporary file and renamed (g_file_set_contents), so a reader never sees
 * half a dump. "text" is the state line as the cell shows it. "canvas" is null until Canvas
 * mode was first shown (canvas.h, pk_canvas_dump). */
#include "window-private.h"

#include "canvas.h"
#include "cell.h"
#include "dump-id.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "plot-view.h"

/* "inputs": the names of the node's inputs, port by port; "actions": the cell's actions and
 * whether each is enabled (absent while the notebook has no cell for the node). */
static void dump_wiring(JsonBuilder *b, PkWindow *window, PkGraph *graph, PkNodeId node) {
    json_builder_set_member_name(b, "inputs");
    json_builder_begin_array(b);
    for (guint port = 0; port < pk_graph_n_inputs(graph, node); port++) {
        PkNodeId input = pk_graph_get_input(graph, node, port);
        if (input != 0) {
            json_builder_add_string_value(b, pk_graph_get_name(graph, input));
        } else {
            json_builder_add_null_value(b);
        }
    }
    json_builder_end_array(b);
    GtkWidget *cell =
        window->notebook != NULL ? pk_notebook_get_cell(PK_NOTEBOOK(window->notebook), node) : NULL;
    if (cell == NULL) {
        return;
    }
    static const char *const actions[] = {"run",       "add-above", "add-below", "move-up",
                                          "move-down", "delete",    NULL};
    json_builder_set_member_name(b, "actions");
    json_builder_begin_object(b);
    for (guint i = 0; actions[i] != NULL; i++) {
        json_builder_set_member_name(b, actions[i]);
        json_builder_add_boolean_value(b, pk_cell_action_enabled(PK_CELL(cell), actions[i]));
    }
    json_builder_end_object(b);
}

static void dump_node(JsonBuilder *b, PkWindow *window, PkGraph *graph, PkNodeId node) {
    PkNodeStatus status = {0};
    pk_graph_get_status(graph, node, &status);
    g_autofree char *text = pk_cell_format_state(graph, &status);
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, pk_graph_get_name(graph, node));
    json_builder_set_member_name(b, "kind");
    json_builder_add_string_value(b, pk_node_kind_name(pk_graph_get_kind(graph, node)));
    json_builder_set_member_name(b, "state");
    json_builder_add_string_value(b, pk_node_state_name(status.state));
    json_builder_set_member_name(b, "rows");
    json_builder_add_int_value(b, (gint64)status.n_rows);
    json_builder_set_member_name(b, "cached");
    json_builder_add_boolean_value(b, status.cached);
    json_builder_set_member_name(b, "dirty");
    json_builder_add_boolean_value(b, status.dirty);
    json_builder_set_member_name(b, "message");
    if (status.message != NULL) {
        json_builder_add_string_value(b, status.message);
    } else {
        json_builder_add_null_value(b);
    }
    json_builder_set_member_name(b, "text");
    json_builder_add_string_value(b, text);
    g_autoptr(GVariant) params = pk_graph_get_params(graph, node);
    json_builder_set_member_name(b, "params");
    json_builder_add_value(b, json_gvariant_serialize(params));
    dump_wiring(b, window, graph, node);
    json_builder_end_object(b);
    pk_node_status_clear(&status);
}

/* [x, y, width, height] */
static void add_rect(JsonBuilder *b, const graphene_rect_t *r) {
    json_builder_begin_array(b);
    json_builder_add_double_value(b, r->origin.x);
    json_builder_add_double_value(b, r->origin.y);
    json_builder_add_double_value(b, r->size.width);
    json_builder_add_double_value(b, r->size.height);
    json_builder_end_array(b);
}

static void dump_bounds(JsonBuilder *b, PkWindow *window, GtkWidget *view) {
    graphene_rect_t r;
    json_builder_set_member_name(b, "bounds");
    if (!gtk_widget_get_mapped(view) || !gtk_widget_compute_bounds(view, GTK_WIDGET(window), &r)) {
        json_builder_add_null_value(b);
        return;
    }
    add_rect(b, &r);
}

static void dump_plots(JsonBuilder *b, PkWindow *window) {
    json_builder_begin_array(b);
    if (window->notebook == NULL) {
        json_builder_end_array(b);
        return;
    }
    PkGraph *graph = pk_controller_get_graph(window->ctl);
    g_autoptr(GArray) nodes = g_array_new(FALSE, FALSE, sizeof(PkNodeId));
    g_autoptr(GPtrArray) views = pk_notebook_list_plot_views(PK_NOTEBOOK(window->notebook), nodes);
    for (guint i = 0; i < views->len; i++) {
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b,
                                      pk_graph_get_name(graph, g_array_index(nodes, PkNodeId, i)));
        json_builder_set_member_name(b, "viewport");
        double v[4] = {0, 0, 0, 0};
        gboolean known = FALSE;
        known =
            pk_plot_view_get_viewport(PK_PLOT_VIEW(views->pdata[i]), &v[0], &v[1], &v[2], &v[3]);
        if (known) {
            json_builder_begin_array(b);
            for (guint k = 0; k < 4; k++) {
                json_builder_add_double_value(b, v[k]);
            }
            json_builder_end_array(b);
        } else {
            json_builder_add_null_value(b);
        }
        dump_bounds(b, window, views->pdata[i]);
        gint64 selected = pk_plot_view_get_n_selected(PK_PLOT_VIEW(views->pdata[i]));
        json_builder_set_member_name(b, "selected");
        if (selected >= 0) {
            json_builder_add_int_value(b, selected);
        } else {
            json_builder_add_null_value(b);
        }
        json_builder_set_member_name(b, "frames");
        json_builder_add_int_value(b,
                                   pk_plot_view_get_n_exact_frames(PK_PLOT_VIEW(views->pdata[i])));
        json_builder_set_member_name(b, "exact_drawn_us");
        json_builder_add_int_value(b,
                                   pk_plot_view_get_exact_drawn_us(PK_PLOT_VIEW(views->pdata[i])));
        pk_plot_view_dump(PK_PLOT_VIEW(views->pdata[i]), b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

static void dump_header(JsonBuilder *b, PkWindow *window) {
    g_autofree char *title = window->session != NULL ? pk_session_dup_title(window->session) : NULL;
    json_builder_set_member_name(b, "workspace");
    if (window->session != NULL && window->session->path != NULL) {
        json_builder_add_string_value(b, window->session->path);
    } else {
        json_builder_add_null_value(b);
    }
    json_builder_set_member_name(b, "title");
    json_builder_add_string_value(b, title != NULL ? title : "");
    json_builder_set_member_name(b, "page");
    json_builder_add_string_value(b, gtk_stack_get_visible_child_name(GTK_STACK(window->stack)));
    json_builder_set_member_name(b, "mode");
    json_builder_add_string_value(b, pk_window_get_mode(window));
    json_builder_set_member_name(b, "toast");
    if (window->last_toast != NULL) {
        json_builder_add_string_value(b, window->last_toast);
    } else {
        json_builder_add_null_value(b);
    }
    json_builder_set_member_name(b, "dialog");
    if (window->close_dialog != NULL && gtk_widget_get_visible(window->close_dialog)) {
        AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG(window->close_dialog);
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "heading");
        json_builder_add_string_value(b, adw_message_dialog_get_heading(dialog));
        json_builder_set_member_name(b, "body");
        json_builder_add_string_value(b, adw_message_dialog_get_body(dialog));
        json_builder_end_object(b);
    } else {
        json_builder_add_null_value(b);
    }
    json_builder_set_member_name(b, "dirty");
    json_builder_add_boolean_value(b, window->dirty);
    json_builder_set_member_name(b, "built");
    json_builder_add_boolean_value(b, window->notebook != NULL &&
                                          pk_notebook_is_built(PK_NOTEBOOK(window->notebook)));
    json_builder_set_member_name(b, "busy");
    json_builder_add_boolean_value(b,
                                   window->notebook != NULL && pk_controller_is_busy(window->ctl));
}

/* Where widget lies in its window's coordinates. A widget in a popover (a menu, a drop-down's
 * list) is on a surface of its own: its place is its bounds in the popover plus the popover
 * surface's position relative to its parent's surface, up to the window. */
static gboolean window_bounds(GtkWidget *widget, GtkRoot *root, graphene_rect_t *r) {
    GtkNative *native = gtk_widget_get_native(widget);
    if (native == NULL || !gtk_widget_compute_bounds(widget, GTK_WIDGET(native), r)) {
        return FALSE;
    }
    while (GTK_WIDGET(native) != GTK_WIDGET(root)) {
        GdkSurface *surface = gtk_native_get_surface(native);
        GtkWidget *parent = gtk_widget_get_parent(GTK_WIDGET(native));
        GtkNative *up = parent != NULL ? gtk_widget_get_native(parent) : NULL;
        if (!GDK_IS_POPUP(surface) || up == NULL) {
            return FALSE;
        }
        double sx = 0, sy = 0, ux = 0, uy = 0;
        gtk_native_get_surface_transform(native, &sx, &sy);
        gtk_native_get_surface_transform(up, &ux, &uy);
        r->origin.x += (float)(sx + gdk_popup_get_position_x(GDK_POPUP(surface)) - ux);
        r->origin.y += (float)(sy + gdk_popup_get_position_y(GDK_POPUP(surface)) - uy);
        native = up;
    }
    return TRUE;
}

/* One control with a dump id (dump-id.h) and what a test needs to use it. */
static void dump_control(JsonBuilder *b, GtkWidget *widget, const char *id) {
    GtkRoot *root = gtk_widget_get_root(widget);
    graphene_rect_t r;
    if (root == NULL || !window_bounds(widget, root, &r)) {
        return;
    }
    json_builder_set_member_name(b, id);
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "window");
    const char *title = GTK_IS_WINDOW(root) ? gtk_window_get_title(GTK_WINDOW(root)) : NULL;
    json_builder_add_string_value(b, title != NULL ? title : "");
    json_builder_set_member_name(b, "bounds");
    add_rect(b, &r);
    json_builder_set_member_name(b, "enabled");
    json_builder_add_boolean_value(b, gtk_widget_is_sensitive(widget));
    GtkWidget *focus = gtk_root_get_focus(root);
    json_builder_set_member_name(b, "focused");
    json_builder_add_boolean_value(
        b, focus != NULL && (focus == widget || gtk_widget_is_ancestor(focus, widget)));
    const char *tip = gtk_widget_get_tooltip_text(widget);
    if (tip != NULL) {
        json_builder_set_member_name(b, "tooltip");
        json_builder_add_string_value(b, tip);
    }
    const char *text = pk_dump_text_get(widget);
    if (text != NULL) {
        json_builder_set_member_name(b, "text");
        json_builder_add_string_value(b, text);
    } else if (GTK_IS_EXPANDER(widget)) {
        json_builder_set_member_name(b, "text");
        json_builder_add_string_value(b, gtk_expander_get_label(GTK_EXPANDER(widget)));
    } else if (GTK_IS_EDITABLE(widget)) {
        json_builder_set_member_name(b, "text");
        json_builder_add_string_value(b, gtk_editable_get_text(GTK_EDITABLE(widget)));
    } else if (GTK_IS_LABEL(widget)) {
        json_builder_set_member_name(b, "text");
        json_builder_add_string_value(b, gtk_label_get_text(GTK_LABEL(widget)));
    } else if (GTK_IS_SWITCH(widget)) {
        json_builder_set_member_name(b, "active");
        json_builder_add_boolean_value(b, gtk_switch_get_active(GTK_SWITCH(widget)));
    } else if (GTK_IS_DROP_DOWN(widget)) {
        GListModel *model = gtk_drop_down_get_model(GTK_DROP_DOWN(widget));
        json_builder_set_member_name(b, "choices");
        json_builder_begin_array(b);
        for (guint i = 0; model != NULL && i < g_list_model_get_n_items(model); i++) {
            g_autoptr(GObject) item = g_list_model_get_item(model, i);
            json_builder_add_string_value(
                b, GTK_IS_STRING_OBJECT(item)
                       ? gtk_string_object_get_string(GTK_STRING_OBJECT(item))
                       : "");
        }
        json_builder_end_array(b);
        json_builder_set_member_name(b, "selected");
        json_builder_add_int_value(b, gtk_drop_down_get_selected(GTK_DROP_DOWN(widget)));
    }
    json_builder_end_object(b);
}

/* The text of the first label under widget, or NULL. */
static const char *first_label(GtkWidget *widget) {
    if (GTK_IS_LABEL(widget)) {
        return gtk_label_get_text(GTK_LABEL(widget));
    }
    for (GtkWidget *child = gtk_widget_get_first_child(widget); child != NULL;
         child = gtk_widget_get_next_sibling(child)) {
        const char *text = first_label(child);
        if (text != NULL) {
            return text;
        }
    }
    return NULL;
}

/* Named controls, and the entries of open menus and drop-down lists: "menu:Plot" (a menu
 * item) and "choice:histogram" (a row of an open drop-down's list), and the buttons of a
 * message dialog ("button:Discard"). */
static void dump_controls_under(JsonBuilder *b, GtkWidget *widget, gboolean in_popover) {
    if (!gtk_widget_get_mapped(widget)) {
        return;
    }
    const char *id = pk_dump_id_get(widget);
    const char *type = G_OBJECT_TYPE_NAME(widget);
    if (id != NULL) {
        dump_control(b, widget, id);
    } else if (GTK_IS_BUTTON(widget) && ADW_IS_MESSAGE_DIALOG(gtk_widget_get_root(widget)) &&
               gtk_button_get_label(GTK_BUTTON(widget)) != NULL) {
        g_autoptr(GString) name = g_string_new("button:");
        g_string_append(name, gtk_button_get_label(GTK_BUTTON(widget)));
        g_string_replace(name, "_", "", 0); /* the mnemonic mark */
        dump_control(b, widget, name->str);
    } else if (in_popover &&
               (g_str_equal(type, "GtkModelButton") || g_str_equal(type, "GtkListItemWidget"))) {
        const char *text = first_label(widget);
        if (text != NULL) {
            g_autofree char *name =
                g_strdup_printf("%s:%s", type[3] == 'M' ? "menu" : "choice", text);
            dump_control(b, widget, name);
        }
    }
    in_popover = in_popover || GTK_IS_POPOVER(widget);
    for (GtkWidget *child = gtk_widget_get_first_child(widget); child != NULL;
         child = gtk_widget_get_next_sibling(child)) {
        dump_controls_under(b, child, in_popover);
    }
}

/* "controls": every shown control with a dump id, in any of the application's windows
 * (the import dialog and node editors too), by id. */
static void dump_controls(JsonBuilder *b) {
    json_builder_set_member_name(b, "controls");
    json_builder_begin_object(b);
    GListModel *toplevels = gtk_window_get_toplevels(); /* borrowed */
    for (guint i = 0; i < g_list_model_get_n_items(toplevels); i++) {
        g_autoptr(GtkWidget) toplevel = g_list_model_get_item(toplevels, i);
        dump_controls_under(b, toplevel, FALSE);
    }
    json_builder_end_object(b);
}

gboolean pk_window_dump_state(PkWindow *window, const char *path, GError **error) {
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    dump_header(b, window);
    json_builder_set_member_name(b, "nodes");
    json_builder_begin_array(b);
    if (window->session != NULL) {
        guint n = 0;
        g_autofree PkNodeId *ids = pk_graph_list_nodes(window->session->graph, &n);
        for (guint i = 0; i < n; i++) {
            dump_node(b, window, window->session->graph, ids[i]);
        }
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "plots");
    dump_plots(b, window);
    json_builder_set_member_name(b, "canvas");
    if (window->canvas != NULL) {
        json_builder_begin_object(b);
        pk_canvas_dump(PK_CANVAS(window->canvas), b, GTK_WIDGET(window));
        json_builder_end_object(b);
    } else {
        json_builder_add_null_value(b);
    }
    dump_controls(b);
    json_builder_end_object(b);
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autoptr(JsonNode) root = json_builder_get_root(b);
    json_generator_set_root(gen, root);
    json_generator_set_pretty(gen, TRUE);
    g_autofree char *text = json_generator_to_data(gen, NULL);
    if (g_strcmp0(path, window->dump_path) == 0) {
        if (g_strcmp0(text, window->last_dump) == 0) {
            return TRUE; /* unchanged: the periodic dump writes only what is new */
        }
        g_free(window->last_dump);
        window->last_dump = g_strdup(text);
    }
    return g_file_set_contents(path, text, -1, error);
}
