/* exec.c — running statements with progress and cancellation.
 *
 * A statement is prepared, then executed as a pending result one task at a time on the calling
 * thread (DuckDB's own threads work in parallel). Between tasks we check the PkCancel token and,
 * at most every PROGRESS_INTERVAL_US, report duckdb_query_progress(). A cancel handler also calls
 * duckdb_interrupt() so that a task blocked inside DuckDB stops promptly. Results are
 * materialised by DuckDB and read chunk by chunk with duckdb_fetch_chunk, except those of
 * pk_exec_stream, which DuckDB produces chunk by chunk as they are fetched (stream.c): the
 * caller keeps the cancel handler (pk_exec_connect_cancel) and reports progress
 * (pk_exec_report_progress) while it fetches. */
#include "data-private.h"

#include <string.h>

#define PROGRESS_INTERVAL_US 100000

static void interrupt_connection(gpointer user_data) {
    PkConn *conn = user_data;
    duckdb_interrupt(conn->conn);
}

void pk_exec_report_progress(PkConn *conn, PkProgressFunc progress, gpointer user_data,
                             gint64 *last_us) {
    gint64 now = g_get_monotonic_time();
    if (progress == NULL || now - *last_us < PROGRESS_INTERVAL_US) {
        return;
    }
    *last_us = now;
    duckdb_query_progress_type p = duckdb_query_progress(conn->conn);
    double fraction = p.percentage < 0 ? -1.0 : MIN(p.percentage / 100.0, 1.0);
    progress(fraction, p.rows_processed, user_data);
}

gulong pk_exec_connect_cancel(PkConn *conn, PkCancel *cancel) {
    return pk_cancel_connect(cancel, interrupt_connection, conn);
}

static gboolean prepare(PkConn *conn, const char *sql, duckdb_prepared_statement *out,
                        GError **error) {
    if (duckdb_prepare(conn->conn, sql, out) == DuckDBError) {
        const char *text = duckdb_prepare_error(*out);
        pk_data_set_error(error, DUCKDB_ERROR_INVALID, text != NULL ? text : "cannot prepare",
                          NULL);
        duckdb_destroy_prepare(out);
        return FALSE;
    }
    return TRUE;
}

/* Drives the pending result to READY. Returns FALSE (error set) on cancellation or when the
 * statement failed while executing: the pending result holds DuckDB's message then, and
 * duckdb_execute_pending would only say "Attempting to execute an unsuccessful or closed
 * pending query result". */
static gboolean drive_pending(PkConn *conn, duckdb_pending_result pending, PkCancel *cancel,
                              PkProgressFunc progress, gpointer user_data, GError **error) {
    gint64 last_us = g_get_monotonic_time();
    for (;;) {
        if (pk_cancel_set_error_if_requested(cancel, error)) {
            duckdb_interrupt(conn->conn);
            return FALSE;
        }
        duckdb_pending_state state = duckdb_pending_execute_task(pending);
        if (state == DUCKDB_PENDING_RESULT_READY) {
            return TRUE;
        }
        if (state == DUCKDB_PENDING_ERROR) {
            if (!pk_cancel_set_error_if_requested(cancel, error)) {
                const char *text = duckdb_pending_error(pending);
                pk_data_set_error(error, DUCKDB_ERROR_INVALID, text != NULL ? text : "failed",
                                  NULL);
            }
            return FALSE;
        }
        if (state == DUCKDB_PENDING_NO_TASKS_AVAILABLE) {
            g_usleep(500);
        }
        pk_exec_report_progress(conn, progress, user_data, &last_us);
    }
}

/* Runs a prepared statement to completion (streaming: until its first chunk can be fetched).
 * Takes nothing; the caller destroys stmt. */
static gboolean run_prepared(PkConn *conn, duckdb_prepared_statement stmt, gboolean streaming,
                             PkCancel *cancel, PkProgressFunc progress, gpointer user_data,
                             duckdb_result *out_result, GError **error) {
    duckdb_pending_result pending = NULL;
    duckdb_result result;
    gboolean ok = FALSE;
    gulong handler = pk_exec_connect_cancel(conn, cancel);

    memset(&result, 0, sizeof result);
    if (pk_exec_pending_new(stmt, streaming, &pending) == DuckDBError) {
        const char *text = duckdb_pending_error(pending);
        pk_data_set_error(error, DUCKDB_ERROR_INVALID, text != NULL ? text : "cannot run", NULL);
        goto out;
    }
    if (!drive_pending(conn, pending, cancel, progress, user_data, error)) {
        goto out;
    }
    if (duckdb_execute_pending(pending, &result) == DuckDBError) {
        if (!pk_cancel_set_error_if_requested(cancel, error)) {
            const char *text = duckdb_result_error(&result);
            pk_data_set_error(error, duckdb_result_error_type(&result),
                              text != NULL ? text : "unknown error", NULL);
        }
        duckdb_destroy_result(&result);
        goto out;
    }
    if (out_result != NULL) {
        *out_result = result;
    } else {
        duckdb_destroy_result(&result);
    }
    ok = TRUE;
out:
    pk_cancel_disconnect(cancel, handler);
    duckdb_destroy_pending(&pending);
    return ok;
}

