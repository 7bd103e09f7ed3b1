/* graph-nodes.c — what each node kind takes, checks and does when it runs.
 *
 * Table-producing nodes do not copy data: their value is a self-contained SELECT in which
 * every upstream node appears as a common table expression named after it, so a query sees
 * its inputs by name, any worker's connection can run it, and the "selected" variant is the
 * same text over the selected source rows. Plots prepare a scene; exports write files. */
#include "graph-private.h"

#include "pika/data.h"
#include "pika/error.h"
#include "pika/path.h"
#include "pika/plotprep.h"
#include "pika/render.h"
#include "pika/transform.h"

#include <string.h>

static const char *const kind_names[] = {"source", "query",  "transform", "plot",
                                         "note",   "export", NULL};
static const char *const state_names[] = {"idle",  "queued",    "running", "done",
                                          "error", "cancelled", NULL};

const char *pk_node_kind_name(PkNodeKind kind) {
    return (guint)kind < G_N_ELEMENTS(kind_names) - 1 ? kind_names[kind] : "unknown";
}

const char *pk_node_state_name(PkNodeState state) {
    return (guint)state < G_N_ELEMENTS(state_names) - 1 ? state_names[state] : "unknown";
}

gboolean pk_node_kind_parse(const char *text, PkNodeKind *out, GError **error) {
    for (guint i = 0; text != NULL && kind_names[i] != NULL; i++) {
        if (strcmp(text, kind_names[i]) == 0) {
            *out = (PkNodeKind)i;
            return TRUE;
        }
    }
    g_autofree char *list = g_strjoinv(", ", (char **)kind_names);
    g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Unknown node kind '%s'; expected one of %s.",
                text != NULL ? text : "(none)", list);
    return FALSE;
}

PkPortType pk_node_kind_output(PkNodeKind kind) {
    switch (kind) {
    case PK_NODE_SOURCE:
    case PK_NODE_QUERY:
    case PK_NODE_TRANSFORM:
        return PK_PORT_TABLE;
    case PK_NODE_PLOT:
        return PK_PORT_PLOT;
    default:
        return PK_PORT_NONE;
    }
}

PkPortType pk_graph_input_type(PkNodeKind kind) {
    switch (kind) {
    case PK_NODE_QUERY:
    case PK_NODE_TRANSFORM:
    case PK_NODE_PLOT:
        return PK_PORT_TABLE;
    case PK_NODE_EXPORT:
        return PK_PORT_ANY;
    default:
        return PK_PORT_NONE;
    }
}

guint pk_graph_max_inputs(PkNodeKind kind, GVariant *params) {
    guint n = 1;
    switch (kind) {
    case PK_NODE_QUERY:
        return G_MAXUINT;
    case PK_NODE_TRANSFORM:
        return pk_transform_check(params, &n, NULL) ? n : 1;
    case PK_NODE_PLOT:
    case PK_NODE_EXPORT:
        return 1;
    default:
        return 0;
    }
}

/* ---- parameter checks ----------------------------------------------------------------------- */

static gboolean need_string(GVariant *params, const char *key, const char *what, GError **error) {
    g_autofree char *text = g_strdup(pk_params_get_string(params, key, NULL));
    if (text == NULL || *g_strstrip(text) == '\0') {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Parameter '%s' (%s) is missing.", key,
                    what);
        return FALSE;
    }
    return TRUE;
}

static gboolean check_source(GVariant *params, GError **error) {
    const char *path = pk_params_get_string(params, "path", NULL);
    const char *table = pk_params_get_string(params, "table", NULL);
    if ((path == NULL) == (table == NULL)) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID,
                            "A source needs either 'path' (a file to import) or 'table' (an "
                            "existing table), not both.");
        return FALSE;
    }
    return table == NULL || pk_graph_check_name(table, error);
}

/* The page a plot is drawn on: each number in its range, and the picture within what can be
 * drawn (pk_render_check_size), so that checking a workspace refuses what running it would. */
static gboolean check_page(GVariant *params, GError **error) {
    double w, h, s;
    return pk_params_get_double(params, "width", 800, 16, 16384, &w, error) &&
           pk_params_get_double(params, "height", 600, 16, 16384, &h, error) &&
           pk_params_get_double(params, "scale", 1, 0.25, 8, &s, error) &&
           pk_render_check_size(w, h, s, error);
}

