/* cell-common.c — what every cell body shares: dispatch by kind, parameter edits, the input's
 * columns, the input picker, and the results table under queries and transforms. */
#include "cell-bodies.h"
#include "dump-id.h"

#include "status-bar.h"

#include <string.h>

#include "results-table.h"

GtkWidget *pk_cell_body_new(PkController *ctl, PkNodeId node) {
    switch (pk_graph_get_kind(pk_controller_get_graph(ctl), node)) {
    case PK_NODE_SOURCE:
        return pk_cell_source_new(ctl, node);
    case PK_NODE_QUERY:
        return pk_cell_query_new(ctl, node);
    case PK_NODE_TRANSFORM:
        return pk_cell_transform_new(ctl, node);
    case PK_NODE_PLOT:
        return pk_cell_plot_new(ctl, node);
    case PK_NODE_NOTE:
        return pk_cell_note_new(ctl, node);
    case PK_NODE_EXPORT:
    default:
        return pk_cell_export_new(ctl, node);
    }
}

void pk_cell_body_update(GtkWidget *body, const PkNodeStatus *status) {
    if (PK_IS_CELL_SOURCE(body)) {
        pk_cell_source_update(PK_CELL_SOURCE(body), status);
    } else if (PK_IS_CELL_QUERY(body)) {
        pk_cell_query_update(PK_CELL_QUERY(body), status);
    } else if (PK_IS_CELL_TRANSFORM(body)) {
        pk_cell_transform_update(PK_CELL_TRANSFORM(body), status);
    } else if (PK_IS_CELL_PLOT(body)) {
        pk_cell_plot_update(PK_CELL_PLOT(body), status);
    } else if (PK_IS_CELL_EXPORT(body)) {
        pk_cell_export_update(PK_CELL_EXPORT(body), status);
    }
}

void pk_cell_body_graph_changed(GtkWidget *body) {
    if (PK_IS_CELL_TRANSFORM(body)) {
        pk_cell_transform_graph_changed(PK_CELL_TRANSFORM(body));
    } else if (PK_IS_CELL_PLOT(body)) {
        pk_cell_plot_graph_changed(PK_CELL_PLOT(body));
    } else if (PK_IS_CELL_EXPORT(body)) {
        pk_cell_export_graph_changed(PK_CELL_EXPORT(body));
    }
}

GVariant *pk_cell_params_with(PkGraph *graph, PkNodeId node, const char *key, GVariant *value) {
    g_autoptr(GVariant) params = pk_graph_get_params(graph, node);
    g_autoptr(GVariant) sunk = value != NULL ? g_variant_ref_sink(value) : NULL;
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    GVariantIter iter;
    const char *k;
    GVariant *v;
    g_variant_iter_init(&iter, params);
    while (g_variant_iter_next(&iter, "{&sv}", &k, &v)) {
        if (!g_str_equal(k, key)) {
            g_variant_builder_add(&b, "{sv}", k, v);
        }
        g_variant_unref(v);
    }
    if (sunk != NULL) {
        g_variant_builder_add(&b, "{sv}", key, sunk);
    }
    return g_variant_builder_end(&b);
}

char **pk_cell_input_columns(PkGraph *graph, PkNodeId node) {
    PkNodeId input = pk_graph_n_inputs(graph, node) > 0 ? pk_graph_get_input(graph, node, 0) : 0;
    g_autoptr(PkGraphValue) value = input != 0 ? pk_graph_get_value(graph, input) : NULL;
    const char *const *columns = value != NULL ? pk_graph_value_columns(value) : NULL;
    return columns != NULL ? g_strdupv((char **)columns) : NULL;
}

/* The input picker: a drop-down of the nodes whose output the node takes (tables; for an
 * export also plots), in notebook order, leaving
 * out the node itself and what depends on it (choosing one of those would make a cycle).
 * "pika-picker-nodes" holds the ids shown, in the drop-down's order; `syncing` (object data)
 * is set while the list is refilled so that refilling is not an edit. */
typedef struct {
    PkController *ctl;
    PkNodeId node;
    GArray *ids;
    gboolean syncing;
} Picker;

static void picker_free(gpointer data) {
    Picker *p = data;
    g_array_unref(p->ids);
    g_free(p);
}

/* Whether node depends on ancestor (through any chain of inputs). */
static gboolean depends_on(PkGraph *graph, PkNodeId node, PkNodeId ancestor) {
    if (node == ancestor) {
        return TRUE;
    }
    for (guint port = 0; port < pk_graph_n_inputs(graph, node); port++) {
        PkNodeId input = pk_graph_get_input(graph, node, port);
        if (input != 0 && depends_on(graph, input, ancestor)) {
            return TRUE;
        }
    }
    return FALSE;
}

