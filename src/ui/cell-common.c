/* cell-common.c — what every cell body shares: dispatch by kind, parameter edits, the input's
 * columns, and the results table under queries and transforms.
 *
 * The results table is PkResultsTable when it is built in (PIKA_UI_HAVE_RESULTS_TABLE);
 * otherwise a label with the row count stands in, so the notebook works either way. */
#include "cell-bodies.h"

#include "status-bar.h"

#ifdef PIKA_UI_HAVE_RESULTS_TABLE
#include "results-table.h"
#endif

GtkWidget *pk_cell_body_new(PkNotebook *notebook, PkNodeId node) {
    switch (pk_graph_get_kind(pk_notebook_get_graph(notebook), node)) {
    case PK_NODE_SOURCE:
        return pk_cell_source_new(notebook, node);
    case PK_NODE_QUERY:
        return pk_cell_query_new(notebook, node);
    case PK_NODE_TRANSFORM:
        return pk_cell_transform_new(notebook, node);
    case PK_NODE_PLOT:
        return pk_cell_plot_new(notebook, node);
    case PK_NODE_NOTE:
        return pk_cell_note_new(notebook, node);
    case PK_NODE_EXPORT:
    default:
        return pk_cell_export_new(notebook, node);
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

#ifdef PIKA_UI_HAVE_RESULTS_TABLE
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
    gtk_widget_set_sensitive(r->filter_row, r->selected_sql != NULL);
}

static void on_only_selected(GObject *sw, GParamSpec *pspec, Results *r) {
    (void)sw, (void)pspec;
    results_apply(r);
}
#endif

GtkWidget *pk_cell_results_new(PkDb *db) {
#ifdef PIKA_UI_HAVE_RESULTS_TABLE
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
    r->table = pk_results_table_new(db);
    gtk_widget_set_size_request(r->table, -1, 260);
    gtk_box_append(GTK_BOX(box), r->filter_row);
    gtk_box_append(GTK_BOX(box), r->table);
    return box;
#else
    (void)db;
    GtkWidget *label = gtk_label_new(NULL);
    gtk_label_set_xalign(GTK_LABEL(label), 0.0f);
    gtk_widget_add_css_class(label, "dim-label");
    return label;
#endif
}

void pk_cell_results_show(GtkWidget *results, PkGraph *graph, PkNodeId node) {
    g_autoptr(PkGraphValue) value = pk_graph_get_value(graph, node);
    if (value == NULL || pk_graph_value_type(value) != PK_PORT_TABLE) {
        return;
    }
#ifdef PIKA_UI_HAVE_RESULTS_TABLE
    Results *r = g_object_get_data(G_OBJECT(results), "pika-results");
    g_free(r->sql), r->sql = g_strdup(pk_graph_value_sql(value, FALSE));
    g_free(r->selected_sql), r->selected_sql = g_strdup(pk_graph_value_sql(value, TRUE));
    r->n_rows = pk_graph_value_n_rows(value);
    results_apply(r);
#else
    g_autofree char *count = pk_format_count(pk_graph_value_n_rows(value));
    g_autofree char *text = g_strdup_printf("%s rows", count);
    gtk_label_set_text(GTK_LABEL(results), text);
#endif
}

GtkWidget *pk_cell_results_get_table(GtkWidget *results) {
#ifdef PIKA_UI_HAVE_RESULTS_TABLE
    Results *r = g_object_get_data(G_OBJECT(results), "pika-results");
    return r != NULL ? r->table : NULL;
#else
    (void)results;
    return NULL;
#endif
}

GtkWidget *pk_cell_results_get_switch(GtkWidget *results) {
#ifdef PIKA_UI_HAVE_RESULTS_TABLE
    Results *r = g_object_get_data(G_OBJECT(results), "pika-results");
    return r != NULL ? r->only_selected : NULL;
#else
    (void)results;
    return NULL;
#endif
}
