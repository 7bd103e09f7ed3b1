/* cmd-query.c — `pika query SQL`: run SQL and print the result as a table, CSV or JSON.
 *
 * SQL may be "-" to read it from standard input. `--file F` (repeatable) imports F first into a
 * table named after it (data.csv -> data) for this command only. --limit N prints at most N rows;
 * the table format then says so in its footer (one row more is fetched to know whether the
 * result was cut). Without --limit the whole result is fetched as text: write big results to a
 * file with `pika export` instead. Results come through the data layer's text pages, so values
 * print exactly as DuckDB renders them.
 *
 * Statements that return no rows (CREATE, INSERT, SET, ... anything that does not start with
 * SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, PIVOT or a parenthesis) are run
 * as they are and print nothing; a string of several statements runs them all. */
#include "cli-private.h"

#include <string.h>

typedef struct {
    char *db, *format, *limit;
    char **files;
    gboolean json;
} QueryArgs;

static char *read_stdin(GError **error) {
    GString *text = g_string_new(NULL);
    char buffer[65536];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) {
        g_string_append_len(text, buffer, (gssize)n);
    }
    if (ferror(stdin)) {
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "could not read SQL from standard input");
        g_string_free(text, TRUE);
        return NULL;
    }
    return g_string_free(text, FALSE);
}