/* One axis of the "view" parameter: [lo, hi], finite, lo < hi. */
static gboolean view_axis(GVariant *view, const char *key, PkPlotAxis *axis, GError **error) {
    g_autoptr(GVariant) range = pk_params_get_child(view, key);
    if (range == NULL) {
        return TRUE;
    }
    double v[2] = {0, 0};
    if (!pk_params_get_doubles(view, key, v, 2, NULL) || !(v[0] < v[1])) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Parameter 'view.%s' must be [low, high] with finite low < high.", key);
        return FALSE;
    }
    axis->fixed_range = TRUE;
    axis->min = v[0];
    axis->max = v[1];
    return TRUE;
}

/* A plot's "view" parameter (what the window shows: {"x": [lo, hi], "y": [lo, hi]}) as fixed
 * axis ranges of spec. */
static gboolean apply_view(GVariant *params, PkPlotSpec *spec, GError **error) {
    g_autoptr(GVariant) view = pk_params_get_child(params, "view");
    if (view == NULL) {
        return TRUE;
    }
    if (!g_variant_is_of_type(view, G_VARIANT_TYPE_VARDICT)) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID,
                            "Parameter 'view' must be a dictionary {\"x\": [lo, hi], ...}.");
        return FALSE;
    }
    return view_axis(view, "x", &spec->x, error) && view_axis(view, "y", &spec->y, error);
}

static gboolean check_plot(GVariant *params, GError **error) {
    g_autoptr(GVariant) dict = pk_params_get_child(params, "spec");
    if (dict == NULL || !g_variant_is_of_type(dict, G_VARIANT_TYPE_VARDICT)) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID,
                            "A plot needs 'spec', a dictionary (type, x, y, ...).");
        return FALSE;
    }
    PkPlotSpec spec;
    if (!pk_plot_spec_from_variant(dict, &spec, error)) {
        return FALSE; /* spec is written only on success */
    }
    gboolean ok = apply_view(params, &spec, error) && check_page(params, error);
    pk_plot_spec_clear(&spec);
    return ok;
}

/* Export paths are relative to the export folder and stay inside it. */
gboolean pk_graph_check_export_path(const char *path, GError **error) {
    g_auto(GStrv) parts = g_strsplit_set(path, "/\\", -1);
    gboolean ok = !g_path_is_absolute(path) && path[0] != '\0';
    for (guint i = 0; ok && parts[i] != NULL; i++) {
        ok = strcmp(parts[i], "..") != 0;
    }
    if (!ok) {
        g_set_error(error, PK_ERROR, PK_ERROR_SECURITY,
                    "Export path '%s' must be a file name inside the export folder (no absolute "
                    "path, no '..').",
                    path);
    }
    return ok;
}

char *pk_graph_resolve_export_path(PkGraph *graph, const char *rel, GError **error) {
    if (!pk_graph_check_export_path(rel, error)) {
        return NULL;
    }
    return pk_path_resolve_within(pk_graph_get_export_dir(graph), rel, error);
}

gboolean pk_graph_check_params(PkNodeKind kind, GVariant *params, GError **error) {
    guint n;
    switch (kind) {
    case PK_NODE_SOURCE:
        return check_source(params, error);
    case PK_NODE_QUERY:
        return need_string(params, "sql", "the SQL of the query", error);
    case PK_NODE_TRANSFORM:
        return pk_transform_check(params, &n, error);
    case PK_NODE_PLOT:
        return check_plot(params, error);
    case PK_NODE_NOTE:
        return TRUE;
    case PK_NODE_EXPORT:
        return need_string(params, "path", "the file to write", error) &&
               pk_graph_check_export_path(pk_params_get_string(params, "path", ""), error);
    default:
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Unknown node kind %d.", kind);
        return FALSE;
    }
}

/* ---- composing SQL ------------------------------------------------------------------------- */

/* The user's SQL without trailing blanks and semicolons (a trailing comment keeps its line). */
static char *trim_statement(const char *sql) {
    char *text = g_strdup(sql);
    gsize n = strlen(text);
    while (n > 0 && (g_ascii_isspace(text[n - 1]) || text[n - 1] == ';')) {
        text[--n] = '\0';
    }
    return text;
}

char *pk_graph_compose_sql(PkGraph *graph, PkNode *node, PkGraphValue **inputs, gboolean selected,
                           const char *body) {
    GString *sql = g_string_new(NULL);
    for (guint i = 0; i < node->inputs->len; i++) {
        PkNode *in = pk_graph_node(graph, g_array_index(node->inputs, PkNodeId, i));
        const char *in_sql =
            selected && inputs[i]->selected_sql != NULL ? inputs[i]->selected_sql : inputs[i]->sql;
        g_autofree char *name = pk_data_quote_ident(in->name);
        g_string_append_printf(sql, "%s%s AS (\n%s\n)", i == 0 ? "WITH " : ",\n", name, in_sql);
    }
    g_autofree char *trimmed = trim_statement(body);
    g_string_append_printf(sql, "%sSELECT * FROM (\n%s\n)", sql->len > 0 ? "\n" : "", trimmed);
    return g_string_free(sql, FALSE);
}

