/* controller-edit.c — the window's graph edits: adding, deleting and moving nodes with starter
 * parameters, and choosing a node's input (controller.h).
 *
 * A new node gets a unique name (kind + number), parameters that evaluate as they are (a
 * preview query, a sample transform, the plot its input's column types suggest, a note, a
 * CSV export) and its input connected to the node it is added below when that outputs a
 * table, else the nearest table above — so a freshly added cell can run at once. Each edit ends
 * with "graph-changed", so every view re-reads the graph. */
#include "controller.h"

#include "pika/error.h"

static char *unique_name(PkGraph *graph, PkNodeKind kind) {
    for (guint i = 1;; i++) {
        char *name = g_strdup_printf("%s%u", pk_node_kind_name(kind), i);
        if (pk_graph_find(graph, name) == 0) {
            return name;
        }
        g_free(name);
    }
}

/* The nearest node at or above position index whose output is a table, or 0. */
static PkNodeId table_above(PkGraph *graph, const PkNodeId *ids, guint index) {
    for (guint i = index + 1; i-- > 0;) {
        if (pk_node_kind_output(pk_graph_get_kind(graph, ids[i])) == PK_PORT_TABLE) {
            return ids[i];
        }
    }
    return 0;
}

/* The spec a new plot of input starts from: the defaults for its columns' types (an empty
 * spec, which asks for an x column, while the input has no value yet). */
static GVariant *starter_spec(PkGraph *graph, PkNodeId input) {
    g_autoptr(PkGraphValue) value = input != 0 ? pk_graph_get_value(graph, input) : NULL;
    const char *const *names = value != NULL ? pk_graph_value_columns(value) : NULL;
    const char *const *types = value != NULL ? pk_graph_value_column_types(value) : NULL;
    return pk_plot_spec_default_for_columns(names, types,
                                            names != NULL ? g_strv_length((char **)names) : 0);
}

static GVariant *starter_params(PkGraph *graph, PkNodeKind kind, PkNodeId input, const char *name) {
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    const char *in = input != 0 ? pk_graph_get_name(graph, input) : NULL;
    if (kind == PK_NODE_QUERY) {
        g_autofree char *sql = in != NULL ? g_strdup_printf("SELECT *\nFROM %s\nLIMIT 100", in)
                                          : g_strdup("SELECT 42 AS answer");
        g_variant_builder_add(&b, "{sv}", "sql", g_variant_new_string(sql));
    } else if (kind == PK_NODE_TRANSFORM) {
        g_variant_builder_add(&b, "{sv}", "op", g_variant_new_string("sample"));
        g_variant_builder_add(&b, "{sv}", "n", g_variant_new_int64(1000));
    } else if (kind == PK_NODE_PLOT) {
        g_variant_builder_add(&b, "{sv}", "spec", starter_spec(graph, input));
    } else if (kind == PK_NODE_NOTE) {
        g_variant_builder_add(&b, "{sv}", "text",
                              g_variant_new_string("## Notes\n\nWrite *markdown* here."));
    } else if (kind == PK_NODE_EXPORT) {
        g_autofree char *path = g_strdup_printf("%s.csv", name);
        g_variant_builder_add(&b, "{sv}", "path", g_variant_new_string(path));
    }
    return g_variant_builder_end(&b);
}

PkNodeId pk_controller_add_node(PkController *ctl, PkNodeId near, gboolean below, PkNodeKind kind,
                                GError **error) {
    PkGraph *graph = pk_controller_get_graph(ctl);
    guint n = 0, at = 0;
    g_autofree PkNodeId *ids = pk_graph_list_nodes(graph, &n);
    while (at < n && ids[at] != near) {
        at++;
    }
    guint index = near == 0 || at == n ? n : (below ? at + 1 : at);
    PkNodeId input = index > 0 ? table_above(graph, ids, index - 1) : 0;
    g_autofree char *name = unique_name(graph, kind);
    pk_controller_stop(ctl);
    PkNodeId node =
        pk_graph_add_node(graph, kind, name, starter_params(graph, kind, input, name), error);
    if (node == 0) {
        return 0;
    }
    /* A query reads what its SQL names (derived inputs): its starter SQL names the table. */
    gboolean wants_input =
        kind == PK_NODE_TRANSFORM || kind == PK_NODE_PLOT || kind == PK_NODE_EXPORT;
    if ((wants_input && input != 0 && !pk_graph_connect(graph, input, node, 0, error)) ||
        !pk_graph_move(graph, node, index, error)) {
        pk_graph_remove_node(graph, node, NULL);
        return 0;
    }
    pk_controller_notify_graph_changed(ctl);
    if (kind != PK_NODE_NOTE && kind != PK_NODE_EXPORT) {
        pk_controller_run(ctl, node);
    }
    return node;
}

gboolean pk_controller_delete_node(PkController *ctl, PkNodeId node, GError **error) {
    pk_controller_stop(ctl);
    if (!pk_graph_remove_node(pk_controller_get_graph(ctl), node, error)) {
        return FALSE;
    }
    pk_controller_notify_graph_changed(ctl);
    return TRUE;
}

gboolean pk_controller_move_node(PkController *ctl, PkNodeId node, int delta, GError **error) {
    PkGraph *graph = pk_controller_get_graph(ctl);
    guint n = 0, at = 0;
    g_autofree PkNodeId *ids = pk_graph_list_nodes(graph, &n);
    while (at < n && ids[at] != node) {
        at++;
    }
    if (at == n || (delta < 0 && at == 0) || (delta > 0 && at + 1 >= n)) {
        return TRUE; /* already at the edge */
    }
    pk_controller_stop(ctl);
    if (!pk_graph_move(graph, node, (guint)((int)at + delta), error)) {
        return FALSE;
    }
    pk_controller_notify_graph_changed(ctl);
    return TRUE;
}

gboolean pk_controller_set_input(PkController *ctl, PkNodeId node, PkNodeId input, GError **error) {
    PkGraph *graph = pk_controller_get_graph(ctl);
    PkNodeId old = pk_graph_n_inputs(graph, node) > 0 ? pk_graph_get_input(graph, node, 0) : 0;
    pk_controller_stop(ctl);
    if (old != 0 && !pk_graph_disconnect(graph, node, 0, error)) {
        return FALSE;
    }
    if (!pk_graph_connect(graph, input, node, 0, error)) {
        if (old != 0) {
            pk_graph_connect(graph, old, node, 0, NULL);
        }
        return FALSE;
    }
    pk_controller_notify_graph_changed(ctl);
    pk_controller_run(ctl, node);
    return TRUE;
}
