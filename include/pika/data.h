/* pika/data.h — the DuckDB data layer: databases, connections, sniffing, import, queries
 * streamed into column buffers, schema, statistics and export.
 *
 * Main objects:
 *   PkDb      an open database (in memory or a file) with its configuration. pk_db_open checks
 *             that the loaded libduckdb is the version the header came from (PK_ERROR_VERSION).
 *   PkConn    one connection; each worker thread uses its own (pk_db_connect).
 *   PkImportOptions / PkSniffResult / PkImportResult   import of CSV/TSV, Parquet, JSON/NDJSON.
 *   PkSchema  columns of a table, view or result: name, DuckDB type name, our column type.
 *   PkTextPage  a page of rows rendered as text (preview, `pika query`).
 * Query results come back as PkFrame/PkColumn (pika/column.h): integers as INT64, floats and
 * decimals as DOUBLE (NULL rows written as NaN), dates and timestamps as TIMESTAMP (µs, UTC),
 * booleans as BOOL, VARCHAR and ENUM as CATEGORY with a dictionary.
 *
 * Errors: every fallible function returns gboolean or a pointer (NULL on failure) and fills a
 * GError in the PK_ERROR domain: NOT_FOUND/IO (files), NOT_TEXT (binary file), RAGGED, ENCODING,
 * TYPE, EMPTY, TOO_LARGE (CSV problems, with line numbers and the remedy), EXISTS (table name
 * taken), QUERY (SQL errors, DuckDB's text), UNSUPPORTED (e.g. an extension not available
 * offline, a column type with no column buffer), SECURITY (refused after pk_db_lock_down),
 * CANCELLED, NOMEM, INVALID (bad arguments). Outputs are written only on success.
 *
 * Threading: a PkDb may be used from any thread (pk_db_connect is thread-safe). A PkConn is used
 * by one thread at a time; a PkCancel passed to a call may be requested from any other thread and
 * interrupts the running statement. Progress callbacks run on the calling thread.
 * Close every PkConn before pk_db_close. */
#pragma once

#include <glib.h>

#include "pika/cancel.h"
#include "pika/column.h"
#include "pika/error.h"

G_BEGIN_DECLS

typedef struct PkDb PkDb;
typedef struct PkConn PkConn;

/* ---- version ------------------------------------------------------------------------------ */

/* The DuckDB version the build expects ("v1.4.4"). Static storage. */
#define PK_DATA_DUCKDB_VERSION "v1.4.4"

/* The version string of the loaded libduckdb (e.g. "v1.4.4"). Static storage, never NULL. */
const char *pk_data_library_version(void);
/* TRUE when the loaded libduckdb is PK_DATA_DUCKDB_VERSION; otherwise PK_ERROR_VERSION with a
 * message naming both versions and how to fix it. Thread-safe. */
gboolean pk_data_check_version(GError **error);

/* ---- databases and connections ------------------------------------------------------------ */

typedef struct {
    guint threads;              /* worker threads; 0 = one per core (DuckDB's default) */
    guint64 memory_limit_bytes; /* 0 = memory_fraction of the machine's RAM */
    double memory_fraction;     /* used when memory_limit_bytes is 0; default 0.5 */
    const char *temp_directory; /* where large operations spill; NULL = DuckDB's default */
    gboolean read_only;         /* open a database file read-only */
} PkDbOptions;

/* Fills opts with the defaults above (no automatic extension install or load is ever done). */
void pk_db_options_defaults(PkDbOptions *opts);

/* Opens a database: path NULL or ":memory:" for an in-memory one, otherwise a file (created if
 * missing unless read_only). opts NULL = defaults; borrowed. Checks the library version first
 * (PK_ERROR_VERSION). Errors: PK_ERROR_IO (file cannot be opened or is locked), INVALID.
 * Returns a new PkDb; free with pk_db_close. */
PkDb *pk_db_open(const char *path, const PkDbOptions *opts, GError **error);
/* Closes the database. Every PkConn must be closed first. NULL-safe. A database file opened
 * for writing is then recorded as written by this application (pk_trust_note_written), which
 * is what makes a workspace's cache trusted the next time it is opened. */
void pk_db_close(PkDb *db);
/* The path given to pk_db_open, or NULL for an in-memory database. Borrowed. */
const char *pk_db_get_path(const PkDb *db);

/* Locks the database down for running untrusted SQL: no file access from SQL (read_csv, COPY,
 * ATTACH, INSTALL...) and no configuration changes, for the rest of the database's life.
 * Tables already loaded stay queryable. pk_data_import is refused afterwards with
 * PK_ERROR_SECURITY; pk_data_export still works, because the application writes the file, not
 * the SQL (see pk_data_export). Errors: PK_ERROR_QUERY. */
