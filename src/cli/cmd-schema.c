/* cmd-schema.c — `pika schema [TABLE]`: the tables of a database, or the columns of one.
 *
 *   pika schema --db f.duckdb            name | kind | rows | columns, one line per table/view
 *   pika schema --db f.duckdb demo       Table "demo": N rows, then column | type
 *
 * --json: {"tables":[T,...]} without TABLE, T itself with it, where
 *   T = {"name":..,"kind":"table"|"view","row_count":N|null,"columns":[{"name":..,"type":..}]}.
 * Views are not counted (that would run them): their row_count is null. */
#include "cli-private.h"

typedef struct {
    char *name;
    gboolean is_view;
    guint64 n_rows;
    PkSchema *schema;
} TableInfo;

static void table_info_clear(TableInfo *info) {
    g_free(info->name);
    pk_schema_free(info->schema);
}

static gboolean describe(PkConn *conn, const char *name, gboolean is_view, TableInfo *out,
                         GError **error) {
    out->name = g_strdup(name);
    out->is_view = is_view;
    out->n_rows = 0;
    out->schema = NULL;
    if (!pk_conn_describe_table(conn, name, &out->schema, error)) {
        return FALSE;
    }
    return is_view || pk_conn_row_count(conn, name, &out->n_rows, error);
}

static void json_append_table(GString *out, const TableInfo *info) {
    g_string_append(out, "{\"name\":");
    pk_cli_json_append_string(out, info->name);
    g_string_append_printf(out,
                           ",\"kind\":\"%s\",\"row_count\":", info->is_view ? "view" : "table");
    if (info->is_view) {
        g_string_append(out, "null");
    } else {
        g_string_append_printf(out, "%" G_GUINT64_FORMAT, info->n_rows);
    }
    g_string_append(out, ",\"columns\":");
    pk_cli_json_append_schema(out, info->schema);
    g_string_append_c(out, '}');
}

static void print_list_text(const GArray *infos) {
    PkCliWriter *writer = pk_cli_writer_new(stdout, PK_CLI_FORMAT_TABLE);
    pk_cli_writer_add_column(writer, "name", NULL);
    pk_cli_writer_add_column(writer, "kind", NULL);
    pk_cli_writer_add_column(writer, "rows", "BIGINT");
    pk_cli_writer_add_column(writer, "columns", "BIGINT");
    for (guint i = 0; i < infos->len; i++) {
        const TableInfo *info = &g_array_index(infos, TableInfo, i);
        g_autofree char *rows = info->is_view ? NULL : pk_cli_format_thousands(info->n_rows);
        g_autofree char *n_columns = g_strdup_printf("%u", info->schema->n_columns);
        const char *cells[] = {info->name, info->is_view ? "view" : "table", rows, n_columns};
        pk_cli_writer_add_row(writer, cells);
    }
    g_autofree char *footer = g_strdup_printf("%u table%s", infos->len, infos->len == 1 ? "" : "s");
    pk_cli_writer_end(writer, footer);
    pk_cli_writer_free(writer);
}

static gboolean print_list(PkConn *conn, gboolean json, GError **error) {
    char **names = NULL;
    gboolean *is_view = NULL;
    GArray *infos = g_array_new(FALSE, TRUE, sizeof(TableInfo));
    g_array_set_clear_func(infos, (GDestroyNotify)table_info_clear);
    gboolean ok = pk_conn_list_tables(conn, &names, &is_view, error);
    for (guint i = 0; ok && names[i] != NULL; i++) {
        g_array_set_size(infos, i + 1);
        ok = describe(conn, names[i], is_view[i], &g_array_index(infos, TableInfo, i), error);
    }
    if (ok && json) {
        GString *out = g_string_new("{\"tables\":[");
        for (guint i = 0; i < infos->len; i++) {
            g_string_append(out, i > 0 ? "," : "");
            json_append_table(out, &g_array_index(infos, TableInfo, i));
        }
        g_string_append(out, "]}\n");
        fputs(out->str, stdout);
        g_string_free(out, TRUE);
    } else if (ok) {
        print_list_text(infos);
    }
    g_array_unref(infos);
    g_strfreev(names);
    g_free(is_view);
    return ok;
}

static gboolean print_table(PkConn *conn, const char *name, gboolean json, GError **error) {
    TableInfo info = {0};
    char **names = NULL;
    gboolean *is_view = NULL;
    gboolean view = FALSE;
    if (!pk_conn_list_tables(conn, &names, &is_view, error)) {
        return FALSE;
    }
    for (guint i = 0; names[i] != NULL; i++) {
        view = view || (is_view[i] && g_ascii_strcasecmp(names[i], name) == 0);
    }
    g_strfreev(names);
    g_free(is_view);
    gboolean ok = describe(conn, name, view, &info, error);
    if (ok && json) {
        GString *out = g_string_new(NULL);
        json_append_table(out, &info);
        g_string_append_c(out, '\n');
        fputs(out->str, stdout);
        g_string_free(out, TRUE);
    } else if (ok) {
        g_autofree char *rows = pk_cli_format_thousands(info.n_rows);
        if (view) {
            printf("View \"%s\"\n", info.name);
        } else {
            printf("Table \"%s\": %s row%s\n", info.name, rows, info.n_rows == 1 ? "" : "s");
        }
        pk_cli_print_schema_table(info.schema);
    }
    table_info_clear(&info);
    return ok;
}

int pk_cli_cmd_schema(int argc, char **argv) {
    const char *cmd = "schema";
    char *db = NULL;
    char **files = NULL;
    gboolean json = FALSE;
    const GOptionEntry entries[] = {
        {"db", 0, 0, G_OPTION_ARG_FILENAME, &db, "Database file (default: in memory)", "PATH"},
        {"file", 'F', 0, G_OPTION_ARG_FILENAME_ARRAY, &files,
         "Import a file first, as a table named after it (repeatable)", "FILE"},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL},
        G_OPTION_ENTRY_NULL,
    };
    GOptionContext *context = pk_cli_context_new(
        cmd, "[TABLE] - list tables, or the columns of one",
        "Lists the tables and views of the database with their row and column counts, or the\n"
        "columns and types of one table.",
        entries);
    PkCliSession *session = NULL;
    g_autoptr(GError) error = NULL;
    int status = pk_cli_parse(context, cmd, &argc, &argv);
    if (status < 0 && argc > 2) {
        status = pk_cli_usage_error(cmd, "unexpected argument '%s'", argv[2]);
    }
    if (status < 0) {
        session = pk_cli_session_open(db, &error);
        gboolean ok =
            session != NULL &&
            pk_cli_session_import_files(session, cmd, (const char *const *)files, &error) &&
            (argc == 2 ? print_table(session->conn, argv[1], json, &error)
                       : print_list(session->conn, json, &error));
        status = ok ? PK_CLI_EXIT_OK : pk_cli_fail(cmd, error);
    }
    pk_cli_session_close(session);
    g_option_context_free(context);
    g_free(db);
    g_strfreev(files);
    return status;
}
