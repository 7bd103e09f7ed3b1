/* cmd-export.c — `pika export (--table T | --sql S) -o FILE`: write a table or a query result
 * to CSV (with a header), newline-delimited JSON or Parquet.
 *
 * The format comes from --format or else from the output's extension (.csv, .json/.ndjson,
 * .parquet). The data layer writes a temporary file beside the target and renames it, so an
 * interrupted export leaves the old file (or none). `--file F` imports F first, which makes
 * `pika export --file data.csv --table data -o data.parquet` a converter. On success one line
 * goes to stdout: "Wrote FILE (FORMAT)". */
#include "cli-private.h"

typedef struct {
    char *db, *table, *sql, *output, *format;
    char **files;
} ExportArgs;

static int run_export(const ExportArgs *a, PkDataFormat format) {
    g_autoptr(GError) error = NULL;
    PkCliSession *session = pk_cli_session_open(a->db, &error);
    gboolean ok =
        session != NULL &&
        pk_cli_session_import_files(session, "export", (const char *const *)a->files, &error) &&
        pk_data_export(session->conn, a->table, a->sql, a->output, format, pk_cli_get_cancel(),
                       &error);
    pk_cli_session_close(session);
    if (!ok) {
        return pk_cli_fail("export", error);
    }
    if (format == PK_DATA_FORMAT_AUTO) {
        format = pk_data_format_for_path(a->output);
    }
    printf("Wrote %s (%s)\n", a->output, pk_data_format_name(format));
    return PK_CLI_EXIT_OK;
}

int pk_cli_cmd_export(int argc, char **argv) {
    const char *cmd = "export";
    ExportArgs a = {0};
    const GOptionEntry entries[] = {
        {"db", 0, 0, G_OPTION_ARG_FILENAME, &a.db, "Database file (default: in memory)", "PATH"},
        {"file", 'F', 0, G_OPTION_ARG_FILENAME_ARRAY, &a.files,
         "Import a file first, as a table named after it (repeatable)", "FILE"},
        {"table", 't', 0, G_OPTION_ARG_STRING, &a.table, "Table or view to export", "T"},
        {"sql", 0, 0, G_OPTION_ARG_STRING, &a.sql, "Query whose result to export", "S"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &a.output, "Output file", "FILE"},
        {"format", 'f', 0, G_OPTION_ARG_STRING, &a.format,
         "csv, json or parquet (default: from the extension)", "FMT"},
        G_OPTION_ENTRY_NULL,
    };
    GOptionContext *context = pk_cli_context_new(
        cmd, "- write a table or query result to a file",
        "Writes a table (--table) or the result of a query (--sql) to CSV, newline-delimited\n"
        "JSON or Parquet.",
        entries);
    PkDataFormat format = PK_DATA_FORMAT_AUTO;
    int status = pk_cli_parse(context, cmd, &argc, &argv);
    if (status >= 0) {
        goto out;
    }
    if (argc > 1) {
        status = pk_cli_usage_error(cmd, "unexpected argument '%s'", argv[1]);
    } else if ((a.table == NULL) == (a.sql == NULL)) {
        status = pk_cli_usage_error(cmd, "give exactly one of --table and --sql");
    } else if (a.output == NULL) {
        status = pk_cli_usage_error(cmd, "missing -o FILE");
    } else if (a.format != NULL &&
               (!pk_data_format_from_name(a.format, &format) || format == PK_DATA_FORMAT_AUTO)) {
        status = pk_cli_usage_error(cmd, "unknown --format '%s' (csv, json or parquet)", a.format);
    } else {
        status = run_export(&a, format);
    }
out:
    g_option_context_free(context);
    g_free(a.db);
    g_free(a.table);
    g_free(a.sql);
    g_free(a.output);
    g_free(a.format);
    g_strfreev(a.files);
    return status;
}
