/* window-history.c — undo and redo of graph edits in the window (Ctrl+Z, Ctrl+Shift+Z).
 *
 * The window keeps one PkHistory (pika/history.h) per workspace. A step is committed whenever
 * the notebook or the canvas reports a change of the graph ("changed"): a run of new SQL, a
 * plot spec edit, an added, removed, moved or renamed cell, a node dragged or connected on the
 * canvas. Keystrokes in an editor are not edits of the graph until they are run, so SQL text
 * is one step per run. Pans ("view") and selections are not steps (history.h).
 *
 * After an undo or redo only the cells of nodes that changed are built again (their editors
 * must show the restored text); the others keep their widgets, and the evaluation re-runs what
 * became dirty, which mostly comes back from the graph's cache. */
#include "window-private.h"

#include "pika/history.h"

#define HISTORY_KEY "pika-history"
#define RESTORING_KEY "pika-history-restoring"

static PkHistory *history_of(PkWindow *window) {
    return g_object_get_data(G_OBJECT(window), HISTORY_KEY);
}

static void update_actions(PkWindow *window) {
    PkHistory *history = history_of(window);
    GAction *undo = g_action_map_lookup_action(G_ACTION_MAP(window), "undo");
    GAction *redo = g_action_map_lookup_action(G_ACTION_MAP(window), "redo");
    if (undo != NULL && redo != NULL) {
        g_simple_action_set_enabled(G_SIMPLE_ACTION(undo),
                                    history != NULL && pk_history_can_undo(history));
        g_simple_action_set_enabled(G_SIMPLE_ACTION(redo),
                                    history != NULL && pk_history_can_redo(history));
    }
}

void pk_window_history_reset(PkWindow *window) {
    PkHistory *history = window->session != NULL ? pk_history_new(window->session->graph, 0) : NULL;
    g_object_set_data_full(G_OBJECT(window), HISTORY_KEY, history, (GDestroyNotify)pk_history_free);
    update_actions(window);
}

void pk_window_history_commit(PkWindow *window) {
    PkHistory *history = history_of(window);
    if (history != NULL && g_object_get_data(G_OBJECT(window), RESTORING_KEY) == NULL) {
        pk_history_commit(history, "Edit");
        update_actions(window);
    }
}

/* What a node's cell shows that a restore can change: its name, parameters (without "view")
 * and inputs. */
static char *node_signature(PkGraph *graph, PkNodeId node) {
    g_autoptr(GVariant) params = pk_graph_get_params(graph, node);
    GString *s = g_string_new(pk_graph_get_name(graph, node));
    g_string_append_printf(s, "|%016" G_GINT64_MODIFIER "x|",
                           pk_params_hash_without(params, "view"));
    for (guint i = 0; i < pk_graph_n_inputs(graph, node); i++) {
        g_string_append_printf(s, "%u,", pk_graph_get_input(graph, node, i));
    }
    return g_string_free(s, FALSE);
}

static GHashTable *signatures(PkGraph *graph) {
    GHashTable *out = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    guint n = 0;
    g_autofree PkNodeId *ids = pk_graph_list_nodes(graph, &n);
    for (guint i = 0; i < n; i++) {
        g_hash_table_insert(out, GUINT_TO_POINTER(ids[i]), node_signature(graph, ids[i]));
    }
    return out;
}

/* Rebuilds the cells of nodes whose signature changed (or that came back), re-syncs the
 * notebook and the canvas, and runs what is dirty. */
static void after_restore(PkWindow *window, GHashTable *before) {
    PkNotebook *notebook = PK_NOTEBOOK(window->notebook);
    PkGraph *graph = window->session->graph;
    guint n = 0;
    g_autofree PkNodeId *ids = pk_graph_list_nodes(graph, &n);
    g_autoptr(GArray) changed = g_array_new(FALSE, FALSE, sizeof(PkNodeId));
    for (guint i = 0; i < n; i++) {
        g_autofree char *now = node_signature(graph, ids[i]);
        const char *was = g_hash_table_lookup(before, GUINT_TO_POINTER(ids[i]));
        if (g_strcmp0(was, now) != 0) {
            g_array_append_val(changed, ids[i]);
        }
    }
    pk_notebook_forget_cells(notebook, (const PkNodeId *)(gpointer)changed->data, changed->len);
    /* "graph-changed": the notebook and canvas re-read the graph; "changed": the title and
     * the dump (not a new step: RESTORING_KEY is set) */
    pk_controller_notify_graph_changed(window->ctl);
    pk_controller_run(window->ctl, 0);
}

static void restore(PkWindow *window, gboolean redo) {
    PkHistory *history = history_of(window);
    if (history == NULL || window->notebook == NULL) {
        return;
    }
    pk_controller_stop(window->ctl);
    g_autoptr(GHashTable) before = signatures(window->session->graph);
    g_autoptr(GError) error = NULL;
    const char *label = redo ? pk_history_redo_label(history) : pk_history_undo_label(history);
    g_autofree char *what = g_strdup(label != NULL ? label : "Edit");
    gboolean ok = redo ? pk_history_redo(history, &error) : pk_history_undo(history, &error);
    if (!ok) {
        pk_window_show_error(window, redo ? "Cannot redo" : "Cannot undo", error);
        update_actions(window);
        return;
    }
    g_object_set_data(G_OBJECT(window), RESTORING_KEY, GINT_TO_POINTER(1));
    after_restore(window, before);
    g_object_set_data(G_OBJECT(window), RESTORING_KEY, NULL);
    update_actions(window);
}

static void act_undo(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)action, (void)param;
    restore(PK_WINDOW(data), FALSE);
}

static void act_redo(GSimpleAction *action, GVariant *param, gpointer data) {
    (void)action, (void)param;
    restore(PK_WINDOW(data), TRUE);
}

static void add_shortcut(GtkEventController *controller, const char *keys, const char *action) {
    gtk_shortcut_controller_add_shortcut(
        GTK_SHORTCUT_CONTROLLER(controller),
        gtk_shortcut_new(gtk_shortcut_trigger_parse_string(keys), gtk_named_action_new(action)));
}

/* The keys are handled when they bubble up to the window, not as application accelerators
 * (which GTK runs before the focused widget): an SQL editor or a text field with the focus
 * undoes its own typing first. */
void pk_window_add_history_actions(PkWindow *window) {
    static const GActionEntry entries[] = {
        {"undo", act_undo, NULL, NULL, NULL, {0}},
        {"redo", act_redo, NULL, NULL, NULL, {0}},
    };
    g_action_map_add_action_entries(G_ACTION_MAP(window), entries, G_N_ELEMENTS(entries), window);
    GtkEventController *keys = gtk_shortcut_controller_new();
    gtk_event_controller_set_propagation_phase(keys, GTK_PHASE_BUBBLE);
    add_shortcut(keys, "<Control>z", "win.undo");
    add_shortcut(keys, "<Control><Shift>z", "win.redo");
    add_shortcut(keys, "<Control>y", "win.redo");
    gtk_widget_add_controller(GTK_WIDGET(window), keys);
    update_actions(window);
}
