/* cell.c — one notebook cell (see cell.h).
 *
 *   ┃ ▾ name   QUERY                    ✓ 50,000 rows · 120 ms   ▶  ⋮
 *   ┃ body (cell-bodies.h)
 *
 * The left border's colour says the kind (CSS class pk-kind-<kind>, style.css). The state
 * line is rebuilt from each status the notebook delivers; while the node runs, a 250 ms timer
 * advances the elapsed time from the last status so it moves between progress reports.
 * Menu items are actions of the group "cell" on the cell itself. */
#include "cell.h"
#include "dump-id.h"

#include "cell-bodies.h"
#include "status-bar.h"
#include "words.h"

struct _PkCell {
    GtkWidget parent_instance;
    GtkWidget *frame;
    GtkWidget *revealer;
    GtkWidget *expander;
    GtkWidget *spinner;
    GtkWidget *state_label;
    GtkWidget *body;
    GtkWidget *run_button;
    GtkWidget *menu_button;
    GSimpleActionGroup *actions; /* owned by the widget; this is a borrowed pointer */
    PkController *ctl;           /* borrowed: outlives the cell */
    PkNodeId node;
    PkNodeStatus status;
    gint64 status_time_us;
    guint tick;
    char *state_text;
};

G_DEFINE_FINAL_TYPE(PkCell, pk_cell, GTK_TYPE_WIDGET)

static const char *const add_kinds[] = {"query", "transform", "plot", "note", "export", NULL};
static const char *const add_labels[] = {"SQL Query", "Transform", "Plot", "Note", "Export", NULL};

char *pk_cell_format_state(PkGraph *graph, const PkNodeStatus *status) {
    g_autofree char *rows = pk_format_count(status->n_rows);
    double secs = status->elapsed_ms / 1000.0;
    switch (status->state) {
    case PK_NODE_QUEUED:
        return g_strdup("Waiting…");
    case PK_NODE_RUNNING:
        if (status->progress >= 0) {
            return g_strdup_printf("Running… %.0f%% · %.1f s", status->progress * 100, secs);
        }
        return g_strdup_printf("Running… %.1f s", secs);
    case PK_NODE_DONE:
        if (status->elapsed_ms < 1000) {
            return g_strdup_printf("✓ %s rows · %.0f ms%s", rows, status->elapsed_ms,
                                   status->cached ? " · cached" : "");
        }
        return g_strdup_printf("✓ %s rows · %.1f s%s", rows, secs,
                               status->cached ? " · cached" : "");
    case PK_NODE_ERROR:
        if (status->cause != 0 && pk_graph_has_node(graph, status->cause)) {
            return g_strdup_printf("Not run: %s failed", pk_graph_get_name(graph, status->cause));
        }
        return status->message != NULL ? pk_ui_words(status->message) : g_strdup("Failed");
    case PK_NODE_CANCELLED:
        return g_strdup("Cancelled");
    case PK_NODE_IDLE:
    default:
        return g_strdup(status->dirty ? "Not run yet" : "");
    }
}

static void show_state(PkCell *cell) {
    PkNodeStatus shown = cell->status;
    if (shown.state == PK_NODE_RUNNING) {
        shown.elapsed_ms += (double)(g_get_monotonic_time() - cell->status_time_us) / 1000.0;
    }
    g_free(cell->state_text);
    cell->state_text = pk_cell_format_state(pk_controller_get_graph(cell->ctl), &shown);
    gtk_label_set_text(GTK_LABEL(cell->state_label), cell->state_text);
    g_autofree char *tip = pk_ui_words(shown.message);
    gtk_widget_set_tooltip_text(cell->state_label, tip);
    const char *classes[] = {"pk-state-running", "pk-state-done", "pk-state-error", NULL};
    for (guint i = 0; classes[i] != NULL; i++) {
        gtk_widget_remove_css_class(cell->frame, classes[i]);
    }
    gboolean running = shown.state == PK_NODE_RUNNING || shown.state == PK_NODE_QUEUED;
    if (running || shown.state == PK_NODE_DONE || shown.state == PK_NODE_ERROR) {
        gtk_widget_add_css_class(cell->frame, running                       ? classes[0]
                                              : shown.state == PK_NODE_DONE ? classes[1]
                                                                            : classes[2]);
    }
    gtk_widget_set_visible(cell->spinner, running);
    gtk_spinner_set_spinning(GTK_SPINNER(cell->spinner), running);
}