static gboolean run_sql(PkConn *conn, const char *sql, gboolean streaming, PkCancel *cancel,
                        PkProgressFunc progress, gpointer user_data, duckdb_result *out_result,
                        GError **error) {
    duckdb_prepared_statement stmt = NULL;
    gint64 start_us = g_get_monotonic_time();
    if (pk_cancel_set_error_if_requested(cancel, error) || !prepare(conn, sql, &stmt, error)) {
        return FALSE;
    }
    gboolean ok =
        run_prepared(conn, stmt, streaming, cancel, progress, user_data, out_result, error);
    duckdb_destroy_prepare(&stmt);
    g_debug("sql%s (%.1f ms): %s", streaming ? " (streamed)" : "",
            (double)(g_get_monotonic_time() - start_us) / 1000.0, sql);
    return ok;
}

gboolean pk_exec_run(PkConn *conn, const char *sql, PkCancel *cancel, PkProgressFunc progress,
                     gpointer user_data, duckdb_result *out_result, GError **error) {
    return run_sql(conn, sql, FALSE, cancel, progress, user_data, out_result, error);
}

gboolean pk_exec_stream(PkConn *conn, const char *sql, PkCancel *cancel, duckdb_result *out_result,
                        GError **error) {
    return run_sql(conn, sql, TRUE, cancel, NULL, NULL, out_result, error);
}

gboolean pk_exec_statements(PkConn *conn, const char *sql, PkCancel *cancel,
                            PkProgressFunc progress, gpointer user_data, GError **error) {
    duckdb_extracted_statements extracted = NULL;
    gboolean ok = FALSE;
    idx_t n = duckdb_extract_statements(conn->conn, sql, &extracted);
    if (n == 0) {
        const char *text = duckdb_extract_statements_error(extracted);
        pk_data_set_error(error, DUCKDB_ERROR_PARSER, text != NULL ? text : "no statement", NULL);
        goto out;
    }
    for (idx_t i = 0; i < n; i++) {
        duckdb_prepared_statement stmt = NULL;
        if (pk_cancel_set_error_if_requested(cancel, error)) {
            goto out;
        }
        if (duckdb_prepare_extracted_statement(conn->conn, extracted, i, &stmt) == DuckDBError) {
            const char *text = duckdb_prepare_error(stmt);
            pk_data_set_error(error, DUCKDB_ERROR_INVALID, text != NULL ? text : "bad SQL", NULL);
            duckdb_destroy_prepare(&stmt);
            goto out;
        }
        gint64 start_us = g_get_monotonic_time();
        gboolean done = run_prepared(conn, stmt, FALSE, cancel, progress, user_data, NULL, error);
        duckdb_destroy_prepare(&stmt);
        g_debug("sql statement %u (%.1f ms): %s", (guint)i,
                (double)(g_get_monotonic_time() - start_us) / 1000.0, sql);
        if (!done) {
            goto out;
        }
    }
    ok = TRUE;
out:
    duckdb_destroy_extracted(&extracted);
    return ok;
}

gboolean pk_exec_scalar_text(PkConn *conn, const char *sql, char **out_text, GError **error) {
    duckdb_result result;
    if (!pk_exec_run(conn, sql, NULL, NULL, NULL, &result, error)) {
        return FALSE;
    }
    char *text = NULL;
    gboolean found = FALSE;
    duckdb_data_chunk chunk = duckdb_fetch_chunk(result);
    if (chunk != NULL && duckdb_data_chunk_get_size(chunk) > 0 &&
        duckdb_data_chunk_get_column_count(chunk) > 0) {
        duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, 0);
        text = pk_data_vector_valid(vector, 0) ? pk_data_vector_strdup(vector, 0) : NULL;
        found = TRUE;
    }
    duckdb_destroy_data_chunk(&chunk);
    duckdb_destroy_result(&result);
    if (!found) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_EMPTY, "The query returned no rows.");
        return FALSE;
    }
    *out_text = text;
    return TRUE;
}
