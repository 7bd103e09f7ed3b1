/* data-private.h — internals shared by the files of the data layer (src/data only).
 *
 * PkDb wraps a duckdb_database plus one private connection used for database-wide settings.
 * PkConn wraps a duckdb_connection and remembers its database. Every statement of the layer runs
 * through pk_exec_run(): prepare, pending execution task by task (so progress can be polled and
 * cancellation checked between tasks), then a materialised result read with duckdb_fetch_chunk.
 * DuckDB's error text is translated into PK_ERROR codes by pk_data_set_error(). */
#pragma once

#include "pika/data.h"

#include <duckdb.h>

struct PkDb {
    duckdb_database db;
    char *path; /* NULL for in-memory */
    gboolean read_only;
    gint locked_down; /* atomic flag */
    gint n_conns;     /* open connections, atomic */
};

struct PkConn {
    PkDb *db;
    duckdb_connection conn;
};

/* Translates a DuckDB error (type + text) into a PK_ERROR code and an actionable message.
 * context (may be NULL) names what was being done, e.g. "Importing data.csv". */
void pk_data_set_error(GError **error, duckdb_error_type type, const char *text,
                       const char *context);
/* Why a row was rejected, in the words of the errors above: "column "c": value "x" is not a
 * valid BIGINT" for a conversion, else DuckDB's first line. New string. */
char *pk_data_reject_reason(const PkReject *reject);
/* The PK_ERROR code a DuckDB error maps to. */
int pk_data_error_code(duckdb_error_type type, const char *text);

/* Runs one SQL statement to completion; on success *out_result holds the materialised result
 * (destroy with duckdb_destroy_result). cancel/progress may be NULL. */
gboolean pk_exec_run(PkConn *conn, const char *sql, PkCancel *cancel, PkProgressFunc progress,
                     gpointer user_data, duckdb_result *out_result, GError **error);
/* Runs one SQL statement as a streaming result: *out_result yields its chunks as
 * duckdb_fetch_chunk asks for them (NULL at the end, or on an error then read with
 * duckdb_result_error). Cancel by interrupting the connection. */
gboolean pk_exec_stream(PkConn *conn, const char *sql, PkCancel *cancel, duckdb_result *out_result,
                        GError **error);
/* Interrupts conn's running statement when cancel is requested; returns the handler for
 * pk_cancel_disconnect (0 when cancel is NULL). */
gulong pk_exec_connect_cancel(PkConn *conn, PkCancel *cancel);
/* Calls progress with duckdb_query_progress() when PROGRESS_INTERVAL_US passed since *last_us
 * (then updated); nothing when progress is NULL. */
void pk_exec_report_progress(PkConn *conn, PkProgressFunc progress, gpointer user_data,
                             gint64 *last_us);
/* duckdb_pending_prepared or its streaming form (stream.c, the one user of that call). */
duckdb_state pk_exec_pending_new(duckdb_prepared_statement stmt, gboolean streaming,
                                 duckdb_pending_result *out_pending);
/* Runs one or more statements, discarding results. */
gboolean pk_exec_statements(PkConn *conn, const char *sql, PkCancel *cancel,
                            PkProgressFunc progress, gpointer user_data, GError **error);
/* Runs SQL that returns one row with one value; *out_text gets it as text (NULL for NULL). */
gboolean pk_exec_scalar_text(PkConn *conn, const char *sql, char **out_text, GError **error);

/* DuckDB logical type -> our column type; FALSE when there is none. */
gboolean pk_data_map_type(duckdb_logical_type type, PkColumnType *out_type);
/* A schema from a result's columns. */
PkSchema *pk_schema_from_result(duckdb_result *result);
/* Text of a VARCHAR vector entry as a new string. */
char *pk_data_vector_strdup(duckdb_vector vector, idx_t row);
/* TRUE when row of vector is valid. */
gboolean pk_data_vector_valid(duckdb_vector vector, idx_t row);

/* The read_xxx(...) table function call for paths with opts (CSV dialect, nulls, types...).
 * sniff_overrides (may be NULL) adds extra "key=value" arguments. Returns a new string. */
char *pk_import_build_read_call(const char *const *paths, PkDataFormat format,
                                const PkImportOptions *opts, const char *extra_args);
/* Checks the paths exist, are readable and, for text formats, not binary and not empty. */
gboolean pk_import_check_files(const char *const *paths, PkDataFormat format,
                               const PkImportOptions *opts, GError **error);
/* The effective format of a set of paths. */
PkDataFormat pk_import_resolve_format(const char *const *paths, const PkImportOptions *opts);
