/* graph-source.c — source nodes: files imported into the database (once per fingerprint) or
 * tables that already exist.
 *
 * An imported file lives in table pika_src_<node name>; the table pika_sources remembers the
 * fingerprint (source-fingerprint.c) and the import options it was made with, so a later run
 * with the same file and options reuses it. The database is
 * derived data beside the workspace: deleting it only costs a re-import. */
#include "graph-private.h"

#include "pika/data.h"
#include "pika/error.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#define SOURCES_TABLE "pika_sources"
#define SOURCE_PREFIX "pika_src_"

char *pk_graph_source_path(const PkGraph *graph, GVariant *params) {
    const char *path = pk_params_get_string(params, "path", NULL);
    return path != NULL ? g_canonicalize_filename(path, graph->base_dir) : NULL;
}

static char *source_table(const PkNode *node) {
    return g_strconcat(SOURCE_PREFIX, node->name, NULL);
}

/* Import options from the source's parameters; strings point into params or strvs. */
typedef struct {
    PkImportOptions opts;
    GStrv nulls, include, exclude, types;
} SourceOptions;

static void source_options_clear(SourceOptions *so) {
    g_strfreev(so->nulls);
    g_strfreev(so->include);
    g_strfreev(so->exclude);
    g_strfreev(so->types);
}

static gboolean parse_header(GVariant *params, PkImportOptions *opts, GError **error) {
    const char *header = pk_params_get_string(params, "header", NULL);
    gint64 line = 0;
    if (header == NULL) {
        if (!pk_params_get_int(params, "header", 0, 0, 1000000, &line, error)) {
            return FALSE;
        }
        opts->header = line > 0 ? PK_HEADER_LINE : PK_HEADER_AUTO;
        opts->header_line = (guint)line;
        return TRUE;
    }
    if (strcmp(header, "auto") == 0 || strcmp(header, "first") == 0 ||
        strcmp(header, "none") == 0) {
        opts->header = header[0] == 'a'   ? PK_HEADER_AUTO
                       : header[0] == 'f' ? PK_HEADER_FIRST
                                          : PK_HEADER_NONE;
        return TRUE;
    }
    g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                "Parameter 'header' is '%s'; use auto, first, none or a line number.", header);
    return FALSE;
}

static gboolean source_options(GVariant *params, SourceOptions *so, GError **error) {
    PkImportOptions *o = &so->opts;
    pk_import_options_defaults(o);
    const char *format = pk_params_get_string(params, "format", "auto");
    if (!pk_data_format_from_name(format, &o->format)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Parameter 'format' is '%s'; use auto, csv, parquet or json.", format);
        return FALSE;
    }
    o->delimiter = pk_params_get_string(params, "delimiter", NULL);
    o->quote = pk_params_get_string(params, "quote", NULL);
    o->escape = pk_params_get_string(params, "escape", NULL);
    o->date_format = pk_params_get_string(params, "date_format", NULL);
    o->timestamp_format = pk_params_get_string(params, "timestamp_format", NULL);
    o->decimal_separator = pk_params_get_string(params, "decimal_separator", NULL);
    o->encoding = pk_params_get_string(params, "encoding", NULL);
    gint64 skip = 0, sample = 0, max_line = 0;
    if (!parse_header(params, o, error) ||
        !pk_params_get_int(params, "max_line_size", 0, 0, PK_IMPORT_MAX_LINE_SIZE, &max_line,
                           error) ||
        !pk_params_get_int(params, "skip_rows", 0, 0, 1000000, &skip, error) ||
        !pk_params_get_int(params, "sample_rows", 0, -1, G_MAXINT32, &sample, error) ||
        !pk_params_get_bool(params, "skip_bad_rows", FALSE, &o->skip_bad_rows, error) ||
        !pk_params_get_bool(params, "all_text", FALSE, &o->all_text, error)) {
        return FALSE;
    }
    o->skip_rows = (guint)skip;
    o->max_line_size = (guint64)max_line;
    o->sample_rows = sample;
    so->nulls = pk_params_get_strv(params, "null_strings");
    so->include = pk_params_get_strv(params, "include_columns");
    so->exclude = pk_params_get_strv(params, "exclude_columns");
    so->types = pk_params_get_strv(params, "column_types");
    o->null_strings = (const char *const *)so->nulls;
    o->include_columns = (const char *const *)so->include;
    o->exclude_columns = (const char *const *)so->exclude;
    o->column_types = (const char *const *)so->types;
    return TRUE;
}