static gboolean on_tick(gpointer data) {
    show_state(data);
    return G_SOURCE_CONTINUE;
}

void pk_cell_set_status(PkCell *cell, const PkNodeStatus *status) {
    g_return_if_fail(PK_IS_CELL(cell));
    pk_node_status_clear(&cell->status);
    cell->status = *status;
    cell->status.message = g_strdup(status->message);
    cell->status_time_us = g_get_monotonic_time();
    show_state(cell);
    gboolean running = status->state == PK_NODE_RUNNING;
    if (running && cell->tick == 0) {
        cell->tick = g_timeout_add(250, on_tick, cell);
    } else if (!running) {
        g_clear_handle_id(&cell->tick, g_source_remove);
    }
    if (cell->body != NULL) {
        pk_cell_body_update(cell->body, status);
    }
}

static void act_run(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)action, (void)param;
    PkCell *cell = data;
    pk_controller_run(cell->ctl, cell->node);
}

static void act_collapse(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)action, (void)param;
    PkCell *cell = data;
    GtkRevealer *revealer = GTK_REVEALER(cell->revealer);
    gboolean open = !gtk_revealer_get_reveal_child(revealer);
    gtk_revealer_set_reveal_child(revealer, open);
    gtk_button_set_icon_name(GTK_BUTTON(cell->expander),
                             open ? "pan-down-symbolic" : "pan-end-symbolic");
}

static void report(PkCell *cell, gboolean ok, GError *error) {
    if (!ok && error != NULL) {
        pk_controller_toast(cell->ctl, error->message);
    }
    g_clear_error(&error);
}

static void act_add(GSimpleAction *action, GVariant *param, gpointer data) {
    PkCell *cell = data;
    PkNodeKind kind = PK_NODE_NOTE;
    GError *error = NULL;
    gboolean below = g_str_equal(g_action_get_name(G_ACTION(action)), "add-below");
    if (!pk_node_kind_parse(g_variant_get_string(param, NULL), &kind, &error)) {
        report(cell, FALSE, error);
        return;
    }
    report(cell, pk_controller_add_node(cell->ctl, cell->node, below, kind, &error) != 0, error);
}

static void act_move(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)param;
    PkCell *cell = data;
    GError *error = NULL;
    int delta = g_str_equal(g_action_get_name(G_ACTION(action)), "move-up") ? -1 : 1;
    report(cell, pk_controller_move_node(cell->ctl, cell->node, delta, &error), error);
}

static void act_delete(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)action, (void)param;
    PkCell *cell = data;
    GError *error = NULL;
    report(cell, pk_controller_delete_node(cell->ctl, cell->node, &error), error);
}

static const GActionEntry cell_actions[] = {
    {"run", act_run, NULL, NULL, NULL, {0}},
    {"collapse", act_collapse, NULL, NULL, NULL, {0}},
    {"add-above", act_add, "s", NULL, NULL, {0}},
    {"add-below", act_add, "s", NULL, NULL, {0}},
    {"move-up", act_move, NULL, NULL, NULL, {0}},
    {"move-down", act_move, NULL, NULL, NULL, {0}},
    {"delete", act_delete, NULL, NULL, NULL, {0}},
};

/* The cell menu; an entry that is not available says why in its label (a popover menu shows
 * no tooltips). why_*: NULL when available. */
