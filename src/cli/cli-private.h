/* cli-private.h — what the files of the `pika` command share.
 *
 * The command is a dispatcher (main.c) over one file per subcommand (cmd-<name>.c). Each
 * subcommand is a PkCliCommandFunc that parses its own arguments and returns an exit code:
 *
 *   PK_CLI_EXIT_OK (0)         success
 *   PK_CLI_EXIT_FAILURE (1)    the work failed (message on stderr: "pika: <cmd>: <message>")
 *   PK_CLI_EXIT_USAGE (2)      bad arguments (same message form, plus a hint to --help)
 *   PK_CLI_EXIT_INTERRUPT (130) cancelled by Ctrl+C; nothing partial is left behind
 *
 * Standard output carries results only; progress, messages and errors go to stderr.
 * Output helpers (output.c) render tabular results as an aligned table, CSV or JSON; the
 * progress bar (progress.c) draws only when stderr is a terminal.
 * Thread rule: everything here runs on the main thread except the progress callback and the
 * interrupt watcher, which are thread-safe. */
#pragma once

#include "pika/core.h"

#include <stdio.h>

G_BEGIN_DECLS

enum {
    PK_CLI_EXIT_OK = 0,
    PK_CLI_EXIT_FAILURE = 1,
    PK_CLI_EXIT_USAGE = 2,
    PK_CLI_EXIT_INTERRUPT = 130,
};

/* A subcommand: argv[0] is the subcommand's name. Returns an exit code. */
typedef int (*PkCliCommandFunc)(int argc, char **argv);

/* main.c ------------------------------------------------------------------------------------ */

/* The token that Ctrl+C requests. Borrowed; lives until exit. */
PkCancel *pk_cli_get_cancel(void);

/* Prints "pika: <cmd>: <message>" on stderr and returns the exit code the error deserves:
 * PK_CLI_EXIT_INTERRUPT for PK_ERROR_CANCELLED, PK_CLI_EXIT_FAILURE otherwise. */
int pk_cli_fail(const char *cmd, const GError *error);

/* Prints "pika: <cmd>: <message>" and a hint to `pika <cmd> --help` on stderr; returns
 * PK_CLI_EXIT_USAGE. */
int pk_cli_usage_error(const char *cmd, const char *format, ...) G_GNUC_PRINTF(2, 3);

/* Parses argv with a context built by the caller (help handled here: --help / -h prints the
 * context's help on stdout). Returns -1 when the caller should go on, else the exit code to
 * return (0 after --help, PK_CLI_EXIT_USAGE after a parse error). */
int pk_cli_parse(GOptionContext *context, const char *cmd, int *argc, char ***argv);

/* A new option context for `pika <cmd> <parameter_string>` with the summary and the entries;
 * help is handled by pk_cli_parse. Free with g_option_context_free. */
GOptionContext *pk_cli_context_new(const char *cmd, const char *parameter_string,
                                   const char *summary, const GOptionEntry *entries);

/* Parses a non-negative integer option value ("1000", "1_000" not accepted). */
gboolean pk_cli_parse_count(const char *text, guint64 *out_value);

/* progress.c -------------------------------------------------------------------------------- */

typedef struct PkCliProgress PkCliProgress;

/* A progress bar labelled `label` on stderr, or an inert one when stderr is not a terminal
 * (or PIKA_PROGRESS=0). Free with pk_cli_progress_free, which erases the bar. */
PkCliProgress *pk_cli_progress_new(const char *label);
void pk_cli_progress_free(PkCliProgress *progress); /* NULL-safe */
gboolean pk_cli_progress_is_active(const PkCliProgress *progress);
/* A PkProgressFunc: user_data is the PkCliProgress. Thread-safe, redraws at most ~10 times a
 * second. */
void pk_cli_progress_update(double fraction, guint64 n_rows, gpointer user_data);

/* output.c ---------------------------------------------------------------------------------- */

typedef enum {
    PK_CLI_FORMAT_TABLE,
    PK_CLI_FORMAT_CSV,
    PK_CLI_FORMAT_JSON,
} PkCliFormat;

/* Parses "table", "csv", "json". */
gboolean pk_cli_format_parse(const char *text, PkCliFormat *out_format);