static void on_picker_changed(GObject *drop, GParamSpec *pspec, gpointer data) {
    (void)pspec;
    Picker *p = data;
    guint at = gtk_drop_down_get_selected(GTK_DROP_DOWN(drop));
    if (p->syncing || at >= p->ids->len) {
        return;
    }
    PkNodeId input = g_array_index(p->ids, PkNodeId, at);
    PkGraph *graph = pk_controller_get_graph(p->ctl);
    PkNodeId current =
        pk_graph_n_inputs(graph, p->node) > 0 ? pk_graph_get_input(graph, p->node, 0) : 0;
    if (input == current) {
        return;
    }
    g_autoptr(GError) error = NULL;
    if (!pk_controller_set_input(p->ctl, p->node, input, &error)) {
        pk_controller_toast(p->ctl, error->message);
        pk_cell_input_picker_refresh(GTK_WIDGET(drop));
    }
}

GtkWidget *pk_cell_input_picker_new(PkController *ctl, PkNodeId node) {
    Picker *p = g_new0(Picker, 1);
    p->ctl = ctl;
    p->node = node;
    p->ids = g_array_new(FALSE, FALSE, sizeof(PkNodeId));
    const char *const none[] = {NULL};
    GtkWidget *drop = gtk_drop_down_new_from_strings(none);
    gtk_widget_set_tooltip_text(
        drop, "What this cell reads: any source, query or transform (an export also takes a plot)");
    g_object_set_data_full(G_OBJECT(drop), "pika-picker", p, picker_free);
    g_signal_connect(drop, "notify::selected", G_CALLBACK(on_picker_changed), p);
    pk_cell_input_picker_refresh(drop);
    return drop;
}

void pk_cell_input_picker_refresh(GtkWidget *picker) {
    Picker *p = g_object_get_data(G_OBJECT(picker), "pika-picker");
    PkGraph *graph = pk_controller_get_graph(p->ctl);
    guint n = 0;
    g_autofree PkNodeId *ids = pk_graph_list_nodes(graph, &n);
    PkNodeId current =
        pk_graph_n_inputs(graph, p->node) > 0 ? pk_graph_get_input(graph, p->node, 0) : 0;
    g_autoptr(GArray) shown = g_array_new(FALSE, FALSE, sizeof(PkNodeId));
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    guint selected = GTK_INVALID_LIST_POSITION;
    if (current == 0) {
        PkNodeId none = 0;
        g_array_append_val(shown, none);
        g_ptr_array_add(names, "(choose an input)");
        selected = 0;
    }
    PkPortType accepts = pk_graph_input_type(pk_graph_get_kind(graph, p->node));
    for (guint i = 0; i < n; i++) {
        PkPortType out = pk_node_kind_output(pk_graph_get_kind(graph, ids[i]));
        if (out == PK_PORT_NONE || (accepts != PK_PORT_ANY && out != accepts) ||
            depends_on(graph, ids[i], p->node)) {
            continue;
        }
        if (ids[i] == current) {
            selected = shown->len;
        }
        g_array_append_val(shown, ids[i]);
        g_ptr_array_add(names, (gpointer)pk_graph_get_name(graph, ids[i]));
    }
    g_ptr_array_add(names, NULL);
    gboolean same = shown->len == p->ids->len &&
                    memcmp(shown->data, p->ids->data, shown->len * sizeof(PkNodeId)) == 0;
    p->syncing = TRUE;
    if (!same) {
        g_array_set_size(p->ids, 0);
        g_array_append_vals(p->ids, shown->data, shown->len);
        GtkStringList *model = gtk_string_list_new((const char *const *)names->pdata);
        gtk_drop_down_set_model(GTK_DROP_DOWN(picker), G_LIST_MODEL(model));
        g_object_unref(model);
    }
    gtk_drop_down_set_selected(GTK_DROP_DOWN(picker), selected);
    p->syncing = FALSE;
}

/* The results under a query or transform: the table, and above it a switch between all rows
 * and the selected ones (the node's selected relation, counted on a worker), insensitive while
 * the source has no selection: always there, so that a selection never moves the page. */
typedef struct {
    GtkWidget *table, *filter_row, *only_selected, *filter_label;
    char *sql, *selected_sql;
    guint64 n_rows;
} Results;