static gboolean any_selected(PkGraphValue **inputs, guint n) {
    for (guint i = 0; i < n; i++) {
        if (inputs[i]->selected_sql != NULL) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Columns, types and (unless count is FALSE) row count of a relation. */
/* Results up to this many rows are kept as tables in an in-memory database, so what reads
 * them (a bar chart of an aggregate, a re-specified plot) does not run the upstream again. */
#define MATERIALISE_MAX_ROWS 100000

/* DuckDB's progress of a node's query becomes the node's (observers hear it). */
static void query_progress(double fraction, guint64 n_rows, gpointer user_data) {
    (void)n_rows;
    PkNodeJob *job = user_data;
    g_mutex_lock(&job->graph->lock);
    job->node->progress = fraction;
    g_mutex_unlock(&job->graph->lock);
    pk_graph_notify(job->graph, job->node);
}

/* The one number a statement returns (a count), or G_MAXUINT64 with an error. */
static guint64 query_count(PkNodeJob *job, const char *sql, GError **error) {
    g_autoptr(PkFrame) frame = NULL;
    if (!pk_conn_query_frame(job->conn, sql, job->cancel, query_progress, job, &frame, error)) {
        return G_MAXUINT64;
    }
    return pk_frame_get_n_rows(frame) > 0
               ? (guint64)pk_column_get_as_double(pk_frame_get_column(frame, 0), 0)
               : 0;
}

/* Tries to keep value's result as a table: TRUE when it has at most MATERIALISE_MAX_ROWS rows
 * (value->sql then reads the table); FALSE when it is larger or cannot be kept (nothing is
 * left behind; *error is set only for a failing query). */
static gboolean materialise(PkNodeJob *job, PkGraphValue *value, GError **error) {
    g_autoptr(GError) attach_error = NULL;
    if (!pk_conn_exec(job->conn, "ATTACH IF NOT EXISTS ':memory:' AS pika_results", NULL,
                      &attach_error)) {
        g_debug("graph: results are not materialised: %s", attach_error->message);
        return FALSE;
    }
    g_autofree char *table = g_strdup_printf("pika_results.v%" G_GUINT64_FORMAT, value->id);
    g_autofree char *create = g_strdup_printf("CREATE TABLE %s AS SELECT * FROM (\n%s\n) LIMIT %d",
                                              table, value->sql, MATERIALISE_MAX_ROWS + 1);
    guint64 n = query_count(job, create, error); /* CREATE TABLE AS returns its row count */
    if (n == G_MAXUINT64) {
        return FALSE;
    }
    if (n > MATERIALISE_MAX_ROWS) {
        g_autofree char *drop = g_strdup_printf("DROP TABLE %s", table);
        pk_conn_exec(job->conn, drop, NULL, NULL);
        return FALSE;
    }
    value->n_rows = n;
    g_free(value->sql);
    value->sql = g_strdup_printf("SELECT * FROM %s", table);
    value->table = g_steal_pointer(&table);
    return TRUE;
}

/* Columns, types and (unless count is FALSE) row count of a relation; small results are
 * materialised on the way. */
static gboolean describe_relation(PkNodeJob *job, PkGraphValue *value, gboolean count,
                                  GError **error) {
    g_autoptr(PkSchema) schema = NULL;
    if (!pk_conn_describe_sql(job->conn, value->sql, &schema, error)) {
        return FALSE;
    }
    pk_graph_value_set_columns(value, schema);
    if (!count) {
        return TRUE;
    }
    GError *local = NULL;
    if (!materialise(job, value, &local)) {
        if (local != NULL) {
            g_propagate_error(error, local);
            return FALSE;
        }
        g_autofree char *sql = g_strdup_printf("SELECT count(*) FROM (\n%s\n)", value->sql);
        value->n_rows = query_count(job, sql, error);
        if (value->n_rows == G_MAXUINT64) {
            return FALSE;
        }
    }
    value->bytes = strlen(value->sql) * 2 + 64 * (schema->n_columns + 1);
    if (value->table != NULL) {
        value->bytes += value->n_rows * schema->n_columns * 16;
    }
    return TRUE;
}

/* The body of a query or transform node: its SQL. */
static char *node_body(PkNodeJob *job, GError **error) {
    PkNode *node = job->node;
    if (node->kind == PK_NODE_QUERY) {
        return g_strdup(pk_params_get_string(node->params, "sql", ""));
    }
    guint n = node->inputs->len;
    g_autofree const char **names = g_new0(const char *, n + 1);
    g_autofree const char *const **columns = g_new0(const char *const *, n + 1);
    for (guint i = 0; i < n; i++) {
        names[i] = pk_graph_node(job->graph, g_array_index(node->inputs, PkNodeId, i))->name;
        columns[i] = (const char *const *)job->inputs[i]->columns;
    }
    return pk_transform_sql_columns(node->params, names, columns, n, error);
}

/* Skips blanks, comments and opening parentheses from p. */
static const char *skip_blank(const char *p) {
    for (;;) {
        while (g_ascii_isspace(*p) || *p == '(') {
            p++;
        }
        if (p[0] == '-' && p[1] == '-') {
            p = strchr(p, '\n') != NULL ? strchr(p, '\n') : p + strlen(p);
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            p = end != NULL ? end + 2 : p + strlen(p);
        } else {
            return p;
        }
    }
}

/* TRUE when a ';' outside quotes and comments is followed by more than blanks. */
static gboolean has_second_statement(const char *p) {
    char quote = 0;
    for (; *p != '\0'; p++) {
        if (quote != 0) {
            quote = *p == quote ? 0 : quote;
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
        } else if (p[0] == '-' && p[1] == '-') {
            p = strchr(p, '\n') != NULL ? strchr(p, '\n') : p + strlen(p) - 1;
        } else if (*p == ';' && *skip_blank(p + 1) != '\0' && *skip_blank(p + 1) != ';') {
            return TRUE;
        }
    }
    return FALSE;
}

/* A query node runs one statement that reads: SELECT and its relatives. Anything else (COPY,
 * ATTACH, INSTALL, SET, PRAGMA, CREATE...) is refused here with a message that says why,
 * before DuckDB would refuse it with a bare syntax error. */
static gboolean check_query_text(const char *sql, GError **error) {
    static const char *const readers[] = {"select",  "with",  "from",      "values",   "pivot",
                                          "unpivot", "table", "summarize", "describe", NULL};
    const char *p = skip_blank(sql);
    gsize n = 0;
    while (g_ascii_isalpha(p[n])) {
        n++;
    }
    g_autofree char *word = g_ascii_strdown(p, (gssize)n);
    if (!g_strv_contains(readers, word)) {
        g_set_error(error, PK_ERROR, PK_ERROR_SECURITY,
                    "A query runs one SELECT (or WITH, FROM, VALUES, PIVOT) statement; '%s' "
                    "statements are not run here: queries only read the workspace's tables.",
                    n > 0 ? word : p);
        return FALSE;
    }
    if (has_second_statement(p)) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_SECURITY,
                            "A query runs one statement; this text has several (separated by "
                            "';'). Split it into several query nodes.");
        return FALSE;
    }
    return TRUE;
}

