/* export.c — tables and query results to CSV, JSON or Parquet files, atomically.
 *
 * DuckDB's COPY writes a temporary file beside the target ("<target>.tmp-XXXXXX", same folder so
 * the rename stays on one file system); on success it is renamed over the target, on failure or
 * cancellation it is removed. The target is therefore either untouched or complete. */
#include "data-private.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

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

static char *temp_path_beside(const char *path) {
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *base = g_path_get_basename(path);
    g_autofree char *name = g_strdup_printf(".%s.tmp-%06x", base, g_random_int() & 0xffffff);
    return g_build_filename(dir, name, NULL);
}

static gboolean check_args(PkConn *conn, const char *table, const char *sql, const char *path,
                           GError **error) {
    if (conn == NULL || path == NULL || (table == NULL) == (sql == NULL)) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID,
                            "Export needs a file and either a table or a query.");
        return FALSE;
    }
    if (!pk_db_may_write(conn->db, path)) {
        g_set_error(error, PK_ERROR, PK_ERROR_SECURITY,
                    "Writing files is disabled for this database (locked down), except in the "
                    "export folder; %s is outside it.",
                    path);
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
    return TRUE;
}

gboolean pk_data_export(PkConn *conn, const char *table, const char *sql, const char *path,
                        PkDataFormat format, PkCancel *cancel, GError **error) {
    if (!check_args(conn, table, sql, path, error)) {
        return FALSE;
    }
    if (format == PK_DATA_FORMAT_AUTO) {
        format = pk_data_format_for_path(path);
    }
    g_autofree char *temp = temp_path_beside(path);
    g_autofree char *temp_literal = pk_data_quote_literal(temp);
    g_autofree char *source = NULL;
    if (table != NULL) {
        source = pk_data_quote_ident(table);
    } else {
        g_autofree char *stripped = g_strstrip(g_strdup(sql));
        gsize len = strlen(stripped);
        while (len > 0 && stripped[len - 1] == ';') {
            stripped[--len] = '\0';
        }
        source = g_strdup_printf("(%s\n)", stripped);
    }
    g_autofree char *copy =
        g_strdup_printf("COPY %s TO %s (%s)", source, temp_literal, copy_format(format));
    if (!pk_exec_statements(conn, copy, cancel, NULL, NULL, error)) {
        g_unlink(temp);
        return FALSE;
    }
    if (g_rename(temp, path) != 0) {
        int saved = errno;
        g_unlink(temp);
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "Cannot write %s: %s.", path, g_strerror(saved));
        return FALSE;
    }
    return TRUE;
}