/* Kinds of cell values, which decide how JSON writes them and how the table aligns them. */
typedef enum {
    PK_CLI_KIND_TEXT,
    PK_CLI_KIND_NUMBER,
    PK_CLI_KIND_BOOL,
} PkCliKind;

/* The kind for a SQL type name ("DOUBLE", "BIGINT", "DECIMAL(9,2)", "BOOLEAN", ...). */
PkCliKind pk_cli_kind_from_type(const char *type_name);

/* A writer of one tabular result: columns first, then rows of text cells (NULL = SQL NULL),
 * then end. CSV and JSON stream; the table format buffers rows to align them.
 *
 *   table:  name  | name2      JSON:  {"columns":[{"name":..,"type":..},...],
 *           ------+------             "rows":[[cell,...],...],"row_count":N}
 *           cell  | cell
 *           (N rows)
 */
typedef struct PkCliWriter PkCliWriter;

PkCliWriter *pk_cli_writer_new(FILE *out, PkCliFormat format);
void pk_cli_writer_free(PkCliWriter *writer); /* NULL-safe */
/* Adds a column; type_name may be NULL (text). Only before the first row. */
void pk_cli_writer_add_column(PkCliWriter *writer, const char *name, const char *type_name);
/* Writes one row of n_columns cells (borrowed; NULL = SQL NULL). */
void pk_cli_writer_add_row(PkCliWriter *writer, const char *const *cells);
/* Finishes the output. Under a table: footer NULL prints "(N rows)", "" prints nothing, any
 * other text prints "(footer)". CSV and JSON have no footer. */
void pk_cli_writer_end(PkCliWriter *writer, const char *footer);
/* Rows written so far. */
guint64 pk_cli_writer_get_n_rows(const PkCliWriter *writer);
/* Columns added so far. */
guint pk_cli_writer_get_n_columns(const PkCliWriter *writer);

/* Writes text as a JSON string literal (with quotes) into out. */
void pk_cli_json_append_string(GString *out, const char *text);
/* Writes text as a CSV field (quoted when needed). */
void pk_cli_csv_append_field(GString *out, const char *text);
/* 1234567 -> "1,234,567". Returns a new string. */
char *pk_cli_format_thousands(guint64 value);

/* Subcommands ------------------------------------------------------------------------------- */

int pk_cli_cmd_demo_data(int argc, char **argv);
int pk_cli_cmd_info(int argc, char **argv);
int pk_cli_cmd_import(int argc, char **argv);
int pk_cli_cmd_query(int argc, char **argv);
int pk_cli_cmd_schema(int argc, char **argv);
int pk_cli_cmd_export(int argc, char **argv);
int pk_cli_cmd_plot(int argc, char **argv);
int pk_cli_cmd_new(int argc, char **argv);
int pk_cli_cmd_run(int argc, char **argv);
int pk_cli_cmd_validate(int argc, char **argv);

#ifdef PIKA_CLI_HAVE_DATA
#include "pika/data.h"

/* session.c: the database a command works on ---------------------------------------------- */

/* An open database (a file with --db, else in memory), one connection, and the tables that
 * --file imported for this command only. */
typedef struct {
    PkDb *db;
    PkConn *conn;
    GPtrArray *file_tables; /* char *: tables made from --file, dropped at close */
} PkCliSession;

/* Opens db_path (NULL = in memory). Errors: as pk_db_open. Free with pk_cli_session_close. */
PkCliSession *pk_cli_session_open(const char *db_path, GError **error);
/* Imports each file into its own table named after it (made unique), with a progress bar.
 * The tables last until pk_cli_session_close, which drops them from a database file. */
gboolean pk_cli_session_import_files(PkCliSession *session, const char *cmd,
                                     const char *const *files, GError **error);
void pk_cli_session_close(PkCliSession *session); /* NULL-safe */

/* Appends [{"name":..,"type":..},...] for a schema. */
void pk_cli_json_append_schema(GString *out, const PkSchema *schema);
/* Writes the columns of a schema as a table of (column, type) to stdout. */
void pk_cli_print_schema_table(const PkSchema *schema);
#endif

G_END_DECLS