gboolean pk_db_lock_down(PkDb *db, GError **error);
/* The same, except that SQL may still read the files of read_files (NULL-terminated or NULL;
 * the declared sources of a workspace, so they can be described without importing them). Each
 * is resolved (symbolic links followed) and must be a regular file. No folder is ever opened.
 * Errors: PK_ERROR_NOT_FOUND for a missing file, PK_ERROR_QUERY. */
gboolean pk_db_lock_down_allowing(PkDb *db, const char *const *read_files, GError **error);
gboolean pk_db_is_locked_down(const PkDb *db);

/* Whether db holds plain tables only: no views, macros, sequences, types, indexes, other
 * schemas, computed or default columns or CHECK constraints, i.e. nothing that would run SQL
 * when the database is read or written. Reads the catalog only; runs nothing from db. Sets
 * *out_reason to NULL when plain, else to a new sentence naming the first object found ("it
 * holds a view (v) that Pika-Plot does not make"). Errors: PK_ERROR_QUERY. */
gboolean pk_db_check_plain(PkDb *db, char **out_reason, GError **error);

/* A new connection. Thread-safe; use one connection per thread. Free with pk_conn_close. */
PkConn *pk_db_connect(PkDb *db, GError **error);
/* Closes a connection. NULL-safe. */
void pk_conn_close(PkConn *conn);

/* Runs SQL whose result is not needed (DDL, SET, INSERT...). cancel may be NULL.
 * Errors: PK_ERROR_QUERY (DuckDB's text), UNSUPPORTED, SECURITY, CANCELLED. */
gboolean pk_conn_exec(PkConn *conn, const char *sql, PkCancel *cancel, GError **error);

/* ---- schema ------------------------------------------------------------------------------- */

typedef struct {
    char *name;           /* column name as DuckDB reports it */
    char *type_name;      /* DuckDB's type, e.g. "DOUBLE", "DECIMAL(10,2)", "VARCHAR" */
    PkColumnType type;    /* our column type (meaningful only when convertible) */
    gboolean convertible; /* FALSE for LIST, STRUCT, BLOB, UUID... (no column buffer for it) */
} PkSchemaColumn;

typedef struct {
    guint n_columns;
    PkSchemaColumn *columns;
} PkSchema;

void pk_schema_free(PkSchema *schema); /* NULL-safe */
/* Index of a column by name, or -1. */
int pk_schema_find(const PkSchema *schema, const char *name);

/* Schema of a table or view (name as given, quoted for you). PK_ERROR_NOT_FOUND if absent. */
gboolean pk_conn_describe_table(PkConn *conn, const char *table, PkSchema **out_schema,
                                GError **error);
/* Schema of a query's result, without running it. PK_ERROR_QUERY on invalid SQL. */
gboolean pk_conn_describe_sql(PkConn *conn, const char *sql, PkSchema **out_schema, GError **error);
/* Names of the tables and views of the main schema, sorted; NULL-terminated, free with
 * g_strfreev. out_is_view (may be NULL) receives a parallel array of gboolean (g_free). */
gboolean pk_conn_list_tables(PkConn *conn, char ***out_names, gboolean **out_is_view,
                             GError **error);
/* TRUE if a table or view of that name exists (case-insensitive, as in SQL). */
gboolean pk_conn_table_exists(PkConn *conn, const char *table);
/* Number of rows of a table or view. PK_ERROR_NOT_FOUND if absent. */
gboolean pk_conn_row_count(PkConn *conn, const char *table, guint64 *out_n_rows, GError **error);

typedef struct {
    char *name;
    char *type_name;
    char *min; /* as text; NULL when every value is NULL or not comparable */
    char *max;
    guint64 n_rows;
    guint64 n_nulls;
    guint64 approx_distinct; /* approx_count_distinct: a HyperLogLog estimate, at most the
                              * number of non-NULL values */
} PkColumnStats;

/* Statistics of every column of a table or view in one scan (an import summary).
 * *out_stats: array of *out_n_columns entries, free with pk_column_stats_free. */
gboolean pk_conn_column_stats(PkConn *conn, const char *table, PkCancel *cancel,
                              PkColumnStats **out_stats, guint *out_n_columns, GError **error);
void pk_column_stats_free(PkColumnStats *stats, guint n_columns); /* NULL-safe */

/* Quotes an identifier for SQL ("a""b"). Returns a new string. */
char *pk_data_quote_ident(const char *name);
/* Quotes a string literal for SQL ('it''s'). Returns a new string. */
char *pk_data_quote_literal(const char *text);