/* A query that names a table it cannot see usually names a node that was renamed or removed
 * (a query reads every node its SQL names): say which names it can see. */
static void explain_names(PkNodeJob *job, GError **error) {
    if (error == NULL || *error == NULL || strstr((*error)->message, "does not exist") == NULL) {
        return;
    }
    GString *names = g_string_new(NULL);
    for (guint i = 0; i < job->node->inputs->len; i++) {
        PkNode *in = pk_graph_node(job->graph, g_array_index(job->node->inputs, PkNodeId, i));
        g_string_append_printf(names, "%s%s", i > 0 ? ", " : "", in->name);
    }
    g_prefix_error(error, "%s%s%s ", names->len > 0 ? "This query sees its inputs as: " : "",
                   names->len > 0 ? names->str : "This query reads no node",
                   ". A query reads the nodes its SQL names: use a source, query or transform "
                   "name in the SQL.");
    g_string_free(names, TRUE);
}

gboolean pk_graph_run_relation(PkNodeJob *job, gboolean count_rows, PkGraphValue **out_value,
                               GError **error) {
    PkNode *node = job->node;
    guint need = pk_graph_max_inputs(node->kind, node->params);
    if (node->kind == PK_NODE_TRANSFORM && node->inputs->len != need) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "This transform needs %u input(s) and has %u: connect %s.", need,
                    node->inputs->len, need > node->inputs->len ? "more" : "fewer");
        return FALSE;
    }
    g_autofree char *body = node_body(job, error);
    if (body == NULL || !check_query_text(body, error)) {
        return FALSE;
    }
    g_autoptr(PkGraphValue) value = pk_graph_value_new(job->graph, PK_PORT_TABLE);
    value->sql = pk_graph_compose_sql(job->graph, node, job->inputs, FALSE, body);
    if (any_selected(job->inputs, job->n_inputs)) {
        value->selected_sql = pk_graph_compose_sql(job->graph, node, job->inputs, TRUE, body);
    }
    if (!describe_relation(job, value, count_rows, error)) {
        explain_names(job, error);
        return FALSE;
    }
    *out_value = g_steal_pointer(&value);
    return TRUE;
}