/* The bookkeeping of imports:
 *
 *   pika_sources (table_name VARCHAR PRIMARY KEY, fingerprint VARCHAR, options VARCHAR,
 *                 n_rows BIGINT, columns VARCHAR)
 *
 * n_rows and columns ("name TYPE, ...") describe the table as the import left it; a table
 * that no longer matches them was changed by something else, and the cache is not used
 * (pk_graph_check_cache). */
/* "name TYPE, ..." of a table, and its row count. */
static gboolean describe_import(PkConn *conn, const char *table, guint64 *out_n_rows,
                                char **out_columns, GError **error) {
    g_autoptr(PkSchema) schema = NULL;
    if (!pk_conn_describe_table(conn, table, &schema, error) ||
        !pk_conn_row_count(conn, table, out_n_rows, error)) {
        return FALSE;
    }
    GString *columns = g_string_new(NULL);
    for (guint i = 0; i < schema->n_columns; i++) {
        g_string_append_printf(columns, "%s%s %s", i > 0 ? ", " : "", schema->columns[i].name,
                               schema->columns[i].type_name);
    }
    *out_columns = g_string_free(columns, FALSE);
    return TRUE;
}

/* TRUE when table holds an import of this fingerprint and these options. */
static gboolean cache_is_fresh(PkConn *conn, const char *table, const char *fingerprint,
                               const char *options) {
    if (!pk_conn_table_exists(conn, SOURCES_TABLE) || !pk_conn_table_exists(conn, table)) {
        return FALSE;
    }
    g_autofree char *t = pk_data_quote_literal(table);
    g_autofree char *f = pk_data_quote_literal(fingerprint);
    g_autofree char *o = pk_data_quote_literal(options);
    g_autofree char *sql = g_strdup_printf("SELECT count(*) FROM " SOURCES_TABLE
                                           " WHERE table_name = %s AND fingerprint = %s AND "
                                           "options = %s",
                                           t, f, o);
    g_autoptr(PkFrame) frame = NULL;
    return pk_conn_query_frame(conn, sql, NULL, NULL, NULL, &frame, NULL) &&
           pk_column_get_as_double(pk_frame_get_column(frame, 0), 0) > 0;
}

/* Sources import in parallel, each on its own connection: two that both make the bookkeeping
 * table at once conflict in DuckDB ("Catalog write-write conflict on create"), so its writes
 * go one at a time. */
G_LOCK_DEFINE_STATIC(bookkeeping);

static gboolean remember_import(PkConn *conn, const char *table, const char *fingerprint,
                                const char *options, GError **error) {
    guint64 n_rows = 0;
    g_autofree char *columns = NULL;
    if (!describe_import(conn, table, &n_rows, &columns, error)) {
        return FALSE;
    }
    g_autofree char *t = pk_data_quote_literal(table);
    g_autofree char *f = pk_data_quote_literal(fingerprint);
    g_autofree char *o = pk_data_quote_literal(options);
    g_autofree char *c = pk_data_quote_literal(columns);
    g_autofree char *sql = g_strdup_printf(
        "CREATE TABLE IF NOT EXISTS " SOURCES_TABLE " (table_name VARCHAR PRIMARY KEY, "
        "fingerprint VARCHAR, options VARCHAR, n_rows BIGINT, columns VARCHAR); "
        "INSERT OR REPLACE INTO " SOURCES_TABLE " VALUES (%s, %s, %s, %" G_GUINT64_FORMAT ", %s)",
        t, f, o, n_rows, c);
    G_LOCK(bookkeeping);
    gboolean ok = pk_conn_exec(conn, sql, NULL, error);
    G_UNLOCK(bookkeeping);
    return ok;
}

/* The text of row of a text (category) column, or NULL. */
static char *text_at(const PkColumn *column, guint64 row) {
    if (pk_column_get_type(column) != PK_COLUMN_TYPE_CATEGORY || !pk_column_is_valid(column, row)) {
        return NULL;
    }
    return g_strdup(pk_column_get_category(column, pk_column_get_codes(column)[row]));
}

/* Each row of pika_sources as (table, n_rows, columns); FALSE when the table is not ours. */
static gboolean read_bookkeeping(PkConn *conn, PkFrame **out_frame) {
    return pk_conn_query_frame(conn,
                               "SELECT table_name, n_rows::DOUBLE, columns FROM " SOURCES_TABLE
                               " ORDER BY table_name",
                               NULL, NULL, NULL, out_frame, NULL);
}