static GMenuModel *cell_menu(const char *why_run, const char *why_up, const char *why_down) {
    GMenu *menu = g_menu_new();
    GMenu *add = g_menu_new();
    const char *where[] = {"add-above", "add-below"};
    const char *titles[] = {"Add Cell Above", "Add Cell Below"};
    for (guint w = 0; w < 2; w++) {
        GMenu *kinds = g_menu_new();
        for (guint i = 0; add_kinds[i] != NULL; i++) {
            g_autofree char *action = g_strdup_printf("cell.%s::%s", where[w], add_kinds[i]);
            g_menu_append(kinds, add_labels[i], action);
        }
        g_menu_append_submenu(add, titles[w], G_MENU_MODEL(kinds));
        g_object_unref(kinds);
    }
    g_autofree char *run = why_run != NULL ? g_strdup_printf("Run (%s)", why_run) : NULL;
    g_autofree char *up = why_up != NULL ? g_strdup_printf("Move Up (%s)", why_up) : NULL;
    g_autofree char *down = why_down != NULL ? g_strdup_printf("Move Down (%s)", why_down) : NULL;
    g_menu_append(menu, run != NULL ? run : "Run", "cell.run");
    g_menu_append_section(menu, NULL, G_MENU_MODEL(add));
    GMenu *order = g_menu_new();
    g_menu_append(order, up != NULL ? up : "Move Up", "cell.move-up");
    g_menu_append(order, down != NULL ? down : "Move Down", "cell.move-down");
    g_menu_append_section(menu, NULL, G_MENU_MODEL(order));
    GMenu *danger = g_menu_new();
    g_menu_append(danger, "Delete", "cell.delete");
    g_menu_append_section(menu, NULL, G_MENU_MODEL(danger));
    g_object_unref(add);
    g_object_unref(order);
    g_object_unref(danger);
    return G_MENU_MODEL(menu);
}

static void set_enabled(PkCell *cell, const char *action, gboolean enabled) {
    GAction *a = g_action_map_lookup_action(G_ACTION_MAP(cell->actions), action);
    g_simple_action_set_enabled(G_SIMPLE_ACTION(a), enabled);
}

void pk_cell_refresh(PkCell *cell) {
    g_return_if_fail(PK_IS_CELL(cell));
    PkGraph *graph = pk_controller_get_graph(cell->ctl);
    guint n = 0, at = 0;
    g_autofree PkNodeId *ids = pk_graph_list_nodes(graph, &n);
    while (at < n && ids[at] != cell->node) {
        at++;
    }
    const char *why_run =
        pk_graph_get_kind(graph, cell->node) == PK_NODE_NOTE ? "a note has nothing to run" : NULL;
    const char *why_up = at == 0 ? "already the first cell" : NULL;
    const char *why_down = at + 1 >= n ? "already the last cell" : NULL;
    set_enabled(cell, "run", why_run == NULL);
    set_enabled(cell, "move-up", why_up == NULL);
    set_enabled(cell, "move-down", why_down == NULL);
    g_autofree char *run_tip =
        why_run != NULL ? g_strdup_printf("Nothing to run: %s", why_run) : NULL;
    gtk_widget_set_tooltip_text(cell->run_button,
                                run_tip != NULL ? run_tip : "Run this cell (and what it needs)");
    g_autoptr(GMenuModel) menu = cell_menu(why_run, why_up, why_down);
    gtk_menu_button_set_menu_model(GTK_MENU_BUTTON(cell->menu_button), menu);
    if (cell->body != NULL) {
        pk_cell_body_graph_changed(cell->body);
    }
}

static GtkWidget *icon_button(const char *icon, const char *action, const char *tooltip) {
    GtkWidget *button = gtk_button_new_from_icon_name(icon);
    gtk_actionable_set_action_name(GTK_ACTIONABLE(button), action);
    gtk_widget_set_tooltip_text(button, tooltip);
    gtk_widget_add_css_class(button, "flat");
    gtk_widget_set_valign(button, GTK_ALIGN_CENTER);
    return button;
}