/* TRUE when sql starts (after blanks, comments and parentheses) with a keyword that makes rows. */
static gboolean returns_rows(const char *sql) {
    static const char *const keywords[] = {"SELECT",   "WITH", "FROM",      "VALUES", "TABLE",
                                           "DESCRIBE", "SHOW", "SUMMARIZE", "PIVOT",  "UNPIVOT"};
    const char *p = sql;
    for (;;) {
        while (g_ascii_isspace(*p) || *p == '(') {
            p++;
        }
        if (p[0] == '-' && p[1] == '-') {
            p += strcspn(p, "\n");
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            p = end != NULL ? end + 2 : p + strlen(p);
        } else {
            break;
        }
    }
    gsize n = 0;
    while (g_ascii_isalpha(p[n])) {
        n++;
    }
    for (guint i = 0; i < G_N_ELEMENTS(keywords); i++) {
        if (n == strlen(keywords[i]) && g_ascii_strncasecmp(p, keywords[i], n) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Prints a result a chunk at a time: CSV and JSON rows are written as they come, the table
 * collects its rows to size the columns. With --limit, limit + 1 rows are asked for so that a
 * footer can say when rows were left out. */
typedef struct {
    PkCliWriter *writer;
    guint64 limit;
    gboolean limited;
    gboolean truncated;
} Printer;

static gboolean print_page(const PkTextPage *page, gpointer user_data) {
    Printer *p = user_data;
    if (p->writer == NULL) {
        return FALSE;
    }
    if (pk_cli_writer_get_n_columns(p->writer) == 0) {
        for (guint c = 0; c < page->n_columns; c++) {
            pk_cli_writer_add_column(p->writer, page->column_names[c], page->type_names[c]);
        }
    }
    for (guint r = 0; r < page->n_rows; r++) {
        if (p->limited && pk_cli_writer_get_n_rows(p->writer) == p->limit) {
            p->truncated = TRUE;
            return FALSE;
        }
        pk_cli_writer_add_row(p->writer, (const char *const *)&page->cells[r * page->n_columns]);
    }
    return TRUE;
}

static void print_end(Printer *p) {
    g_autofree char *footer = NULL;
    if (p->truncated) {
        guint64 n_rows = pk_cli_writer_get_n_rows(p->writer);
        g_autofree char *count = pk_cli_format_thousands(n_rows);
        footer = g_strdup_printf("first %s row%s shown: --limit %" G_GUINT64_FORMAT, count,
                                 n_rows == 1 ? "" : "s", p->limit);
    }
    pk_cli_writer_end(p->writer, footer);
}

static int run_query(const QueryArgs *a, const char *sql, PkCliFormat format) {
    Printer printer = {NULL, 0, a->limit != NULL, FALSE};
    g_autoptr(GError) error = NULL;
    if (printer.limited &&
        (!pk_cli_parse_count(a->limit, &printer.limit) || printer.limit >= G_MAXUINT)) {
        return pk_cli_usage_error("query", "--limit must be a whole number, not '%s'", a->limit);
    }
    PkCliSession *session = pk_cli_session_open(a->db, &error);
    gboolean rows = returns_rows(sql);
    gboolean ok = session != NULL && pk_cli_session_import_files(
                                         session, "query", (const char *const *)a->files, &error);
    if (ok && rows) {
        printer.writer = pk_cli_writer_new(stdout, format);
        ok =
            pk_conn_query_text(session->conn, sql, printer.limited ? printer.limit + 1 : G_MAXINT64,
                               pk_cli_get_cancel(), print_page, &printer, &error);
    } else if (ok) {
        ok = pk_conn_exec(session->conn, sql, pk_cli_get_cancel(), &error);
    }
    int status = ok ? PK_CLI_EXIT_OK : pk_cli_fail("query", error);
    if (ok && rows) {
        print_end(&printer);
    }
    pk_cli_writer_free(printer.writer);
    pk_cli_session_close(session);
    return status;
}

int pk_cli_cmd_query(int argc, char **argv) {
    const char *cmd = "query";
    QueryArgs a = {0};
    const GOptionEntry entries[] = {
        {"db", 0, 0, G_OPTION_ARG_FILENAME, &a.db, "Database file (default: in memory)", "PATH"},
        {"file", 'F', 0, G_OPTION_ARG_FILENAME_ARRAY, &a.files,
         "Import a file first, as a table named after it (repeatable)", "FILE"},
        {"format", 'f', 0, G_OPTION_ARG_STRING, &a.format, "table (default), csv or json", "FMT"},
        {"json", 0, 0, G_OPTION_ARG_NONE, &a.json, "Same as --format json", NULL},
        {"limit", 'l', 0, G_OPTION_ARG_STRING, &a.limit, "Print at most N rows", "N"},
        G_OPTION_ENTRY_NULL,
    };
    GOptionContext *context = pk_cli_context_new(
        cmd, "SQL - run SQL and print the result",
        "Runs SQL (\"-\" reads it from standard input) on the database and prints the result.\n"
        "Example:\n"
        "  pika query --file sales.csv \"SELECT region, sum(amount) FROM sales GROUP BY 1\"",
        entries);
    PkCliFormat format = a.json ? PK_CLI_FORMAT_JSON : PK_CLI_FORMAT_TABLE;
    g_autofree char *sql = NULL;
    g_autoptr(GError) error = NULL;
    int status = pk_cli_parse(context, cmd, &argc, &argv);
    if (status >= 0) {
        goto out;
    }
    if (a.json) {
        format = PK_CLI_FORMAT_JSON;
    }
    if (argc < 2) {
        status = pk_cli_usage_error(cmd, "missing SQL");
    } else if (argc > 2) {
        status =
            pk_cli_usage_error(cmd, "one SQL argument only (quote it); unexpected '%s'", argv[2]);
    } else if (a.format != NULL && !pk_cli_format_parse(a.format, &format)) {
        status = pk_cli_usage_error(cmd, "unknown --format '%s' (table, csv or json)", a.format);
    } else if (strcmp(argv[1], "-") == 0 && (sql = read_stdin(&error)) == NULL) {
        status = pk_cli_fail(cmd, error);
    } else {
        status = run_query(&a, sql != NULL ? sql : argv[1], format);
    }
out:
    g_option_context_free(context);
    g_free(a.db);
    g_free(a.format);
    g_free(a.limit);
    g_strfreev(a.files);
    return status;
}
