/* export.c — tables and query results to CSV, JSON or Parquet files, written by the
 * application, never by the SQL being exported.
 *
 * The rows are read from the caller's connection as a streaming result and handed, chunk by
 * chunk, to a private in-memory database (the writer) through a table function; the writer's
 * own COPY statement, whose only path is the one the caller gave, writes the file:
 *
 *   caller's database (maybe locked down)      writer (private, in memory, file access on)
 *   SELECT ... ──streamed chunks──▶ pika_export_rows() ──▶ COPY ... TO '<temporary>' ──▶ rename
 *
 * A locked-down database thus needs no folder opened to SQL for exports, and SQL that came
 * with a workspace cannot aim a write anywhere: it only produces rows. The writer's chunks
 * reference the source's vectors (no copy), one chunk at a time on one thread, so row order is
 * kept and memory stays flat whatever the size of the result.
 *
 * The temporary file is created beside the target (same file system; created exclusively, so
 * nothing planted under its name is followed), filled by COPY, then renamed over the target:
 * the target is either the old file or the complete new one. On failure or cancellation the
 * temporary file is removed. */
#include "data-private.h"

#include "pika/path.h"

#include <string.h>

#define EXPORT_FUNCTION "pika_export_rows"

static const char *copy_format(PkDataFormat format) {
    switch (format) {
    case PK_DATA_FORMAT_PARQUET:
        return "FORMAT parquet";
    case PK_DATA_FORMAT_JSON:
        return "FORMAT json";
    default:
        return "FORMAT csv, HEADER true";
    }
}

/* ---- the rows, streamed from the caller's connection ----------------------------------------- */

typedef struct {
    duckdb_result *source; /* a streaming result on the caller's connection */
    PkCancel *cancel;
    char *source_error; /* the source's own message when fetching failed */
} ExportRows;

static void rows_bind(duckdb_bind_info info) {
    ExportRows *rows = duckdb_bind_get_extra_info(info);
    idx_t n = duckdb_column_count(rows->source);
    for (idx_t i = 0; i < n; i++) {
        duckdb_logical_type type = duckdb_column_logical_type(rows->source, i);
        duckdb_bind_add_result_column(info, duckdb_column_name(rows->source, i), type);
        duckdb_destroy_logical_type(&type);
    }
}

static void rows_init(duckdb_init_info info) {
    duckdb_init_set_max_threads(info, 1); /* one reader of the stream: rows stay in order */
}

static void rows_next(duckdb_function_info info, duckdb_data_chunk output) {
    ExportRows *rows = duckdb_function_get_extra_info(info);
    if (pk_cancel_is_requested(rows->cancel)) {
        duckdb_function_set_error(info, "INTERRUPT Error: the export was cancelled");
        return;
    }
    duckdb_data_chunk chunk = NULL;
    do {
        duckdb_destroy_data_chunk(&chunk);
        chunk = duckdb_fetch_chunk(*rows->source);
    } while (chunk != NULL && duckdb_data_chunk_get_size(chunk) == 0);
    if (chunk == NULL) {
        const char *text = duckdb_result_error(rows->source);
        if (text != NULL) {
            rows->source_error = g_strdup(text);
            duckdb_function_set_error(info, text);
        }
        duckdb_data_chunk_set_size(output, 0);
        return;
    }
    idx_t n = duckdb_data_chunk_get_column_count(chunk);
    for (idx_t i = 0; i < n; i++) {
        duckdb_vector_reference_vector(duckdb_data_chunk_get_vector(output, i),
                                       duckdb_data_chunk_get_vector(chunk, i));
    }
    duckdb_data_chunk_set_size(output, duckdb_data_chunk_get_size(chunk));
    duckdb_destroy_data_chunk(&chunk);
}

static gboolean register_rows(PkConn *writer, ExportRows *rows, GError **error) {
    duckdb_table_function function = duckdb_create_table_function();
    duckdb_table_function_set_name(function, EXPORT_FUNCTION);
    duckdb_table_function_set_extra_info(function, rows, NULL);
    duckdb_table_function_set_bind(function, rows_bind);
    duckdb_table_function_set_init(function, rows_init);
    duckdb_table_function_set_function(function, rows_next);
    gboolean ok = duckdb_register_table_function(writer->conn, function) == DuckDBSuccess;
    duckdb_destroy_table_function(&function);
    if (!ok) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_FAILED,
                            "Could not prepare the export's writer.");
    }
    return ok;
}