gboolean pk_graph_need_one_input(PkNodeJob *job, GError **error) {
    if (job->n_inputs != 1) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Nothing is connected to this %s: connect the node it should %s.",
                    pk_node_kind_name(job->node->kind),
                    job->node->kind == PK_NODE_PLOT ? "plot" : "export");
        return FALSE;
    }
    return TRUE;
}

static gboolean run_plot(PkNodeJob *job, PkGraphValue **out_value, GError **error) {
    GVariant *params = job->node->params;
    if (!pk_graph_need_one_input(job, error)) {
        return FALSE;
    }
    PkPlotSpec spec;
    g_autoptr(GVariant) dict = pk_params_get_child(params, "spec");
    g_autoptr(PkGraphValue) value = pk_graph_value_new(job->graph, PK_PORT_PLOT);
    if (!pk_plot_spec_from_variant(dict, &spec, error)) {
        return FALSE;
    }
    gboolean ok = apply_view(params, &spec, error) &&
                  pk_params_get_double(params, "width", 800, 16, 16384, &value->width, error) &&
                  pk_params_get_double(params, "height", 600, 16, 16384, &value->height, error) &&
                  pk_params_get_double(params, "scale", 1, 0.25, 8, &value->scale, error);
    if (ok && job->graph->compute == NULL) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID,
                            "This graph has no compute engine to aggregate plots.");
        ok = FALSE;
    }
    PkPlotPrepTimings timings = {0};
    if (ok) {
        PkPlotPrepInput input = {
            job->conn,     job->graph->compute, job->inputs[0]->sql, value->width,
            value->height, value->scale,        job->cancel,         job->inputs[0]->selected_sql};
        ok = pk_plot_prepare(&spec, &input, &value->scene, &timings, error);
    }
    pk_plot_spec_clear(&spec);
    if (!ok) {
        return FALSE;
    }
    value->n_rows = timings.n_rows;
    value->bytes = (gsize)(value->width * value->height * value->scale * value->scale * 8) + 4096;
    *out_value = g_steal_pointer(&value);
    return TRUE;
}

static gboolean run_export(PkNodeJob *job, GError **error) {
    const char *rel = pk_params_get_string(job->node->params, "path", "");
    if (!pk_graph_need_one_input(job, error) || !pk_graph_check_export_path(rel, error)) {
        return FALSE;
    }
    g_autofree char *path = pk_graph_resolve_export_path(job->graph, rel, error);
    if (path == NULL) {
        return FALSE;
    }
    PkGraphValue *in = job->inputs[0];
    if (in->type == PK_PORT_PLOT) {
        PkExportFormat format;
        return pk_export_format_from_path(path, &format, error) &&
               pk_render_export(in->scene, path, format, in->width, in->height, in->scale, error);
    }
    PkDataFormat format = pk_data_format_for_path(path);
    if (!g_str_has_suffix(path, ".csv") && !g_str_has_suffix(path, ".json") &&
        !g_str_has_suffix(path, ".parquet")) {
        g_set_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED,
                    "Cannot tell the format of '%s': name it .csv, .json or .parquet.", rel);
        return FALSE;
    }
    return pk_data_export(job->conn, NULL, in->sql, path, format, job->cancel, error);
}

gboolean pk_graph_run_node(PkNodeJob *job, PkGraphValue **out_value, GError **error) {
    *out_value = NULL;
    switch (job->node->kind) {
    case PK_NODE_SOURCE:
        return pk_graph_run_source(job, out_value, error);
    case PK_NODE_QUERY:
    case PK_NODE_TRANSFORM:
        return pk_graph_run_relation(job, TRUE, out_value, error);
    case PK_NODE_PLOT:
        return run_plot(job, out_value, error);
    case PK_NODE_EXPORT:
        return run_export(job, error);
    case PK_NODE_NOTE:
        return TRUE;
    default:
        g_assert_not_reached();
    }
}