static gboolean check_bookkeeping(PkConn *conn, char **out_reason) {
    g_autoptr(PkFrame) frame = NULL;
    if (!read_bookkeeping(conn, &frame)) {
        *out_reason = g_strdup("its table of imports is not one Pika-Plot writes");
        return FALSE;
    }
    g_autoptr(GHashTable) listed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    const PkColumn *names = pk_frame_get_column(frame, 0);
    for (guint64 i = 0; i < pk_frame_get_n_rows(frame); i++) {
        g_autofree char *table = text_at(names, i);
        g_autofree char *want = text_at(pk_frame_get_column(frame, 2), i);
        guint64 want_rows = (guint64)pk_column_get_as_double(pk_frame_get_column(frame, 1), i);
        guint64 n_rows = 0;
        g_autofree char *columns = NULL;
        if (table == NULL || !g_str_has_prefix(table, SOURCE_PREFIX) ||
            !describe_import(conn, table, &n_rows, &columns, NULL) || n_rows != want_rows ||
            g_strcmp0(columns, want) != 0) {
            *out_reason = g_strdup_printf("its table %s does not match the record of its import",
                                          table != NULL ? table : "(unnamed)");
            return FALSE;
        }
        g_hash_table_add(listed, g_steal_pointer(&table));
    }
    g_auto(GStrv) tables = NULL;
    if (!pk_conn_list_tables(conn, &tables, NULL, NULL)) {
        *out_reason = g_strdup("its tables cannot be listed");
        return FALSE;
    }
    for (guint i = 0; tables[i] != NULL; i++) {
        if (g_str_has_prefix(tables[i], SOURCE_PREFIX) &&
            !g_hash_table_contains(listed, tables[i])) {
            *out_reason = g_strdup_printf("its table %s has no record of an import", tables[i]);
            return FALSE;
        }
    }
    return TRUE;
}

gboolean pk_graph_check_cache(PkDb *db, char **out_reason, GError **error) {
    g_autoptr(PkConn) conn = pk_db_connect(db, error);
    if (conn == NULL) {
        return FALSE;
    }
    char *reason = NULL;
    if (!pk_db_check_plain(db, &reason, error)) {
        return FALSE;
    }
    if (reason == NULL && pk_conn_table_exists(conn, SOURCES_TABLE)) {
        check_bookkeeping(conn, &reason);
    }
    *out_reason = reason;
    return TRUE;
}

gboolean pk_graph_sniff_params(PkDb *db, GVariant *params, PkSniffResult **out_result,
                               GError **error) {
    const char *path = pk_params_get_string(params, "path", NULL);
    if (path == NULL) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID, "A source needs a file path.");
        return FALSE;
    }
    SourceOptions so = {0};
    PkConn *conn = NULL;
    gboolean ok = source_options(params, &so, error) && (conn = pk_db_connect(db, error)) != NULL &&
                  pk_data_sniff(conn, path, &so.opts, out_result, error);
    pk_conn_close(conn);
    source_options_clear(&so);
    return ok;
}

gboolean pk_graph_sniff_source(PkNodeJob *job, const char *path, PkSniffResult **out_result,
                               GError **error) {
    SourceOptions so = {0};
    gboolean ok = source_options(job->node->params, &so, error) &&
                  pk_data_sniff(job->conn, path, &so.opts, out_result, error);
    source_options_clear(&so);
    return ok;
}

/* The import's progress becomes the source node's: observers hear it (about 10 a second). */
static void import_progress(double fraction, guint64 n_rows, gpointer user_data) {
    PkNodeJob *job = user_data;
    g_mutex_lock(&job->graph->lock);
    job->node->progress = fraction;
    job->node->n_rows = n_rows;
    g_mutex_unlock(&job->graph->lock);
    pk_graph_notify(job->graph, job->node);
}

static gboolean import_file(PkNodeJob *job, const char *path, const char *table, GError **error) {
    SourceOptions so = {0};
    gboolean ok = source_options(job->node->params, &so, error);
    if (ok) {
        so.opts.table = table;
        so.opts.replace = TRUE;
        const char *paths[] = {path, NULL};
        PkImportResult *result = NULL;
        ok = pk_data_import(job->conn, paths, &so.opts, job->cancel, import_progress, job, &result,
                            error);
        if (ok && result != NULL) {
            g_clear_pointer(&job->report, g_variant_unref);
            job->report = pk_import_report_of_import(result);
        }
        pk_import_result_free(result);
    }
    source_options_clear(&so);
    return ok;
}