/* ---- the file -------------------------------------------------------------------------------- */

static gboolean check_args(PkConn *conn, const char *table, const char *sql, const char *path,
                           GError **error) {
    if (conn == NULL || path == NULL || (table == NULL) == (sql == NULL)) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID,
                            "Export needs a file and either a table or a query.");
        return FALSE;
    }
    if (table != NULL && !pk_conn_table_exists(conn, table)) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND, "No table or view named \"%s\".", table);
        return FALSE;
    }
    g_autofree char *dir = g_path_get_dirname(path);
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND, "Folder not found: %s.", dir);
        return FALSE;
    }
    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
        g_set_error(error, PK_ERROR, PK_ERROR_EXISTS,
                    "%s is a folder; choose a file name to export to.", path);
        return FALSE;
    }
    return TRUE;
}

/* The statement whose rows are exported: the table, or sql without trailing semicolons. */
static char *source_sql(const char *table, const char *sql) {
    if (table != NULL) {
        g_autofree char *quoted = pk_data_quote_ident(table);
        return g_strdup_printf("SELECT * FROM %s", quoted);
    }
    char *stripped = g_strstrip(g_strdup(sql));
    gsize len = strlen(stripped);
    while (len > 0 && stripped[len - 1] == ';') {
        stripped[--len] = '\0';
    }
    return stripped;
}

static void interrupt_conn(gpointer conn) {
    duckdb_interrupt(((PkConn *)conn)->conn);
}

/* COPY of the streamed rows into temp through a private writer database. */
static gboolean write_rows(PkConn *conn, const char *select, const char *temp, PkDataFormat format,
                           PkCancel *cancel, GError **error) {
    PkDbOptions opts;
    pk_db_options_defaults(&opts);
    opts.memory_fraction = 0.25;
    duckdb_result source;
    memset(&source, 0, sizeof source);
    ExportRows rows = {&source, cancel, NULL};
    PkDb *db = NULL;
    PkConn *writer = NULL;
    gulong handler = 0;
    gboolean ok = FALSE;
    g_autofree char *literal = pk_data_quote_literal(temp);
    g_autofree char *copy = g_strdup_printf("COPY (FROM " EXPORT_FUNCTION "()) TO %s (%s)", literal,
                                            copy_format(format));
    g_autoptr(GError) copy_error = NULL;
    if (!pk_exec_stream(conn, select, cancel, &source, error)) {
        return FALSE;
    }
    db = pk_db_open(NULL, &opts, error);
    writer = db != NULL ? pk_db_connect(db, error) : NULL;
    if (writer == NULL || !register_rows(writer, &rows, error)) {
        goto out;
    }
    handler = pk_cancel_connect(cancel, interrupt_conn, conn);
    ok = pk_exec_statements(writer, copy, cancel, NULL, NULL, &copy_error);
    if (!ok && pk_cancel_set_error_if_requested(cancel, error)) {
        /* cancelled: say so, whatever either database made of the interrupt */
    } else if (!ok && rows.source_error != NULL) {
        pk_data_set_error(error, DUCKDB_ERROR_INVALID, rows.source_error, NULL);
    } else if (!ok) {
        g_propagate_error(error, g_steal_pointer(&copy_error));
    }
out:
    pk_cancel_disconnect(cancel, handler);
    pk_conn_close(writer);
    pk_db_close(db);
    duckdb_destroy_result(&source);
    g_free(rows.source_error);
    return ok;
}

gboolean pk_data_export(PkConn *conn, const char *table, const char *sql, const char *path,
                        PkDataFormat format, PkCancel *cancel, GError **error) {
    if (!check_args(conn, table, sql, path, error)) {
        return FALSE;
    }
    if (format == PK_DATA_FORMAT_AUTO) {
        format = pk_data_format_for_path(path);
    }
    g_autofree char *select = source_sql(table, sql);
    g_autofree char *temp = pk_path_create_temp_beside(path, error);
    if (temp == NULL) {
        return FALSE;
    }
    if (!write_rows(conn, select, temp, format, cancel, error)) {
        pk_path_discard_temp(temp);
        return FALSE;
    }
    return pk_path_commit_temp(temp, path, error);
}