static void results_free(gpointer data) {
    Results *r = data;
    g_free(r->sql);
    g_free(r->selected_sql);
    g_free(r);
}

/* Shows all rows or the selected ones, as the switch says (only when that changed). */
static void results_apply(Results *r) {
    gboolean only = r->selected_sql != NULL && gtk_switch_get_active(GTK_SWITCH(r->only_selected));
    const char *want = only ? r->selected_sql : r->sql;
    PkResultsTable *table = PK_RESULTS_TABLE(r->table);
    if (g_strcmp0(pk_results_table_get_sql(table), want) != 0 ||
        (!only && pk_results_table_get_n_rows(table) != r->n_rows)) {
        pk_results_table_set_sql(table, want, only ? G_MAXUINT64 : r->n_rows);
    }
    pk_results_table_set_whole_sql(table, only ? r->sql : NULL);
    gtk_widget_set_sensitive(r->filter_row, r->selected_sql != NULL);
}

static void on_only_selected(GObject *sw, GParamSpec *pspec, Results *r) {
    (void)sw, (void)pspec;
    results_apply(r);
}

/* An export from the table's menu ends in the window's toast, naming the file. */
static void on_table_exported(PkResultsTable *table, const char *path, const char *error,
                              gpointer data) {
    (void)table;
    PkController *ctl = data;
    if (error != NULL) {
        g_autofree char *text = g_strdup_printf("Export failed: %s", error);
        pk_controller_toast(ctl, text);
        return;
    }
    g_autofree char *text = g_strdup_printf("Exported %s", path);
    pk_controller_toast_file(ctl, text, path);
}

GtkWidget *pk_cell_results_new(PkController *ctl) {
    Results *r = g_new0(Results, 1);
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
    g_object_set_data_full(G_OBJECT(box), "pika-results", r, results_free);
    r->filter_row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
    r->only_selected = gtk_switch_new();
    gtk_widget_set_valign(r->only_selected, GTK_ALIGN_CENTER);
    g_signal_connect(r->only_selected, "notify::active", G_CALLBACK(on_only_selected), r);
    r->filter_label = gtk_label_new("Only the selected rows (the selection made in a plot)");
    gtk_widget_add_css_class(r->filter_label, "dim-label");
    gtk_box_append(GTK_BOX(r->filter_row), r->only_selected);
    gtk_box_append(GTK_BOX(r->filter_row), r->filter_label);
    gtk_widget_set_sensitive(r->filter_row, FALSE);
    r->table = pk_results_table_new(pk_controller_get_db(ctl));
    g_signal_connect(r->table, "exported", G_CALLBACK(on_table_exported), ctl);
    gtk_widget_set_size_request(r->table, -1, 260);
    gtk_box_append(GTK_BOX(box), r->filter_row);
    gtk_box_append(GTK_BOX(box), r->table);
    return box;
}

void pk_cell_results_show(GtkWidget *results, PkGraph *graph, PkNodeId node) {
    g_autoptr(PkGraphValue) value = pk_graph_get_value(graph, node);
    if (value == NULL || pk_graph_value_type(value) != PK_PORT_TABLE) {
        return;
    }
    Results *r = g_object_get_data(G_OBJECT(results), "pika-results");
    g_free(r->sql), r->sql = g_strdup(pk_graph_value_sql(value, FALSE));
    g_free(r->selected_sql), r->selected_sql = g_strdup(pk_graph_value_sql(value, TRUE));
    r->n_rows = pk_graph_value_n_rows(value);
    results_apply(r);
}

void pk_cell_results_name(GtkWidget *results, const char *node) {
    Results *r = g_object_get_data(G_OBJECT(results), "pika-results");
    pk_dump_id(r->only_selected, "%s/only-selected", node);
    pk_dump_id(pk_results_table_get_export_button(PK_RESULTS_TABLE(r->table)), "%s/export", node);
}

GtkWidget *pk_cell_results_get_table(GtkWidget *results) {
    Results *r = g_object_get_data(G_OBJECT(results), "pika-results");
    return r != NULL ? r->table : NULL;
}

GtkWidget *pk_cell_results_get_switch(GtkWidget *results) {
    Results *r = g_object_get_data(G_OBJECT(results), "pika-results");
    return r != NULL ? r->only_selected : NULL;
}

void pk_cell_results_set_stale(GtkWidget *results, gboolean stale) {
    if (results == NULL) {
        return;
    }
    gtk_widget_set_opacity(results, stale ? 0.35 : 1.0);
    gtk_widget_set_sensitive(results, !stale);
}