/* ---- queries ------------------------------------------------------------------------------ */

/* Runs SQL and streams the whole result, chunk by chunk, into a new published frame of
 * published columns (types as described at the top). cancel, progress may be NULL.
 * Errors: QUERY, UNSUPPORTED (a column with no column buffer type: the message names it and
 * suggests a CAST), CANCELLED, NOMEM. Returns the frame in *out_frame (new reference). */
gboolean pk_conn_query_frame(PkConn *conn, const char *sql, PkCancel *cancel,
                             PkProgressFunc progress, gpointer user_data, PkFrame **out_frame,
                             GError **error);

typedef struct {
    guint n_columns;
    guint n_rows;
    char **column_names; /* n_columns names */
    char **type_names;   /* n_columns DuckDB type names */
    char **cells;        /* row-major n_rows * n_columns; NULL = SQL NULL */
} PkTextPage;

void pk_text_page_free(PkTextPage *page); /* NULL-safe */
/* Borrowed text of one cell, NULL for SQL NULL. Asserts the range. */
const char *pk_text_page_get(const PkTextPage *page, guint row, guint column);

/* Rows [offset, offset + limit) of a query (or table: pass "SELECT * FROM t") as text, without
 * materialising the rest (LIMIT/OFFSET are pushed into DuckDB). Errors: QUERY, CANCELLED. */
gboolean pk_conn_query_page(PkConn *conn, const char *sql, guint64 offset, guint64 limit,
                            PkCancel *cancel, PkTextPage **out_page, GError **error);

/* Called with consecutive pages of a result (one DuckDB chunk each, up to 2048 rows); the page
 * is borrowed for the call. Return FALSE to stop early (not an error). */
typedef gboolean (*PkTextPageFunc)(const PkTextPage *page, gpointer user_data);

/* Rows [0, limit) of a query as text, handed to func a chunk at a time so that the caller never
 * holds more than one chunk of text (DuckDB still materialises the result). func is called at
 * least once, with a page of 0 rows when the result is empty, so the caller learns the columns.
 * Errors: QUERY, CANCELLED. */
gboolean pk_conn_query_text(PkConn *conn, const char *sql, guint64 limit, PkCancel *cancel,
                            PkTextPageFunc func, gpointer user_data, GError **error);

/* The tables a SELECT statement reads, as DuckDB's own parser sees them: every table reference
 * in FROM and JOIN clauses, subqueries (in FROM, WHERE, SELECT...), set operations and CTE
 * bodies, without the names of the statement's own CTEs where they are in scope. Columns,
 * aliases and table functions are not table references. An unqualified name comes back as
 * written, without quotes ("My Table" gives My Table); a qualified one as its quoted parts
 * joined by dots ("main"."sales"). Each name once (case-insensitively), in the parser's order.
 * Returns a NULL-terminated array (empty when nothing is read), free with g_strfreev.
 * Errors: PK_ERROR_QUERY with DuckDB's parser message for a syntax error, PK_ERROR_INVALID for
 * SQL that is not exactly one SELECT statement (WITH, FROM-first, VALUES, TABLE, SUMMARIZE and
 * DESCRIBE count as SELECT). Thread-safe: parses on a private in-memory database. */
char **pk_sql_table_refs(const char *sql, GError **error);

/* ---- sniffing and import ------------------------------------------------------------------ */

typedef enum {
    PK_DATA_FORMAT_AUTO, /* from the file extension; CSV for anything unknown */
    PK_DATA_FORMAT_CSV,  /* any delimited text: CSV, TSV, semicolons, pipes */
    PK_DATA_FORMAT_PARQUET,
    PK_DATA_FORMAT_JSON, /* JSON array or newline-delimited JSON */
} PkDataFormat;

/* "auto", "csv", "parquet", "json"; and back (FALSE for unknown names). */
const char *pk_data_format_name(PkDataFormat format);
gboolean pk_data_format_from_name(const char *name, PkDataFormat *out_format);
/* The format a path would be read as (by extension; CSV when unknown). */
PkDataFormat pk_data_format_for_path(const char *path);

typedef enum {
    PK_HEADER_AUTO,  /* let the sniffer decide */
    PK_HEADER_NONE,  /* no header: columns are column0, column1, ... */
    PK_HEADER_FIRST, /* the first line (after skip_rows) is the header */
    PK_HEADER_LINE,  /* line header_line (1-based, after skip_rows) is the header; lines
                      * before it are skipped */
} PkHeaderMode;

/* The longest CSV line an import may be told to read (1 GiB). */
#define PK_IMPORT_MAX_LINE_SIZE (1u << 30)