static GtkWidget *build_header(PkCell *cell, PkGraph *graph) {
    GtkWidget *header = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
    gtk_widget_add_css_class(header, "pk-cell-header");
    cell->expander = icon_button("pan-down-symbolic", "cell.collapse", "Collapse or expand");
    gtk_box_append(GTK_BOX(header), cell->expander);
    GtkWidget *name = gtk_label_new(pk_graph_get_name(graph, cell->node));
    gtk_widget_add_css_class(name, "heading");
    gtk_label_set_selectable(GTK_LABEL(name), FALSE);
    gtk_box_append(GTK_BOX(header), name);
    GtkWidget *kind = gtk_label_new(pk_node_kind_name(pk_graph_get_kind(graph, cell->node)));
    gtk_widget_add_css_class(kind, "pk-kind-badge");
    gtk_widget_set_valign(kind, GTK_ALIGN_CENTER);
    gtk_box_append(GTK_BOX(header), kind);
    cell->spinner = gtk_spinner_new();
    gtk_widget_set_hexpand(cell->spinner, TRUE);
    gtk_widget_set_halign(cell->spinner, GTK_ALIGN_END);
    gtk_widget_set_visible(cell->spinner, FALSE);
    gtk_box_append(GTK_BOX(header), cell->spinner);
    cell->state_label = gtk_label_new(NULL);
    gtk_widget_add_css_class(cell->state_label, "pk-state");
    gtk_label_set_ellipsize(GTK_LABEL(cell->state_label), PANGO_ELLIPSIZE_END);
    gtk_label_set_max_width_chars(GTK_LABEL(cell->state_label), 70);
    gtk_widget_set_hexpand(cell->state_label, TRUE);
    gtk_label_set_xalign(GTK_LABEL(cell->state_label), 1.0f);
    gtk_box_append(GTK_BOX(header), cell->state_label);
    cell->run_button = icon_button("media-playback-start-symbolic", "cell.run", "Run this cell");
    pk_dump_id(cell->run_button, "%s/run", pk_graph_get_name(graph, cell->node));
    gtk_box_append(GTK_BOX(header), cell->run_button);
    GtkWidget *more = gtk_menu_button_new();
    cell->menu_button = more;
    pk_dump_id(more, "%s/menu", pk_graph_get_name(graph, cell->node));
    gtk_menu_button_set_icon_name(GTK_MENU_BUTTON(more), "view-more-symbolic");
    g_autoptr(GMenuModel) menu = cell_menu(NULL, NULL, NULL);
    gtk_menu_button_set_menu_model(GTK_MENU_BUTTON(more), menu);
    gtk_widget_add_css_class(more, "flat");
    gtk_widget_set_tooltip_text(more, "Cell menu");
    gtk_box_append(GTK_BOX(header), more);
    return header;
}

static void on_pressed(GtkGestureClick *gesture, int n, double x, double y, gpointer data) {
    (void)gesture, (void)n, (void)x, (void)y;
    PkCell *cell = data;
    pk_controller_focus_node(cell->ctl, cell->node);
}

static void on_focus_enter(GtkEventControllerFocus *controller, gpointer data) {
    (void)controller;
    PkCell *cell = data;
    pk_controller_focus_node(cell->ctl, cell->node);
}

