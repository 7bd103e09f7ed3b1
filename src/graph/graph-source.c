/* graph-source.c — source nodes: files imported into the database (once per fingerprint) or
 * tables that already exist.
 *
 * An imported file lives in table pika_src_<node name>; the table pika_sources remembers the
 * fingerprint (size, mtime, and a hash of the first and last 64 KiB) and the import options
 * it was made with, so a later run with the same file and options reuses it. The database is
 * derived data beside the workspace: deleting it only costs a re-import. */
#define _POSIX_C_SOURCE 200809L /* fseeko */
#include "graph-private.h"

#include "pika/data.h"
#include "pika/error.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#define FINGERPRINT_SPAN (64 * 1024)

char *pk_graph_source_path(const PkGraph *graph, GVariant *params) {
    const char *path = pk_params_get_string(params, "path", NULL);
    return path != NULL ? g_canonicalize_filename(path, graph->base_dir) : NULL;
}

static guint64 fnv1a(guint64 h, const guint8 *bytes, gsize n) {
    for (gsize i = 0; i < n; i++) {
        h = (h ^ bytes[i]) * 0x100000001b3ull;
    }
    return h;
}

char *pk_graph_file_fingerprint(const char *path, GError **error) {
    GStatBuf st;
    if (g_stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND,
                    "The source file %s is missing. Locate the file: put it back, or point the "
                    "source at where it is now.",
                    path);
        return NULL;
    }
    FILE *file = g_fopen(path, "rb");
    if (file == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "Cannot read the source file %s: %s.", path,
                    g_strerror(errno));
        return NULL;
    }
    g_autofree guint8 *buffer = g_malloc(FINGERPRINT_SPAN);
    guint64 h = 0xcbf29ce484222325ull;
    gsize n = fread(buffer, 1, FINGERPRINT_SPAN, file);
    h = fnv1a(h, buffer, n);
    if ((guint64)st.st_size > 2 * FINGERPRINT_SPAN &&
        fseeko(file, -(off_t)FINGERPRINT_SPAN, SEEK_END) == 0) {
        n = fread(buffer, 1, FINGERPRINT_SPAN, file);
        h = fnv1a(h, buffer, n);
    }
    fclose(file);
    gint64 mtime_s = (gint64)st.st_mtime;
    return g_strdup_printf("%" G_GUINT64_FORMAT ":%" G_GINT64_FORMAT ":%016" G_GINT64_MODIFIER "x",
                           (guint64)st.st_size, mtime_s, h);
}

static char *source_table(const PkNode *node) {
    return g_strconcat("pika_src_", node->name, NULL);
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
    gint64 skip = 0, sample = 0;
    if (!parse_header(params, o, error) ||
        !pk_params_get_int(params, "skip_rows", 0, 0, 1000000, &skip, error) ||
        !pk_params_get_int(params, "sample_rows", 0, -1, G_MAXINT32, &sample, error) ||
        !pk_params_get_bool(params, "skip_bad_rows", FALSE, &o->skip_bad_rows, error) ||
        !pk_params_get_bool(params, "all_text", FALSE, &o->all_text, error)) {
        return FALSE;
    }
    o->skip_rows = (guint)skip;
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

/* TRUE when table holds an import of this fingerprint and these options. */
static gboolean cache_is_fresh(PkConn *conn, const char *table, const char *fingerprint,
                               const char *options) {
    if (!pk_conn_table_exists(conn, "pika_sources") || !pk_conn_table_exists(conn, table)) {
        return FALSE;
    }
    g_autofree char *t = pk_data_quote_literal(table);
    g_autofree char *f = pk_data_quote_literal(fingerprint);
    g_autofree char *o = pk_data_quote_literal(options);
    g_autofree char *sql = g_strdup_printf(
        "SELECT count(*) FROM pika_sources WHERE table_name = %s AND fingerprint = %s AND "
        "options = %s",
        t, f, o);
    g_autoptr(PkFrame) frame = NULL;
    return pk_conn_query_frame(conn, sql, NULL, NULL, NULL, &frame, NULL) &&
           pk_column_get_as_double(pk_frame_get_column(frame, 0), 0) > 0;
}

static gboolean remember_import(PkConn *conn, const char *table, const char *fingerprint,
                                const char *options, GError **error) {
    g_autofree char *t = pk_data_quote_literal(table);
    g_autofree char *f = pk_data_quote_literal(fingerprint);
    g_autofree char *o = pk_data_quote_literal(options);
    g_autofree char *sql =
        g_strdup_printf("CREATE TABLE IF NOT EXISTS pika_sources (table_name VARCHAR PRIMARY KEY, "
                        "fingerprint VARCHAR, options VARCHAR); "
                        "INSERT OR REPLACE INTO pika_sources VALUES (%s, %s, %s)",
                        t, f, o);
    return pk_conn_exec(conn, sql, NULL, error);
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
        ok = pk_data_import(job->conn, paths, &so.opts, job->cancel, import_progress, job, NULL,
                            error);
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
        job->note = g_strdup(changed ? "The file changed since the workspace was saved; it was "
                                       "imported again."
                                     : "Imported.");
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
    pk_graph_value_set_columns(value, schema);
    value->bytes = 256 + 64 * schema->n_columns;
    *out_value = g_steal_pointer(&value);
    return TRUE;
}