/* Import options. Strings and string arrays are borrowed (the caller keeps them alive during
 * the call); string arrays are NULL-terminated. Fill with pk_import_options_defaults() first. */
typedef struct {
    PkDataFormat format;
    const char *table;           /* target table; NULL = from the file name, sanitised and
                                  * made unique. An existing name fails with EXISTS unless
                                  * replace is set. */
    gboolean replace;            /* replace an existing table of that name */
    gboolean one_table_per_file; /* several paths: one table each (default: one table) */
    /* CSV only: */
    const char *delimiter; /* NULL = auto; "\t", ";", "|", ... */
    PkHeaderMode header;
    guint header_line;               /* for PK_HEADER_LINE */
    const char *quote;               /* NULL = auto */
    const char *escape;              /* NULL = auto */
    const char *const *null_strings; /* NULL = "", "NULL", "null", "N/A", "NA", "n/a" */
    guint skip_rows;                 /* lines skipped before anything else */
    gint64 sample_rows;              /* rows used for type inference; 0 = DuckDB's default
                                      * (20480); -1 = the whole file */
    const char *date_format;         /* strptime format, e.g. "%d/%m/%Y"; NULL = auto */
    const char *timestamp_format;    /* e.g. "%d/%m/%Y %H:%M"; NULL = auto */
    const char *decimal_separator;   /* "," for decimal commas; NULL = "." */
    const char *encoding;            /* NULL = "utf-8"; "latin-1", "utf-16" */
    gboolean skip_bad_rows;          /* skip rows that do not parse and report them */
    guint64 max_line_size;           /* bytes; 0 = default (16 MiB, the CSV read buffer),
                                      * at most PK_IMPORT_MAX_LINE_SIZE */
    gboolean all_text;               /* every column as VARCHAR */
    /* All formats: */
    const char *const *include_columns; /* keep only these (NULL = all) */
    const char *const *exclude_columns; /* drop these */
    const char *const *column_types;    /* overrides, "name=TYPE" (e.g. "price=DOUBLE") */
} PkImportOptions;

/* Fills opts with defaults: auto format, auto dialect, auto header, default null strings. */
void pk_import_options_defaults(PkImportOptions *opts);

/* What the importer decided about one column on top of DuckDB's own sniffing, from the
 * sample (docs/data-import.md, "Dates, times and text columns"). */
typedef struct {
    char *column; /* the column's name */
    char *format; /* how its text is read: a strptime format ("%b %d %Y", "%m/%d/%Y"), or
                   * "epoch-s", "epoch-ms", "epoch-us", "epoch-ns" for numbers read as times
                   * since 1970-01-01 UTC; NULL when none */
    char *note;   /* a sentence for the user, e.g. why the column is text (text because of
                   * "n/a" on line 8) or that its day/month order was a guess; NULL when none */
} PkColumnNote;

/* A row an import rejects (or would reject: PkSniffResult). */
typedef struct {
    char *path;
    guint64 line;     /* 1-based line in the file; 0 when unknown */
    char *column;     /* NULL when the whole row is bad */
    char *error_type; /* DuckDB's kind: "TOO MANY COLUMNS", "CAST", ... */
    char *message;
    char *text;  /* the offending line, maybe shortened; NULL when unknown */
    char *value; /* the value that did not convert (error_type "CAST"), as the file writes
                  * it; NULL for other errors */
} PkReject;

typedef struct PkSniffResult {
    char *path;
    PkDataFormat format;
    char *delimiter; /* CSV: the dialect found (or given); NULL for other formats */
    char *quote;
    char *escape;
    char *newline; /* "\n", "\r\n" or "" when unknown */
    gboolean has_header;
    guint skip_rows;   /* lines skipped before the header/data */
    char *date_format; /* the formats the read uses (given, sniffed or inferred); NULL when
                        * none */
    char *timestamp_format;
    PkSchema *schema; /* inferred columns and types */
    guint n_notes;    /* columns read with a format, or with something to say (below) */
    PkColumnNote *notes;
    PkTextPage *preview; /* the first rows that parse, as text (up to 20) */
    /* CSV: the rows among those read for the preview that do not parse with these options
     * (a type override, a format, a ragged line), in line order; an import fails on the
     * first of them unless skip_bad_rows. n_rejected counts them, n_rejects are listed (the
     * first 100 at most). A CAST reject of an overridden column also gets a PkColumnNote
     * ("DOUBLE does not read "n/a" on line 4"). */
    guint64 n_rejected;
    guint n_rejects;
    PkReject *rejects;
    char *read_sql;     /* the read_csv/read_parquet/read_json call an import would use */
    char *relation_sql; /* SELECT of the columns an import would make, over read_sql */
} PkSniffResult;