static void pk_cell_init(PkCell *cell) {
    GSimpleActionGroup *group = g_simple_action_group_new();
    g_action_map_add_action_entries(G_ACTION_MAP(group), cell_actions, G_N_ELEMENTS(cell_actions),
                                    cell);
    gtk_widget_insert_action_group(GTK_WIDGET(cell), "cell", G_ACTION_GROUP(group));
    cell->actions = group;
    g_object_unref(group);
    GtkGesture *click = gtk_gesture_click_new();
    gtk_event_controller_set_propagation_phase(GTK_EVENT_CONTROLLER(click), GTK_PHASE_CAPTURE);
    g_signal_connect(click, "pressed", G_CALLBACK(on_pressed), cell);
    gtk_widget_add_controller(GTK_WIDGET(cell), GTK_EVENT_CONTROLLER(click));
    GtkEventController *focus = gtk_event_controller_focus_new();
    g_signal_connect(focus, "enter", G_CALLBACK(on_focus_enter), cell);
    gtk_widget_add_controller(GTK_WIDGET(cell), focus);
}

static void pk_cell_dispose(GObject *object) {
    PkCell *cell = PK_CELL(object);
    g_clear_handle_id(&cell->tick, g_source_remove);
    g_clear_pointer(&cell->frame, gtk_widget_unparent);
    G_OBJECT_CLASS(pk_cell_parent_class)->dispose(object);
}

static void pk_cell_finalize(GObject *object) {
    PkCell *cell = PK_CELL(object);
    pk_node_status_clear(&cell->status);
    g_free(cell->state_text);
    G_OBJECT_CLASS(pk_cell_parent_class)->finalize(object);
}

static void pk_cell_class_init(PkCellClass *klass) {
    G_OBJECT_CLASS(klass)->dispose = pk_cell_dispose;
    G_OBJECT_CLASS(klass)->finalize = pk_cell_finalize;
    gtk_widget_class_set_layout_manager_type(GTK_WIDGET_CLASS(klass), GTK_TYPE_BIN_LAYOUT);
}

GtkWidget *pk_cell_new(PkController *ctl, PkNodeId node) {
    PkCell *cell = g_object_new(PK_TYPE_CELL, NULL);
    PkGraph *graph = pk_controller_get_graph(ctl);
    cell->ctl = ctl;
    cell->node = node;
    cell->frame = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
    gtk_widget_add_css_class(cell->frame, "pk-cell");
    g_autofree char *kind_class =
        g_strdup_printf("pk-kind-%s", pk_node_kind_name(pk_graph_get_kind(graph, node)));
    gtk_widget_add_css_class(cell->frame, kind_class);
    gtk_widget_set_parent(cell->frame, GTK_WIDGET(cell));
    gtk_box_append(GTK_BOX(cell->frame), build_header(cell, graph));
    cell->revealer = gtk_revealer_new();
    gtk_revealer_set_reveal_child(GTK_REVEALER(cell->revealer), TRUE);
    gtk_box_append(GTK_BOX(cell->frame), cell->revealer);
    return GTK_WIDGET(cell);
}

gboolean pk_cell_has_body(PkCell *cell) {
    return cell->body != NULL;
}

void pk_cell_build_body(PkCell *cell) {
    g_return_if_fail(PK_IS_CELL(cell));
    if (cell->body != NULL) {
        return;
    }
    cell->body = pk_cell_body_new(cell->ctl, cell->node);
    gtk_widget_add_css_class(cell->body, "pk-cell-body");
    gtk_revealer_set_child(GTK_REVEALER(cell->revealer), cell->body);
    if (cell->status.state != PK_NODE_IDLE) {
        pk_cell_body_update(cell->body, &cell->status);
    }
}

PkNodeId pk_cell_get_node(PkCell *cell) {
    return cell->node;
}

GtkWidget *pk_cell_get_plot_view(PkCell *cell) {
    if (cell->body == NULL || !PK_IS_CELL_PLOT(cell->body)) {
        return NULL;
    }
    return pk_cell_plot_get_view(PK_CELL_PLOT(cell->body));
}

const char *pk_cell_get_state_text(PkCell *cell) {
    return cell->state_text != NULL ? cell->state_text : "";
}

gboolean pk_cell_action_enabled(PkCell *cell, const char *action) {
    return g_action_group_get_action_enabled(G_ACTION_GROUP(cell->actions), action);
}
