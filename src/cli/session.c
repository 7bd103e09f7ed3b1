/* session.c — the database a data subcommand works on, and what they print about schemas.
 *
 * A session opens the --db file (or an in-memory database) with the data layer's defaults and
 * one connection. `--file F` (query, export, schema) imports F into a table named after it for
 * this command only: in memory it vanishes with the process; in a database file it is dropped
 * again at close, so a query never leaves tables behind. */
#include "cli-private.h"

#include <string.h>

PkCliSession *pk_cli_session_open(const char *db_path, GError **error) {
    PkCliSession *session = g_new0(PkCliSession, 1);
    session->file_tables = g_ptr_array_new_with_free_func(g_free);
    session->db = pk_db_open(db_path, NULL, error);
    if (session->db != NULL) {
        session->conn = pk_db_connect(session->db, error);
    }
    if (session->conn == NULL) {
        pk_cli_session_close(session);
        return NULL;
    }
    return session;
}

gboolean pk_cli_session_import_files(PkCliSession *session, const char *cmd,
                                     const char *const *files, GError **error) {
    for (guint i = 0; files != NULL && files[i] != NULL; i++) {
        PkImportOptions opts;
        PkImportResult *result = NULL;
        const char *paths[] = {files[i], NULL};
        g_autofree char *base = g_path_get_basename(files[i]);
        g_autofree char *label = g_strdup_printf("pika: %s: importing %s", cmd, base);
        PkCliProgress *progress = pk_cli_progress_new(label);
        pk_import_options_defaults(&opts);
        gboolean ok = pk_data_import(session->conn, paths, &opts, pk_cli_get_cancel(),
                                     pk_cli_progress_update, progress, &result, error);
        pk_cli_progress_free(progress);
        if (!ok) {
            return FALSE;
        }
        for (guint t = 0; t < result->n_tables; t++) {
            g_ptr_array_add(session->file_tables, g_strdup(result->tables[t].name));
        }
        pk_import_result_free(result);
    }
    return TRUE;
}

void pk_cli_session_close(PkCliSession *session) {
    if (session == NULL) {
        return;
    }
    if (session->conn != NULL && pk_db_get_path(session->db) != NULL) {
        for (guint i = 0; i < session->file_tables->len; i++) {
            const char *name = g_ptr_array_index(session->file_tables, i);
            g_autofree char *ident = pk_data_quote_ident(name);
            g_autofree char *sql = g_strdup_printf("DROP TABLE IF EXISTS %s", ident);
            g_autoptr(GError) error = NULL;
            if (!pk_conn_exec(session->conn, sql, NULL, &error)) {
                g_warning("could not drop %s: %s", ident, error->message);
            }
        }
    }
    g_clear_pointer(&session->conn, pk_conn_close);
    g_clear_pointer(&session->db, pk_db_close);
    g_ptr_array_unref(session->file_tables);
    g_free(session);
}

void pk_cli_json_append_schema(GString *out, const PkSchema *schema) {
    g_string_append_c(out, '[');
    for (guint c = 0; schema != NULL && c < schema->n_columns; c++) {
        g_string_append(out, c > 0 ? ",{\"name\":" : "{\"name\":");
        pk_cli_json_append_string(out, schema->columns[c].name);
        g_string_append(out, ",\"type\":");
        pk_cli_json_append_string(out, schema->columns[c].type_name);
        g_string_append_c(out, '}');
    }
    g_string_append_c(out, ']');
}

void pk_cli_print_schema_table(const PkSchema *schema) {
    PkCliWriter *writer = pk_cli_writer_new(stdout, PK_CLI_FORMAT_TABLE);
    guint n = schema != NULL ? schema->n_columns : 0;
    pk_cli_writer_add_column(writer, "column", NULL);
    pk_cli_writer_add_column(writer, "type", NULL);
    for (guint c = 0; c < n; c++) {
        const char *cells[] = {schema->columns[c].name, schema->columns[c].type_name};
        pk_cli_writer_add_row(writer, cells);
    }
    g_autofree char *footer = g_strdup_printf("%u column%s", n, n == 1 ? "" : "s");
    pk_cli_writer_end(writer, footer);
    pk_cli_writer_free(writer);
}