void pk_sniff_result_free(PkSniffResult *result); /* NULL-safe */

/* Sniffs a file without importing it: dialect, header, columns, types, first rows, and the
 * formats and notes of columns typed beyond DuckDB's sniffing (dates and times in common
 * formats, epoch numbers, JSON text). Reads a sample only, so it is fast whatever the file
 * size; an import of the same file with the same options makes the same columns. opts may be
 * NULL (defaults). CSV rows that do not parse are not an error here: those among the first
 * ones are listed in rejects (and the preview holds the rows that parse).
 * Errors: as pk_data_import. */
gboolean pk_data_sniff(PkConn *conn, const char *path, const PkImportOptions *opts,
                       PkSniffResult **out_result, GError **error);

typedef struct {
    char *name; /* the table created */
    guint64 n_rows;
    PkSchema *schema;
    guint n_notes; /* as in PkSniffResult: formats and notes of its columns */
    PkColumnNote *notes;
} PkImportedTable;

typedef struct {
    guint n_tables;
    PkImportedTable *tables;
    guint64 n_rejected; /* rows skipped with skip_bad_rows */
    guint n_rejects;    /* rejects listed below (the first 1000 at most) */
    PkReject *rejects;
    double seconds;
} PkImportResult;

void pk_import_result_free(PkImportResult *result); /* NULL-safe */

/* An import's report as one immutable GVariant (ta(tssss)a(sss)), for keeping and showing:
 * the rows rejected, the rejects listed (line, column or "", value or "", kind such as
 * "CAST", message), and the column notes (column, format or "", note or "") of n_note_lists
 * lists. A new (not floating) reference. The _of_ forms report a sniff (its bad rows among
 * those read) or an import (its rows skipped). */
GVariant *pk_import_report_new(guint64 n_rejected, const PkReject *rejects, guint n_rejects,
                               const PkColumnNote *const *notes, const guint *n_notes,
                               guint n_note_lists);
GVariant *pk_import_report_of_sniff(const PkSniffResult *sniff);
GVariant *pk_import_report_of_import(const PkImportResult *result);

/* Imports files into tables. paths: NULL-terminated, at least one. All files go into one table
 * (their columns are matched by name) unless opts->one_table_per_file. Runs in one transaction:
 * on failure or cancellation no table is left behind. progress (may be NULL) is called every
 * ~100 ms with the fraction done and the rows read. A table that would have no rows is refused
 * with EMPTY, saying why (a header and no rows; every row rejected, with the first reason).
 * Errors: NOT_FOUND, IO, NOT_TEXT, EMPTY, RAGGED, ENCODING, TYPE, TOO_LARGE, PARSE, EXISTS,
 * INVALID, SECURITY, CANCELLED, QUERY.
 * *out_result: new, free with pk_import_result_free (out_result may be NULL). */
gboolean pk_data_import(PkConn *conn, const char *const *paths, const PkImportOptions *opts,
                        PkCancel *cancel, PkProgressFunc progress, gpointer user_data,
                        PkImportResult **out_result, GError **error);

/* A table name from a path: base name without extensions, lower-case letters, digits and '_',
 * not starting with a digit ("My Data (2).csv" -> "my_data_2"). Returns a new string. */
char *pk_data_table_name_for_path(const char *path);
/* base, or base_2, base_3, ... the first that is not a table or view yet. New string. */
char *pk_conn_unique_table_name(PkConn *conn, const char *base);

/* ---- export ------------------------------------------------------------------------------- */

/* Writes a table (table != NULL) or a query result (sql != NULL; exactly one of the two) to
 * path as CSV (with header), JSON (newline-delimited) or Parquet; PK_DATA_FORMAT_AUTO picks
 * from the extension. The rows are streamed from conn and written by the application into
 * path exactly, so this works on a locked-down database too and the SQL cannot choose where
 * anything is written: callers that take paths from untrusted input resolve and check them
 * first (pk_path_resolve_within). Atomic: a temporary file beside the target is renamed over
 * it, so the target is either the old file or the complete new one. Errors: INVALID, NOT_FOUND
 * (table, folder), EXISTS (path is a folder), QUERY, IO, CANCELLED. */
gboolean pk_data_export(PkConn *conn, const char *table, const char *sql, const char *path,
                        PkDataFormat format, PkCancel *cancel, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PkDb, pk_db_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PkConn, pk_conn_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PkSchema, pk_schema_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PkTextPage, pk_text_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PkSniffResult, pk_sniff_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PkImportResult, pk_import_result_free)

G_END_DECLS
