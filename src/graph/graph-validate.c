/* graph-validate.c — checking a graph without running its queries.
 *
 * Sources are described from their files (the same sniffing an import does, reading only a
 * sample), so a workspace can be checked in a second whatever its data size. Queries and
 * transforms are prepared by DuckDB against those descriptions, plot specs are checked against
 * their input's columns, export paths against the export rules. Nothing is imported, cached
 * or written. */
#include "graph-private.h"

#include "pika/error.h"

#include <string.h>

static gboolean check_source(PkNodeJob *job, PkGraphValue **out_value, GError **error) {
    const char *table = pk_params_get_string(job->node->params, "table", NULL);
    g_autoptr(PkGraphValue) value = pk_graph_value_new(job->graph, PK_PORT_TABLE);
    g_autoptr(PkSchema) schema = NULL;
    if (table != NULL) {
        g_autofree char *quoted = pk_data_quote_ident(table);
        value->sql = g_strdup_printf("SELECT * FROM %s", quoted);
        if (!pk_conn_describe_sql(job->conn, value->sql, &schema, error)) {
            return FALSE;
        }
    } else {
        g_autofree char *path = pk_graph_source_path(job->graph, job->node->params);
        g_autofree char *fingerprint = pk_graph_file_fingerprint(path, error);
        g_autoptr(PkSniffResult) sniff = NULL;
        if (fingerprint == NULL || !pk_graph_sniff_source(job, path, &sniff, error)) {
            return FALSE;
        }
        value->sql = g_strdup(sniff->relation_sql);
        schema = g_steal_pointer(&sniff->schema);
    }
    job->note = pk_graph_selection_dropped_note(job->node, schema);
    pk_graph_value_set_columns(value, schema);
    *out_value = g_steal_pointer(&value);
    return TRUE;
}

static gboolean check_plot(PkNodeJob *job, GError **error) {
    if (!pk_graph_need_one_input(job, error)) {
        return FALSE;
    }
    g_autoptr(PkSchema) schema = NULL;
    if (!pk_conn_describe_sql(job->conn, job->inputs[0]->sql, &schema, error)) {
        return FALSE;
    }
    g_autofree PkPlotField *fields = g_new0(PkPlotField, schema->n_columns + 1);
    for (guint i = 0; i < schema->n_columns; i++) {
        fields[i].name = schema->columns[i].name;
        fields[i].type = schema->columns[i].type;
    }
    PkPlotSpec spec;
    g_autoptr(GVariant) dict = pk_params_get_child(job->node->params, "spec");
    if (!pk_plot_spec_from_variant(dict, &spec, error)) {
        return FALSE;
    }
    gboolean ok = pk_plot_spec_validate_fields(&spec, fields, schema->n_columns, error);
    pk_plot_spec_clear(&spec);
    return ok;
}

/* An export path as a run would resolve it; when the export folder does not exist yet (a run
 * makes it, empty), the path must name a file directly in it. */
static gboolean check_export(PkGraph *graph, const char *rel, GError **error) {
    const char *dir = pk_graph_get_export_dir(graph);
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        if (!pk_graph_check_export_path(rel, error)) {
            return FALSE;
        }
        if (strchr(rel, '/') != NULL || strchr(rel, '\\') != NULL) {
            g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND,
                        "Export path '%s' names a folder inside %s, which does not exist yet.", rel,
                        dir);
            return FALSE;
        }
        return TRUE;
    }
    g_autofree char *path = pk_graph_resolve_export_path(graph, rel, error);
    return path != NULL;
}

gboolean pk_graph_check_node(PkNodeJob *job, PkGraphValue **out_value, GError **error) {
    *out_value = NULL;
    switch (job->node->kind) {
    case PK_NODE_SOURCE:
        return check_source(job, out_value, error);
    case PK_NODE_QUERY:
    case PK_NODE_TRANSFORM:
        return pk_graph_run_relation(job, FALSE, out_value, error);
    case PK_NODE_PLOT:
        if (!check_plot(job, error)) {
            return FALSE;
        }
        *out_value = pk_graph_value_new(job->graph, PK_PORT_PLOT);
        return TRUE;
    case PK_NODE_EXPORT:
        return pk_graph_need_one_input(job, error) &&
               check_export(job->graph, pk_params_get_string(job->node->params, "path", ""), error);
    case PK_NODE_NOTE:
        return TRUE;
    default:
        g_assert_not_reached();
    }
}

GStrv pk_graph_dup_source_files(PkGraph *graph) {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new();
    GHashTableIter iter;
    gpointer data;
    g_mutex_lock(&graph->lock);
    g_hash_table_iter_init(&iter, graph->nodes);
    while (g_hash_table_iter_next(&iter, NULL, &data)) {
        PkNode *node = data;
        g_autofree char *path =
            node->kind == PK_NODE_SOURCE ? pk_graph_source_path(graph, node->params) : NULL;
        if (path != NULL && g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
            g_strv_builder_add(builder, path);
        }
    }
    g_mutex_unlock(&graph->lock);
    return g_strv_builder_end(builder);
}

/* After a check, nothing counts as evaluated: done nodes go back to idle, errors stay. */
static void forget_checked_values(PkGraph *graph) {
    g_mutex_lock(&graph->lock);
    GHashTableIter iter;
    gpointer data;
    g_hash_table_iter_init(&iter, graph->nodes);
    while (g_hash_table_iter_next(&iter, NULL, &data)) {
        PkNode *node = data;
        node->dirty = TRUE;
        g_clear_pointer(&node->value, pk_graph_value_unref);
        if (node->state == PK_NODE_DONE) {
            node->state = PK_NODE_IDLE;
        }
    }
    graph->validating = FALSE;
    g_mutex_unlock(&graph->lock);
}

gboolean pk_graph_validate(PkGraph *graph, GError **error) {
    g_autoptr(GError) sources_error = NULL;
    g_autoptr(GError) lock_error = NULL;
    graph->validating = TRUE;
    pk_graph_run(graph, 0, TRUE, &sources_error);
    g_auto(GStrv) files = pk_graph_dup_source_files(graph);
    if (!pk_db_lock_down_allowing(graph->db, (const char *const *)files, &lock_error)) {
        forget_checked_values(graph);
        g_propagate_error(error, g_steal_pointer(&lock_error));
        return FALSE;
    }
    gboolean ok = pk_graph_run(graph, 0, FALSE, error);
    forget_checked_values(graph);
    return ok;
}