/* What the import depends on besides the file's bytes: the parameters other than the path
 * (a workspace moved, or saved with a relative path, does not import again). */
static char *import_options_key(GVariant *params) {
    return g_strdup_printf("%016" G_GINT64_MODIFIER "x", pk_params_hash_without(params, "path"));
}

/* Makes sure the file's table is current; imports when it is not. */
static gboolean ensure_file_table(PkNodeJob *job, const char *table, GError **error) {
    PkGraph *graph = job->graph;
    g_autofree char *path = pk_graph_source_path(graph, job->node->params);
    g_autofree char *fingerprint = pk_graph_file_fingerprint(path, error);
    if (fingerprint == NULL) {
        return FALSE;
    }
    g_autofree char *options = import_options_key(job->node->params);
    if (!cache_is_fresh(job->conn, table, fingerprint, options)) {
        if (pk_db_is_locked_down(graph->db)) {
            g_mutex_lock(&graph->lock);
            gboolean failed_before = job->node->load_error != NULL;
            if (failed_before) { /* the import before the lock-down failed: say why */
                g_set_error_literal(error, PK_ERROR, job->node->load_error_code,
                                    job->node->load_error);
            }
            g_mutex_unlock(&graph->lock);
            if (failed_before) {
                return FALSE;
            }
            g_set_error(error, PK_ERROR, PK_ERROR_SECURITY,
                        "%s must be imported again (it is new or changed), but the database is "
                        "locked for the workspace's SQL. Open the workspace again to import it.",
                        path);
            return FALSE;
        }
        if (!import_file(job, path, table, error) ||
            !remember_import(job->conn, table, fingerprint, options, error)) {
            return FALSE;
        }
        g_mutex_lock(&graph->lock);
        gboolean changed =
            job->node->fingerprint != NULL && strcmp(job->node->fingerprint, fingerprint) != 0;
        g_mutex_unlock(&graph->lock);
        guint64 skipped = 0;
        if (job->report != NULL) {
            g_variant_get_child(job->report, 0, "t", &skipped);
        }
        g_autofree char *bad = skipped > 0
                                   ? g_strdup_printf(" %" G_GUINT64_FORMAT " bad row%s skipped.",
                                                     skipped, skipped == 1 ? "" : "s")
                                   : g_strdup("");
        job->note = g_strdup_printf("%s%s",
                                    changed ? "The file changed since the workspace was saved; "
                                              "it was imported again."
                                            : "Imported.",
                                    bad);
    }
    job->fingerprint = g_steal_pointer(&fingerprint);
    return TRUE;
}

gboolean pk_graph_run_source(PkNodeJob *job, PkGraphValue **out_value, GError **error) {
    const char *given = pk_params_get_string(job->node->params, "table", NULL);
    g_autofree char *table = given != NULL ? g_strdup(given) : source_table(job->node);
    if (given == NULL && !ensure_file_table(job, table, error)) {
        return FALSE;
    }
    if (given != NULL && !pk_conn_table_exists(job->conn, table)) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND,
                    "There is no table named '%s' in the database; import it or choose another.",
                    table);
        return FALSE;
    }
    g_autoptr(PkGraphValue) value = pk_graph_value_new(job->graph, PK_PORT_TABLE);
    g_autofree char *quoted = pk_data_quote_ident(table);
    value->sql = g_strdup_printf("SELECT * FROM %s", quoted);
    g_autoptr(PkSchema) schema = NULL;
    if (!pk_conn_describe_table(job->conn, table, &schema, error) ||
        !pk_conn_row_count(job->conn, table, &value->n_rows, error)) {
        return FALSE;
    }
    g_autofree char *predicate = pk_graph_selection_predicate(job->node, schema);
    if (predicate != NULL) {
        value->selected_sql = g_strdup_printf("SELECT * FROM %s WHERE %s", quoted, predicate);
    }
    char *dropped = pk_graph_selection_dropped_note(job->node, schema);
    if (dropped != NULL) {
        g_free(job->note);
        job->note = dropped;
    }
    pk_graph_value_set_columns(value, schema);
    value->bytes = 256 + 64 * schema->n_columns;
    *out_value = g_steal_pointer(&value);
    return TRUE;
}
